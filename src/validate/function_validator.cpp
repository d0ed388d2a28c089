#include "validate/function_validator.h"

#include <algorithm>
#include <bit>

#include "binary/section_id.h"
#include "types/huge_pages.h"
#include "validate/operand_type.h"

namespace kiln {

namespace {


// Functions with at most this many locals (parameters included) get a flat
// local-type table; larger ones are looked up in their declaration runs.
constexpr uint64_t kMaxExpandedLocals = 1024;

// The types pushed by the reference instructions on unknown operands.
constexpr ValType kBottomRef = ValType::ref(HeapType::kBottom, false);

}  // namespace

FunctionValidator::FunctionValidator(const WasmModule& module,
                                     const std::vector<bool>& declaredFunctions,
                                     const TypeChecker& types)
    : module_(module), declaredFunctions_(declaredFunctions), types_(types) {
  // Resolved once: `call` is frequent and the module's lookup goes through
  // the import list for imported functions. The module validator has
  // checked that every function's type index names a function type.
  reserveInHugePages(functionTypes_, module.functionCount());
  for (uint32_t i = 0; i < module.functionCount(); ++i) {
    functionTypes_.push_back(&module.functionType(FuncIndex(i)));
  }
  for (uint32_t i = 0; i < module.memoryCount(); ++i) {
    memoryAddresses_.push_back(addressValType(module.memoryType(MemoryIndex(i)).addressType));
  }
}

std::optional<ModuleError> FunctionValidator::validate(uint32_t definitionIndex,
                                                       const FunctionDefinition& function,
                                                       FunctionFacts& facts) {
  localRuns_ = module_.localRunsOf(function);
  functionIndex_ = module_.importedFunctionCount() + definitionIndex;
  codeEnd_ = function.codeEnd;
  signature_ = &module_.funcType(function.type);
  instructionOffset_ = function.codeOffset;
  localRunEnds_.clear();
  uint64_t end = signature_->params.size();
  trackInitialization_ = false;
  for (const LocalRun& run : localRuns_) {
    end += run.count;
    localRunEnds_.push_back(uint32_t(std::min<uint64_t>(end, UINT32_MAX)));
    if (!run.type.isDefaultable()) trackInitialization_ = true;
  }
  // Expanded, lookup is a load; a huge declaration stays in runs instead.
  localTypes_.assign(signature_->params.begin(), signature_->params.end());
  const bool expanded = end <= kMaxExpandedLocals;
  if (expanded) {
    for (const LocalRun& run : localRuns_) {
      localTypes_.insert(localTypes_.end(), run.count, run.type);
    }
  }
  // Tabulated declared locals are all tracked, defaultable ones too: a read
  // of one not yet set is not an error but marks it for zeroing
  // (FunctionFacts::setBeforeRead). Beyond the table, only
  // non-defaultable locals are tracked, and a defaultable one counts as set.
  const bool tabulated = expanded && function.localCount > 0;
  trackInitialization_ = trackInitialization_ || tabulated;
  readBeforeSet_.assign(tabulated ? localTypes_.size() : 0, false);
  if (trackInitialization_) {
    // Parameters are set on entry; declared locals are not, except
    // defaultable ones beyond the table.
    localInitialized_.assign(localTypes_.size(), 0);
    std::fill_n(localInitialized_.begin(), signature_->params.size(), 1);
    initializedInRuns_.clear();
    initializedLocals_.clear();
  }
  operandTop_ = operandStorage_.data();
  operandLimit_ = operandTop_ + operandStorage_.size();
  frameBottom_ = operandTop_;
  deepest_ = operandTop_;
  controls_.clear();
  maxControlDepth_ = 0;
  localAccessWeights_.assign(localTypes_.size(), 0);
  callWeight_ = 0;
  usesSimd_ = false;
  usesTailCalls_ = false;
  catchesExceptions_ = false;
  features_ = 0;
  loopDepth_ = 0;
  weight_ = FunctionFacts::kEntryWeight;

  InstructionReader reader(module_.bytes, function.codeOffset, function.codeEnd);
  try {
    for (const LocalRun& run : localRuns_) checkValType(run.type);
    reserveOperands(0);
    ControlFrame body{};
    body.opcode = Opcode::Block;
    body.results = signature_->results.data();
    body.resultCount = uint32_t(signature_->results.size());
    body.entryWeight = weight_;
    pushControl(body);
    validateBody(reader);
  } catch (Invalid& invalid) {
    // A malformed instruction later in the body takes precedence, so the
    // rest is still decoded, from the failing instruction on. Every rule
    // fails before it changes the control stack (or after restoring its
    // depth), so the open blocks are those before that instruction.
    InstructionReader rest(module_.bytes, instructionOffset_, function.codeEnd);
    scanRest(module_, rest, std::max<uint32_t>(uint32_t(controls_.size()), 1));
    return ModuleError{ModuleErrorKind::Invalid, instructionOffset_, functionIndex_,
                       std::move(invalid.message)};
  }
  if (!reader.atEnd()) throw DecodeFailure{reader.offset(), "END opcode expected"};
  facts.maxOperandDepth = uint32_t(deepest_ - operandStorage_.data());
  facts.maxControlDepth = maxControlDepth_;
  // Straight-line code uses each local too rarely to earn it a register.
  if (maxControlDepth_ > 1) facts.localAccessWeights = localAccessWeights_;
  facts.callWeight = callWeight_;
  facts.setBeforeRead = 0;
  const size_t params = signature_->params.size();
  for (size_t i = params; i < readBeforeSet_.size() && i - params < 64; ++i) {
    if (!readBeforeSet_[i]) facts.setBeforeRead |= uint64_t(1) << (i - params);
  }
  facts.usesSimd = usesSimd_;
  facts.usesTailCalls = usesTailCalls_;
  facts.catchesExceptions = catchesExceptions_;
  facts.features = features_;
  return std::nullopt;
}

void FunctionValidator::scan(const WasmModule& module, const FunctionDefinition& function) {
  InstructionReader reader(module.bytes, function.codeOffset, function.codeEnd);
  scanRest(module, reader, 1);
}

void FunctionValidator::failMissingEnd(const WasmModule& module, size_t offset) {
  // The wording follows the reference interpreter, which reads on past the
  // body: into the next body ("END opcode expected"), past the end of the
  // module ("unexpected end") or into the next section, making the code
  // section longer than declared ("section size mismatch").
  size_t codeSectionEnd = module.bytes.size();
  for (const SectionInfo& section : module.sections) {
    if (section.id == kCodeSection) codeSectionEnd = section.payloadOffset + section.payloadSize;
  }
  if (offset < codeSectionEnd) throw DecodeFailure{offset, "END opcode expected"};
  if (offset >= module.bytes.size()) {
    throw DecodeFailure{offset, "unexpected end of section or function"};
  }
  throw DecodeFailure{offset, "section size mismatch: function body without final end"};
}

void FunctionValidator::scanRest(const WasmModule& module, InstructionReader& reader,
                                 uint32_t depth) {
  while (depth > 0) {
    if (reader.atEnd()) failMissingEnd(module, reader.offset());
    const Instruction& instr = reader.next();
    const ImmediateKind immediate = opcodeInfo(instr.opcode).immediate;
    if ((immediate == ImmediateKind::MemoryInit || immediate == ImmediateKind::Data ||
         immediate == ImmediateKind::ArrayData) &&
        !module.dataCount) {
      throw DecodeFailure{instr.offset, "data count section required"};
    }
    depth = uint32_t(int64_t(depth) + nestingChange(instr.opcode));
  }
  if (!reader.atEnd()) throw DecodeFailure{reader.offset(), "END opcode expected"};
}

// ---------------------------------------------------------------------------
// Typing rules, one validateOperator per opcode.

template <Opcode kOpcode>
ValType FunctionValidator::readCheckedImmediates(InstructionReader& reader) {
  constexpr OpcodeInfo kInfo = opcodeInfo(kOpcode);
  using Kind = ImmediateKind;
  ValType address = ValType::I32;
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
    address = memoryAddress(memArg.memory);
    constexpr uint32_t kNaturalLog2 = uint32_t(std::countr_zero(kInfo.width));
    if constexpr (kInfo.feature == Feature::Threads) {
      // Atomic accesses must be naturally aligned.
      if (memArg.alignLog2 != kNaturalLog2) fail("alignment must be exactly natural");
    } else if (memArg.alignLog2 > kNaturalLog2) {
      fail("alignment must not be larger than natural");
    }
    if (memArg.offset > UINT32_MAX && address == ValType::I32) fail("offset out of range");
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
    requireDataSegment(reader.readIndex());
  } else {
    static_assert(kInfo.immediate == Kind::Elem, "no fixed-signature operator has this immediate");
    requireElementSegment(reader.readIndex());
  }
  return address;
}

