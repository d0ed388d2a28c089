// Resolves a module's imports by name and instantiates it.
#pragma once

#include "kiln/api.h"

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "kiln/extern.h"
#include "kiln/instance.h"
#include "kiln/module.h"

namespace kiln {

/// A set of named definitions (host functions, host objects, other
/// instances' exports) that imports are resolved against.
class KILN_API Linker {
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
  /// Errors: Link, listing every import that is missing or of the wrong type
  /// (one per line: "unknown import: m.n: expected <type>" or "incompatible
  /// import type: m.n: expected <type>, found <type>"), before anything is
  /// created; Resource; Trap when a segment is out of bounds or the start
  /// function traps (segments written before stay written); whatever else
  /// the start function's call returns (e.g. Exit).
  Expected<Instance, Error> instantiate(Store& store, const Module& module) const;

 private:
  std::map<std::pair<std::string, std::string>, Extern> definitions_;
};

}  // namespace kiln
