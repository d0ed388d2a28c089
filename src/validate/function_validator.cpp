#include "validate/function_validator.h"

#include <algorithm>
#include <array>

#include "validate/operand_type.h"

namespace kiln {

namespace {

constexpr uint8_t kCodeSectionId = 10;

// Functions with at most this many locals (parameters included) get a flat
// local-type table; larger ones are looked up in their declaration runs.
constexpr uint64_t kMaxExpandedLocals = 1024;

// The one-element type lists a `block t` refers to; frames point into this.
constexpr ValType kSingleTypes[] = {ValType::I32,     ValType::I64,      ValType::F32,
                                    ValType::F64,     ValType::V128,     ValType::FuncRef,
                                    ValType::ExternRef};

const ValType* singleType(ValType type) {
  return std::find(std::begin(kSingleTypes), std::end(kSingleTypes), type);
}

// What the validator needs to know about an opcode, gathered once from
// opcodeInfo() and signatureTypes() so the per-instruction path is one lookup.
struct OperatorRule {
  const ValType* params = nullptr;
  uint8_t paramCount = 0;
  ValType result = kUnknownType;  // kUnknownType: pushes nothing
  bool special = false;
  bool checksImmediates = false;
};

bool hasCheckedImmediate(ImmediateKind kind) {
  switch (kind) {
    case ImmediateKind::MemArg:
    case ImmediateKind::MemArgLane:
    case ImmediateKind::Lane:
    case ImmediateKind::Shuffle:
    case ImmediateKind::MemoryIndex:
    case ImmediateKind::MemoryCopy:
    case ImmediateKind::MemoryInit:
    case ImmediateKind::Data:
    case ImmediateKind::TableInit:
    case ImmediateKind::Elem:
    case ImmediateKind::TableCopy:
    case ImmediateKind::Table:
      return true;
    default:
      return false;
  }
}

std::array<OperatorRule, kOpcodeCount> makeOperatorRules() {
  std::array<OperatorRule, kOpcodeCount> rules{};
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    const OpcodeInfo& info = opcodeInfo(static_cast<Opcode>(i));
    OperatorRule& rule = rules[i];
    rule.special = info.signature == OperatorSignature::Special;
    rule.checksImmediates = hasCheckedImmediate(info.immediate);
    const SignatureTypes types = signatureTypes(info.signature);
    rule.params = types.params.data();
    rule.paramCount = uint8_t(types.params.size());
    if (types.result) rule.result = *types.result;
  }
  return rules;
}

const std::array<OperatorRule, kOpcodeCount> kOperatorRules = makeOperatorRules();

}  // namespace

FunctionValidator::FunctionValidator(const WasmModule& module,
                                     const std::vector<bool>& declaredFunctions)
    : module_(module), declaredFunctions_(declaredFunctions) {
  // Resolved once: `call` is frequent and the module's lookup goes through
  // the import list for imported functions.
  functionTypes_.reserve(module.functionCount());
  for (uint32_t i = 0; i < module.functionCount(); ++i) {
    const uint32_t typeIndex = module.functionTypeIndex(FuncIndex(i)).value;
    functionTypes_.push_back(typeIndex < module.types.size() ? &module.types[typeIndex] : nullptr);
  }
}

std::optional<ModuleError> FunctionValidator::validate(uint32_t definitionIndex,
                                                       FunctionDefinition& function) {
  function_ = &function;
  signature_ = &module_.types[function.type.value];
  localRunEnds_.clear();
  uint64_t end = signature_->params.size();
  for (const LocalRun& run : function.localRuns) {
    end += run.count;
    localRunEnds_.push_back(uint32_t(std::min<uint64_t>(end, UINT32_MAX)));
  }
  // Expanded, lookup is a load; a huge declaration stays in runs instead.
  localTypes_.assign(signature_->params.begin(), signature_->params.end());
  if (end <= kMaxExpandedLocals) {
    for (const LocalRun& run : function.localRuns) {
      localTypes_.insert(localTypes_.end(), run.count, run.type);
    }
  }
  operands_.clear();
  controls_.clear();
  maxOperandDepth_ = 0;
  maxControlDepth_ = 0;

  InstructionReader reader(module_.bytes, function.codeOffset, function.codeEnd);
  pushControl(Opcode::Block, nullptr, 0, signature_->results.data(),
              uint32_t(signature_->results.size()));
  uint32_t depthBefore = 1;
  Opcode opcode = Opcode::Nop;
  size_t offset = function.codeOffset;
  try {
    while (!controls_.empty()) {
      if (reader.atEnd()) failMissingEnd(reader.offset());
      depthBefore = uint32_t(controls_.size());
      const Instruction& instr = reader.next();
      opcode = instr.opcode;
      offset = instr.offset;
      validateInstruction(instr);
    }
  } catch (Invalid& invalid) {
    // A malformed instruction later in the body takes precedence, so the
    // rest is still decoded; the failing instruction's nesting effect counts.
    scanRest(reader, depthBefore + nestingChange(opcode));
    const uint32_t functionIndex = module_.importedFunctionCount() + definitionIndex;
    return ModuleError{ModuleErrorKind::Invalid, offset, functionIndex,
                       std::move(invalid.message)};
  }
  if (!reader.atEnd()) throw DecodeFailure{reader.offset(), "END opcode expected"};
  function.maxOperandDepth = maxOperandDepth_;
  function.maxControlDepth = maxControlDepth_;
  return std::nullopt;
}

