// The hook through which an embedder budgets the memories and tables it
// creates: the VM asks before it takes memory bytes or table elements and
// says when it gives them back. The runtime's store implements it.
#pragma once

#include <cstdint>

namespace kiln {

/// Decides whether a memory or table may be created or grow. Sizes are bytes
/// for memories and elements for tables: `current` is what it has now (0
/// when it is being created), `desired` what it would have, `maximum` the
/// most it may ever have. Returning true takes `desired - current` from the
/// budget; the VM returns it with `*Released` when the memory or table dies
/// or when the OS then refuses the pages. Must not throw.
class VMResourceLimiter {
 public:
  virtual bool memoryGrowing(uint64_t current, uint64_t desired, uint64_t maximum) = 0;
  virtual void memoryReleased(uint64_t bytes) = 0;
  virtual bool tableGrowing(uint64_t current, uint64_t desired, uint64_t maximum) = 0;
  virtual void tableReleased(uint64_t elements) = 0;

 protected:
  ~VMResourceLimiter() = default;
};

}  // namespace kiln