template <Opcode kOpcode>
void FunctionValidator::validateOperator(InstructionReader& reader) {
  constexpr OpcodeInfo kInfo = opcodeInfo(kOpcode);
  if constexpr (!isSupported(kInfo.feature)) {
    failUnsupported(kOpcode);
  } else {
    if constexpr (kInfo.prefix == 0xFD) usesSimd_ = true;
    validateFixedOperator<kOpcode>(reader);
  }
}

template <Opcode kOpcode>
void FunctionValidator::validateFixedOperator(InstructionReader& reader) {
  constexpr OpcodeInfo kInfo = opcodeInfo(kOpcode);
  static_assert(kInfo.signature != OperatorSignature::Special,
                "a Special opcode needs its own validateOperator specialization");
  const ValType address = readCheckedImmediates<kOpcode>(reader);
  // Operands are popped last parameter first. A memory access's first
  // parameter is its address, of the memory's address type.
  constexpr bool kIsAccess =
      kInfo.immediate == ImmediateKind::MemArg || kInfo.immediate == ImmediateKind::MemArgLane;
  constexpr SignatureTypes kTypes = signatureTypes(kInfo.signature);
  static_assert(kTypes.params.size() <= 3);
  if constexpr (kTypes.params.size() >= 3) pop(kTypes.params[2]);
  if constexpr (kTypes.params.size() >= 2) pop(kTypes.params[1]);
  if constexpr (kTypes.params.size() >= 1) pop(kIsAccess ? address : kTypes.params[0]);
  if constexpr (kTypes.result.has_value()) push(*kTypes.result);
}

// The rules of the Special opcodes. Each repeats always_inline: explicit
// specializations do not inherit it from the primary template.
#define KILN_RULE(op)                                                                       \
  template <>                                                                               \
  [[gnu::always_inline]] inline void FunctionValidator::validateOperator<Opcode::op>( \
      [[maybe_unused]] InstructionReader & reader)

// --- Control -----------------------------------------------------------------

KILN_RULE(Unreachable) { markUnreachable(); }

KILN_RULE(Block) { enterBlock(Opcode::Block, reader.readBlockType()); }

KILN_RULE(Loop) {
  enterBlock(Opcode::Loop, reader.readBlockType());
  // A loop body runs 8 times per entry, up to three levels deep.
  if (++loopDepth_ <= FunctionFacts::kWeighedLoopDepth) weight_ *= FunctionFacts::kLoopIterations;
}

KILN_RULE(If) {
  const BlockType blockType = reader.readBlockType();
  pop(ValType::I32);
  enterBlock(Opcode::If, blockType);
  weight_ /= 2;  // each arm runs half the time
}

KILN_RULE(Else) {
  // The binary grammar only has `else` inside an `if`, so a stray one is
  // malformed, as in the reference interpreter.
  if (controls_.back().opcode != Opcode::If) {
    throw DecodeFailure{instructionOffset_, "illegal opcode"};
  }
  closeFrameFor(Opcode::Else);
  ControlFrame& frame = controls_.back();
  frame.labelWeight += weight_;  // the then arm's fallthrough
  weight_ = frame.entryWeight / 2;
}