void FunctionValidator::scan(const FunctionDefinition& function) const {
  InstructionReader reader(module_.bytes, function.codeOffset, function.codeEnd);
  scanRest(reader, 1);
}

void FunctionValidator::failMissingEnd(size_t offset) const {
  // The wording follows the reference interpreter, which reads on past the
  // body: into the next body ("END opcode expected"), past the end of the
  // module ("unexpected end") or into the next section, making the code
  // section longer than declared ("section size mismatch").
  size_t codeSectionEnd = module_.bytes.size();
  for (const SectionInfo& section : module_.sections) {
    if (section.id == kCodeSectionId) codeSectionEnd = section.payloadOffset + section.payloadSize;
  }
  if (offset < codeSectionEnd) throw DecodeFailure{offset, "END opcode expected"};
  if (offset >= module_.bytes.size()) {
    throw DecodeFailure{offset, "unexpected end of section or function"};
  }
  throw DecodeFailure{offset, "section size mismatch: function body without final end"};
}

int32_t FunctionValidator::nestingChange(Opcode opcode) {
  switch (opcode) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
      return 1;
    case Opcode::End:
      return -1;
    default:
      return 0;
  }
}

void FunctionValidator::scanRest(InstructionReader& reader, uint32_t depth) const {
  while (depth > 0) {
    if (reader.atEnd()) failMissingEnd(reader.offset());
    const Instruction& instr = reader.next();
    const ImmediateKind immediate = opcodeInfo(instr.opcode).immediate;
    if ((immediate == ImmediateKind::MemoryInit || immediate == ImmediateKind::Data) &&
        !module_.dataCount) {
      throw DecodeFailure{instr.offset, "data count section required"};
    }
    depth += nestingChange(instr.opcode);
  }
  if (!reader.atEnd()) throw DecodeFailure{reader.offset(), "END opcode expected"};
}

void FunctionValidator::validateInstruction(const Instruction& instr) {
  currentOpcode_ = instr.opcode;
  const OperatorRule& rule = kOperatorRules[static_cast<size_t>(instr.opcode)];
  if (rule.checksImmediates) checkImmediates(instr, opcodeInfo(instr.opcode));
  if (rule.special) {
    validateSpecial(instr);
    return;
  }
  popValues(rule.params, rule.paramCount);
  if (rule.result != kUnknownType) push(rule.result);
}

