// The decoded form of a WebAssembly module. The decoder fills it from bytes;
// the validator checks it and adds per-function facts; after that it is
// immutable and later layers (compiler, VM) use it without re-checking.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "binary/feature.h"
#include "types/defined_type.h"
#include "types/extern_kind.h"
#include "types/func_type.h"
#include "types/indices.h"
#include "types/limits.h"
#include "types/value_type.h"

namespace kiln {

/// A constant expression (global and table initialisers, segment offsets,
/// element items). Most are a single constant instruction followed by
/// `end`; `kind` says which. Longer ones (extended constant expressions:
/// i32/i64 add, sub and mul; GC allocations such as struct.new) have kind
/// Other and are evaluated from their bytes. The decoder accepts any
/// instruction sequence so that the validator can reject wrong ones with the
/// spec's message.
struct ConstExpr {
  enum class Kind : uint8_t {
    I32Const, I64Const, F32Const, F64Const, V128Const, RefNull, RefFunc, GlobalGet, Other
  };
  Kind kind = Kind::I32Const;
  /// Payload: the constant's bits (f32/f64 as raw IEEE bits; v128 in both
  /// words, low first), the referenced function or global index, or for
  /// RefNull the heap type in `heapType`.
  uint64_t bits = 0;
  uint64_t bitsHigh = 0;
  uint32_t index = 0;
  HeapType heapType = HeapType::kFunc;
  /// Byte offset of the expression's first instruction and one past its `end`.
  size_t offset = 0;
  size_t endOffset = 0;
};

/// An import. Which of the descriptor fields is meaningful depends on `kind`.
struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  TypeIndex funcType;     // kind == Func
  TableType table;        // kind == Table
  MemoryType memory;      // kind == Memory
  GlobalType global;      // kind == Global
  TagType tag;            // kind == Tag
  size_t offset = 0;      // where the import entry starts
};

/// An export: a name and an index into the index space of `kind`.
struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
  size_t offset = 0;
};

/// A global defined by the module.
struct GlobalDefinition {
  GlobalType type;
  ConstExpr init;
};

/// An element segment (all encodings 0..7 normalised to this form).
struct ElementSegment {
  enum class Mode : uint8_t { Active, Passive, Declarative };
  Mode mode = Mode::Active;
  TableIndex table;              // Active only
  ConstExpr offset;              // Active only
  ValType type = ValType::FuncRef;
  /// True for the encodings that list bare function indices (flags 0..3):
  /// the items are then `functionIndices`, otherwise `items`.
  bool itemsAreFunctionIndices = false;
  /// Items as constant expressions (ref.func / ref.null / global.get).
  std::vector<ConstExpr> items;
  /// Items as function indices, each standing for a ref.func: 4 bytes an
  /// item where an expression takes 48 (pandoc's table has 500,000 items).
  std::vector<uint32_t> functionIndices;
  size_t itemsOffset = 0;        // byte offset of the first item
  size_t position = 0;           // byte offset of the segment

  size_t itemCount() const { return itemsAreFunctionIndices ? functionIndices.size() : items.size(); }
};

/// A data segment. `bytes` points into the module's bytes (WasmModule::bytes).
struct DataSegment {
  enum class Mode : uint8_t { Active, Passive };
  Mode mode = Mode::Active;
  MemoryIndex memory;            // Active only
  ConstExpr offset;              // Active only
  size_t dataOffset = 0;         // where the payload starts in WasmModule::bytes
  uint32_t size = 0;             // payload length
  size_t position = 0;           // byte offset of the segment
};

/// A run of locals of one type, as declared in a function body.
struct LocalRun {
  uint32_t count = 0;
  ValType type = ValType::I32;
};

/// The most locals a function may declare (parameters excluded): Kiln's
/// implementation limit, wasmtime's and V8's too. Frames and the validator's
/// per-local tables then stay small, whatever a hostile module declares.
inline constexpr uint32_t kMaxFunctionLocals = 50'000;