KILN_RULE(End) {
  ControlFrame frame = popControl();
  if (frame.opcode == Opcode::Loop) {
    // The fallthrough out of the last iteration.
    if (loopDepth_-- <= FunctionFacts::kWeighedLoopDepth) weight_ /= FunctionFacts::kLoopIterations;
    weight_ = std::min(weight_, frame.entryWeight);
  } else {
    // What reaches the end: the fallthrough, the branches to the label and
    // an `if`'s missing else arm; never more than entered (a br_if adds to
    // the label without taking from the fallthrough).
    const uint64_t implicitElse = frame.opcode == Opcode::If ? frame.entryWeight / 2 : 0;
    weight_ = std::min(weight_ + frame.labelWeight + implicitElse, frame.entryWeight);
  }
  if (frame.opcode == Opcode::If) {
    // An `if` without `else` has an implicit empty else: its parameters
    // must pass through unchanged as its results.
    frame.opcode = Opcode::Else;
    frame.unreachable = false;
    pushControl(frame);
    frame = popControl();
  }
  pushValues(resultTypes(frame), frame.resultCount);
}

KILN_RULE(Br) {
  ControlFrame& target = labelFrame(reader.readIndex());
  popValues(labelTypes(target), labelArity(target));
  addBranchWeight(target, weight_);
  markUnreachable();
}

KILN_RULE(BrIf) {
  const uint32_t depth = reader.readIndex();
  pop(ValType::I32);
  ControlFrame& target = labelFrame(depth);
  popValues(labelTypes(target), labelArity(target));
  pushValues(labelTypes(target), labelArity(target));
  addBranchWeight(target, weight_ / 2);
}

KILN_RULE(BrTable) {
  const BrTableTargets table = reader.readBrTable();
  pop(ValType::I32);
  ControlFrame& fallback = labelFrame(table.defaultTarget);
  const uint32_t arity = labelArity(fallback);
  // Each entry equally likely: an interpreter's handlers share its dispatch.
  const uint64_t share = weight_ / (uint64_t(table.targets.size()) + 1);
  for (uint32_t depth : table.targets) {
    ControlFrame& target = labelFrame(depth);
    if (labelArity(target) != arity) {
      fail("type mismatch: br_table targets have different arities (" +
           std::to_string(labelArity(target)) + " and " + std::to_string(arity) + ")");
    }
    checkTopValues(labelTypes(target), arity);
    addBranchWeight(target, share);
  }
  popValues(labelTypes(fallback), arity);
  addBranchWeight(fallback, share);
  markUnreachable();
}

KILN_RULE(Return) {
  popValues(signature_->results.data(), uint32_t(signature_->results.size()));
  markUnreachable();
}

KILN_RULE(Call) {
  const uint32_t index = reader.readIndex();
  const FuncType* type = functionTypes_[requireFunction(index)];
  callWeight_ += weight_;
  applyCall(*type);
}

KILN_RULE(CallIndirect) {
  const uint32_t typeIndex = reader.readIndex();
  const TableType& target = table(reader.readIndex());
  requireSubtype(target.element, ValType::FuncRef);
  const FuncType& type = funcType(typeIndex);
  callWeight_ += weight_;
  pop(addressValType(target.addressType));
  applyCall(type);
}

KILN_RULE(ReturnCall) {
  const FuncType& type = *functionTypes_[requireFunction(reader.readIndex())];
  checkTailCallResults(type);
  usesTailCalls_ = true;
  popValues(type.params.data(), uint32_t(type.params.size()));
  markUnreachable();
}

KILN_RULE(ReturnCallIndirect) {
  const uint32_t typeIndex = reader.readIndex();
  const TableType& target = table(reader.readIndex());
  requireSubtype(target.element, ValType::FuncRef);
  const FuncType& type = funcType(typeIndex);
  checkTailCallResults(type);
  usesTailCalls_ = true;
  pop(addressValType(target.addressType));
  popValues(type.params.data(), uint32_t(type.params.size()));
  markUnreachable();
}

KILN_RULE(CallRef) {
  const uint32_t typeIndex = reader.readIndex();
  const FuncType& type = funcType(typeIndex);
  callWeight_ += weight_;
  pop(ValType::ref(HeapType::defined(typeIndex), true));
  applyCall(type);
}

KILN_RULE(ReturnCallRef) {
  const uint32_t typeIndex = reader.readIndex();
  const FuncType& type = funcType(typeIndex);
  checkTailCallResults(type);
  usesTailCalls_ = true;
  pop(ValType::ref(HeapType::defined(typeIndex), true));
  popValues(type.params.data(), uint32_t(type.params.size()));
  markUnreachable();
}

// --- Exceptions ----------------------------------------------------------------

KILN_RULE(Throw) {
  const FuncType& type = tagType(reader.readIndex());
  popValues(type.params.data(), uint32_t(type.params.size()));
  markUnreachable();
}

KILN_RULE(ThrowRef) {
  pop(ValType::ExnRef);
  markUnreachable();
}

KILN_RULE(TryTable) {
  const BlockType blockType = reader.readBlockType();
  // The clauses branch to labels outside the try_table.
  for (const CatchClause& clause : reader.readCatchClauses()) validateCatchClause(clause);
  enterBlock(Opcode::TryTable, blockType);
  catchesExceptions_ = true;
}

KILN_RULE(Try) {
  enterBlock(Opcode::Try, reader.readBlockType());
  catchesExceptions_ = true;
}

KILN_RULE(Catch) {
  const uint32_t tag = reader.readIndex();
  const Opcode open = controls_.back().opcode;
  if (open != Opcode::Try && open != Opcode::Catch) fail("catch must follow try or catch");
  const FuncType& type = tagType(tag);
  closeFrameFor(Opcode::Catch);
  // The exception's values are the catch block's parameters.
  ControlFrame& frame = controls_.back();
  frame.params = type.params.data();
  frame.paramCount = uint32_t(type.params.size());
  pushValues(frame.params, frame.paramCount);
}

KILN_RULE(CatchAll) {
  const Opcode open = controls_.back().opcode;
  if (open != Opcode::Try && open != Opcode::Catch) fail("catch_all must follow try or catch");
  closeFrameFor(Opcode::CatchAll);
}