void FunctionValidator::checkImmediates(const Instruction& instr, const OpcodeInfo& info) {
  switch (info.immediate) {
    case ImmediateKind::MemArg:
    case ImmediateKind::MemArgLane:
      requireMemory(0);
      if (instr.memArg.alignLog2 >= 32 || (uint64_t(1) << instr.memArg.alignLog2) > info.width) {
        fail("alignment must not be larger than natural");
      }
      if (info.immediate == ImmediateKind::MemArgLane && instr.lane >= 16 / info.width) {
        fail("invalid lane index");
      }
      return;
    case ImmediateKind::Lane:
      if (instr.lane >= 16 / info.width) fail("invalid lane index");
      return;
    case ImmediateKind::Shuffle:
      for (uint8_t lane : instr.bytes) {
        if (lane >= 32) fail("invalid lane index");
      }
      return;
    case ImmediateKind::MemoryIndex:
    case ImmediateKind::MemoryCopy:
      requireMemory(0);
      return;
    case ImmediateKind::MemoryInit:
    case ImmediateKind::Data:
      if (!module_.dataCount) throw DecodeFailure{instr.offset, "data count section required"};
      if (info.immediate == ImmediateKind::MemoryInit) requireMemory(0);
      if (instr.index >= *module_.dataCount) {
        fail("unknown data segment " + std::to_string(instr.index));
      }
      return;
    case ImmediateKind::Elem:
      requireElementSegment(instr.index);
      return;
    case ImmediateKind::TableInit: {
      const TableType& target = table(instr.index2);
      requireElementSegment(instr.index);
      const ValType segmentType = module_.elements[instr.index].type;
      if (target.element != segmentType) failMismatch(target.element, segmentType);
      return;
    }
    case ImmediateKind::TableCopy: {
      const ValType destination = table(instr.index).element;
      const ValType source = table(instr.index2).element;
      if (destination != source) failMismatch(destination, source);
      return;
    }
    case ImmediateKind::Table:
      table(instr.index);
      return;
    default:
      // The remaining immediates are checked by the Special rules that use them.
      return;
  }
}

void FunctionValidator::validateSpecial(const Instruction& instr) {
  switch (instr.opcode) {
    case Opcode::Unreachable:
      markUnreachable();
      return;
    case Opcode::Block:
    case Opcode::Loop:
      enterBlock(instr);
      return;
    case Opcode::If:
      pop(ValType::I32);
      enterBlock(instr);
      return;
    case Opcode::Else: {
      // The binary grammar only has `else` inside an `if`, so a stray one is
      // malformed, as in the reference interpreter.
      if (controls_.back().opcode != Opcode::If) {
        throw DecodeFailure{instr.offset, "illegal opcode"};
      }
      const ControlFrame frame = popControl();
      pushControl(Opcode::Else, frame.params, frame.paramCount, frame.results, frame.resultCount);
      return;
    }
    case Opcode::End: {
      ControlFrame frame = popControl();
      if (frame.opcode == Opcode::If) {
        // An `if` without `else` has an implicit empty else: its parameters
        // must pass through unchanged as its results.
        pushControl(Opcode::Else, frame.params, frame.paramCount, frame.results,
                    frame.resultCount);
        frame = popControl();
      }
      pushValues(frame.results, frame.resultCount);
      return;
    }
    case Opcode::Br: {
      const ControlFrame& target = labelFrame(instr.index);
      popValues(labelTypes(target), labelArity(target));
      markUnreachable();
      return;
    }
    case Opcode::BrIf: {
      pop(ValType::I32);
      const ControlFrame& target = labelFrame(instr.index);
      popValues(labelTypes(target), labelArity(target));
      pushValues(labelTypes(target), labelArity(target));
      return;
    }
    case Opcode::BrTable: {
      pop(ValType::I32);
      const ControlFrame& fallback = labelFrame(instr.index);
      const uint32_t arity = labelArity(fallback);
      for (uint32_t depth : instr.brTargets) {
        const ControlFrame& target = labelFrame(depth);
        if (labelArity(target) != arity) {
          fail("type mismatch: br_table targets have different arities (" +
               std::to_string(labelArity(target)) + " and " + std::to_string(arity) + ")");
        }
        checkTopValues(labelTypes(target), arity);
      }
      popValues(labelTypes(fallback), arity);
      markUnreachable();
      return;
    }
    case Opcode::Return:
      popValues(signature_->results.data(), uint32_t(signature_->results.size()));
      markUnreachable();
      return;
    case Opcode::Call: {
      const FuncType* type = functionTypes_[requireFunction(instr.index)];
      if (!type) fail("unknown type of function " + std::to_string(instr.index));
      popValues(type->params.data(), uint32_t(type->params.size()));
      pushValues(type->results.data(), uint32_t(type->results.size()));
      return;
    }
    case Opcode::CallIndirect: {
      const TableType& target = table(instr.index2);
      if (target.element != ValType::FuncRef) failMismatch(ValType::FuncRef, target.element);
      const FuncType& type = funcType(instr.index);
      pop(ValType::I32);
      popValues(type.params.data(), uint32_t(type.params.size()));
      pushValues(type.results.data(), uint32_t(type.results.size()));
      return;
    }
    case Opcode::Drop:
      pop();
      return;
    case Opcode::Select: {
      pop(ValType::I32);
      const ValType first = pop();
      const ValType second = pop();
      if (isRefType(first) || isRefType(second)) {
        fail("type mismatch: select without a type needs numeric or vector operands, found " +
             std::string(typeName(isRefType(first) ? first : second)));
      }
      if (first != second && first != kUnknownType && second != kUnknownType) {
        failMismatch(first, second);
      }
      push(first == kUnknownType ? second : first);
      return;
    }
    case Opcode::SelectTyped:
      if (instr.typeCount != 1) fail("invalid result arity");
      pop(ValType::I32);
      pop(instr.type);
      pop(instr.type);
      push(instr.type);
      return;
    case Opcode::LocalGet:
      push(localType(instr.index));
      return;
    case Opcode::LocalSet:
      pop(localType(instr.index));
      return;
    case Opcode::LocalTee: {
      const ValType type = localType(instr.index);
      pop(type);
      push(type);
      return;
    }
    case Opcode::GlobalGet:
      push(global(instr.index).type);
      return;
    case Opcode::GlobalSet: {
      const GlobalType& type = global(instr.index);
      if (!type.isMutable) fail("global is immutable");
      pop(type.type);
      return;
    }
    case Opcode::TableGet:
      pop(ValType::I32);
      push(table(instr.index).element);
      return;
    case Opcode::TableSet:
      pop(table(instr.index).element);
      pop(ValType::I32);
      return;
    case Opcode::TableGrow:
      pop(ValType::I32);
      pop(table(instr.index).element);
      push(ValType::I32);
      return;
    case Opcode::TableFill:
      pop(ValType::I32);
      pop(table(instr.index).element);
      pop(ValType::I32);
      return;
    case Opcode::RefNull:
      push(instr.type);
      return;
    case Opcode::RefIsNull: {
      const ValType type = pop();
      if (type != kUnknownType && !isRefType(type)) {
        fail("type mismatch: expected a reference, found " + std::string(typeName(type)));
      }
      push(ValType::I32);
      return;
    }
    case Opcode::RefFunc: {
      const uint32_t index = requireFunction(instr.index);
      if (!declaredFunctions_[index]) fail("undeclared function reference");
      push(ValType::FuncRef);
      return;
    }
    default:
      fail("unhandled instruction");
  }
}

