// WasmModule-level validation (types and their canonicalization, imports and
// definitions, limits, constant expressions, exports, start, segments) and
// the driver that checks every function body with a FunctionValidator.
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "binary/instruction_reader.h"
#include "types/huge_pages.h"
#include "types/type_canonicalization.h"
#include "validate/function_validator.h"
#include "validate/operand_type.h"
#include "validate/type_checker.h"
#include "validate/validator.h"

namespace kiln {

namespace {

// Section ids, for placing errors about entries that carry no offset.
constexpr uint8_t kTypeSectionId = 1;
constexpr uint8_t kFunctionSectionId = 3;
constexpr uint8_t kTableSectionId = 4;
constexpr uint8_t kMemorySectionId = 5;
constexpr uint8_t kStartSectionId = 8;
constexpr uint8_t kTagSectionId = 13;

// The first invalid rule found: module-level validation stops there (later
// rules could only repeat it or would read types it found broken), and the
// bodies are then only decoded.
struct InvalidModule {
  size_t offset;
  std::string message;
};

// Validates one module: every module-level rule, then every body. Keeps the
// first Invalid error but lets any later Malformed one win.
class ModuleValidator {
 public:
  ModuleValidator(WasmModule& module, Bodies bodies)
      : module_(module), bodies_(bodies), types_(module.types) {}

  /// The module's error, if any.
  std::optional<ModuleError> run();

 private:
  void validateTypes();
  void validateRecGroup(uint32_t start, uint32_t size,
                        std::unordered_map<std::string, uint32_t>& groups);
  void collectDeclaredFunctions();
  void declare(const ConstExpr& expr);
  void validateImports();
  void validateFunctions();
  void validateTables();
  void validateMemories();
  void validateTags();
  void validateGlobals();
  void validateElements();
  void validateData();
  void validateExports();
  void validateStart();
  void validateBodies();

  void checkTableType(const TableType& type, size_t offset);
  void checkMemoryType(const MemoryType& type, size_t offset);
  void checkTagType(const TagType& type, size_t offset);
  // `type` is well-formed: a defined type it references exists (among the
  // first `typeCount` types).
  void checkValType(ValType type, size_t offset, uint32_t typeCount);
  void checkValType(ValType type, size_t offset) {
    checkValType(type, offset, uint32_t(module_.types.size()));
  }
  void requireFuncType(uint32_t typeIndex, size_t offset);
  // Checks that `expr` is constant and of a subtype of `expected`, seeing
  // the first `visibleGlobals` globals.
  void checkConstExpr(const ConstExpr& expr, ValType expected, uint32_t visibleGlobals);
  // Checks function index `item` of `segment`, a segment of function indices.
  void checkFunctionIndexItem(const ElementSegment& segment, size_t item);
  // Where function index `item` of `segment` starts.
  size_t itemOffset(const ElementSegment& segment, size_t item) const;
  ValType constExprType(const ConstExpr& expr, uint32_t visibleGlobals);
  size_t sectionOffset(uint8_t id) const;

  [[noreturn]] void invalid(size_t offset, std::string message);
  [[noreturn]] void mismatch(size_t offset, ValType expected, ValType found, const char* where);