KILN_RULE(Delegate) {
  const uint32_t depth = reader.readIndex();
  if (controls_.back().opcode != Opcode::Try) fail("delegate must close a try block");
  // The label counts from outside the try block.
  if (depth + 1 >= controls_.size()) fail("unknown label " + std::to_string(depth));
  const ControlFrame frame = popControl();
  pushValues(resultTypes(frame), frame.resultCount);
}

KILN_RULE(Rethrow) {
  const ControlFrame& target = labelFrame(reader.readIndex());
  if (target.opcode != Opcode::Catch && target.opcode != Opcode::CatchAll) {
    fail("invalid rethrow label");
  }
  markUnreachable();
}

// --- Parametric and variables --------------------------------------------------

KILN_RULE(Drop) { pop(); }

KILN_RULE(Select) {
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

KILN_RULE(SelectTyped) {
  const SelectTypes types = reader.readSelectTypes();
  if (types.count != 1) fail("invalid result arity");
  checkValType(types.first);
  pop(ValType::I32);
  pop(types.first);
  pop(types.first);
  push(types.first);
}

KILN_RULE(LocalGet) {
  const uint32_t index = reader.readIndex();
  const ValType type = localType(index);
  if (trackInitialization_ && !isLocalInitialized(index)) {
    if (!type.isDefaultable()) fail("uninitialized local " + std::to_string(index));
    // Only tabulated locals get here: beyond the table a defaultable one counts as set.
    if (index < readBeforeSet_.size()) readBeforeSet_[index] = true;
  }
  push(type);
  countLocalAccess(index);
}

KILN_RULE(LocalSet) {
  const uint32_t index = reader.readIndex();
  pop(localType(index));
  if (trackInitialization_) initializeLocal(index);
  countLocalAccess(index);
}

KILN_RULE(LocalTee) {
  const uint32_t index = reader.readIndex();
  const ValType type = localType(index);
  pop(type);
  push(type);
  if (trackInitialization_) initializeLocal(index);
  countLocalAccess(index);
}

KILN_RULE(GlobalGet) { push(global(reader.readIndex()).type); }

KILN_RULE(GlobalSet) {
  const GlobalType& type = global(reader.readIndex());
  if (!type.isMutable) fail("global is immutable");
  pop(type.type);
}

// --- Tables ----------------------------------------------------------------------

KILN_RULE(TableGet) {
  const TableType& target = table(reader.readIndex());
  pop(addressValType(target.addressType));
  push(target.element);
}

KILN_RULE(TableSet) {
  const TableType& target = table(reader.readIndex());
  pop(target.element);
  pop(addressValType(target.addressType));
}

KILN_RULE(TableSize) { push(addressValType(table(reader.readIndex()).addressType)); }

KILN_RULE(TableGrow) {
  const TableType& target = table(reader.readIndex());
  const ValType address = addressValType(target.addressType);
  pop(address);
  pop(target.element);
  push(address);
}

KILN_RULE(TableFill) {
  const TableType& target = table(reader.readIndex());
  const ValType address = addressValType(target.addressType);
  pop(address);
  pop(target.element);
  pop(address);
}

KILN_RULE(TableInit) {
  const uint32_t segment = reader.readIndex();
  const TableType& target = table(reader.readIndex());
  requireElementSegment(segment);
  requireSubtype(module_.elements[segment].type, target.element);
  pop(ValType::I32);
  pop(ValType::I32);
  pop(addressValType(target.addressType));
}

KILN_RULE(TableCopy) {
  const TableType& destination = table(reader.readIndex());
  const TableType& source = table(reader.readIndex());
  requireSubtype(source.element, destination.element);
  // The length is an i64 only when both tables are 64-bit.
  const bool both64 =
      destination.addressType == AddressType::I64 && source.addressType == AddressType::I64;
  pop(both64 ? ValType::I64 : ValType::I32);
  pop(addressValType(source.addressType));
  pop(addressValType(destination.addressType));
}

// --- Memories ------------------------------------------------------------------

KILN_RULE(MemorySize) { push(memoryAddress(reader.readIndex())); }

KILN_RULE(MemoryGrow) {
  const ValType address = memoryAddress(reader.readIndex());
  pop(address);
  push(address);
}

KILN_RULE(MemoryFill) {
  const ValType address = memoryAddress(reader.readIndex());
  pop(address);
  pop(ValType::I32);
  pop(address);
}

KILN_RULE(MemoryCopy) {
  const ValType destination = memoryAddress(reader.readIndex());
  const ValType source = memoryAddress(reader.readIndex());
  // The length is an i64 only when both memories are 64-bit.
  pop(destination == ValType::I64 && source == ValType::I64 ? ValType::I64 : ValType::I32);
  pop(source);
  pop(destination);
}

KILN_RULE(MemoryInit) {
  const uint32_t segment = reader.readIndex();
  const uint32_t memory = reader.readIndex();
  if (!module_.dataCount) throw DecodeFailure{instructionOffset_, "data count section required"};
  const ValType address = memoryAddress(memory);
  requireDataSegment(segment);
  pop(ValType::I32);
  pop(ValType::I32);
  pop(address);
}

// --- References ------------------------------------------------------------------

KILN_RULE(RefNull) {
  const HeapType heapType = reader.readHeapType();
  checkHeapType(heapType);
  push(ValType::ref(heapType, true));
}

KILN_RULE(RefIsNull) {
  popRef();
  push(ValType::I32);
}

KILN_RULE(RefFunc) {
  const uint32_t index = requireFunction(reader.readIndex());
  if (!declaredFunctions_[index]) fail("undeclared function reference");
  push(ValType::ref(HeapType::defined(module_.functionTypeIndex(FuncIndex(index)).value), false));
}

KILN_RULE(RefEq) {
  pop(ValType::EqRef);
  pop(ValType::EqRef);
  push(ValType::I32);
}

KILN_RULE(RefAsNonNull) {
  const ValType type = popRef();
  push(type == kUnknownType ? kBottomRef : type.withNullable(false));
}

KILN_RULE(BrOnNull) {
  const uint32_t depth = reader.readIndex();
  const ValType type = popRef();
  const ControlFrame& target = labelFrame(depth);
  popValues(labelTypes(target), labelArity(target));
  pushValues(labelTypes(target), labelArity(target));
  push(type == kUnknownType ? kBottomRef : type.withNullable(false));
}

KILN_RULE(BrOnNonNull) {
  const uint32_t depth = reader.readIndex();
  const ControlFrame& target = labelFrame(depth);
  const uint32_t arity = labelArity(target);
  if (arity == 0 || !labelTypes(target)[arity - 1].isRef()) {
    fail("type mismatch: br_on_non_null needs a label whose last type is a reference");
  }
  const ValType type = popRef();
  requireSubtype(type == kUnknownType ? kBottomRef : type.withNullable(false),
                 labelTypes(target)[arity - 1]);
  checkBranchPrefix(target, arity - 1);
}

// --- GC: structs -----------------------------------------------------------------

KILN_RULE(StructNew) {
  const uint32_t index = reader.readIndex();
  const std::vector<FieldType>& fields = structType(index).composite.fields;
  for (size_t i = fields.size(); i > 0; --i) pop(fields[i - 1].storage.unpacked());
  push(ValType::ref(HeapType::defined(index), false));
}

KILN_RULE(StructNewDefault) {
  const uint32_t index = reader.readIndex();
  for (const FieldType& field : structType(index).composite.fields) {
    if (!field.storage.unpacked().isDefaultable()) {
      fail("type mismatch: field of type " + toString(field.storage.type) + " has no default");
    }
  }
  push(ValType::ref(HeapType::defined(index), false));
}

KILN_RULE(StructGet) {
  const uint32_t index = reader.readIndex();
  const FieldType& field = structField(structType(index), reader.readIndex());
  if (field.storage.isPacked()) fail("type mismatch: packed field read without a sign extension");
  pop(ValType::ref(HeapType::defined(index), true));
  push(field.storage.type);
}

KILN_RULE(StructGetS) {
  const uint32_t index = reader.readIndex();
  const FieldType& field = structField(structType(index), reader.readIndex());
  if (!field.storage.isPacked()) fail("type mismatch: struct.get_s of a field that is not packed");
  pop(ValType::ref(HeapType::defined(index), true));
  push(ValType::I32);
}

KILN_RULE(StructGetU) {
  const uint32_t index = reader.readIndex();
  const FieldType& field = structField(structType(index), reader.readIndex());
  if (!field.storage.isPacked()) fail("type mismatch: struct.get_u of a field that is not packed");
  pop(ValType::ref(HeapType::defined(index), true));
  push(ValType::I32);
}

KILN_RULE(StructSet) {
  const uint32_t index = reader.readIndex();
  const FieldType& field = structField(structType(index), reader.readIndex());
  if (!field.isMutable) fail("immutable field");
  pop(field.storage.unpacked());
  pop(ValType::ref(HeapType::defined(index), true));
}

// --- GC: arrays ------------------------------------------------------------------

KILN_RULE(ArrayNew) {
  const uint32_t index = reader.readIndex();
  const FieldType& element = arrayType(index).composite.fields[0];
  pop(ValType::I32);
  pop(element.storage.unpacked());
  push(ValType::ref(HeapType::defined(index), false));
}

KILN_RULE(ArrayNewDefault) {
  const uint32_t index = reader.readIndex();
  const FieldType& element = arrayType(index).composite.fields[0];
  if (!element.storage.unpacked().isDefaultable()) {
    fail("type mismatch: array element of type " + toString(element.storage.type) +
         " has no default");
  }
  pop(ValType::I32);
  push(ValType::ref(HeapType::defined(index), false));
}

KILN_RULE(ArrayNewFixed) {
  const uint32_t index = reader.readIndex();
  const uint32_t count = reader.readIndex();
  const ValType element = arrayType(index).composite.fields[0].storage.unpacked();
  for (uint32_t i = 0; i < count; ++i) pop(element);
  push(ValType::ref(HeapType::defined(index), false));
}

KILN_RULE(ArrayNewData) {
  const uint32_t index = reader.readIndex();
  const uint32_t segment = reader.readIndex();
  const FieldType& element = arrayType(index).composite.fields[0];
  if (element.storage.unpacked().isRef()) fail("array type is not numeric or vector");
  requireDataSegment(segment);
  pop(ValType::I32);
  pop(ValType::I32);
  push(ValType::ref(HeapType::defined(index), false));
}

KILN_RULE(ArrayNewElem) {
  const uint32_t index = reader.readIndex();
  const uint32_t segment = reader.readIndex();
  const FieldType& element = arrayType(index).composite.fields[0];
  requireElementSegment(segment);
  requireSubtype(module_.elements[segment].type, element.storage.unpacked());
  pop(ValType::I32);
  pop(ValType::I32);
  push(ValType::ref(HeapType::defined(index), false));
}

KILN_RULE(ArrayGet) {
  const uint32_t index = reader.readIndex();
  const FieldType& element = arrayType(index).composite.fields[0];
  if (element.storage.isPacked()) fail("type mismatch: packed array read without a sign extension");
  pop(ValType::I32);
  pop(ValType::ref(HeapType::defined(index), true));
  push(element.storage.type);
}

KILN_RULE(ArrayGetS) {
  const uint32_t index = reader.readIndex();
  const FieldType& element = arrayType(index).composite.fields[0];
  if (!element.storage.isPacked()) fail("type mismatch: array.get_s of an array that is not packed");
  pop(ValType::I32);
  pop(ValType::ref(HeapType::defined(index), true));
  push(ValType::I32);
}

KILN_RULE(ArrayGetU) {
  const uint32_t index = reader.readIndex();
  const FieldType& element = arrayType(index).composite.fields[0];
  if (!element.storage.isPacked()) fail("type mismatch: array.get_u of an array that is not packed");
  pop(ValType::I32);
  pop(ValType::ref(HeapType::defined(index), true));
  push(ValType::I32);
}

KILN_RULE(ArraySet) {
  const uint32_t index = reader.readIndex();
  const FieldType& element = arrayType(index).composite.fields[0];
  if (!element.isMutable) fail("immutable array");
  pop(element.storage.unpacked());
  pop(ValType::I32);
  pop(ValType::ref(HeapType::defined(index), true));
}

KILN_RULE(ArrayLen) {
  pop(ValType::ArrayRef);
  push(ValType::I32);
}

KILN_RULE(ArrayFill) {
  const uint32_t index = reader.readIndex();
  const FieldType& element = arrayType(index).composite.fields[0];
  if (!element.isMutable) fail("immutable array");
  pop(ValType::I32);
  pop(element.storage.unpacked());
  pop(ValType::I32);
  pop(ValType::ref(HeapType::defined(index), true));
}

KILN_RULE(ArrayCopy) {
  const uint32_t destinationIndex = reader.readIndex();
  const uint32_t sourceIndex = reader.readIndex();
  const FieldType& destination = arrayType(destinationIndex).composite.fields[0];
  const FieldType& source = arrayType(sourceIndex).composite.fields[0];
  if (!destination.isMutable) fail("immutable array");
  const bool storageMatches =
      source.storage.packed == destination.storage.packed &&
      (source.storage.isPacked() || types_.isSubtype(source.storage.type, destination.storage.type));
  if (!storageMatches) fail("array types do not match");
  pop(ValType::I32);
  pop(ValType::I32);
  pop(ValType::ref(HeapType::defined(sourceIndex), true));
  pop(ValType::I32);
  pop(ValType::ref(HeapType::defined(destinationIndex), true));
}

KILN_RULE(ArrayInitData) {
  const uint32_t index = reader.readIndex();
  const uint32_t segment = reader.readIndex();
  const FieldType& element = arrayType(index).composite.fields[0];
  if (!element.isMutable) fail("immutable array");
  if (element.storage.unpacked().isRef()) fail("array type is not numeric or vector");
  requireDataSegment(segment);
  pop(ValType::I32);
  pop(ValType::I32);
  pop(ValType::I32);
  pop(ValType::ref(HeapType::defined(index), true));
}

KILN_RULE(ArrayInitElem) {
  const uint32_t index = reader.readIndex();
  const uint32_t segment = reader.readIndex();
  const FieldType& element = arrayType(index).composite.fields[0];
  if (!element.isMutable) fail("immutable array");
  requireElementSegment(segment);
  requireSubtype(module_.elements[segment].type, element.storage.unpacked());
  pop(ValType::I32);
  pop(ValType::I32);
  pop(ValType::I32);
  pop(ValType::ref(HeapType::defined(index), true));
}

// --- GC: casts, i31, conversions ---------------------------------------------------

KILN_RULE(RefTest) {
  const HeapType target = reader.readHeapType();
  checkHeapType(target);
  popRefOf(types_.topOf(target));
  push(ValType::I32);
}

KILN_RULE(RefTestNull) { validateOperator<Opcode::RefTest>(reader); }

KILN_RULE(RefCast) {
  const HeapType target = reader.readHeapType();
  checkHeapType(target);
  popRefOf(types_.topOf(target));
  push(ValType::ref(target, false));
}

KILN_RULE(RefCastNull) {
  const HeapType target = reader.readHeapType();
  checkHeapType(target);
  popRefOf(types_.topOf(target));
  push(ValType::ref(target, true));
}

// br_on_cast l rt1 rt2 and br_on_cast_fail: rt2 <: rt1; the operand is an
// rt1. One branches with rt2 and falls through with rt1 minus rt2, the
// other the other way round.
KILN_RULE(BrOnCast) {
  const CastImmediates cast = reader.readCastImmediates();
  checkHeapType(cast.source);
  checkHeapType(cast.target);
  const ValType source = ValType::ref(cast.source, cast.sourceNullable);
  const ValType target = ValType::ref(cast.target, cast.targetNullable);
  requireSubtype(target, source);
  const ControlFrame& label = labelFrame(cast.label);
  const uint32_t arity = labelArity(label);
  if (arity == 0) fail("type mismatch: br_on_cast needs a label with a result");
  requireSubtype(target, labelTypes(label)[arity - 1]);
  pop(source);
  checkBranchPrefix(label, arity - 1);
  push(source.withNullable(cast.sourceNullable && !cast.targetNullable));
}

KILN_RULE(BrOnCastFail) {
  const CastImmediates cast = reader.readCastImmediates();
  checkHeapType(cast.source);
  checkHeapType(cast.target);
  const ValType source = ValType::ref(cast.source, cast.sourceNullable);
  const ValType target = ValType::ref(cast.target, cast.targetNullable);
  requireSubtype(target, source);
  const ControlFrame& label = labelFrame(cast.label);
  const uint32_t arity = labelArity(label);
  if (arity == 0) fail("type mismatch: br_on_cast_fail needs a label with a result");
  requireSubtype(source.withNullable(cast.sourceNullable && !cast.targetNullable),
                 labelTypes(label)[arity - 1]);
  pop(source);
  checkBranchPrefix(label, arity - 1);
  push(target);
}

KILN_RULE(AnyConvertExtern) {
  const ValType type = popRefOf(HeapType::kExtern);
  push(ValType::ref(HeapType::kAny, type != kUnknownType && type.isNullable()));
}

KILN_RULE(ExternConvertAny) {
  const ValType type = popRefOf(HeapType::kAny);
  push(ValType::ref(HeapType::kExtern, type != kUnknownType && type.isNullable()));
}

KILN_RULE(RefI31) {
  pop(ValType::I32);
  push(ValType::ref(HeapType::kI31, false));
}

KILN_RULE(I31GetS) {
  pop(ValType::I31Ref);
  push(ValType::I32);
}

KILN_RULE(I31GetU) {
  pop(ValType::I31Ref);
  push(ValType::I32);
}

#undef KILN_RULE

void FunctionValidator::validateBody(InstructionReader& reader) {
  while (!controls_.empty()) {
    if (reader.atEnd()) [[unlikely]] failMissingEnd(module_, reader.offset());
    instructionOffset_ = reader.offset();
    switch (reader.readOpcode()) {
#define KILN_OPCODE(name, prefix, code, text, imm, sig, width, feature) \
  case Opcode::name:                                                    \
    features_ |= featureBit(Feature::feature);                          \
    validateOperator<Opcode::name>(reader);                             \
    break;
#include "binary/opcodes.def"
#undef KILN_OPCODE
    }
  }
}

// ---------------------------------------------------------------------------
// Blocks, calls and branches.

void FunctionValidator::blockSignature(const BlockType& blockType, ControlFrame& frame) {
  frame.params = nullptr;
  frame.paramCount = 0;
  frame.results = nullptr;
  frame.resultCount = 0;
  if (blockType.kind == BlockType::Kind::Value) {
    checkValType(blockType.value);
    frame.single = blockType.value;
    frame.resultCount = 1;
  } else if (blockType.kind == BlockType::Kind::TypeIndex) {
    const FuncType& type = funcType(blockType.typeIndex);
    frame.params = type.params.data();
    frame.paramCount = uint32_t(type.params.size());
    frame.results = type.results.data();
    frame.resultCount = uint32_t(type.results.size());
  }
}

void FunctionValidator::enterBlock(Opcode opcode, const BlockType& blockType) {
  ControlFrame frame{};
  frame.opcode = opcode;
  blockSignature(blockType, frame);
  popValues(frame.params, frame.paramCount);
  frame.loopDepth = loopDepth_;
  frame.entryWeight = weight_;
  pushControl(frame);
}

void FunctionValidator::closeFrameFor(Opcode next) {
  // The frame's results must be complete; the next part starts afresh with
  // the frame's parameters (`else`) or none (`catch_all`; `catch` pushes
  // its tag's values).
  ControlFrame frame = popControl();
  frame.opcode = next;
  frame.unreachable = false;
  if (next != Opcode::Else) {
    frame.params = nullptr;
    frame.paramCount = 0;
  }
  pushControl(frame);
}

void FunctionValidator::checkTailCallResults(const FuncType& callee) {
  const std::vector<ValType>& results = signature_->results;
  bool matches = callee.results.size() == results.size();
  for (size_t i = 0; matches && i < results.size(); ++i) {
    matches = types_.isSubtype(callee.results[i], results[i]);
  }
  if (!matches) {
    fail("type mismatch: tail call's results " + toString(FuncType{{}, callee.results}) +
         " are not the function's " + toString(FuncType{{}, results}));
  }
}

void FunctionValidator::checkBranchPrefix(const ControlFrame& target, uint32_t count) {
  // Pops the label's first `count` types and pushes them back: the branch
  // keeps them on the stack when it is not taken.
  popValues(labelTypes(target), count);
  pushValues(labelTypes(target), count);
}

void FunctionValidator::validateCatchClause(const CatchClause& clause) {
  const ControlFrame& target = labelFrame(clause.label);
  const ValType* labels = labelTypes(target);
  const uint32_t arity = labelArity(target);
  // What the clause delivers to the label: the tag's values, then an
  // exnref for the _ref forms.
  std::vector<ValType> delivered;
  if (clause.kind == CatchClause::Kind::Catch || clause.kind == CatchClause::Kind::CatchRef) {
    const FuncType& type = tagType(clause.tag);
    delivered = type.params;
  }
  if (clause.kind == CatchClause::Kind::CatchRef || clause.kind == CatchClause::Kind::CatchAllRef) {
    delivered.push_back(ValType::ref(HeapType::kExn, false));
  }
  bool matches = delivered.size() == arity;
  for (uint32_t i = 0; matches && i < arity; ++i) matches = types_.isSubtype(delivered[i], labels[i]);
  if (!matches) {
    fail("type mismatch: catch clause delivers " + toString(FuncType{{}, delivered}) +
         " to a label of " + toString(FuncType{{}, std::vector<ValType>(labels, labels + arity)}));
  }
}

// ---------------------------------------------------------------------------
// Operand and control stacks.

void FunctionValidator::popOther(ValType expected) {
  if (operandTop_ == frameBottom_) {
    if (controls_.back().unreachable) return;
    failMissingOperand(expected);
  }
  const ValType actual = operandTop_[-1];
  if (!types_.isSubtype(actual, expected)) failMismatch(expected, actual);
  --operandTop_;
}

ValType FunctionValidator::pop() {
  if (operandTop_ == frameBottom_) {
    if (controls_.back().unreachable) return kUnknownType;
    failMissingOperand(kUnknownType);
  }
  return *--operandTop_;
}

ValType FunctionValidator::popRef() {
  const ValType type = pop();
  if (type != kUnknownType && !type.isRef()) {
    fail("type mismatch: expected a reference, found " + std::string(typeName(type)));
  }
  return type;
}

ValType FunctionValidator::popRefOf(HeapType::Code top) {
  const ValType type = operandTop_ > frameBottom_ ? operandTop_[-1] : kUnknownType;
  pop(ValType::ref(top, true));
  return type;
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
    if (!types_.isSubtype(actual, expected)) failMismatch(expected, actual);
  }
}

