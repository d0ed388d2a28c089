// Resolves a module's imports by name and instantiates it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "kiln/extern.h"
#include "kiln/instance.h"
#include "kiln/module.h"

namespace kiln {

/// Why instantiation failed.
struct InstantiationError {
  enum class Kind {
    /// An import is missing or has the wrong type ("unknown import",
    /// "incompatible import type"); the message names the import.
    Link,
    /// A segment was out of bounds or the start function trapped; `trap`
    /// says why. Segments written before the failure stay written.
    Trap,
    /// Memory or address space ran out.
    Resource,
  };
  Kind kind = Kind::Link;
  std::string message;
  std::optional<Trap> trap;
};

/// A set of named definitions (host functions, host objects, other
/// instances' exports) that imports are resolved against.
class Linker {
 public:
  /// Defines `module`.`name`; replaces an earlier definition of that name.
  void define(std::string module, std::string name, Extern item);
  /// Defines a host function.
  void defineFunc(Store& store, std::string module, std::string name, FuncType type,
                  HostFunction body);
  /// Defines every export of `instance` under the module name `module`.
  void defineInstance(std::string module, const Instance& instance);
  /// The definition of `module`.`name`, if any.
  std::optional<Extern> get(const std::string& module, const std::string& name) const;

  /// Resolves and type-checks the imports of `module`, instantiates it in
  /// `store` (globals, element then data segments in order, start function).
  Expected<Instance, InstantiationError> instantiate(Store& store, const Module& module) const;

 private:
  std::map<std::pair<std::string, std::string>, Extern> definitions_;
};

}  // namespace kiln
