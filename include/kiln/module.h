// A compiled module: validated, compiled once, instantiable many times.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "kiln/engine.h"
#include "kiln/expected.h"
#include "kiln/extern_kind.h"
#include "kiln/func_type.h"
#include "kiln/limits.h"

namespace kiln {

namespace runtime {
struct ModuleState;
}

/// The type of an import or export.
struct ExternType {
  ExternKind kind = ExternKind::Func;
  FuncType func;        // kind == Func
  TableType table;      // kind == Table
  MemoryType memory;    // kind == Memory
  GlobalType global;    // kind == Global
};

/// An import a module declares.
struct ImportType {
  std::string module;
  std::string name;
  ExternType type;
};

/// An export a module declares.
struct ExportType {
  std::string name;
  ExternType type;
};

/// A decoded, validated and compiled module. Cheap to copy (shared).
class Module {
 public:
  /// Decodes, validates and compiles `bytes` (binary format). The error says
  /// what was wrong and at which byte offset.
  static Expected<Module, std::string> fromBytes(const Engine& engine, std::vector<uint8_t> bytes);
  /// Reads a file and calls `fromBytes`; also accepts the text format (.wat).
  static Expected<Module, std::string> fromFile(const Engine& engine, const std::string& path);

  std::vector<ImportType> imports() const;
  std::vector<ExportType> exports() const;
  const Engine& engine() const;

  /// Internal state, for the runtime's implementation.
  runtime::ModuleState& state() const { return *state_; }

 private:
  explicit Module(std::shared_ptr<runtime::ModuleState> state) : state_(std::move(state)) {}
  std::shared_ptr<runtime::ModuleState> state_;
};

}  // namespace kiln