void FunctionValidator::enterBlock(const Instruction& instr) {
  const BlockType& blockType = instr.blockType;
  const ValType* params = nullptr;
  const ValType* results = nullptr;
  uint32_t paramCount = 0;
  uint32_t resultCount = 0;
  if (blockType.kind == BlockType::Kind::Value) {
    results = singleType(blockType.value);
    resultCount = 1;
  } else if (blockType.kind == BlockType::Kind::TypeIndex) {
    const FuncType& type = funcType(blockType.typeIndex);
    params = type.params.data();
    paramCount = uint32_t(type.params.size());
    results = type.results.data();
    resultCount = uint32_t(type.results.size());
  }
  popValues(params, paramCount);
  pushControl(instr.opcode, params, paramCount, results, resultCount);
}

void FunctionValidator::push(ValType type) {
  operands_.push_back(type);
  maxOperandDepth_ = std::max(maxOperandDepth_, uint32_t(operands_.size()));
}

ValType FunctionValidator::pop() {
  const ControlFrame& frame = controls_.back();
  if (operands_.size() == frame.height) {
    if (frame.unreachable) return kUnknownType;
    failMissingOperand(kUnknownType);
  }
  const ValType type = operands_.back();
  operands_.pop_back();
  return type;
}

ValType FunctionValidator::pop(ValType expected) {
  const ControlFrame& frame = controls_.back();
  if (operands_.size() > frame.height && operands_.back() == expected) {
    operands_.pop_back();
    return expected;
  }
  if (operands_.size() == frame.height) {
    if (frame.unreachable) return kUnknownType;
    failMissingOperand(expected);
  }
  const ValType actual = operands_.back();
  if (actual != expected && actual != kUnknownType) failMismatch(expected, actual);
  operands_.pop_back();
  return actual;
}

void FunctionValidator::popValues(const ValType* types, uint32_t count) {
  for (uint32_t i = count; i > 0; --i) pop(types[i - 1]);
}

void FunctionValidator::pushValues(const ValType* types, uint32_t count) {
  for (uint32_t i = 0; i < count; ++i) push(types[i]);
}