void FunctionValidator::pushControl(const ControlFrame& frame) {
  controls_.push_back(frame);
  ControlFrame& pushed = controls_.back();
  pushed.height = uint32_t(operandTop_ - operandStorage_.data());
  pushed.initHeight = uint32_t(initializedLocals_.size());
  pushed.unreachable = false;
  frameBottom_ = operandTop_;
  maxControlDepth_ = std::max(maxControlDepth_, uint32_t(controls_.size()));
  pushValues(pushed.params, pushed.paramCount);
}

FunctionValidator::ControlFrame FunctionValidator::popControl() {
  const ControlFrame frame = controls_.back();
  popValues(resultTypes(frame), frame.resultCount);
  if (operandTop_ != frameBottom_) {
    fail("type mismatch: " + std::to_string(operandTop_ - frameBottom_) +
         " value(s) left on the stack at the end of the block");
  }
  if (trackInitialization_) resetInitializedLocals(frame.initHeight);
  controls_.pop_back();
  if (!controls_.empty()) frameBottom_ = operandStorage_.data() + controls_.back().height;
  return frame;
}

void FunctionValidator::addBranchWeight(ControlFrame& target, uint64_t weight) {
  if (target.opcode == Opcode::Loop) return;
  // Leaving loops divides by their iterations.
  const uint32_t weighedHere = std::min(loopDepth_, FunctionFacts::kWeighedLoopDepth);
  const uint32_t weighedThere = std::min(target.loopDepth, FunctionFacts::kWeighedLoopDepth);
  for (uint32_t i = weighedThere; i < weighedHere; ++i) weight /= FunctionFacts::kLoopIterations;
  target.labelWeight += weight;
}

