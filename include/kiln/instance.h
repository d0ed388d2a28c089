// An instantiated module.
#pragma once

#include "kiln/api.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiln/extern.h"

namespace kiln {

namespace runtime {
struct InstanceState;
struct Access;
}

/// An instance: a module's functions, memories, tables and globals, linked to
/// its imports. A handle into its store.
class KILN_API Instance {
 public:
  /// The export named `name`, if any.
  std::optional<Extern> getExport(std::string_view name) const;
  std::optional<Func> getFunc(std::string_view name) const;
  std::optional<Memory> getMemory(std::string_view name) const;
  std::optional<Table> getTable(std::string_view name) const;
  std::optional<Global> getGlobal(std::string_view name) const;
  /// Every export, in the module's order.
  std::vector<std::pair<std::string, Extern>> exports() const;

  /// True when both handles refer to the same instance.
  friend bool operator==(const Instance&, const Instance&) = default;

 private:
  friend struct runtime::Access;
  explicit Instance(runtime::InstanceState* state) : state_(state) {}
  runtime::InstanceState* state_;
};

}  // namespace kiln
