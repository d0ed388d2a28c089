// The engine: configuration and state shared by every store and module.
#pragma once

#include "kiln/api.h"

#include <memory>

#include "kiln/config.h"

namespace kiln {

namespace runtime {
struct EngineState;
struct Access;
}

/// Compiles modules and owns what they share (the signature registry, the
/// memory pool of bounds-check mode). Cheap to copy: copies share one engine.
/// Thread-safe.
class KILN_API Engine {
 public:
  explicit Engine(const Config& config = {});
  const Config& config() const;
  /// True when both handles share one engine.
  friend bool operator==(const Engine&, const Engine&) = default;

 private:
  friend struct runtime::Access;
  std::shared_ptr<runtime::EngineState> state_;
};

}  // namespace kiln
