#include "compiler/x64/function_compiler.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "binary/instruction_reader.h"

namespace kiln::x64 {

namespace {

uint32_t alignTo16(uint32_t n) { return (n + 15) & ~15u; }

std::string hex(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%x", value);
  return text;
}

// Opcodes that consume a pending compare straight from the flags.
bool consumesCondition(Opcode op) {
  switch (op) {
    case Opcode::BrIf:
    case Opcode::If:
    case Opcode::Select:
    case Opcode::SelectTyped:
    case Opcode::I32Eqz:
    case Opcode::Drop:
      return true;
    default:
      return false;
  }
}

// The emit_*.cpp family that compiles an opcode compileInstruction does not
// handle itself. Each family's emit*Op scans its own tables to decide whether
// an opcode is its own: asking them all in turn for every instruction cost
// more than emitting most instructions.
enum class OpcodeEmitter : uint8_t { Unknown, Integer, Float, Conversion, Memory, Table, Bulk };
// Learned per thread, so that compile threads fill it without synchronizing.
thread_local std::array<OpcodeEmitter, kOpcodeCount> emitterOf{};

std::vector<ValType> localTypesOf(const FuncType& type, const FunctionDefinition& function) {
  std::vector<ValType> types = type.params;
  for (const LocalRun& run : function.localRuns) types.insert(types.end(), run.count, run.type);
  return types;
}

}  // namespace

CpuSupport CpuSupport::host() {
  static const CpuSupport support = [] {
    const asmjit::CpuInfo& info = asmjit::CpuInfo::host();
    CpuSupport s;
    s.sse41 = info.hasFeature(asmjit::CpuFeatures::X86::kSSE4_1);
    s.popcnt = info.hasFeature(asmjit::CpuFeatures::X86::kPOPCNT);
    s.lzcnt = info.hasFeature(asmjit::CpuFeatures::X86::kLZCNT);
    s.bmi1 = info.hasFeature(asmjit::CpuFeatures::X86::kBMI);
    return s;
  }();
  return support;
}

ModuleContext::ModuleContext(const WasmModule& m, const CompilerOptions& o)
    : module(m), offsets(m), options(o), cpu(CpuSupport::host()) {
  // Calls pass parameters (and two or more results) in 8-byte slots at the
  // bottom of the caller's frame; size that area once for every type.
  for (const FuncType& type : m.types) {
    size_t results = type.results.size() >= 2 ? type.results.size() : 0;
    outgoingSlots = std::max(outgoingSlots, uint32_t(std::max(type.params.size(), results)));
  }
  functionTypes.reserve(m.importedFunctionCount() + m.functions.size());
  for (uint32_t i = 0; i < m.importedFunctionCount() + m.functions.size(); ++i) {
    functionTypes.push_back(&m.functionType(FuncIndex(i)));
  }
}

FunctionCompiler::FunctionCompiler(const ModuleContext& context, uint32_t definedIndex,
                                   CompileScratch& scratch)
    : context_(context),
      module_(context.module),
      function_(context.module.functions[definedIndex]),
      type_(context.module.types[function_.type.value]),
      funcIndex_(context.module.importedFunctionCount() + definedIndex),
      scratch_(scratch),
      code_(scratch.code),
      a_(&scratch.code),
      paramCount_(uint32_t(type_.params.size())),
      localTypes_(localTypesOf(type_, function_)),
      homes_(chooseLocalHomes(function_, localTypes_)),
      stack_(a_, int32_t(16 + 8 * (function_.localCount + homes_.savedGpCount)),
             function_.maxOperandDepth + 1) {
  frameSize_ = alignTo16(16 + 8 * (function_.localCount + homes_.savedGpCount) +
                         8 * stack_.capacity() + 8 * context_.outgoingSlots);
}

LocalHomes FunctionCompiler::chooseLocalHomes(const FunctionDefinition& function,
                                              const std::vector<ValType>& localTypes) {
  // Below this a register saves less than its prologue and epilogue cost.
  constexpr uint64_t kMinWeight = 4;
  LocalHomes homes;
  homes.reg.assign(localTypes.size(), LocalHomes::kFrame);
  // The validator weighed every access by the loops around it (none for
  // straight-line bodies, which use each local too rarely to pay).
  const std::vector<uint64_t>& weight = function.localAccessWeights;
  if (weight.size() != localTypes.size()) return homes;
  const uint64_t callWeight = function.callWeight;
  // The heaviest locals of each class, heaviest first. A register that calls
  // clobber costs a store and a load around each call: it pays only for a
  // local used more than twice as often as calls happen.
  auto choose = [&](bool floats, size_t calleeSaved, size_t count) {
    std::vector<uint32_t> chosen;
    for (uint32_t i = 0; i < localTypes.size(); ++i) {
      ValType type = localTypes[i];
      bool eligible = floats ? isFloat(type) : (type == ValType::I32 || type == ValType::I64);
      if (!eligible || weight[i] < kMinWeight) continue;
      auto place = std::find_if(chosen.begin(), chosen.end(),
                                [&](uint32_t other) { return weight[other] < weight[i]; });
      if (size_t(place - chosen.begin()) >= count) continue;
      chosen.insert(place, i);
      if (chosen.size() > count) chosen.pop_back();
    }
    while (chosen.size() > calleeSaved && weight[chosen.back()] <= 2 * callWeight) {
      chosen.pop_back();
    }
    return chosen;
  };
  std::vector<uint32_t> gpLocals = choose(false, kCalleeSavedLocalGpRegs, std::size(kLocalGpRegs));
  for (uint32_t i = 0; i < gpLocals.size(); ++i) {
    homes.reg[gpLocals[i]] = kLocalGpRegs[i];
    if (i >= kCalleeSavedLocalGpRegs) homes.callClobbered.push_back(gpLocals[i]);
  }
  homes.savedGpCount = std::min(uint32_t(gpLocals.size()), kCalleeSavedLocalGpRegs);
  std::vector<uint32_t> xmmLocals = choose(true, 0, std::size(kLocalXmmRegs));
  for (uint32_t i = 0; i < xmmLocals.size(); ++i) {
    homes.reg[xmmLocals[i]] = kLocalXmmRegs[i];
    homes.callClobbered.push_back(xmmLocals[i]);
  }
  return homes;
}

x86::Mem FunctionCompiler::savedGpSlot(uint32_t i) const {
  return x86::qword_ptr(x86::rbp, -int32_t(16 + 8 * (function_.localCount + i)));
}

void FunctionCompiler::storeCallClobberedLocals() {
  for (uint32_t index : homes_.callClobbered) {
    StackValue home;
    home.type = localType(index);
    home.location = ValueLocation::Register;
    home.reg = localRegister(index);
    stack_.store(home, localSlot(index));
  }
}

void FunctionCompiler::reloadCallClobberedLocals() {
  for (uint32_t index : homes_.callClobbered) {
    stack_.loadFromMemory(localType(index), localRegister(index), localSlot(index));
  }
}

x86::Mem FunctionCompiler::localSlot(uint32_t index) const {
  if (index < paramCount_) return x86::qword_ptr(x86::rbp, int32_t(16 + 8 * index));
  return x86::qword_ptr(x86::rbp, -int32_t(16 + 8 * (index - paramCount_)));
}

// Frame (docs/compiler.md): [rbp+16+8i] parameters, [rbp] saved rbp,
// [rbp-8] vmctx, [rbp-16-8k] declared locals, then operand spill slots,
// then the outgoing argument area at rsp.
void FunctionCompiler::emitPrologue() {
  a_.mov(x86::r14, x86::rdi);
  // Called from another instance (rsi is the caller's vmctx): this thread's
  // stack limit is the caller's, which this instance may never have been
  // given (it is set by entries into an instance, not by calls across).
  directEntry_ = a_.newLabel();
  inheritLimit_ = a_.newLabel();
  a_.cmp(x86::rsi, x86::rdi);
  a_.jne(inheritLimit_);
  // Direct calls from the same instance start here: r14 is already this
  // instance's vmctx and the stack limit is the caller's own.
  a_.bind(directEntry_);
  a_.push(x86::rbp);
  a_.mov(x86::rbp, x86::rsp);
  a_.lea(x86::r11, x86::qword_ptr(x86::rsp, -int32_t(frameSize_)));
  a_.cmp(x86::r11, x86::qword_ptr(x86::r14, VMOffsets::stackLimit()));
  a_.jb(trapLabel(TrapCode::StackOverflow));
  if (frameSize_ >= 4096) {
    a_.mov(x86::eax, frameSize_);
    a_.mov(x86::r11, x86::qword_ptr(x86::r14, VMOffsets::libcalls()));
    a_.call(x86::qword_ptr(x86::r11, 8 * uint32_t(LibCall::Probestack)));
  }
  a_.sub(x86::rsp, frameSize_);
  a_.mov(x86::qword_ptr(x86::rbp, -8), x86::r14);
  uint32_t declared = function_.localCount;
  if (declared <= 16) {
    // A local homed in a register is zeroed there below; its slot is only
    // written (before calls) before it is read.
    for (uint32_t k = 0; k < declared; ++k) {
      if (localRegister(paramCount_ + k) == LocalHomes::kFrame) a_.mov(localSlot(paramCount_ + k), 0);
    }
  } else {
    a_.xor_(x86::eax, x86::eax);
    a_.lea(x86::rdi, x86::qword_ptr(x86::rbp, -int32_t(8 + 8 * declared)));
    a_.mov(x86::ecx, declared);
    a_.rep().stosq();
  }
  // Only now: the zeroing above may use rdi, rcx and rax.
  for (uint32_t i = 0; i < homes_.savedGpCount; ++i) {
    a_.mov(savedGpSlot(i), x86::gpq(kLocalGpRegs[i]));
  }
  for (uint32_t index = 0; index < localTypes_.size(); ++index) {
    uint8_t reg = localRegister(index);
    if (reg == LocalHomes::kFrame) continue;
    if (index < paramCount_) {
      stack_.loadFromMemory(localType(index), reg, localSlot(index));
    } else if (isFloat(localType(index))) {
      a_.xorps(x86::xmm(reg), x86::xmm(reg));
    } else {
      a_.xor_(x86::gpd(reg), x86::gpd(reg));
    }
  }
  if (context_.options.interruptible) {
    a_.cmp(x86::qword_ptr(x86::r14, VMOffsets::interruptRequested()), 0);
    a_.jne(trapLabel(TrapCode::Interrupt));
  }
  reloadMemoryBase();
}

void FunctionCompiler::refuseSimd(const std::string& where) {
  error_.message = std::string(kSimdUnsupported) + "function " + std::to_string(funcIndex_) + ", " +
                   where;
  error_.refusedSimd = true;
}

bool FunctionCompiler::compile() {
  for (uint32_t i = paramCount_; i < localTypes_.size(); ++i) {
    if (localTypes_[i] == ValType::V128) {
      refuseSimd("local " + std::to_string(i) + " is v128");
      return false;
    }
  }
  wasmOffset_ = uint32_t(function_.codeOffset);  // prologue traps: the function's first instruction
  emitPrologue();
  ControlFrame body;
  body.kind = ControlFrame::Kind::Function;
  body.label = a_.newLabel();
  body.results = type_.results;
  controls_.reserve(function_.maxControlDepth);  // counting the body's own frame
  controls_.push_back(body);

  InstructionReader reader(module_.bytes, function_.codeOffset, function_.codeEnd);
  while (!reader.atEnd() && !controls_.empty()) {
    const Instruction& instruction = reader.next();
    nextOffset_ = reader.offset();
    wasmOffset_ = uint32_t(instruction.offset);
    if (opcodeInfo(instruction.opcode).prefix == 0xFD) {
      refuseSimd(std::string(opcodeInfo(instruction.opcode).name) + " at offset " +
                 hex(wasmOffset_));
      return false;
    }
    const OpcodeInfo& info = opcodeInfo(instruction.opcode);
    if (!compilesFeature(info.feature)) [[unlikely]] {
      error_.message = std::string(kCompilerUnsupported) + "function " +
                       std::to_string(funcIndex_) + " at offset " + hex(wasmOffset_) + ": " +
                       unsupportedMessage(info.feature, info.name);
      return false;
    }
    if (controls_.back().unreachable) {
      skipUnreachable(instruction);
      continue;
    }
    if (code_.logger()) logInstruction(instruction, "");
    if (stack_.size() && stack_.top().location == ValueLocation::Condition &&
        !consumesCondition(instruction.opcode)) {
      stack_.materializeCondition();
    }
    compileInstruction(instruction);
    if (!error_.message.empty()) return false;
    if (nextConsumed_) {
      const Instruction& consumed = reader.next();
      if (code_.logger()) logInstruction(consumed, " (done by the instruction before)");
      nextConsumed_ = false;
    }
  }
  emitOutOfLineCode();
  stack_.emitConstantPool();
  if (stack_.overflowed()) {
    error_.message = "operand stack deeper than the validator reported";
    return false;
  }
  return true;
}

void FunctionCompiler::logInstruction(const Instruction& instruction, const char* note) {
  code_.logger()->logf("; wasm 0x%zx %s%s\n", instruction.offset,
                       std::string(opcodeInfo(instruction.opcode).name).c_str(), note);
}

void FunctionCompiler::skipUnreachable(const Instruction& instruction) {
  switch (instruction.opcode) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
      ++deadDepth_;
      break;
    case Opcode::Else:
      if (deadDepth_ == 0) emitElse();
      break;
    case Opcode::End:
      if (deadDepth_ > 0) {
        --deadDepth_;
      } else {
        emitEnd();
      }
      break;
    default:
      break;
  }
}