/// A function defined by the module (not imported).
struct FunctionDefinition {
  TypeIndex type;
  uint32_t localCount = 0;          // total declared locals (excluding params)
  /// Its runs of declared locals (parameters excluded), as declared, are
  /// WasmModule::localRuns [firstLocalRun, firstLocalRun + localRunCount):
  /// one list for all, not an allocation each (WasmModule::localRunsOf).
  uint32_t firstLocalRun = 0;
  uint32_t localRunCount = 0;
  size_t bodyOffset = 0;            // offset of the body's size LEB
  size_t codeOffset = 0;            // first instruction byte
  size_t codeEnd = 0;               // one past the final `end`
};

/// What the validator learns of a defined function's body for a single-pass
/// compiler (WasmModule::functionFacts). Kept apart from FunctionDefinition:
/// a module loaded with its code compiled (a .kwasm) has no use for them,
/// and a big one has hundreds of thousands of functions.
struct FunctionFacts {
  uint32_t maxOperandDepth = 0;     // deepest operand stack, in values
  uint32_t maxControlDepth = 0;     // deepest nesting of blocks
  /// How much each local (parameters first) is used: every local.get, set
  /// and tee counts the estimated frequency of its instruction, from
  /// kEntryWeight at the body's start: a loop body runs kLoopIterations
  /// times per entry (up to kWeighedLoopDepth loops deep), each arm of an
  /// `if` half the time, each entry of a `br_table` equally often, a
  /// `br_if` is taken half the time, and what follows a block is what
  /// reaches its end. Empty when the body has no block, loop or if, or more
  /// locals than the validator tabulates. The compiler keeps the heaviest
  /// locals in registers.
  std::vector<uint64_t> localAccessWeights;
  /// Every call and call_indirect, weighted the same way.
  uint64_t callWeight = 0;
  static constexpr uint64_t kEntryWeight = 1 << 16;
  static constexpr uint64_t kLoopIterations = 8;
  static constexpr uint32_t kWeighedLoopDepth = 3;
  /// Bit i: declared local i (parameters not counted, i < 64) is set
  /// before any local.get can read it, by the spec's rule for initialized
  /// locals (a set lasts to the end of the block it is in), so the compiler
  /// need not zero it in the prologue. Every other declared local is zeroed.
  /// A mask, not a list: a big module has hundreds of thousands of functions.
  uint64_t setBeforeRead = 0;
  /// The features of its instructions, and Gc when a local or an immediate
  /// has a type of the `any` hierarchy: what a lazy compiler checks before
  /// anything runs (docs/compiler.md, "Lazy compilation").
  FeatureSet features = 0;
  /// Some instruction is a SIMD one (0xFD prefix): with the v128s of the
  /// module's types, globals and the function's locals, this tells the
  /// compiler whether the body's operands can be v128s.
  bool usesSimd = false;
  /// Some instruction is a tail call (return_call, return_call_indirect,
  /// return_call_ref): the compiler then keeps the size of the incoming
  /// argument area, and its direct callers cannot assume that it returns
  /// with their instance's registers (it may have jumped to another one).
  bool usesTailCalls = false;
  /// Some instruction is a `try_table` or a legacy `try`: exceptions may
  /// land in this function's frame, so the compiler keeps no local in a
  /// register there (unwinding restores no register).
  bool catchesExceptions = false;
};

/// A custom section: its name and payload range in WasmModule::bytes.
struct CustomSection {
  std::string name;
  size_t payloadOffset = 0;
  size_t payloadSize = 0;
};

/// Names from the "name" custom section (decoded leniently: a malformed name
/// section is ignored, as the spec requires of custom sections).
struct NameSection {
  std::optional<std::string> moduleName;
  std::map<uint32_t, std::string> functionNames;
  std::map<uint32_t, std::map<uint32_t, std::string>> localNames;
};