void FunctionValidator::markUnreachable() {
  operandTop_ = frameBottom_;
  controls_.back().unreachable = true;
  weight_ = 0;  // dead code runs never
}

const ValType* FunctionValidator::labelTypes(const ControlFrame& frame) {
  return frame.opcode == Opcode::Loop ? frame.params : resultTypes(frame);
}

uint32_t FunctionValidator::labelArity(const ControlFrame& frame) {
  return frame.opcode == Opcode::Loop ? frame.paramCount : frame.resultCount;
}

// ---------------------------------------------------------------------------
// Locals.

ValType FunctionValidator::localTypeInRuns(uint32_t index) {
  // Runs are few but may declare very many locals each: binary search over
  // their end indices rather than expanding them.
  const auto run = std::upper_bound(localRunEnds_.begin(), localRunEnds_.end(), index);
  if (index < signature_->params.size() || run == localRunEnds_.end()) {
    fail("unknown local " + std::to_string(index));
  }
  return localRuns_[size_t(run - localRunEnds_.begin())].type;
}

bool FunctionValidator::isLocalInitialized(uint32_t index) const {
  if (index < localInitialized_.size()) return localInitialized_[index];
  // Beyond the flat table (huge declarations): only the set ones are listed.
  const auto run = std::upper_bound(localRunEnds_.begin(), localRunEnds_.end(), index);
  const ValType type = localRuns_[size_t(run - localRunEnds_.begin())].type;
  return type.isDefaultable() || initializedInRuns_.count(index) > 0;
}