void FunctionCompiler::compileInstruction(const Instruction& ins) {
  switch (ins.opcode) {
    case Opcode::Unreachable:
      a_.jmp(trapLabel(TrapCode::Unreachable));
      markUnreachable();
      return;
    case Opcode::Nop:
      return;
    case Opcode::Block:
      emitBlock(ins, ControlFrame::Kind::Block);
      return;
    case Opcode::Loop:
      emitBlock(ins, ControlFrame::Kind::Loop);
      return;
    case Opcode::If:
      emitIf(ins);
      return;
    case Opcode::Else:
      emitElse();
      return;
    case Opcode::End:
      emitEnd();
      return;
    case Opcode::Br:
      emitBr(ins.index);
      return;
    case Opcode::BrIf:
      emitBrIf(ins.index);
      return;
    case Opcode::BrTable:
      emitBrTable(ins);
      return;
    case Opcode::Return:
      emitReturn();
      markUnreachable();
      return;
    case Opcode::Call:
      emitCall(ins.index);
      return;
    case Opcode::CallIndirect:
      emitCallIndirect(ins.index, ins.index2);
      return;
    case Opcode::Drop: {
      StackValue value = stack_.pop();
      if (value.location == ValueLocation::Register) stack_.free(value.type, value.reg);
      return;
    }
    case Opcode::Select:
    case Opcode::SelectTyped:
      emitSelect();
      return;
    case Opcode::LocalGet:
      emitLocalGet(ins.index);
      return;
    case Opcode::LocalSet:
      emitLocalSet(ins.index, false);
      return;
    case Opcode::LocalTee:
      emitLocalSet(ins.index, true);
      return;
    case Opcode::GlobalGet:
      emitGlobalGet(ins.index);
      return;
    case Opcode::GlobalSet:
      emitGlobalSet(ins.index);
      return;
    case Opcode::I32Const:
      stack_.pushConstant(ValType::I32, int64_t(int32_t(ins.value)));
      return;
    case Opcode::I64Const:
      stack_.pushConstant(ValType::I64, int64_t(ins.value));
      return;
    case Opcode::F32Const:
      stack_.pushConstant(ValType::F32, int64_t(ins.value & 0xFFFFFFFFu));
      return;
    case Opcode::F64Const:
      stack_.pushConstant(ValType::F64, int64_t(ins.value));
      return;
    default:
      break;
  }
  // Which emitter takes an opcode depends on the opcode alone: ask them in
  // turn only the first time this thread meets it, then go straight there.
  OpcodeEmitter& emitter = emitterOf[size_t(ins.opcode)];
  // A known emitter that declines anyway falls through to the full search
  // and its error rather than leaving the instruction silently uncompiled.
  bool handled = false;
  switch (emitter) {
    case OpcodeEmitter::Integer: handled = emitIntegerOp(ins.opcode); break;
    case OpcodeEmitter::Float: handled = emitFloatOp(ins.opcode); break;
    case OpcodeEmitter::Conversion: handled = emitConversionOp(ins.opcode); break;
    case OpcodeEmitter::Memory: handled = emitMemoryOp(ins); break;
    case OpcodeEmitter::Table: handled = emitTableOp(ins); break;
    case OpcodeEmitter::Bulk: handled = emitBulkOp(ins); break;
    case OpcodeEmitter::Unknown: break;
  }
  if (handled) return;
  emitter = OpcodeEmitter::Unknown;
  if (emitIntegerOp(ins.opcode)) {
    emitter = OpcodeEmitter::Integer;
  } else if (emitFloatOp(ins.opcode)) {
    emitter = OpcodeEmitter::Float;
  } else if (emitConversionOp(ins.opcode)) {
    emitter = OpcodeEmitter::Conversion;
  } else if (emitMemoryOp(ins)) {
    emitter = OpcodeEmitter::Memory;
  } else if (emitTableOp(ins)) {
    emitter = OpcodeEmitter::Table;
  } else if (emitBulkOp(ins)) {
    emitter = OpcodeEmitter::Bulk;
  }
  if (emitter != OpcodeEmitter::Unknown) return;
  error_.message = "unsupported instruction " + std::string(opcodeInfo(ins.opcode).name) +
                   " at offset " + std::to_string(ins.offset);
}

