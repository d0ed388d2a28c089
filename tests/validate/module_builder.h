// A small helper that assembles WebAssembly binaries for validator tests, so
// the tests need no external tools. Only what the tests use is supported.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "types/extern_kind.h"
#include "kiln/heap_type.h"
#include "types/value_type.h"

namespace kiln::test {

using Bytes = std::vector<uint8_t>;

/// Unsigned and signed LEB128 encodings.
Bytes uleb(uint64_t value);
Bytes sleb(int64_t value);

/// Concatenation, for writing instruction sequences readably.
Bytes cat(std::initializer_list<Bytes> parts);

/// Constant-expression helpers (each ends with `end`).
Bytes i32ConstExpr(int32_t value);

/// The binary encoding of a value type (shorthand for nullable abstract
/// references, 0x63/0x64 and a heap type otherwise) and of a heap type.
Bytes valType(ValType type);
Bytes heapType(HeapType type);

/// Type section entries (subtypes), to pass to addRecGroup.
Bytes funcType(std::vector<ValType> params, std::vector<ValType> results);
/// A field: its storage (a value type's bytes, or 0x78 i8 / 0x77 i16) and
/// mutability.
Bytes field(Bytes storage, bool isMutable);
Bytes structType(std::vector<Bytes> fields);
Bytes arrayType(Bytes field);
/// `sub` (or `sub final`) with the given supertypes around a composite type.
Bytes subType(std::vector<uint32_t> supertypes, bool isFinal, Bytes composite);

/// Builds a module section by section. Index-returning methods return the
/// index of the new entity in its index space.
class ModuleBuilder {
 public:
  uint32_t addType(std::vector<ValType> params, std::vector<ValType> results);
  /// A recursion group of the given subtypes (`rec` when there are several
  /// or `explicitRec`); returns the index of its first type.
  uint32_t addRecGroup(std::vector<Bytes> subtypes, bool explicitRec = false);
  uint32_t importTable(ValType element, uint32_t min);
  uint32_t importMemory(Bytes limits);
  uint32_t importTag(uint32_t type);
  /// A table with an initialiser expression (0x40 0x00 tabletype expr).
  void addTableWithInit(ValType element, uint32_t min, Bytes init);
  /// A table or memory with raw limits bytes (flags first): table64, memory64, shared.
  void addTableWithLimits(ValType element, Bytes limits);
  void addMemoryWithLimits(Bytes limits);
  uint32_t addTag(uint32_t type);
  uint32_t importFunction(uint32_t type);
  uint32_t importGlobal(ValType type, bool isMutable);
  /// `code` is the instruction bytes including the final `end`.
  uint32_t addFunction(uint32_t type, Bytes code,
                       std::vector<std::pair<uint32_t, ValType>> locals = {});
  void addTable(ValType element, uint32_t min, std::optional<uint32_t> max = std::nullopt);
  void addMemory(uint32_t min, std::optional<uint32_t> max = std::nullopt);
  /// `init` is a constant expression including its `end`.
  void addGlobal(ValType type, bool isMutable, Bytes init);
  void addExport(const std::string& name, ExternKind kind, uint32_t index);
  void setStart(uint32_t function) { start_ = function; }
  /// A declarative element segment of function indices (flags 3).
  void declareFunctions(const std::vector<uint32_t>& functions);
  /// An active element segment for table 0 at offset 0 (flags 0).
  void addActiveElements(const std::vector<uint32_t>& functions);
  void setDataCount(uint32_t count) { dataCount_ = count; }

  Bytes build() const;

 private:
  std::vector<Bytes> types_;
  uint32_t typeCount_ = 0;
  std::vector<Bytes> tags_;
  uint32_t importedTags_ = 0;
  std::vector<Bytes> imports_;
  std::vector<uint32_t> functionTypes_;
  std::vector<Bytes> bodies_;
  std::vector<Bytes> tables_;
  std::vector<Bytes> memories_;
  std::vector<Bytes> globals_;
  std::vector<Bytes> exports_;
  std::vector<Bytes> elements_;
  std::optional<uint32_t> start_;
  std::optional<uint32_t> dataCount_;
  uint32_t importedFunctions_ = 0;
  uint32_t importedGlobals_ = 0;
};

}  // namespace kiln::test