void FunctionValidator::initializeLocal(uint32_t index) {
  if (isLocalInitialized(index)) return;
  if (index < localInitialized_.size()) {
    localInitialized_[index] = 1;
  } else {
    initializedInRuns_.insert(index);
  }
  initializedLocals_.push_back(index);
}

void FunctionValidator::resetInitializedLocals(uint32_t height) {
  while (initializedLocals_.size() > height) {
    const uint32_t index = initializedLocals_.back();
    initializedLocals_.pop_back();
    if (index < localInitialized_.size()) {
      localInitialized_[index] = 0;
    } else {
      initializedInRuns_.erase(index);
    }
  }
}

// ---------------------------------------------------------------------------
// Index checks and errors.

const GlobalType& FunctionValidator::global(uint32_t index) {
  if (index >= module_.globalCount()) fail("unknown global " + std::to_string(index));
  return module_.globalType(GlobalIndex(index));
}

const TableType& FunctionValidator::table(uint32_t index) {
  if (index >= module_.tableCount()) fail("unknown table " + std::to_string(index));
  return module_.tableType(TableIndex(index));
}

const DefinedType& FunctionValidator::definedType(uint32_t index) {
  if (index >= module_.types.size()) fail("unknown type " + std::to_string(index));
  return module_.types[index];
}