// --- Control flow ---------------------------------------------------------
//
// Merge rule: on entry to a block, loop or if every register value is
// spilled, so values below a block never move while it runs; a label's
// values (results, or a loop's parameters) meet in the spill slots of the
// positions they occupy after the label.

void FunctionCompiler::blockSignature(const BlockType& type, ControlFrame& frame) const {
  // Spans into the module's types or static storage: opening a block allocates nothing.
  frame.params = {};
  frame.results = {};
  if (type.kind == BlockType::Kind::Value) frame.results = singleTypeList(type.value);
  if (type.kind == BlockType::Kind::TypeIndex) {
    frame.params = module_.types[type.typeIndex].params;
    frame.results = module_.types[type.typeIndex].results;
  }
}

void FunctionCompiler::emitBlock(const Instruction& ins, ControlFrame::Kind kind) {
  ControlFrame frame;
  frame.kind = kind;
  blockSignature(ins.blockType, frame);
  stack_.spillAll();
  frame.height = stack_.size() - frame.params.size();
  frame.label = a_.newLabel();
  if (kind == ControlFrame::Kind::Loop) {
    storeConstantsToSlots(frame.params.size());
    a_.bind(frame.label);
    if (context_.options.interruptible) {
      a_.cmp(x86::qword_ptr(x86::r14, VMOffsets::interruptRequested()), 0);
      a_.jne(trapLabel(TrapCode::Interrupt));
    }
  }
  controls_.push_back(std::move(frame));
}

