#include "runtime/store_limiter.h"

namespace kiln::runtime {

namespace {

/// Whether `requested` more fit beside `inUse` under `limit`, without
/// overflow (`inUse` may already be over a limit lowered since: then only
/// more is refused).
bool fits(uint64_t inUse, uint64_t requested, uint64_t limit) {
  return requested == 0 || (inUse <= limit && requested <= limit - inUse);
}

std::string exceeded(const char* what, uint64_t inUse, uint64_t requested, uint64_t limit) {
  return std::string("store limit on ") + what + " exceeded: " + std::to_string(inUse) +
         " in use + " + std::to_string(requested) + " requested > " + std::to_string(limit);
}

}  // namespace

std::optional<std::string> StoreLimiter::admit(uint64_t instances, uint64_t memories,
                                               uint64_t tables) const {
  if (!fits(usage.instances, instances, limits.instances)) {
    return exceeded("instances", usage.instances, instances, limits.instances);
  }
  if (!fits(usage.memories, memories, limits.memories)) {
    return exceeded("memories", usage.memories, memories, limits.memories);
  }
  if (!fits(usage.tables, tables, limits.tables)) {
    return exceeded("tables", usage.tables, tables, limits.tables);
  }
  return std::nullopt;
}

void StoreLimiter::count(uint64_t instances, uint64_t memories, uint64_t tables) {
  usage.instances += instances;
  usage.memories += memories;
  usage.tables += tables;
}

std::optional<std::string> StoreLimiter::takeRefusal() {
  if (!refusal_) return std::nullopt;
  Refusal refusal = *refusal_;
  refusal_.reset();
  if (refusal.byHost) {
    return std::string("the store's ResourceLimiter refused ") + refusal.what + ": from " +
           std::to_string(refusal.inUse) + " to " + std::to_string(refusal.requested);
  }
  return exceeded(refusal.what, refusal.inUse, refusal.requested, refusal.limit);
}

bool StoreLimiter::grant(const char* what, uint64_t& inUse, uint64_t limit, uint64_t current,
                         uint64_t desired, Ask ask, uint64_t maximum) {
  refusal_.reset();
  uint64_t requested = desired - current;
  if (!fits(inUse, requested, limit)) {
    refusal_ = Refusal{what, inUse, requested, limit, false};
    return false;
  }
  if (host) {
    bool allowed = false;
    try {
      allowed = ((*host).*ask)(current, desired, maximum);
    } catch (...) {
      // Called from compiled code: nothing may unwind through it.
    }
    if (!allowed) {
      refusal_ = Refusal{what, current, desired, limit, true};
      return false;
    }
  }
  inUse += requested;
  return true;
}

bool StoreLimiter::memoryGrowing(uint64_t current, uint64_t desired, uint64_t maximum) {
  return grant("linear-memory bytes", usage.memoryBytes, limits.memoryBytes, current, desired,
               &ResourceLimiter::memoryGrowing, maximum);
}

void StoreLimiter::memoryReleased(uint64_t bytes) { usage.memoryBytes -= bytes; }

bool StoreLimiter::tableGrowing(uint64_t current, uint64_t desired, uint64_t maximum) {
  return grant("table elements", usage.tableElements, limits.tableElements, current, desired,
               &ResourceLimiter::tableGrowing, maximum);
}

void StoreLimiter::tableReleased(uint64_t elements) { usage.tableElements -= elements; }

}  // namespace kiln::runtime