/// Size and position of one section, for `kiln inspect`.
struct SectionInfo {
  uint8_t id = 0;
  size_t offset = 0;       // offset of the section id byte
  size_t payloadOffset = 0;
  size_t payloadSize = 0;
  std::string customName;  // id == 0 only
};

/// A decoded module. Index spaces put imports first, then definitions.
struct WasmModule {
  /// The module's bytes: data segments and custom sections refer into them,
  /// and the compiler reads function bodies from them.
  std::vector<uint8_t> bytes;

  std::vector<DefinedType> types;
  std::vector<Import> imports;
  std::vector<FunctionDefinition> functions;
  /// Every defined function's runs of declared locals, in order.
  std::vector<LocalRun> localRuns;
  /// By defined function, what the validator learnt of its body; empty when
  /// the bodies were not validated (validateModule's Bodies::Skip).
  std::vector<FunctionFacts> functionFacts;
  std::vector<TableType> tables;        // defined tables only
  /// Per defined table: the initial element, when the table section gives
  /// one (`0x40 0x00 tabletype expr`); otherwise the table starts null.
  std::vector<std::optional<ConstExpr>> tableInits;
  std::vector<MemoryType> memories;     // defined memories only
  std::vector<TagType> tags;            // defined tags only
  std::vector<GlobalDefinition> globals;
  std::vector<Export> exports;
  std::optional<FuncIndex> start;
  std::vector<ElementSegment> elements;
  std::vector<DataSegment> data;
  std::optional<uint32_t> dataCount;
  std::vector<CustomSection> customSections;
  std::vector<SectionInfo> sections;
  NameSection names;

  /// For each ExternKind, the positions in `imports` of that kind's imports,
  /// in order: entry i is the import that defines index i of that space.
  std::array<std::vector<uint32_t>, kExternKindCount> importsByKind;

  uint32_t importedFunctionCount() const { return importCount(ExternKind::Func); }
  uint32_t importedTableCount() const { return importCount(ExternKind::Table); }
  uint32_t importedMemoryCount() const { return importCount(ExternKind::Memory); }
  uint32_t importedGlobalCount() const { return importCount(ExternKind::Global); }
  uint32_t importedTagCount() const { return importCount(ExternKind::Tag); }
  uint32_t importCount(ExternKind kind) const {
    return uint32_t(importsByKind[static_cast<size_t>(kind)].size());
  }

  /// The runs of declared locals of `function`, one of `functions`.
  std::span<const LocalRun> localRunsOf(const FunctionDefinition& function) const {
    return std::span(localRuns).subspan(function.firstLocalRun, function.localRunCount);
  }

  /// Index-space sizes: imports plus definitions.
  uint32_t functionCount() const { return importedFunctionCount() + uint32_t(functions.size()); }
  uint32_t tableCount() const { return importedTableCount() + uint32_t(tables.size()); }
  uint32_t memoryCount() const { return importedMemoryCount() + uint32_t(memories.size()); }
  uint32_t globalCount() const { return importedGlobalCount() + uint32_t(globals.size()); }
  uint32_t tagCount() const { return importedTagCount() + uint32_t(tags.size()); }

  /// The type of function `index` (imported or defined). Index must be valid
  /// and name a function type.
  const FuncType& functionType(FuncIndex index) const;
  /// The function type with type index `index`, which must name one.
  const FuncType& funcType(TypeIndex index) const { return types[index.value].func(); }
  /// The type index of function `index`. Index must be valid.
  TypeIndex functionTypeIndex(FuncIndex index) const;
  /// The type of table / memory / global `index`, imported or defined.
  const TableType& tableType(TableIndex index) const;
  const MemoryType& memoryType(MemoryIndex index) const;
  const GlobalType& globalType(GlobalIndex index) const;
  const TagType& tagType(uint32_t index) const;
  /// The `Import` entry of the `ordinal`-th imported entity of `kind`.
  const Import& importOf(ExternKind kind, uint32_t ordinal) const;
};

}  // namespace kiln