void FunctionCompiler::storeConstantsToSlots(size_t count) {
  for (size_t position = stack_.size() - count; position < stack_.size(); ++position) {
    StackValue& value = stack_.at(position);
    if (value.location != ValueLocation::Constant) continue;
    stack_.store(value, stack_.slot(position));
    value.location = ValueLocation::Slot;
  }
}

void FunctionCompiler::emitIf(const Instruction& ins) {
  x86::CondCode cond = popCondition();
  ControlFrame frame;
  frame.kind = ControlFrame::Kind::If;
  blockSignature(ins.blockType, frame);
  stack_.spillAll();  // moves only: the flags survive
  frame.height = stack_.size() - frame.params.size();
  frame.label = a_.newLabel();
  frame.elseLabel = a_.newLabel();
  for (size_t i = frame.height; i < stack_.size(); ++i) frame.ifParams.push_back(stack_.at(i));
  a_.j(x86::negateCond(cond), frame.elseLabel);
  controls_.push_back(std::move(frame));
}

void FunctionCompiler::emitElse() {
  ControlFrame& frame = controls_.back();
  if (!frame.unreachable) {
    moveBranchValues(frame);
    a_.jmp(frame.label);
    frame.branchedTo = true;
  }
  a_.bind(frame.elseLabel);
  frame.hasElse = true;
  frame.unreachable = false;
  // The then arm may have overwritten the parameters' slots with its results,
  // but only on its own path: here they hold what they held at the `if`.
  stack_.truncate(frame.height);
  for (const StackValue& param : frame.ifParams) {
    if (param.location == ValueLocation::Constant) {
      stack_.pushConstant(param.type, param.constant);
    } else {
      stack_.pushSlot(param.type);
    }
  }
}

