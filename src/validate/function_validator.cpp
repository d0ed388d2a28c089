#include "validate/function_validator.h"

#include <algorithm>
#include <bit>

#include "validate/operand_type.h"

namespace kiln {

namespace {

constexpr uint8_t kCodeSectionId = 10;

// Functions with at most this many locals (parameters included) get a flat
// local-type table; larger ones are looked up in their declaration runs.
constexpr uint64_t kMaxExpandedLocals = 1024;

}  // namespace

FunctionValidator::FunctionValidator(const WasmModule& module,
                                     const std::vector<bool>& declaredFunctions)
    : module_(module),
      declaredFunctions_(declaredFunctions),
      memoryCount_(module.memoryCount()) {
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
  functionIndex_ = module_.importedFunctionCount() + definitionIndex;
  codeEnd_ = function.codeEnd;
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
  operandTop_ = operandStorage_.data();
  operandLimit_ = operandTop_ + operandStorage_.size();
  frameBottom_ = operandTop_;
  deepest_ = operandTop_;
  controls_.clear();
  maxControlDepth_ = 0;
  localAccessWeights_.assign(localTypes_.size(), 0);
  callWeight_ = 0;
  setLoopDepth(0);

  InstructionReader reader(module_.bytes, function.codeOffset, function.codeEnd);
  instructionOffset_ = function.codeOffset;
  reserveOperands(0);
  pushControl(Opcode::Block, nullptr, 0, signature_->results.data(),
              uint32_t(signature_->results.size()));
  try {
    validateBody(reader);
  } catch (Invalid& invalid) {
    // A malformed instruction later in the body takes precedence, so the
    // rest is still decoded, from the failing instruction on. Every rule
    // fails before it changes the control stack (or after restoring its
    // depth), so the open blocks are those before that instruction.
    InstructionReader rest(module_.bytes, instructionOffset_, function.codeEnd);
    scanRest(rest, uint32_t(controls_.size()));
    return ModuleError{ModuleErrorKind::Invalid, instructionOffset_, functionIndex_,
                       std::move(invalid.message)};
  }
  if (!reader.atEnd()) throw DecodeFailure{reader.offset(), "END opcode expected"};
  function.maxOperandDepth = uint32_t(deepest_ - operandStorage_.data());
  function.maxControlDepth = maxControlDepth_;
  // Straight-line code uses each local too rarely to earn it a register.
  if (maxControlDepth_ > 1) function.localAccessWeights = localAccessWeights_;
  function.callWeight = callWeight_;
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

void FunctionValidator::scanRest(InstructionReader& reader, uint32_t depth) const {
  while (depth > 0) {
    if (reader.atEnd()) failMissingEnd(reader.offset());
    const Instruction& instr = reader.next();
    const ImmediateKind immediate = opcodeInfo(instr.opcode).immediate;
    if ((immediate == ImmediateKind::MemoryInit || immediate == ImmediateKind::Data ||
         immediate == ImmediateKind::ArrayData) &&
        !module_.dataCount) {
      throw DecodeFailure{instr.offset, "data count section required"};
    }
    depth += nestingChange(instr.opcode);
  }
  if (!reader.atEnd()) throw DecodeFailure{reader.offset(), "END opcode expected"};
}

// ---------------------------------------------------------------------------
// Typing rules, one validateOperator per opcode.

template <Opcode kOpcode>
void FunctionValidator::readCheckedImmediates(InstructionReader& reader) {
  constexpr OpcodeInfo kInfo = opcodeInfo(kOpcode);
  using Kind = ImmediateKind;
  // Constants are only read: any value is valid.
  if constexpr (kInfo.immediate == Kind::None) {
  } else if constexpr (kInfo.immediate == Kind::I32) {
    reader.readI32();
  } else if constexpr (kInfo.immediate == Kind::I64) {
    reader.readI64();
  } else if constexpr (kInfo.immediate == Kind::F32) {
    reader.readF32Bits();
  } else if constexpr (kInfo.immediate == Kind::F64) {
    reader.readF64Bits();
  } else if constexpr (kInfo.immediate == Kind::V128) {
    reader.readBytes16();
  } else if constexpr (kInfo.immediate == Kind::MemArg || kInfo.immediate == Kind::MemArgLane) {
    static_assert(std::has_single_bit(kInfo.width));
    const MemArg memArg = reader.readMemArg();
    uint8_t lane = 0;
    if constexpr (kInfo.immediate == Kind::MemArgLane) lane = reader.readLane();
    requireMemory(memArg.memory);
    constexpr uint32_t kNaturalLog2 = uint32_t(std::countr_zero(kInfo.width));
    if constexpr (kInfo.feature == Feature::Threads) {
      // Atomic accesses must be naturally aligned.
      if (memArg.alignLog2 != kNaturalLog2) fail("alignment must be exactly natural");
    } else if (memArg.alignLog2 > kNaturalLog2) {
      fail("alignment must not be larger than natural");
    }
    if (memArg.offset > UINT32_MAX) fail("offset out of range");
    if (kInfo.immediate == Kind::MemArgLane && lane >= 16 / kInfo.width) {
      fail("invalid lane index");
    }
  } else if constexpr (kInfo.immediate == Kind::Lane) {
    if (reader.readLane() >= 16 / kInfo.width) fail("invalid lane index");
  } else if constexpr (kInfo.immediate == Kind::Shuffle) {
    for (uint8_t lane : reader.readBytes16()) {
      if (lane >= 32) fail("invalid lane index");
    }
  } else if constexpr (kInfo.immediate == Kind::ZeroByte) {
    reader.readZeroByte();
  } else if constexpr (kInfo.immediate == Kind::Data) {
    const uint32_t segment = reader.readIndex();
    if (!module_.dataCount) throw DecodeFailure{instructionOffset_, "data count section required"};
    if (segment >= *module_.dataCount) fail("unknown data segment " + std::to_string(segment));
  } else {
    static_assert(kInfo.immediate == Kind::Elem, "no fixed-signature operator has this immediate");
    requireElementSegment(reader.readIndex());
  }
}

template <Opcode kOpcode>
void FunctionValidator::validateOperator(InstructionReader& reader) {
  constexpr OpcodeInfo kInfo = opcodeInfo(kOpcode);
  if constexpr (!isSupported(kInfo.feature)) {
    failUnsupported(kOpcode);
  } else {
    validateFixedOperator<kOpcode>(reader);
  }
}

template <Opcode kOpcode>
void FunctionValidator::validateFixedOperator(InstructionReader& reader) {
  constexpr OpcodeInfo kInfo = opcodeInfo(kOpcode);
  static_assert(kInfo.signature != OperatorSignature::Special,
                "a Special opcode needs its own validateOperator specialization");
  readCheckedImmediates<kOpcode>(reader);
  // Operands are popped last parameter first.
  constexpr SignatureTypes kTypes = signatureTypes(kInfo.signature);
  static_assert(kTypes.params.size() <= 3);
  if constexpr (kTypes.params.size() >= 3) pop(kTypes.params[2]);
  if constexpr (kTypes.params.size() >= 2) pop(kTypes.params[1]);
  if constexpr (kTypes.params.size() >= 1) pop(kTypes.params[0]);
  if constexpr (kTypes.result.has_value()) push(*kTypes.result);
}

// The rules of the Special opcodes. Each repeats always_inline: explicit
// specializations do not inherit it from the primary template.

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::Unreachable>(
    InstructionReader&) {
  markUnreachable();
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::Block>(
    InstructionReader& reader) {
  enterBlock(Opcode::Block, reader.readBlockType());
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::Loop>(
    InstructionReader& reader) {
  enterBlock(Opcode::Loop, reader.readBlockType());
  setLoopDepth(loopDepth_ + 1);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::If>(
    InstructionReader& reader) {
  const BlockType blockType = reader.readBlockType();
  pop(ValType::I32);
  enterBlock(Opcode::If, blockType);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::Else>(
    InstructionReader&) {
  // The binary grammar only has `else` inside an `if`, so a stray one is
  // malformed, as in the reference interpreter.
  if (controls_.back().opcode != Opcode::If) {
    throw DecodeFailure{instructionOffset_, "illegal opcode"};
  }
  const ControlFrame frame = popControl();
  pushControl(Opcode::Else, frame.params, frame.paramCount, frame.results, frame.resultCount);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::End>(
    InstructionReader&) {
  ControlFrame frame = popControl();
  if (frame.opcode == Opcode::Loop) setLoopDepth(loopDepth_ - 1);
  if (frame.opcode == Opcode::If) {
    // An `if` without `else` has an implicit empty else: its parameters
    // must pass through unchanged as its results.
    pushControl(Opcode::Else, frame.params, frame.paramCount, frame.results, frame.resultCount);
    frame = popControl();
  }
  pushValues(frame.results, frame.resultCount);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::Br>(
    InstructionReader& reader) {
  const ControlFrame& target = labelFrame(reader.readIndex());
  popValues(labelTypes(target), labelArity(target));
  markUnreachable();
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::BrIf>(
    InstructionReader& reader) {
  const uint32_t depth = reader.readIndex();
  pop(ValType::I32);
  const ControlFrame& target = labelFrame(depth);
  popValues(labelTypes(target), labelArity(target));
  pushValues(labelTypes(target), labelArity(target));
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::BrTable>(
    InstructionReader& reader) {
  const BrTableTargets table = reader.readBrTable();
  pop(ValType::I32);
  const ControlFrame& fallback = labelFrame(table.defaultTarget);
  const uint32_t arity = labelArity(fallback);
  for (uint32_t depth : table.targets) {
    const ControlFrame& target = labelFrame(depth);
    if (labelArity(target) != arity) {
      fail("type mismatch: br_table targets have different arities (" +
           std::to_string(labelArity(target)) + " and " + std::to_string(arity) + ")");
    }
    checkTopValues(labelTypes(target), arity);
  }
  popValues(labelTypes(fallback), arity);
  markUnreachable();
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::Return>(
    InstructionReader&) {
  popValues(signature_->results.data(), uint32_t(signature_->results.size()));
  markUnreachable();
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::Call>(
    InstructionReader& reader) {
  const uint32_t index = reader.readIndex();
  const FuncType* type = functionTypes_[requireFunction(index)];
  if (!type) fail("unknown type of function " + std::to_string(index));
  callWeight_ += loopWeight_;
  popValues(type->params.data(), uint32_t(type->params.size()));
  pushValues(type->results.data(), uint32_t(type->results.size()));
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::CallIndirect>(
    InstructionReader& reader) {
  const uint32_t typeIndex = reader.readIndex();
  const TableType& target = table(reader.readIndex());
  if (target.element != ValType::FuncRef) failMismatch(ValType::FuncRef, target.element);
  const FuncType& type = funcType(typeIndex);
  callWeight_ += loopWeight_;
  pop(ValType::I32);
  popValues(type.params.data(), uint32_t(type.params.size()));
  pushValues(type.results.data(), uint32_t(type.results.size()));
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::Drop>(
    InstructionReader&) {
  pop();
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::Select>(
    InstructionReader&) {
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
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::SelectTyped>(
    InstructionReader& reader) {
  const SelectTypes types = reader.readSelectTypes();
  if (types.count != 1) fail("invalid result arity");
  pop(ValType::I32);
  pop(types.first);
  pop(types.first);
  push(types.first);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::LocalGet>(
    InstructionReader& reader) {
  const uint32_t index = reader.readIndex();
  push(localType(index));
  countLocalAccess(index);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::LocalSet>(
    InstructionReader& reader) {
  const uint32_t index = reader.readIndex();
  pop(localType(index));
  countLocalAccess(index);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::LocalTee>(
    InstructionReader& reader) {
  const uint32_t index = reader.readIndex();
  const ValType type = localType(index);
  pop(type);
  push(type);
  countLocalAccess(index);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::GlobalGet>(
    InstructionReader& reader) {
  push(global(reader.readIndex()).type);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::GlobalSet>(
    InstructionReader& reader) {
  const GlobalType& type = global(reader.readIndex());
  if (!type.isMutable) fail("global is immutable");
  pop(type.type);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::TableGet>(
    InstructionReader& reader) {
  const TableType& target = table(reader.readIndex());
  pop(ValType::I32);
  push(target.element);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::TableSet>(
    InstructionReader& reader) {
  const TableType& target = table(reader.readIndex());
  pop(target.element);
  pop(ValType::I32);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::TableGrow>(
    InstructionReader& reader) {
  const TableType& target = table(reader.readIndex());
  pop(ValType::I32);
  pop(target.element);
  push(ValType::I32);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::TableFill>(
    InstructionReader& reader) {
  const TableType& target = table(reader.readIndex());
  pop(ValType::I32);
  pop(target.element);
  pop(ValType::I32);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::TableSize>(
    InstructionReader& reader) {
  table(reader.readIndex());
  push(ValType::I32);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::TableInit>(
    InstructionReader& reader) {
  const uint32_t segment = reader.readIndex();
  const TableType& target = table(reader.readIndex());
  requireElementSegment(segment);
  const ValType segmentType = module_.elements[segment].type;
  if (target.element != segmentType) failMismatch(target.element, segmentType);
  pop(ValType::I32);
  pop(ValType::I32);
  pop(ValType::I32);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::TableCopy>(
    InstructionReader& reader) {
  const uint32_t destinationIndex = reader.readIndex();
  const uint32_t sourceIndex = reader.readIndex();
  const ValType destination = table(destinationIndex).element;
  const ValType source = table(sourceIndex).element;
  if (destination != source) failMismatch(destination, source);
  pop(ValType::I32);
  pop(ValType::I32);
  pop(ValType::I32);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::MemorySize>(
    InstructionReader& reader) {
  requireMemory(reader.readIndex());
  push(ValType::I32);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::MemoryGrow>(
    InstructionReader& reader) {
  requireMemory(reader.readIndex());
  pop(ValType::I32);
  push(ValType::I32);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::MemoryFill>(
    InstructionReader& reader) {
  requireMemory(reader.readIndex());
  pop(ValType::I32);
  pop(ValType::I32);
  pop(ValType::I32);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::MemoryCopy>(
    InstructionReader& reader) {
  const uint32_t destination = reader.readIndex();
  const uint32_t source = reader.readIndex();
  requireMemory(destination);
  requireMemory(source);
  pop(ValType::I32);
  pop(ValType::I32);
  pop(ValType::I32);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::MemoryInit>(
    InstructionReader& reader) {
  const uint32_t segment = reader.readIndex();
  const uint32_t memory = reader.readIndex();
  if (!module_.dataCount) throw DecodeFailure{instructionOffset_, "data count section required"};
  requireMemory(memory);
  if (segment >= *module_.dataCount) fail("unknown data segment " + std::to_string(segment));
  pop(ValType::I32);
  pop(ValType::I32);
  pop(ValType::I32);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::RefNull>(
    InstructionReader& reader) {
  push(refTypeOf(reader.readHeapType()));
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::RefIsNull>(
    InstructionReader&) {
  const ValType type = pop();
  if (type != kUnknownType && !isRefType(type)) {
    fail("type mismatch: expected a reference, found " + std::string(typeName(type)));
  }
  push(ValType::I32);
}

template <>
[[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::RefFunc>(
    InstructionReader& reader) {
  const uint32_t index = requireFunction(reader.readIndex());
  if (!declaredFunctions_[index]) fail("undeclared function reference");
  push(ValType::FuncRef);
}

void FunctionValidator::validateBody(InstructionReader& reader) {
  while (!controls_.empty()) {
    if (reader.atEnd()) [[unlikely]] failMissingEnd(reader.offset());
    instructionOffset_ = reader.offset();
    switch (reader.readOpcode()) {
#define KILN_OPCODE(name, prefix, code, text, imm, sig, width, feature) \
  case Opcode::name:                                          \
    validateOperator<Opcode::name>(reader);                   \
    break;
#include "binary/opcodes.def"
#undef KILN_OPCODE
    }
  }
}

void FunctionValidator::enterBlock(Opcode opcode, const BlockType& blockType) {
  const ValType* params = nullptr;
  const ValType* results = nullptr;
  uint32_t paramCount = 0;
  uint32_t resultCount = 0;
  if (blockType.kind == BlockType::Kind::Value) {
    results = singleTypeList(blockType.value).data();
    resultCount = 1;
  } else if (blockType.kind == BlockType::Kind::TypeIndex) {
    const FuncType& type = funcType(blockType.typeIndex);
    params = type.params.data();
    paramCount = uint32_t(type.params.size());
    results = type.results.data();
    resultCount = uint32_t(type.results.size());
  }
  popValues(params, paramCount);
  pushControl(opcode, params, paramCount, results, resultCount);
}

// ---------------------------------------------------------------------------
// Operand and control stacks.

void FunctionValidator::popOther(ValType expected) {
  if (operandTop_ == frameBottom_) {
    if (controls_.back().unreachable) return;
    failMissingOperand(expected);
  }
  const ValType actual = operandTop_[-1];
  if (actual != expected && actual != kUnknownType) failMismatch(expected, actual);
  --operandTop_;
}

ValType FunctionValidator::pop() {
  if (operandTop_ == frameBottom_) {
    if (controls_.back().unreachable) return kUnknownType;
    failMissingOperand(kUnknownType);
  }
  return *--operandTop_;
}

void FunctionValidator::growOperands(size_t needed) {
  ValType* const base = operandStorage_.data();
  const size_t height = size_t(operandTop_ - base);
  const size_t frameHeight = size_t(frameBottom_ - base);
  const size_t deepest = size_t(deepest_ - base);
  operandStorage_.resize(std::max(height + needed, 2 * operandStorage_.size()));
  operandTop_ = operandStorage_.data() + height;
  operandLimit_ = operandStorage_.data() + operandStorage_.size();
  frameBottom_ = operandStorage_.data() + frameHeight;
  deepest_ = operandStorage_.data() + deepest;
}

void FunctionValidator::checkTopValues(const ValType* types, uint32_t count) {
  // Checks without popping, so that unknown values stay unknown for the
  // next br_table target.
  const size_t available = size_t(operandTop_ - frameBottom_);
  for (uint32_t k = 0; k < count; ++k) {
    const ValType expected = types[count - 1 - k];
    if (k >= available) {
      if (controls_.back().unreachable) return;
      failMissingOperand(expected);
    }
    const ValType actual = operandTop_[-1 - ptrdiff_t(k)];
    if (actual != expected && actual != kUnknownType) failMismatch(expected, actual);
  }
}

void FunctionValidator::pushControl(Opcode opcode, const ValType* params, uint32_t paramCount,
                                    const ValType* results, uint32_t resultCount) {
  const uint32_t height = uint32_t(operandTop_ - operandStorage_.data());
  controls_.push_back(
      ControlFrame{opcode, params, results, paramCount, resultCount, height, false});
  frameBottom_ = operandTop_;
  maxControlDepth_ = std::max(maxControlDepth_, uint32_t(controls_.size()));
  pushValues(params, paramCount);
}

FunctionValidator::ControlFrame FunctionValidator::popControl() {
  const ControlFrame frame = controls_.back();
  popValues(frame.results, frame.resultCount);
  if (operandTop_ != frameBottom_) {
    fail("type mismatch: " + std::to_string(operandTop_ - frameBottom_) +
         " value(s) left on the stack at the end of the block");
  }
  controls_.pop_back();
  if (!controls_.empty()) frameBottom_ = operandStorage_.data() + controls_.back().height;
  return frame;
}

void FunctionValidator::setLoopDepth(uint32_t depth) {
  // An access inside a loop runs many times: each loop level multiplies
  // its weight by 8, up to three levels.
  loopDepth_ = depth;
  loopWeight_ = uint64_t(1) << (3 * std::min(depth, 3u));
}

void FunctionValidator::markUnreachable() {
  operandTop_ = frameBottom_;
  controls_.back().unreachable = true;
}

const ValType* FunctionValidator::labelTypes(const ControlFrame& frame) {
  return frame.opcode == Opcode::Loop ? frame.params : frame.results;
}

uint32_t FunctionValidator::labelArity(const ControlFrame& frame) {
  return frame.opcode == Opcode::Loop ? frame.paramCount : frame.resultCount;
}

// ---------------------------------------------------------------------------
// Index checks and errors.

ValType FunctionValidator::localTypeInRuns(uint32_t index) {
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

const FuncType& FunctionValidator::funcType(uint32_t index) {
  if (index >= module_.types.size()) fail("unknown type " + std::to_string(index));
  return module_.types[index];
}

void FunctionValidator::requireElementSegment(uint32_t index) {
  if (index >= module_.elements.size()) fail("unknown elem segment " + std::to_string(index));
}

ValType FunctionValidator::refTypeOf(HeapType heapType) {
  if (heapType == HeapType::kFunc) return ValType::FuncRef;
  if (heapType == HeapType::kExtern) return ValType::ExternRef;
  throw DecodeFailure{instructionOffset_,
                      unsupportedMessage(Feature::Gc, "heap type " + toString(heapType)),
                      ModuleErrorKind::Unsupported, functionIndex_};
}

void FunctionValidator::failUnsupported(Opcode op) {
  const OpcodeInfo& info = opcodeInfo(op);
  throw DecodeFailure{instructionOffset_, unsupportedMessage(info.feature, info.name),
                      ModuleErrorKind::Unsupported, functionIndex_};
}

void FunctionValidator::fail(std::string message) {
  // The opcode is decoded again here so that the per-instruction path only
  // records where the instruction starts.
  InstructionReader reader(module_.bytes, instructionOffset_, function_->codeEnd);
  message += " (in ";
  message += opcodeInfo(reader.readOpcode()).name;
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