const FuncType& FunctionValidator::funcType(uint32_t index) {
  const DefinedType& type = definedType(index);
  if (!type.isFunc()) fail("type mismatch: type " + std::to_string(index) + " is not a function type");
  return type.func();
}

const DefinedType& FunctionValidator::structType(uint32_t index) {
  const DefinedType& type = definedType(index);
  if (!type.isStruct()) fail("type mismatch: type " + std::to_string(index) + " is not a struct type");
  return type;
}

const DefinedType& FunctionValidator::arrayType(uint32_t index) {
  const DefinedType& type = definedType(index);
  if (!type.isArray()) fail("type mismatch: type " + std::to_string(index) + " is not an array type");
  return type;
}

const FieldType& FunctionValidator::structField(const DefinedType& type, uint32_t field) {
  if (field >= type.composite.fields.size()) fail("unknown field " + std::to_string(field));
  return type.composite.fields[field];
}

const FuncType& FunctionValidator::tagType(uint32_t index) {
  if (index >= module_.tagCount()) fail("unknown tag " + std::to_string(index));
  return module_.funcType(TypeIndex(module_.tagType(index).typeIndex));
}

void FunctionValidator::requireElementSegment(uint32_t index) {
  if (index >= module_.elements.size()) fail("unknown elem segment " + std::to_string(index));
}

void FunctionValidator::requireDataSegment(uint32_t index) {
  if (!module_.dataCount) throw DecodeFailure{instructionOffset_, "data count section required"};
  if (index >= *module_.dataCount) fail("unknown data segment " + std::to_string(index));
}

void FunctionValidator::checkValType(ValType type) {
  if (type.isRef()) checkHeapType(type.heapType());
}

void FunctionValidator::checkHeapType(HeapType type) {
  if (type.isIndex() && type.index() >= module_.types.size()) {
    fail("unknown type " + std::to_string(type.index()));
  }
  if (!type.isIndex() && topOfAbstract(type.code()) == HeapType::kAny) {
    features_ |= featureBit(Feature::Gc);
  }
}

void FunctionValidator::requireSubtype(ValType sub, ValType super) {
  if (!types_.isSubtype(sub, super)) failMismatch(super, sub);
}

void FunctionValidator::failUnsupported(Opcode op) {
  const OpcodeInfo& info = opcodeInfo(op);
  throw unsupportedFailure(instructionOffset_, info.feature, info.name, functionIndex_);
}

void FunctionValidator::fail(std::string message) {
  // The opcode is decoded again here so that the per-instruction path only
  // records where the instruction starts.
  InstructionReader reader(module_.bytes, instructionOffset_, codeEnd_);
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