void FunctionCompiler::emitEnd() {
  ControlFrame& frame = controls_.back();
  if (frame.kind == ControlFrame::Kind::Function) {
    if (!frame.unreachable) emitReturn();
    controls_.pop_back();
    return;
  }
  bool reachable;
  if (frame.kind == ControlFrame::Kind::Loop) {
    // Nothing branches to a loop's end: the values stay where they are.
    reachable = !frame.unreachable;
    if (!reachable) stack_.truncate(frame.height);
  } else {
    if (frame.kind == ControlFrame::Kind::If && !frame.hasElse && !frame.params.empty()) {
      // The missing else passes its parameters on: on that path too they
      // must reach the result slots.
      emitElse();
    }
    reachable = !frame.unreachable;
    if (reachable) moveBranchValues(frame);
    if (frame.kind == ControlFrame::Kind::If && !frame.hasElse) {
      a_.bind(frame.elseLabel);  // the missing else falls through to the end
      reachable = true;
    }
    reachable = reachable || frame.branchedTo;
    a_.bind(frame.label);
    stack_.truncate(frame.height);
    if (reachable) {
      for (ValType type : frame.results) stack_.pushSlot(type);
    }
  }
  controls_.pop_back();
  if (!reachable) markUnreachable();
}

void FunctionCompiler::markUnreachable() {
  ControlFrame& frame = controls_.back();
  frame.unreachable = true;
  stack_.truncate(std::min(frame.height, stack_.size()));
}

void FunctionCompiler::moveBranchValues(ControlFrame& target) {
  size_t count = target.labelTypes().size();
  size_t first = stack_.size() - count;
  for (size_t i = 0; i < count; ++i) {
    const StackValue& value = stack_.at(first + i);
    x86::Mem dst = stack_.slot(target.height + i);
    if (value.location == ValueLocation::Slot) {
      if (first + i == target.height + i) continue;
      a_.mov(x86::r11, stack_.slot(first + i));
      a_.mov(dst, x86::r11);
    } else {
      stack_.store(value, dst);
    }
  }
}

