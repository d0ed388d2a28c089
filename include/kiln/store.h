// The store: owns every instance and host object created in it.
#pragma once

#include "kiln/api.h"

#include <cstdint>
#include <memory>
#include <optional>

#include "kiln/engine.h"
#include "kiln/store_limits.h"

namespace kiln {

namespace runtime {
struct StoreState;
struct Access;
}

/// Owns instances, host functions, memories, tables and globals; they live
/// until the store is destroyed, so an instance always outlives the instances
/// importing from it. Handles (`Func`, `Memory`, `Instance`, ...) refer into
/// a store and must not outlive it. A store is used by one thread at a time;
/// only `interrupt` may be called from another thread.
class KILN_API Store {
 public:
  explicit Store(const Engine& engine);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const Engine& engine() const;

  /// Makes Wasm code running in this store trap with TrapCode::Interrupt at
  /// its next function entry or loop back-edge (Config::interruptible must
  /// be set). Safe to call from any thread.
  void interrupt();

  /// Gives the store `fuel` units (replacing what was left), when the engine
  /// meters fuel (Config::consumeFuel); false, and nothing set, otherwise.
  /// A store starts with none: its first metered code traps at once.
  bool setFuel(uint64_t fuel);
  /// The fuel left, or nothing when the engine does not meter fuel. Code
  /// pays for each straight-line stretch of instructions before it runs it,
  /// so inside a host call the caller's stretch is already paid for.
  std::optional<uint64_t> fuel() const;

  /// Caps what the store may hold from now on (see StoreLimits). What it
  /// already holds stays, even over the new caps; only more is refused.
  void setLimits(const StoreLimits& limits);
  const StoreLimits& limits() const;
  /// What the store holds now.
  StoreUsage usage() const;
  /// Asks `limiter` too before any memory or table is created or grows (null:
  /// only the StoreLimits). The store keeps it alive.
  void setResourceLimiter(std::shared_ptr<ResourceLimiter> limiter);

 private:
  friend struct runtime::Access;
  std::unique_ptr<runtime::StoreState> state_;
};

}  // namespace kiln
