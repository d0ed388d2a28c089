// A compiled module: validated, compiled once, instantiable many times.
#pragma once

#include "kiln/api.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kiln/engine.h"
#include "kiln/error.h"
#include "kiln/expected.h"
#include "kiln/extern_kind.h"
#include "kiln/func_type.h"
#include "kiln/limits.h"

namespace kiln {

namespace runtime {
struct ModuleState;
struct Access;
}

/// The type of an import or export.
struct KILN_API ExternType {
  ExternKind kind = ExternKind::Func;
  FuncType func;        // kind == Func
  TableType table;      // kind == Table
  MemoryType memory;    // kind == Memory
  GlobalType global;    // kind == Global
  FuncType tag;         // kind == Tag: the exception's values are the parameters
};

/// An import a module declares.
struct KILN_API ImportType {
  std::string module;
  std::string name;
  ExternType type;
};

/// An export a module declares.
struct KILN_API ExportType {
  std::string name;
  ExternType type;
};

/// A decoded, validated and compiled module. Cheap to copy (shared).
class KILN_API Module {
 public:
  /// Decodes, validates and compiles `bytes` (binary format; `watToBinary`
  /// converts text). The error is Malformed or Invalid with the byte offset
  /// (and function index) of the problem, Unsupported when the module uses
  /// what Kiln cannot run yet, or Resource (among others, for more bytes
  /// than Config::maxModuleBytes).
  static Expected<Module, Error> fromBytes(const Engine& engine, std::vector<uint8_t> bytes);
  /// Reads a file and calls `fromBytes`; also accepts the text format (.wat).
  /// A file that cannot be read, or holds more than Config::maxModuleBytes
  /// (of which no more is read), is a Resource error. With the cache on, a
  /// binary module in a regular file is hashed as it is read, in small
  /// pieces: a hit never holds it in memory.
  static Expected<Module, Error> fromFile(const Engine& engine, const std::string& path);
  /// Decodes and validates `bytes` (binary format) without compiling them:
  /// nothing when the module is valid, else the Malformed or Invalid error
  /// `fromBytes` would give (or its Resource error for too many bytes).
  static std::optional<Error> validate(const Engine& engine, std::span<const uint8_t> bytes);

  /// The compiled module in Kiln's .kwasm format (docs/cache.md), which
  /// `deserialize` loads without compiling. A .kwasm is trusted input, like
  /// a shared library: it holds machine code that runs as it is.
  Expected<std::vector<uint8_t>, Error> serialize() const;
  /// Writes `serialize()` to `path` atomically (a temporary file, renamed):
  /// nothing, or the Resource error of a file that cannot be written.
  std::optional<Error> serializeToFile(const std::string& path) const;
  /// Loads a .kwasm made by `serialize` with this build of Kiln and an
  /// engine whose code-changing options (memory mode, CPU level,
  /// deterministic, interruptible, fuel, forced libcalls) are `engine`'s,
  /// on a CPU with the same features. Anything else is refused: Unsupported
  /// (the message says what differs), or Malformed for bytes that are not a
  /// whole, intact .kwasm (a checksum covers them).
  static Expected<Module, Error> deserialize(const Engine& engine, std::span<const uint8_t> bytes);
  /// The same for a .kwasm file, whose code pages are mapped from the file
  /// (private, read+execute) where its file system allows it. A file over
  /// 4 x Config::maxModuleBytes is refused (Resource).
  static Expected<Module, Error> deserializeFile(const Engine& engine, const std::string& path);
  /// Whether `bytes` start like a .kwasm file rather than a module.
  static bool isSerialized(std::span<const uint8_t> bytes);
  /// Whether `serialize` can give this module's code, as one whole block:
  /// false for a module compiled lazily (Config::compileStrategy), which
  /// the cache therefore does not keep either.
  bool isCompiledWhole() const;

  std::vector<ImportType> imports() const;
  std::vector<ExportType> exports() const;
  const Engine& engine() const;

 private:
  friend struct runtime::Access;
  explicit Module(std::shared_ptr<runtime::ModuleState> state) : state_(std::move(state)) {}
  std::shared_ptr<runtime::ModuleState> state_;
};

}  // namespace kiln