void FunctionCompiler::jumpTo(ControlFrame& target) {
  if (target.kind == ControlFrame::Kind::Function) {
    emitReturn();
    return;
  }
  moveBranchValues(target);
  if (target.kind != ControlFrame::Kind::Loop) target.branchedTo = true;
  a_.jmp(target.label);
}

void FunctionCompiler::branchIf(x86::CondCode cond, ControlFrame& target) {
  size_t count = target.labelTypes().size();
  size_t first = stack_.size() - count;
  bool inPlace = target.kind != ControlFrame::Kind::Function;
  for (size_t i = 0; inPlace && i < count; ++i) {
    inPlace = stack_.at(first + i).location == ValueLocation::Slot && first == target.height;
  }
  if (inPlace) {
    if (target.kind != ControlFrame::Kind::Loop) target.branchedTo = true;
    a_.j(cond, target.label);
    return;
  }
  asmjit::Label skip = a_.newLabel();
  a_.j(x86::negateCond(cond), skip);
  jumpTo(target);
  a_.bind(skip);
}

void FunctionCompiler::emitBr(uint32_t depth) {
  jumpTo(controls_[controls_.size() - 1 - depth]);
  markUnreachable();
}

void FunctionCompiler::emitBrIf(uint32_t depth) {
  x86::CondCode cond = popCondition();
  branchIf(cond, controls_[controls_.size() - 1 - depth]);
}

void FunctionCompiler::emitBrTable(const Instruction& ins) {
  uint8_t index = stack_.popToRegister();
  if (index == 0) {
    // A branch to the function's end returns through rax; keep the index apart.
    uint8_t other = stack_.allocateGp();
    a_.mov(x86::gpq(other), x86::rax);
    stack_.free(ValType::I32, 0);
    index = other;
  }
  for (uint32_t i = 0; i < ins.brTargets.size(); ++i) {
    a_.cmp(x86::gpd(index), i);
    branchIf(x86::CondCode::kE, controls_[controls_.size() - 1 - ins.brTargets[i]]);
  }
  stack_.free(ValType::I32, index);
  jumpTo(controls_[controls_.size() - 1 - ins.index]);
  markUnreachable();
}

x86::CondCode FunctionCompiler::popCondition() {
  if (stack_.top().location == ValueLocation::Condition) return stack_.pop().cond;
  Operand value = stack_.popForRead();
  a_.test(x86::gpd(value.reg), x86::gpd(value.reg));
  stack_.release(ValType::I32, value);
  return x86::CondCode::kNE;
}

// Results: one in rax or xmm0; two or more in the caller's outgoing area,
// which starts at [rbp + 16] (where the parameters came in).
void FunctionCompiler::emitReturn() {
  size_t count = type_.results.size();
  size_t first = stack_.size() - count;
  if (count == 1) {
    stack_.load(stack_.top(), 0);  // rax or xmm0, by type
  } else {
    for (size_t i = 0; i < count; ++i) {
      const StackValue& value = stack_.at(first + i);
      x86::Mem dst = x86::qword_ptr(x86::rbp, int32_t(16 + 8 * i));
      if (value.location == ValueLocation::Slot) {
        a_.mov(x86::r11, stack_.slot(first + i));
        a_.mov(dst, x86::r11);
      } else {
        stack_.store(value, dst);
      }
    }
  }
  for (uint32_t i = 0; i < homes_.savedGpCount; ++i) {
    a_.mov(x86::gpq(kLocalGpRegs[i]), savedGpSlot(i));
  }
  a_.mov(x86::rsp, x86::rbp);
  a_.pop(x86::rbp);
  a_.ret();
}

void FunctionCompiler::emitSelect() {
  x86::CondCode cond = popCondition();
  ValType type = stack_.top().type;
  uint8_t second = stack_.popToRegister();  // loads are moves: the flags survive
  uint8_t first = stack_.popToRegister();
  if (isFloat(type)) {
    asmjit::Label keep = a_.newLabel();
    a_.j(cond, keep);
    a_.movaps(x86::xmm(first), x86::xmm(second));
    a_.bind(keep);
  } else {
    a_.cmov(x86::negateCond(cond), x86::gpq(first), x86::gpq(second));
  }
  stack_.free(type, second);
  stack_.pushRegister(type, first);
}

// --- Locals and globals ----------------------------------------------------

