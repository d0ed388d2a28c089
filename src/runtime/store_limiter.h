// A store's budget for memories, tables and instances: its StoreLimits, the
// host's ResourceLimiter, and what the store holds, kept as the VM creates,
// grows and frees memories and tables.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "kiln/store_limits.h"
#include "vm/resource_limiter.h"

namespace kiln::runtime {

class StoreLimiter final : public VMResourceLimiter {
 public:
  /// Nothing when `instances` more instances, `memories` more memories and
  /// `tables` more tables fit the limits; otherwise why not.
  std::optional<std::string> admit(uint64_t instances, uint64_t memories, uint64_t tables) const;
  /// Counts what `admit` let in once it has been created.
  void count(uint64_t instances, uint64_t memories, uint64_t tables);
  /// Why the last memory or table creation or growth was refused, once;
  /// nothing if it was not refused by a limit (the OS or the engine's caps).
  std::optional<std::string> takeRefusal();

  bool memoryGrowing(uint64_t current, uint64_t desired, uint64_t maximum) override;
  void memoryReleased(uint64_t bytes) override;
  bool tableGrowing(uint64_t current, uint64_t desired, uint64_t maximum) override;
  void tableReleased(uint64_t elements) override;

  StoreLimits limits;
  std::shared_ptr<ResourceLimiter> host;
  StoreUsage usage;

 private:
  /// A refusal as numbers: growth runs inside a libcall, which should not
  /// allocate to fail. The message is made when someone asks for it.
  struct Refusal {
    const char* what;  // "linear-memory bytes", "table elements"
    uint64_t inUse;
    uint64_t requested;
    uint64_t limit;
    bool byHost;  // the ResourceLimiter refused; inUse/requested are current/desired
  };
  using Ask = bool (ResourceLimiter::*)(uint64_t, uint64_t, uint64_t);
  /// Takes `desired - current` into `inUse` if it fits `limit` and the host
  /// (asked with `ask`) agrees; otherwise records the refusal.
  bool grant(const char* what, uint64_t& inUse, uint64_t limit, uint64_t current, uint64_t desired,
             Ask ask, uint64_t maximum);

  std::optional<Refusal> refusal_;
};

}  // namespace kiln::runtime
