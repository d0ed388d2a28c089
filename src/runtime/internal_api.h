// Kiln-internal: what the `kiln` tool needs beyond the public API, the
// layout of a module and the compiler's listing of its functions for
// `kiln inspect`. Not for embedders and without any stability promise. It
// includes public headers only, and its users (target kiln_internal_api,
// linked explicitly) see nothing else of src/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiln/engine.h"
#include "kiln/error.h"
#include "kiln/expected.h"
#include "kiln/extern_kind.h"
#include "kiln/func_type.h"
#include "kiln/module.h"

namespace kiln {

struct WasmModule;

namespace internal {

/// One section of the binary.
struct SectionLayout {
  uint8_t id = 0;
  size_t offset = 0;  // of the section id byte
  size_t payloadOffset = 0;
  size_t payloadSize = 0;
  std::string customName;  // id == 0 only
};

/// An index space: its imported entities come first, then the defined ones.
struct IndexSpaceSize {
  uint32_t imported = 0;
  uint32_t defined = 0;
};

/// An import, and for a function the index of its type.
struct ImportLayout {
  ImportType import;
  uint32_t funcTypeIndex = 0;
};

/// An export and the index it names in the index space of its kind.
struct ExportLayout {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
};

/// What `kiln inspect` shows of a module.
struct ModuleLayout {
  size_t size = 0;  // in bytes
  std::optional<std::string> moduleName;
  std::vector<SectionLayout> sections;
  size_t types = 0;
  IndexSpaceSize functions, tables, memories, globals;
  size_t elementSegments = 0;
  size_t dataSegments = 0;
  std::vector<ImportLayout> imports;
  std::vector<ExportLayout> exports;
  std::optional<uint32_t> start;
  std::map<uint32_t, std::string> functionNames;  // from the name section
};

/// A decoded and validated module, to look at rather than to run.
class InspectedModule {
 public:
  /// Decodes and validates `bytes` (binary format); the error is the one
  /// Module::validate gives.
  static Expected<InspectedModule, Error> parse(std::vector<uint8_t> bytes);

  const ModuleLayout& layout() const { return layout_; }
  /// The type of function `index` (imported or defined); it must exist.
  const FuncType& functionType(uint32_t index) const;
  /// The machine code of defined function `definedIndex` (0 = the first one
  /// not imported) as `engine`'s configuration compiles it, as an assembly
  /// listing annotated with Wasm offsets.
  std::string disassemble(uint32_t definedIndex, const Engine& engine) const;

 private:
  InspectedModule() = default;

  std::shared_ptr<const WasmModule> module_;
  ModuleLayout layout_;
};

}  // namespace internal
}  // namespace kiln