void FunctionCompiler::emitLocalGet(uint32_t index) {
  ValType type = localType(index);
  if (uint8_t home = localRegister(index); home != LocalHomes::kFrame) {
    stack_.pushLocal(type, home);
    return;
  }
  uint8_t reg = stack_.allocate(type);
  // Asked after allocating: the allocation may have spilled the cached copy.
  if (int cached = stack_.cachedLocal(type, index); cached >= 0) {
    if (isFloat(type)) {
      a_.movaps(x86::xmm(reg), x86::xmm(uint32_t(cached)));
    } else {
      a_.mov(x86::gpq(reg), x86::gpq(uint32_t(cached)));
    }
    stack_.pushRegister(type, reg);
    stack_.cacheLocal(type, reg, index);
    return;
  }
  stack_.loadFromMemory(type, reg, localSlot(index));
  stack_.pushRegister(type, reg);
  stack_.cacheLocal(type, reg, index);
}

void FunctionCompiler::emitLocalSet(uint32_t index, bool tee) {
  StackValue& value = stack_.top();
  if (uint8_t home = localRegister(index); home != LocalHomes::kFrame) {
    ValType type = localType(index);
    bool unchanged = value.location == ValueLocation::Local && value.reg == home &&
                     isFloat(value.type) == isFloat(type);
    if (!unchanged) {
      stack_.materializeLocal(type, home);
      stack_.load(stack_.top(), home);  // the top may have been spilled meanwhile
    }
    if (tee) {
      // A register or constant stays as it is: its consumer may use it
      // without copying the home.
      StackValue& top = stack_.top();
      if (top.location == ValueLocation::Slot) {
        top.location = ValueLocation::Local;
        top.reg = home;
      }
      return;
    }
    StackValue popped = stack_.pop();
    if (popped.location == ValueLocation::Register) stack_.free(popped.type, popped.reg);
    return;
  }
  stack_.forgetLocal(index);
  x86::Mem dst = localSlot(index);
  if (value.location == ValueLocation::Slot) {
    a_.mov(x86::r11, stack_.slot(stack_.size() - 1));
    a_.mov(dst, x86::r11);
  } else {
    stack_.store(value, dst);
  }
  if (!tee) {
    StackValue popped = stack_.pop();
    if (popped.location == ValueLocation::Register) stack_.free(popped.type, popped.reg);
  } else if (value.location == ValueLocation::Register) {
    stack_.cacheLocal(value.type, value.reg, index);
  }
}

std::optional<uint8_t> FunctionCompiler::localUpdateTarget(const StackValue& lhs) {
  if (lhs.location != ValueLocation::Local || nextOffset_ >= function_.codeEnd) return std::nullopt;
  // Decoded here, when it can matter, rather than ahead of every instruction.
  InstructionReader reader(module_.bytes, nextOffset_, function_.codeEnd);
  const Instruction& next = reader.next();
  if (next.opcode != Opcode::LocalSet && next.opcode != Opcode::LocalTee) return std::nullopt;
  if (localRegister(next.index) != lhs.reg || isFloat(localType(next.index)) != isFloat(lhs.type)) {
    return std::nullopt;
  }
  nextIsTee_ = next.opcode == Opcode::LocalTee;
  return lhs.reg;
}

void FunctionCompiler::beginLocalUpdate(ValType type, uint8_t home) {
  stack_.materializeLocal(type, home);
  nextConsumed_ = true;
}

void FunctionCompiler::endLocalUpdate(ValType type, uint8_t home) {
  if (nextIsTee_) stack_.pushLocal(type, home);
}

x86::Mem FunctionCompiler::globalAddress(uint32_t index) {
  uint32_t imported = module_.importedGlobalCount();
  if (index >= imported) {
    return x86::qword_ptr(x86::r14, int32_t(context_.offsets.localGlobal(index - imported)));
  }
  a_.mov(x86::r11, x86::qword_ptr(x86::r14, int32_t(context_.offsets.importedGlobal(index))));
  return x86::qword_ptr(x86::r11);
}

void FunctionCompiler::emitGlobalGet(uint32_t index) {
  ValType type = module_.globalType(GlobalIndex(index)).type;
  if (type == ValType::V128) {
    refuseSimd("global.get of v128 global " + std::to_string(index) + " at offset " +
               hex(wasmOffset_));
    return;
  }
  uint8_t reg = stack_.allocate(type);
  stack_.loadFromMemory(type, reg, globalAddress(index));
  stack_.pushRegister(type, reg);
}

