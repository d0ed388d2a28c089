// WasmModule-level validation (types of imports and definitions, limits, constant
// expressions, exports, start, segments) and the driver that checks every
// function body with a FunctionValidator.
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "binary/instruction_reader.h"
#include "validate/function_validator.h"
#include "validate/operand_type.h"
#include "validate/validator.h"

namespace kiln {

namespace {

// Section ids, for placing errors about entries that carry no offset.
constexpr uint8_t kTableSectionId = 4;
constexpr uint8_t kMemorySectionId = 5;
constexpr uint8_t kFunctionSectionId = 3;
constexpr uint8_t kStartSectionId = 8;

// Why a constant expression is invalid; thrown while reading one.
struct ConstExprError {
  std::string message;
};

// Validates one module: every module-level rule, then every body. Keeps the
// first Invalid error but lets any later Malformed one win.
class ModuleValidator {
 public:
  explicit ModuleValidator(WasmModule& module) : module_(module) {}

  /// The module's error, if any.
  std::optional<ModuleError> run();

 private:
  void collectDeclaredFunctions();
  void declare(const ConstExpr& expr);
  void validateImports();
  void validateFunctionTypes();
  void validateTables();
  void validateMemories();
  void validateGlobals();
  void validateElements();
  void validateData();
  void validateExports();
  void validateStart();
  void validateBodies();

  void checkTableLimits(const Limits& limits, size_t offset);
  void checkMemoryLimits(const Limits& limits, size_t offset);
  void checkConstExpr(const ConstExpr& expr, ValType expected);
  void checkFunctionIndexItem(const ConstExpr& item, ValType expected);
  ValType constExprType(const ConstExpr& expr);
  ValType constInstructionType(const Instruction& instr);
  size_t sectionOffset(uint8_t id) const;

  // Records the first Invalid error; later ones are ignored.
  void invalid(size_t offset, std::string message);