  WasmModule& module_;
  Bodies bodies_;
  TypeChecker types_;
  std::vector<bool> declaredFunctions_;
  std::optional<ModuleError> firstInvalid_;
};

std::optional<ModuleError> ModuleValidator::run() {
  try {
    try {
      validateTypes();
      collectDeclaredFunctions();
      validateImports();
      validateFunctions();
      validateTables();
      validateMemories();
      validateTags();
      validateGlobals();
      validateElements();
      validateData();
      validateExports();
      validateStart();
    } catch (const InvalidModule& error) {
      firstInvalid_ = ModuleError{ModuleErrorKind::Invalid, error.offset, std::nullopt,
                                  error.message};
    }
    if (bodies_ == Bodies::Validate) validateBodies();
  } catch (const DecodeFailure& failure) {
    return failure.toModuleError();
  }
  return firstInvalid_;
}

void ModuleValidator::invalid(size_t offset, std::string message) {
  throw InvalidModule{offset, std::move(message)};
}

void ModuleValidator::mismatch(size_t offset, ValType expected, ValType found, const char* where) {
  invalid(offset, "type mismatch: expected " + toString(expected) + ", found " +
                      std::string(typeName(found)) + " (in " + where + ")");
}

size_t ModuleValidator::sectionOffset(uint8_t id) const {
  for (const SectionInfo& section : module_.sections) {
    if (section.id == id) return section.offset;
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Types: well-formed, canonicalized within the module, declared supertypes
// matched.

void ModuleValidator::validateTypes() {
  std::unordered_map<std::string, uint32_t> groups;
  uint32_t start = 0;
  while (start < module_.types.size()) {
    const uint32_t size = module_.types[start].recGroupSize;
    validateRecGroup(start, size, groups);
    start += size;
  }
}

void ModuleValidator::validateRecGroup(uint32_t start, uint32_t size,
                                       std::unordered_map<std::string, uint32_t>& groups) {
  const size_t offset = sectionOffset(kTypeSectionId);
  const uint32_t end = start + size;
  std::vector<DefinedType>& types = module_.types;
  // Types may refer to themselves and to the rest of their group.
  for (uint32_t i = start; i < end; ++i) {
    const DefinedType& type = types[i];
    if (type.supertypeCount > 1) invalid(offset, "multiple supertypes");
    if (type.supertype && *type.supertype >= i) {
      invalid(offset, "unknown type " + std::to_string(*type.supertype) +
                          " (a supertype must be defined before its subtype)");
    }
    const CompositeType& composite = type.composite;
    for (ValType param : composite.func.params) checkValType(param, offset, end);
    for (ValType result : composite.func.results) checkValType(result, offset, end);
    for (const FieldType& field : composite.fields) checkValType(field.storage.type, offset, end);
  }
  // Canonical indices: a group equal to an earlier one defines its types.
  const std::string key =
      recGroupKey(std::span<const DefinedType>(types.data() + start, size), start,
                  HeapType::Space::Module, [&](uint32_t index) { return types[index].canonicalIndex; });
  const auto [found, inserted] = groups.try_emplace(key, start);
  for (uint32_t k = 0; k < size; ++k) types[start + k].canonicalIndex = found->second + k;
  // Supertypes come before their subtypes, so depths are known in order.
  for (uint32_t i = start; i < end; ++i) {
    DefinedType& type = types[i];
    if (!type.supertype) continue;
    type.subtypeDepth = types[*type.supertype].subtypeDepth + 1;
  }
  for (uint32_t i = start; i < end; ++i) {
    const DefinedType& type = types[i];
    if (!type.supertype) continue;
    const DefinedType& super = types[*type.supertype];
    if (super.isFinal) {
      invalid(offset, "sub type " + std::to_string(i) + " does not match super type " +
                          std::to_string(*type.supertype) + ": the super type is final");
    }
    if (!types_.isCompositeSubtype(type.composite, super.composite)) {
      invalid(offset, "sub type " + std::to_string(i) + " does not match super type " +
                          std::to_string(*type.supertype) + ": " + toString(type.composite) +
                          " is not a subtype of " + toString(super.composite));
    }
  }
}

void ModuleValidator::checkValType(ValType type, size_t offset, uint32_t typeCount) {
  if (type.isRef() && type.heapType().isIndex() && type.heapType().index() >= typeCount) {
    invalid(offset, "unknown type " + std::to_string(type.heapType().index()));
  }
}

void ModuleValidator::requireFuncType(uint32_t typeIndex, size_t offset) {
  if (typeIndex >= module_.types.size()) invalid(offset, "unknown type " + std::to_string(typeIndex));
  if (!module_.types[typeIndex].isFunc()) {
    invalid(offset, "type mismatch: type " + std::to_string(typeIndex) + " is a " +
                        toString(module_.types[typeIndex].composite.kind) +
                        " type, expected a function type");
  }
}

// ---------------------------------------------------------------------------
// Imports and definitions.

void ModuleValidator::collectDeclaredFunctions() {
  // The spec's C.refs: function indices that occur outside function bodies,
  // in global and table initialisers, element segments and exports.
  declaredFunctions_.assign(module_.functionCount(), false);
  for (const GlobalDefinition& global : module_.globals) declare(global.init);
  for (const std::optional<ConstExpr>& init : module_.tableInits) {
    if (init) declare(*init);
  }
  for (const ElementSegment& segment : module_.elements) {
    for (const ConstExpr& item : segment.items) declare(item);
    for (uint32_t index : segment.functionIndices) {
      if (index < declaredFunctions_.size()) declaredFunctions_[index] = true;
    }
  }
  for (const Export& entry : module_.exports) {
    if (entry.kind == ExternKind::Func && entry.index < declaredFunctions_.size()) {
      declaredFunctions_[entry.index] = true;
    }
  }
}

void ModuleValidator::declare(const ConstExpr& expr) {
  if (expr.kind == ConstExpr::Kind::RefFunc) {
    if (expr.index < declaredFunctions_.size()) declaredFunctions_[expr.index] = true;
    return;
  }
  if (expr.kind != ConstExpr::Kind::Other) return;
  // A longer expression may hold ref.func anywhere (e.g. in struct.new).
  InstructionReader reader(module_.bytes, expr.offset, expr.endOffset);
  while (!reader.atEnd()) {
    const Instruction& instr = reader.next();
    if (instr.opcode == Opcode::RefFunc && instr.index < declaredFunctions_.size()) {
      declaredFunctions_[instr.index] = true;
    }
  }
}

void ModuleValidator::validateImports() {
  for (const Import& import : module_.imports) {
    switch (import.kind) {
      case ExternKind::Func:
        requireFuncType(import.funcType.value, import.offset);
        break;
      case ExternKind::Table:
        checkTableType(import.table, import.offset);
        break;
      case ExternKind::Memory:
        checkMemoryType(import.memory, import.offset);
        break;
      case ExternKind::Global:
        checkValType(import.global.type, import.offset);
        break;
      case ExternKind::Tag:
        checkTagType(import.tag, import.offset);
        break;
    }
  }
}

void ModuleValidator::validateFunctions() {
  const size_t offset = sectionOffset(kFunctionSectionId);
  for (const FunctionDefinition& function : module_.functions) {
    requireFuncType(function.type.value, offset);
  }
}

void ModuleValidator::checkTableType(const TableType& type, size_t offset) {
  checkValType(type.element, offset);
  const Limits& limits = type.limits;
  if (type.addressType == AddressType::I32 &&
      (limits.min > UINT32_MAX || (limits.max && *limits.max > UINT32_MAX))) {
    invalid(offset, "table size must be at most 2^32-1");
  }
  if (limits.max && limits.min > *limits.max) {
    invalid(offset, "size minimum must not be greater than maximum");
  }
}

void ModuleValidator::checkMemoryType(const MemoryType& type, size_t offset) {
  const Limits& limits = type.limits;
  if (type.addressType == AddressType::I32) {
    if (limits.min > kMaxMemoryPages || (limits.max && *limits.max > kMaxMemoryPages)) {
      invalid(offset, "memory size must be at most 65536 pages (4GiB)");
    }
  } else if (limits.min > kMaxMemory64Pages || (limits.max && *limits.max > kMaxMemory64Pages)) {
    invalid(offset, "memory size must be at most 2^48 pages (2^64 bytes)");
  }
  if (limits.max && limits.min > *limits.max) {
    invalid(offset, "size minimum must not be greater than maximum");
  }
  if (type.shared && !limits.max) invalid(offset, "shared memory must have maximum");
}

void ModuleValidator::checkTagType(const TagType& type, size_t offset) {
  requireFuncType(type.typeIndex, offset);
  if (!module_.types[type.typeIndex].func().results.empty()) {
    invalid(offset, "non-empty tag result type");
  }
}

void ModuleValidator::validateTables() {
  const size_t offset = sectionOffset(kTableSectionId);
  for (size_t i = 0; i < module_.tables.size(); ++i) {
    const TableType& table = module_.tables[i];
    checkTableType(table, offset);
    const std::optional<ConstExpr>& init = module_.tableInits[i];
    if (init) {
      // Tables are initialised before any defined global exists.
      checkConstExpr(*init, table.element, module_.importedGlobalCount());
    } else if (!table.element.isNullable()) {
      invalid(offset, "type mismatch: a table of non-nullable " + toString(table.element) +
                          " needs an initial value");
    }
  }
}

void ModuleValidator::validateMemories() {
  for (const MemoryType& memory : module_.memories) {
    checkMemoryType(memory, sectionOffset(kMemorySectionId));
  }
}

void ModuleValidator::validateTags() {
  for (const TagType& tag : module_.tags) checkTagType(tag, sectionOffset(kTagSectionId));
}

void ModuleValidator::validateGlobals() {
  // A global's initialiser sees the imported globals and the globals
  // defined before it (extended constant expressions).
  const uint32_t imported = module_.importedGlobalCount();
  for (uint32_t i = 0; i < module_.globals.size(); ++i) {
    const GlobalDefinition& global = module_.globals[i];
    checkValType(global.type.type, global.init.offset);
    checkConstExpr(global.init, global.type.type, imported + i);
  }
}

void ModuleValidator::validateElements() {
  const uint32_t globals = module_.globalCount();
  for (const ElementSegment& segment : module_.elements) {
    checkValType(segment.type, segment.position);
    if (segment.mode == ElementSegment::Mode::Active) {
      if (segment.table.value >= module_.tableCount()) {
        invalid(segment.position, "unknown table " + std::to_string(segment.table.value));
      }
      const TableType& table = module_.tableType(segment.table);
      if (!types_.isSubtype(segment.type, table.element)) {
        invalid(segment.position, "type mismatch: element segment of type " +
                                      toString(segment.type) + " for a table of " +
                                      toString(table.element));
      }
      checkConstExpr(segment.offset, addressValType(table.addressType), globals);
    }
    for (const ConstExpr& item : segment.items) checkConstExpr(item, segment.type, globals);
    // Every function's type is a function type (checked with its section),
    // so any function fits a segment of funcref, the only type a segment of
    // function indices has: there only the index needs checking (pandoc:
    // 500,000 items, a lookup and a subtype test each).
    const bool anyFunctionFits = types_.isSubtype(ValType::ref(HeapType::kFunc, false), segment.type);
    const uint32_t functionCount = module_.functionCount();
    for (size_t i = 0; i < segment.functionIndices.size(); ++i) {
      if (anyFunctionFits && segment.functionIndices[i] < functionCount) continue;
      checkFunctionIndexItem(segment, i);
    }
  }
}

void ModuleValidator::validateData() {
  for (const DataSegment& segment : module_.data) {
    if (segment.mode != DataSegment::Mode::Active) continue;
    if (segment.memory.value >= module_.memoryCount()) {
      invalid(segment.position, "unknown memory " + std::to_string(segment.memory.value));
    }
    const MemoryType& memory = module_.memoryType(segment.memory);
    checkConstExpr(segment.offset, addressValType(memory.addressType), module_.globalCount());
  }
}

void ModuleValidator::validateExports() {
  // The spec's wording spells out "function", unlike the text format's "func".
  constexpr std::string_view kindNames[] = {"function", "table", "memory", "global", "tag"};
  std::unordered_set<std::string_view> names;
  names.reserve(module_.exports.size());
  for (const Export& entry : module_.exports) {
    if (!names.insert(entry.name).second) {
      invalid(entry.offset, "duplicate export name \"" + entry.name + "\"");
    }
    uint32_t count = 0;
    switch (entry.kind) {
      case ExternKind::Func: count = module_.functionCount(); break;
      case ExternKind::Table: count = module_.tableCount(); break;
      case ExternKind::Memory: count = module_.memoryCount(); break;
      case ExternKind::Global: count = module_.globalCount(); break;
      case ExternKind::Tag: count = module_.tagCount(); break;
    }
    if (entry.index >= count) {
      invalid(entry.offset, "unknown " + std::string(kindNames[size_t(entry.kind)]) + " " +
                                std::to_string(entry.index));
    }
  }
}

void ModuleValidator::validateStart() {
  if (!module_.start) return;
  const FuncIndex start = *module_.start;
  if (start.value >= module_.functionCount()) {
    invalid(sectionOffset(kStartSectionId), "unknown function " + std::to_string(start.value));
  }
  const FuncType& type = module_.functionType(start);
  if (!type.params.empty() || !type.results.empty()) {
    invalid(sectionOffset(kStartSectionId),
            "start function must have type [] -> [], found " + toString(type));
  }
}

void ModuleValidator::validateBodies() {
  // After an invalid rule only malformed bytes can change the outcome, so
  // the bodies are then just decoded.
  std::optional<FunctionValidator> validator;
  if (!firstInvalid_) validator.emplace(module_, declaredFunctions_, types_);
  reserveInHugePages(module_.functionFacts, module_.functions.size());
  module_.functionFacts.resize(module_.functions.size());
  for (uint32_t i = 0; i < module_.functions.size(); ++i) {
    const FunctionDefinition& function = module_.functions[i];
    try {
      if (firstInvalid_) {
        FunctionValidator::scan(module_, function);
      } else if (auto error = validator->validate(i, function, module_.functionFacts[i])) {
        firstInvalid_ = std::move(error);
      }
    } catch (DecodeFailure& failure) {
      // An unsupported construct in a body is reported with its function.
      if (failure.kind == ModuleErrorKind::Unsupported && !failure.function) {
        failure.function = module_.importedFunctionCount() + i;
      }
      throw;
    }
  }
}

// ---------------------------------------------------------------------------
// Constant expressions.

void ModuleValidator::checkConstExpr(const ConstExpr& expr, ValType expected,
                                     uint32_t visibleGlobals) {
  const ValType found = constExprType(expr, visibleGlobals);
  if (!types_.isSubtype(found, expected)) mismatch(expr.offset, expected, found, "constant expression");
}

void ModuleValidator::checkFunctionIndexItem(const ElementSegment& segment, size_t item) {
  const uint32_t index = segment.functionIndices[item];
  if (index >= module_.functionCount()) {
    invalid(itemOffset(segment, item), "unknown function " + std::to_string(index));
  }
  const ValType found =
      ValType::ref(HeapType::defined(module_.functionTypeIndex(FuncIndex(index)).value), false);
  if (!types_.isSubtype(found, segment.type)) {
    mismatch(itemOffset(segment, item), segment.type, found, "element segment");
  }
}

size_t ModuleValidator::itemOffset(const ElementSegment& segment, size_t item) const {
  // Only errors need it: the items before it are read again to find it.
  BinaryReader reader(module_.bytes, segment.itemsOffset, module_.bytes.size(), true);
  for (size_t i = 0; i < item; ++i) reader.readU32();
  return reader.offset();
}

// Runs the expression on a stack of types. Constant instructions are the
// constants, ref.null, ref.func, global.get of an immutable global, i32/i64
// add, sub and mul (extended constant expressions), and the GC allocations
// and conversions that need no memory or segment.
ValType ModuleValidator::constExprType(const ConstExpr& expr, uint32_t visibleGlobals) {
  // The single-instruction forms the decoder recognised (nearly all
  // expressions) are typed directly, without running the stack.
  switch (expr.kind) {
    case ConstExpr::Kind::I32Const: return ValType::I32;
    case ConstExpr::Kind::I64Const: return ValType::I64;
    case ConstExpr::Kind::F32Const: return ValType::F32;
    case ConstExpr::Kind::F64Const: return ValType::F64;
    case ConstExpr::Kind::V128Const: return ValType::V128;
    case ConstExpr::Kind::RefFunc:
      if (expr.index >= module_.functionCount()) {
        invalid(expr.offset, "unknown function " + std::to_string(expr.index));
      }
      return ValType::ref(HeapType::defined(module_.functionTypeIndex(FuncIndex(expr.index)).value),
                          false);
    case ConstExpr::Kind::RefNull:
    case ConstExpr::Kind::GlobalGet:
    case ConstExpr::Kind::Other:
      break;
  }
  InstructionReader reader(module_.bytes, expr.offset, expr.endOffset);
  std::vector<ValType> stack;
  auto pop = [&](ValType expected, const Instruction& instr) {
    if (stack.empty()) {
      invalid(instr.offset, "type mismatch: expected " + toString(expected) +
                                ", found nothing (in constant expression)");
    }
    const ValType found = stack.back();
    stack.pop_back();
    if (!types_.isSubtype(found, expected)) mismatch(instr.offset, expected, found, "constant expression");
  };
  auto requireType = [&](uint32_t index, CompositeType::Kind kind,
                         const Instruction& instr) -> const DefinedType& {
    if (index >= module_.types.size()) invalid(instr.offset, "unknown type " + std::to_string(index));
    const DefinedType& type = module_.types[index];
    if (type.composite.kind != kind) {
      invalid(instr.offset, "type mismatch: type " + std::to_string(index) + " is not a " +
                                toString(kind) + " type");
    }
    return type;
  };
  while (!reader.atEnd()) {
    const Instruction& instr = reader.next();
    switch (instr.opcode) {
      case Opcode::End:
        break;
      case Opcode::I32Const: stack.push_back(ValType::I32); break;
      case Opcode::I64Const: stack.push_back(ValType::I64); break;
      case Opcode::F32Const: stack.push_back(ValType::F32); break;
      case Opcode::F64Const: stack.push_back(ValType::F64); break;
      case Opcode::V128Const: stack.push_back(ValType::V128); break;
      case Opcode::I32Add:
      case Opcode::I32Sub:
      case Opcode::I32Mul:
        pop(ValType::I32, instr);
        pop(ValType::I32, instr);
        stack.push_back(ValType::I32);
        break;
      case Opcode::I64Add:
      case Opcode::I64Sub:
      case Opcode::I64Mul:
        pop(ValType::I64, instr);
        pop(ValType::I64, instr);
        stack.push_back(ValType::I64);
        break;
      case Opcode::RefNull: {
        const ValType type = ValType::ref(instr.heapType, true);
        checkValType(type, instr.offset);
        stack.push_back(type);
        break;
      }
      case Opcode::RefFunc:
        if (instr.index >= module_.functionCount()) {
          invalid(instr.offset, "unknown function " + std::to_string(instr.index));
        }
        stack.push_back(ValType::ref(
            HeapType::defined(module_.functionTypeIndex(FuncIndex(instr.index)).value), false));
        break;
      case Opcode::GlobalGet: {
        if (instr.index >= visibleGlobals) {
          invalid(instr.offset, "unknown global " + std::to_string(instr.index));
        }
        const GlobalType& global = module_.globalType(GlobalIndex(instr.index));
        if (global.isMutable) {
          invalid(instr.offset, "constant expression required: global.get of a mutable global");
        }
        stack.push_back(global.type);
        break;
      }
      case Opcode::RefI31:
        pop(ValType::I32, instr);
        stack.push_back(ValType::ref(HeapType::kI31, false));
        break;
      case Opcode::AnyConvertExtern:
      case Opcode::ExternConvertAny: {
        const bool toAny = instr.opcode == Opcode::AnyConvertExtern;
        const HeapType from = toAny ? HeapType::kExtern : HeapType::kAny;
        const bool nullable = stack.empty() || stack.back().isNullable();
        pop(ValType::ref(from, true), instr);
        stack.push_back(ValType::ref(toAny ? HeapType::kAny : HeapType::kExtern, nullable));
        break;
      }
      case Opcode::StructNew:
      case Opcode::StructNewDefault: {
        const DefinedType& type = requireType(instr.index, CompositeType::Kind::Struct, instr);
        const std::vector<FieldType>& fields = type.composite.fields;
        if (instr.opcode == Opcode::StructNew) {
          for (size_t i = fields.size(); i > 0; --i) pop(fields[i - 1].storage.unpacked(), instr);
        } else {
          for (const FieldType& field : fields) {
            if (!field.storage.unpacked().isDefaultable()) {
              invalid(instr.offset, "type mismatch: field type is not defaultable");
            }
          }
        }
        stack.push_back(ValType::ref(HeapType::defined(instr.index), false));
        break;
      }
      case Opcode::ArrayNew:
      case Opcode::ArrayNewDefault:
      case Opcode::ArrayNewFixed: {
        const DefinedType& type = requireType(instr.index, CompositeType::Kind::Array, instr);
        const ValType element = type.composite.fields[0].storage.unpacked();
        if (instr.opcode == Opcode::ArrayNewFixed) {
          for (uint32_t i = 0; i < instr.index2; ++i) pop(element, instr);
        } else {
          pop(ValType::I32, instr);
          if (instr.opcode == Opcode::ArrayNew) {
            pop(element, instr);
          } else if (!element.isDefaultable()) {
            invalid(instr.offset, "type mismatch: array element type is not defaultable");
          }
        }
        stack.push_back(ValType::ref(HeapType::defined(instr.index), false));
        break;
      }
      default:
        invalid(instr.offset, "constant expression required: " +
                                  std::string(opcodeInfo(instr.opcode).name) +
                                  " is not a constant instruction");
    }
  }
  if (stack.size() != 1) {
    invalid(expr.offset, "type mismatch: constant expression must produce exactly one value, found " +
                             std::to_string(stack.size()));
  }
  return stack.back();
}

}  // namespace

std::optional<ModuleError> validateModule(WasmModule& module, Bodies bodies) {
  return ModuleValidator(module, bodies).run();
}

}  // namespace kiln