void FunctionCompiler::emitGlobalSet(uint32_t index) {
  ValType type = stack_.top().type;
  if (module_.globalType(GlobalIndex(index)).type == ValType::V128) {
    refuseSimd("global.set of v128 global " + std::to_string(index) + " at offset " +
               hex(wasmOffset_));
    return;
  }
  uint8_t reg = stack_.popToRegister();
  x86::Mem dst = globalAddress(index);
  switch (type) {
    case ValType::F32:
      a_.movss(dst, x86::xmm(reg));
      break;
    case ValType::F64:
      a_.movsd(dst, x86::xmm(reg));
      break;
    case ValType::I32:
      dst.setSize(4);
      a_.mov(dst, x86::gpd(reg));
      break;
    default:
      a_.mov(dst, x86::gpq(reg));
      break;
  }
  stack_.free(type, reg);
}

// --- Traps and out-of-line code ---------------------------------------------

asmjit::Label FunctionCompiler::trapLabel(TrapCode code) {
  asmjit::Label label = a_.newLabel();
  scratch_.trapStubs.push_back({label, wasmOffset_, code});
  return label;
}

void FunctionCompiler::emitRaiseTrap(TrapCode code) {
  a_.mov(x86::edi, uint32_t(code));
  callLibCallPointer(LibCall::RaiseTrap);
}

void FunctionCompiler::callLibCallPointer(LibCall call) {
  a_.mov(x86::rax, x86::qword_ptr(x86::r14, VMOffsets::libcalls()));
  a_.call(x86::qword_ptr(x86::rax, int32_t(8 * uint32_t(call))));
  recordSourcePosition();
}

void FunctionCompiler::recordSourcePosition() {
  scratch_.sourcePositions.push_back({uint32_t(a_.offset()), wasmOffset_});
}

void FunctionCompiler::emitOutOfLineCode() {
  a_.bind(inheritLimit_);
  a_.mov(x86::r11, x86::qword_ptr(x86::rsi, VMOffsets::stackLimit()));
  a_.mov(x86::qword_ptr(x86::r14, VMOffsets::stackLimit()), x86::r11);
  a_.jmp(directEntry_);
  for (const TrapStub& stub : scratch_.trapStubs) {
    a_.bind(stub.label);
    wasmOffset_ = stub.wasmOffset;
    emitRaiseTrap(stub.code);
  }
}

void CompileScratch::beginFunction() {
  firstTrapSite_ = trapSites.size();
  firstPosition_ = sourcePositions.size();
  firstCall_ = calls.size();
}

void CompileScratch::keepFunction(uint32_t start) {
  // Sites are recorded as code is emitted, so they are almost always in
  // order already; checking is much cheaper than sorting.
  auto sortFrom = [start](auto& list, size_t first) {
    auto byOffset = [](const auto& x, const auto& y) { return x.codeOffset < y.codeOffset; };
    if (!std::is_sorted(list.begin() + first, list.end(), byOffset)) {
      std::sort(list.begin() + first, list.end(), byOffset);
    }
    for (size_t i = first; i < list.size(); ++i) list[i].codeOffset += start;
  };
  sortFrom(trapSites, firstTrapSite_);
  sortFrom(sourcePositions, firstPosition_);
  for (size_t i = firstCall_; i < calls.size(); ++i) calls[i].rel32Offset += start;
  beginFunction();
}

void CompileScratch::dropFunction() {
  trapSites.resize(firstTrapSite_);
  sourcePositions.resize(firstPosition_);
  calls.resize(firstCall_);
}

std::optional<CompileError> compileFunction(const ModuleContext& context, uint32_t definedIndex,
                                            CompileScratch& scratch, asmjit::Logger* logger) {
  // A soft reset keeps the holder's arena and clearing keeps the lists'
  // capacity, so a thread compiling many functions stops allocating once warm.
  scratch.code.reset(asmjit::ResetPolicy::kSoft);
  scratch.code.init(asmjit::Environment::host());
  if (logger) scratch.code.setLogger(logger);
  // The holder frees its buffer on reset; sized once from the body (baseline
  // code is a few times its size), it does not grow by reallocating.
  const FunctionDefinition& function = context.module.functions[definedIndex];
  scratch.code.reserveBuffer(&scratch.code.textSection()->buffer(),
                             4 * (function.codeEnd - function.codeOffset) + 256);
  scratch.trapStubs.clear();
  scratch.beginFunction();
  FunctionCompiler compiler(context, definedIndex, scratch);
  if (!compiler.compile()) {
    scratch.dropFunction();
    CompileError error = compiler.error();
    if (error.message.empty()) error.message = "compilation failed";
    return error;
  }
  scratch.code.flatten();
  scratch.code.resolveUnresolvedLinks();
  scratch.directEntry = uint32_t(scratch.code.labelOffset(compiler.directEntry()));
  return std::nullopt;
}

}  // namespace kiln::x64
