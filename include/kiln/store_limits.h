// What a store may hold: caps on its memories, tables and instances, and the
// interface through which a host decides each growth itself.
#pragma once

#include "kiln/api.h"

#include <cstdint>
#include <limits>

namespace kiln {

/// Caps on everything created in one store: by instantiation (defined
/// memories and tables), by the host (`Memory::create`, `Table::create`) and
/// by growth (`memory.grow`, `table.grow`, `Memory::grow`, `Table::grow`).
/// All unlimited by default: the engine's per-memory and per-table caps
/// (`Config::maxMemoryPages`, `Config::maxTableElements`) still apply.
/// Budgets are returned only when what used them dies: in practice with the
/// store, since nothing in it is freed before (a refused instantiation gives
/// back what it had taken at once).
struct KILN_API StoreLimits {
  static constexpr uint64_t kUnlimited = std::numeric_limits<uint64_t>::max();

  /// Bytes of linear memory (current sizes) of all memories together.
  uint64_t memoryBytes = kUnlimited;
  /// Elements of all tables together.
  uint64_t tableElements = kUnlimited;
  /// Instances, counting those whose initialisation trapped (they stay in
  /// the store).
  uint64_t instances = kUnlimited;
  /// Tables defined by instances or created by the host (imports do not count).
  uint64_t tables = kUnlimited;
  /// Memories defined by instances or created by the host (imports do not count).
  uint64_t memories = kUnlimited;
};

/// What a store holds now, in the terms of `StoreLimits`.
struct KILN_API StoreUsage {
  uint64_t memoryBytes = 0;
  uint64_t tableElements = 0;
  uint64_t instances = 0;
  uint64_t tables = 0;
  uint64_t memories = 0;
};

/// A host's own policy for memory and table growth in a store
/// (`Store::setResourceLimiter`), asked after the store's `StoreLimits` have
/// allowed it. Sizes are bytes for memories and elements for tables:
/// `current` is the size now (0 when it is being created), `desired` the size
/// asked for, `maximum` the most it may ever have (its declared maximum or
/// the engine's cap, whichever is lower). Returning false refuses: `memory.grow` and `table.grow`
/// return -1 (the spec's failure, not a trap), the host's `grow` and
/// `create` return nothing, and instantiation fails with an Error of kind
/// Resource. Called on the thread using the store, from inside running Wasm
/// code: it must not call into the store. An exception it throws refuses.
class KILN_API ResourceLimiter {
 public:
  virtual ~ResourceLimiter() = default;
  virtual bool memoryGrowing(uint64_t current, uint64_t desired, uint64_t maximum) = 0;
  virtual bool tableGrowing(uint64_t current, uint64_t desired, uint64_t maximum) = 0;
};

}  // namespace kiln