void FunctionValidator::checkTopValues(const ValType* types, uint32_t count) {
  // Checks without popping, so that unknown values stay unknown for the
  // next br_table target.
  const ControlFrame& frame = controls_.back();
  const size_t available = operands_.size() - frame.height;
  for (uint32_t k = 0; k < count; ++k) {
    const ValType expected = types[count - 1 - k];
    if (k >= available) {
      if (frame.unreachable) return;
      failMissingOperand(expected);
    }
    const ValType actual = operands_[operands_.size() - 1 - k];
    if (actual != expected && actual != kUnknownType) failMismatch(expected, actual);
  }
}

void FunctionValidator::pushControl(Opcode opcode, const ValType* params, uint32_t paramCount,
                                    const ValType* results, uint32_t resultCount) {
  controls_.push_back(ControlFrame{opcode, params, results, paramCount, resultCount,
                                   uint32_t(operands_.size()), false});
  maxControlDepth_ = std::max(maxControlDepth_, uint32_t(controls_.size()));
  pushValues(params, paramCount);
}

FunctionValidator::ControlFrame FunctionValidator::popControl() {
  const ControlFrame frame = controls_.back();
  popValues(frame.results, frame.resultCount);
  if (operands_.size() != frame.height) {
    fail("type mismatch: " + std::to_string(operands_.size() - frame.height) +
         " value(s) left on the stack at the end of the block");
  }
  controls_.pop_back();
  return frame;
}

void FunctionValidator::markUnreachable() {
  ControlFrame& frame = controls_.back();
  operands_.resize(frame.height);
  frame.unreachable = true;
}

const FunctionValidator::ControlFrame& FunctionValidator::labelFrame(uint32_t depth) {
  if (depth >= controls_.size()) fail("unknown label " + std::to_string(depth));
  return controls_[controls_.size() - 1 - depth];
}

const ValType* FunctionValidator::labelTypes(const ControlFrame& frame) {
  return frame.opcode == Opcode::Loop ? frame.params : frame.results;
}

uint32_t FunctionValidator::labelArity(const ControlFrame& frame) {
  return frame.opcode == Opcode::Loop ? frame.paramCount : frame.resultCount;
}

ValType FunctionValidator::localType(uint32_t index) {
  if (index < localTypes_.size()) return localTypes_[index];
  // Runs are few but may declare very many locals each: binary search over
  // their end indices rather than expanding them.
  const auto run = std::upper_bound(localRunEnds_.begin(), localRunEnds_.end(), index);
  if (index < signature_->params.size() || run == localRunEnds_.end()) {
    fail("unknown local " + std::to_string(index));
  }
  return function_->localRuns[size_t(run - localRunEnds_.begin())].type;
}

const GlobalType& FunctionValidator::global(uint32_t index) {
  if (index >= module_.globalCount()) fail("unknown global " + std::to_string(index));
  return module_.globalType(GlobalIndex(index));
}

const TableType& FunctionValidator::table(uint32_t index) {
  if (index >= module_.tableCount()) fail("unknown table " + std::to_string(index));
  return module_.tableType(TableIndex(index));
}

void FunctionValidator::requireMemory(uint32_t index) {
  if (index >= module_.memoryCount()) fail("unknown memory " + std::to_string(index));
}

const FuncType& FunctionValidator::funcType(uint32_t index) {
  if (index >= module_.types.size()) fail("unknown type " + std::to_string(index));
  return module_.types[index];
}

void FunctionValidator::requireElementSegment(uint32_t index) {
  if (index >= module_.elements.size()) fail("unknown elem segment " + std::to_string(index));
}

uint32_t FunctionValidator::requireFunction(uint32_t index) {
  if (index >= module_.functionCount()) fail("unknown function " + std::to_string(index));
  return index;
}

void FunctionValidator::fail(std::string message) {
  message += " (in ";
  message += opcodeInfo(currentOpcode_).name;
  message += ")";
  throw Invalid{std::move(message)};
}

void FunctionValidator::failMissingOperand(ValType expected) {
  fail("type mismatch: expected " +
       std::string(expected == kUnknownType ? "a value" : typeName(expected)) + ", found nothing");
}

void FunctionValidator::failMismatch(ValType expected, ValType found) {
  fail("type mismatch: expected " + std::string(typeName(expected)) + ", found " +
       std::string(typeName(found)));
}

}  // namespace kiln