  WasmModule& module_;
  std::vector<bool> declaredFunctions_;
  std::optional<ModuleError> firstInvalid_;
};

std::optional<ModuleError> ModuleValidator::run() {
  try {
    collectDeclaredFunctions();
    validateImports();
    validateFunctionTypes();
    validateTables();
    validateMemories();
    validateGlobals();
    validateElements();
    validateData();
    validateExports();
    validateStart();
    validateBodies();
  } catch (const DecodeFailure& failure) {
    return ModuleError{failure.kind, failure.offset, failure.function, failure.message};
  }
  return firstInvalid_;
}

void ModuleValidator::invalid(size_t offset, std::string message) {
  if (!firstInvalid_) {
    firstInvalid_ = ModuleError{ModuleErrorKind::Invalid, offset, std::nullopt, std::move(message)};
  }
}

size_t ModuleValidator::sectionOffset(uint8_t id) const {
  for (const SectionInfo& section : module_.sections) {
    if (section.id == id) return section.offset;
  }
  return 0;
}

void ModuleValidator::collectDeclaredFunctions() {
  // The spec's C.refs: function indices that occur outside function bodies.
  declaredFunctions_.assign(module_.functionCount(), false);
  for (const GlobalDefinition& global : module_.globals) declare(global.init);
  for (const ElementSegment& segment : module_.elements) {
    for (const ConstExpr& item : segment.items) declare(item);
  }
  for (const Export& entry : module_.exports) {
    if (entry.kind == ExternKind::Func && entry.index < declaredFunctions_.size()) {
      declaredFunctions_[entry.index] = true;
    }
  }
}

void ModuleValidator::declare(const ConstExpr& expr) {
  if (expr.kind == ConstExpr::Kind::RefFunc && expr.index < declaredFunctions_.size()) {
    declaredFunctions_[expr.index] = true;
  }
}

void ModuleValidator::validateImports() {
  for (const Import& import : module_.imports) {
    switch (import.kind) {
      case ExternKind::Func:
        if (import.funcType.value >= module_.types.size()) {
          invalid(import.offset, "unknown type " + std::to_string(import.funcType.value));
        }
        break;
      case ExternKind::Table:
        checkTableLimits(import.table.limits, import.offset);
        break;
      case ExternKind::Memory:
        checkMemoryLimits(import.memory.limits, import.offset);
        break;
      case ExternKind::Global:
        break;
    }
  }
}

void ModuleValidator::validateFunctionTypes() {
  for (const FunctionDefinition& function : module_.functions) {
    if (function.type.value >= module_.types.size()) {
      invalid(sectionOffset(kFunctionSectionId),
              "unknown type " + std::to_string(function.type.value));
    }
  }
}

void ModuleValidator::checkTableLimits(const Limits& limits, size_t offset) {
  if (limits.max && limits.min > *limits.max) {
    invalid(offset, "size minimum must not be greater than maximum");
  }
}

void ModuleValidator::checkMemoryLimits(const Limits& limits, size_t offset) {
  if (limits.min > kMaxMemoryPages || (limits.max && *limits.max > kMaxMemoryPages)) {
    invalid(offset, "memory size must be at most 65536 pages (4GiB)");
  }
  if (limits.max && limits.min > *limits.max) {
    invalid(offset, "size minimum must not be greater than maximum");
  }
}

void ModuleValidator::validateTables() {
  for (const TableType& table : module_.tables) {
    checkTableLimits(table.limits, sectionOffset(kTableSectionId));
  }
}

void ModuleValidator::validateMemories() {
  for (const MemoryType& memory : module_.memories) {
    checkMemoryLimits(memory.limits, sectionOffset(kMemorySectionId));
  }
  if (module_.memoryCount() > 1) invalid(sectionOffset(kMemorySectionId), "multiple memories");
}

void ModuleValidator::validateGlobals() {
  for (const GlobalDefinition& global : module_.globals) {
    checkConstExpr(global.init, global.type.type);
  }
}

void ModuleValidator::validateElements() {
  for (const ElementSegment& segment : module_.elements) {
    if (segment.mode == ElementSegment::Mode::Active) {
      if (segment.table.value >= module_.tableCount()) {
        invalid(segment.position, "unknown table " + std::to_string(segment.table.value));
      } else {
        const ValType element = module_.tableType(segment.table).element;
        if (element != segment.type) {
          invalid(segment.position, "type mismatch: element segment of type " +
                                        std::string(toString(segment.type)) +
                                        " for a table of " + std::string(toString(element)));
        }
      }
      checkConstExpr(segment.offset, ValType::I32);
    }
    for (const ConstExpr& item : segment.items) {
      if (segment.itemsAreFunctionIndices) {
        checkFunctionIndexItem(item, segment.type);
      } else {
        checkConstExpr(item, segment.type);
      }
    }
  }
}

void ModuleValidator::validateData() {
  for (const DataSegment& segment : module_.data) {
    if (segment.mode != DataSegment::Mode::Active) continue;
    if (segment.memory.value >= module_.memoryCount()) {
      invalid(segment.position, "unknown memory " + std::to_string(segment.memory.value));
    }
    checkConstExpr(segment.offset, ValType::I32);
  }
}

void ModuleValidator::validateExports() {
  // The spec's wording spells out "function", unlike the text format's "func".
  constexpr std::string_view kindNames[] = {"function", "table", "memory", "global"};
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
    return;
  }
  if (module_.functionTypeIndex(start).value >= module_.types.size()) return;
  const FuncType& type = module_.functionType(start);
  if (!type.params.empty() || !type.results.empty()) {
    invalid(sectionOffset(kStartSectionId),
            "start function must have type [] -> [], found " + toString(type));
  }
}

void ModuleValidator::validateBodies() {
  FunctionValidator validator(module_, declaredFunctions_);
  for (uint32_t i = 0; i < module_.functions.size(); ++i) {
    FunctionDefinition& function = module_.functions[i];
    // After the first invalid body only malformed bytes can change the
    // outcome, so the rest are just decoded.
    try {
      if (firstInvalid_ || function.type.value >= module_.types.size()) {
        validator.scan(function);
      } else if (auto error = validator.validate(i, function)) {
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

void ModuleValidator::checkConstExpr(const ConstExpr& expr, ValType expected) {
  try {
    const ValType found = constExprType(expr);
    if (found != expected) {
      invalid(expr.offset, "type mismatch: expected " + std::string(toString(expected)) +
                               ", found " + std::string(typeName(found)) +
                               " (in constant expression)");
    }
  } catch (const ConstExprError& error) {
    invalid(expr.offset, error.message);
  }
}

void ModuleValidator::checkFunctionIndexItem(const ConstExpr& item, ValType expected) {
  if (item.index >= module_.functionCount()) {
    invalid(item.offset, "unknown function " + std::to_string(item.index));
  } else if (expected != ValType::FuncRef) {
    invalid(item.offset, "type mismatch: expected " + std::string(toString(expected)) +
                             ", found funcref (in element segment)");
  }
}

ValType ModuleValidator::constExprType(const ConstExpr& expr) {
  InstructionReader reader(module_.bytes, expr.offset, expr.endOffset);
  uint32_t count = 0;
  ValType type = kUnknownType;
  while (!reader.atEnd()) {
    const Instruction& instr = reader.next();
    if (instr.opcode == Opcode::End) break;
    type = constInstructionType(instr);
    ++count;
  }
  if (count == 1) return type;
  throw ConstExprError{"type mismatch: constant expression must produce exactly one value, found " +
                       std::to_string(count)};
}

ValType ModuleValidator::constInstructionType(const Instruction& instr) {
  switch (instr.opcode) {
    case Opcode::I32Const: return ValType::I32;
    case Opcode::I64Const: return ValType::I64;
    case Opcode::F32Const: return ValType::F32;
    case Opcode::F64Const: return ValType::F64;
    case Opcode::V128Const: return ValType::V128;
    case Opcode::RefNull:
      if (instr.heapType == HeapType::kFunc) return ValType::FuncRef;
      if (instr.heapType == HeapType::kExtern) return ValType::ExternRef;
      throw DecodeFailure{instr.offset,
                          unsupportedMessage(Feature::Gc, "heap type " + toString(instr.heapType)),
                          ModuleErrorKind::Unsupported};
    case Opcode::RefFunc:
      if (instr.index >= module_.functionCount()) {
        throw ConstExprError{"unknown function " + std::to_string(instr.index)};
      }
      return ValType::FuncRef;
    case Opcode::GlobalGet: {
      // Only imported globals are visible in constant expressions (2.0).
      if (instr.index >= module_.importedGlobalCount()) {
        throw ConstExprError{"unknown global " + std::to_string(instr.index)};
      }
      const GlobalType& global = module_.globalType(GlobalIndex(instr.index));
      if (global.isMutable) {
        throw ConstExprError{"constant expression required: global.get of a mutable global"};
      }
      return global.type;
    }
    default:
      throw ConstExprError{"constant expression required: " +
                           std::string(opcodeInfo(instr.opcode).name) +
                           " is not a constant instruction"};
  }
}

}  // namespace

std::optional<ModuleError> validateModule(WasmModule& module) {
  return ModuleValidator(module).run();
}

}  // namespace kiln
