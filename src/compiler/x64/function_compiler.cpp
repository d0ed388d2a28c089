// The walk over one body, its frame, and the opcodes of control flow,
// parametric instructions, variables and constants.
#include "compiler/x64/function_compiler.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "binary/instruction_reader.h"

namespace kiln::x64 {

namespace {

uint64_t alignTo16(uint64_t n) { return (n + 15) & ~uint64_t(15); }

std::string hex(size_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%zx", value);
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

std::vector<ValType> localTypesOf(const FuncType& type, std::span<const LocalRun> runs) {
  std::vector<ValType> types = type.params;
  for (const LocalRun& run : runs) types.insert(types.end(), run.count, run.type);
  return types;
}

bool hasV128(std::span<const ValType> types) {
  return std::find(types.begin(), types.end(), ValType::V128) != types.end();
}

/// Spill slots: one per operand the validator counted, one spare, and in a
/// function with legacy catches one per block for the exnref each keeps.
uint64_t spillSlotsOf(const FunctionFacts& facts) {
  return uint64_t(facts.maxOperandDepth) + 1 +
         (facts.catchesExceptions ? facts.maxControlDepth : 0);
}

}  // namespace

CpuSupport CpuSupport::of(CpuLevel level) {
  static const CpuSupport host = [] {
    const asmjit::CpuInfo& info = asmjit::CpuInfo::host();
    CpuSupport s;
    s.sse41 = info.hasFeature(asmjit::CpuFeatures::X86::kSSE4_1);
    s.sse42 = info.hasFeature(asmjit::CpuFeatures::X86::kSSE4_2);
    s.popcnt = info.hasFeature(asmjit::CpuFeatures::X86::kPOPCNT);
    s.lzcnt = info.hasFeature(asmjit::CpuFeatures::X86::kLZCNT);
    s.bmi1 = info.hasFeature(asmjit::CpuFeatures::X86::kBMI);
    // asmjit reports AVX only when the OS also saves the YMM state (XCR0).
    s.avx = info.hasFeature(asmjit::CpuFeatures::X86::kAVX);
    return s;
  }();
  CpuSupport support = host;
  if (level == CpuLevel::Baseline) {
    support.lzcnt = false;
    support.bmi1 = false;
    support.avx = false;
  }
  return support;
}

ModuleContext::ModuleContext(const WasmModule& m, const Config& c)
    : module(m), offsets(m), config(c), cpu(CpuSupport::of(c.cpu)) {
  // Calls pass parameters (and two or more results) in 8-byte slots at the
  // bottom of the caller's frame; size that area once for every type.
  for (const DefinedType& defined : m.types) {
    if (!defined.isFunc()) continue;
    const FuncType& type = defined.func();
    outgoingSlots = std::max(outgoingSlots, nativeAreaSlots(type.params, type.results));
    v128InTypesOrGlobals = v128InTypesOrGlobals || hasV128(type.params) || hasV128(type.results);
  }
  for (uint32_t i = 0; i < m.globalCount(); ++i) {
    v128InTypesOrGlobals = v128InTypesOrGlobals || m.globalType(GlobalIndex(i)).type == ValType::V128;
  }
  // A throw passes its payload in the outgoing area as 16-byte ValRaw slots.
  for (uint32_t i = 0; i < m.tagCount(); ++i) {
    const FuncType& tag = m.funcType(TypeIndex(m.tagType(i).typeIndex));
    outgoingSlots = std::max(outgoingSlots, 2 * uint32_t(tag.params.size()));
  }
  reserveInHugePages(functionTypes, m.importedFunctionCount() + m.functions.size());
  for (uint32_t i = 0; i < m.importedFunctionCount() + m.functions.size(); ++i) {
    functionTypes.push_back(&m.functionType(FuncIndex(i)));
  }
}

std::optional<FrameLayout> FrameLayout::of(uint64_t declaredLocalWords, uint64_t savedGpRegs,
                                           uint64_t spillSlots, uint64_t spillSlotBytes,
                                           uint64_t outgoingSlots) {
  // Each count is at most 2^33, so none of these sums can wrap 64 bits.
  FrameLayout layout;
  layout.slotBase = 16 + 8 * (declaredLocalWords + savedGpRegs);
  layout.frameSize =
      alignTo16(layout.slotBase + spillSlotBytes * spillSlots + 8 * outgoingSlots);
  if (layout.frameSize > kMaxFrameBytes) return std::nullopt;
  return layout;
}

FunctionCompiler::FunctionCompiler(const ModuleContext& context, uint32_t definedIndex,
                                   CompileScratch& scratch)
    : context_(context),
      module_(context.module),
      function_(context.module.functions[definedIndex]),
      facts_(context.module.functionFacts[definedIndex]),
      type_(context.module.funcType(function_.type)),
      funcIndex_(context.module.importedFunctionCount() + definedIndex),
      scratch_(scratch),
      code_(scratch.code),
      a_(&scratch.code),
      paramCount_(uint32_t(type_.params.size())),
      localTypes_(localTypesOf(type_, context.module.localRunsOf(function_))),
      paramWords_(nativeSlotCount(type_.params)),
      declaredLocalWords_(nativeSlotCount(std::span(localTypes_).subspan(paramCount_))),
      zeroedLocalWords_(zeroedLocalWordsOf(facts_, localTypes_, paramCount_)),
      localSlots_(localSlotsOf(facts_, localTypes_, paramCount_)),
      homes_(chooseLocalHomes(facts_, localTypes_, context.config.consumeFuel)),
      wideSlots_(facts_.usesSimd || context.v128InTypesOrGlobals || hasV128(localTypes_)),
      // Functions with tail calls keep one more word below the saved homes
      // (incomingAreaSlot).
      frame_(FrameLayout::of(declaredLocalWords_,
                             homes_.savedGpCount + (facts_.usesTailCalls ? 1 : 0),
                             spillSlotsOf(facts_), wideSlots_ ? 16 : 8,
                             context.outgoingSlots)),
      // Parameters sit above rbp at [rbp + 16 + 8 i]: they must be addressable too.
      stack_(a_, frame_ ? int32_t(frame_->slotBase) : 0, wideSlots_ ? 16 : 8,
             frame_ && 16 + 8 * uint64_t(paramWords_) <= FrameLayout::kMaxFrameBytes
                 ? uint32_t(spillSlotsOf(facts_))
                 : 0) {
  if (frame_ && 16 + 8 * uint64_t(paramWords_) > FrameLayout::kMaxFrameBytes) frame_.reset();
}

std::vector<int32_t> FunctionCompiler::localSlotsOf(const FunctionFacts& facts,
                                                    const std::vector<ValType>& localTypes,
                                                    uint32_t paramCount) {
  // Parameters come in the caller's area above the return address, declared
  // locals go down from [rbp - 16]: first those the prologue zeroes, then
  // the rest. A v128 takes two 8-byte words of either. Only offsets of
  // frames that FrameLayout accepts (under 1 GiB) are used.
  std::vector<int32_t> offsets(localTypes.size());
  int64_t above = 16;
  for (uint32_t i = 0; i < paramCount; ++i) {
    offsets[i] = int32_t(above);
    above += 8 * int64_t(nativeSlotCount(localTypes[i]));
  }
  int64_t below = 8;
  for (bool zeroed : {true, false}) {
    for (uint32_t i = paramCount; i < localTypes.size(); ++i) {
      if (needsZeroing(facts, paramCount, i) != zeroed) continue;
      below += 8 * int64_t(nativeSlotCount(localTypes[i]));
      offsets[i] = int32_t(-below);
    }
  }
  return offsets;
}

uint32_t FunctionCompiler::zeroedLocalWordsOf(const FunctionFacts& facts,
                                              const std::vector<ValType>& localTypes,
                                              uint32_t paramCount) {
  uint32_t words = 0;
  for (uint32_t i = paramCount; i < localTypes.size(); ++i) {
    if (needsZeroing(facts, paramCount, i)) words += nativeSlotCount(localTypes[i]);
  }
  return words;
}

LocalHomes FunctionCompiler::chooseLocalHomes(const FunctionFacts& facts,
                                              const std::vector<ValType>& localTypes,
                                              bool meterFuel) {
  // Below this a register saves less than its prologue and epilogue cost.
  constexpr uint64_t kMinWeight = 4 * FunctionFacts::kEntryWeight;
  LocalHomes homes;
  homes.gpRegs = localGpRegs(meterFuel);
  homes.reg.assign(localTypes.size(), std::nullopt);
  // The validator weighed every access by how often it runs (none for
  // straight-line bodies, which use each local too rarely to pay).
  const std::vector<uint64_t>& weight = facts.localAccessWeights;
  if (weight.size() != localTypes.size()) return homes;
  // A landing pad could not trust a register: the frames an exception
  // unwound never restored what they saved.
  if (facts.catchesExceptions) return homes;
  const uint64_t callWeight = facts.callWeight;
  // The heaviest locals of each class, heaviest first. A register that calls
  // clobber costs a store and a load around each call it stays live across,
  // and saves a frame access at each use: it goes to a local weighing more
  // than half the calls. Break-even would be twice the calls if every
  // weighed site ran equally often, but in branchy code (an interpreter's
  // switch, SQLite's VDBE) calls sit on the slow paths while the hot locals
  // are used on every path: with half, QuickJS and SQLite ran 3 to 4% faster
  // and the scalar kernels the same (docs/compiler.md).
  auto choose = [&](bool floats, size_t calleeSaved, size_t count) {
    std::vector<uint32_t> chosen;
    for (uint32_t i = 0; i < localTypes.size(); ++i) {
      ValType type = localTypes[i];
      bool eligible = floats ? isFloat(type)
                             : type == ValType::I32 || type == ValType::I64;
      if (!eligible || weight[i] < kMinWeight) continue;
      auto place = std::find_if(chosen.begin(), chosen.end(),
                                [&](uint32_t other) { return weight[other] < weight[i]; });
      if (size_t(place - chosen.begin()) >= count) continue;
      chosen.insert(place, i);
      if (chosen.size() > count) chosen.pop_back();
    }
    while (chosen.size() > calleeSaved && 2 * weight[chosen.back()] <= callWeight) {
      chosen.pop_back();
    }
    return chosen;
  };
  const LocalGpRegs& gp = homes.gpRegs;
  std::vector<uint32_t> gpLocals = choose(false, gp.calleeSaved, gp.regs.size());
  auto assign = [&](uint32_t local, Reg home, bool callClobbered) {
    homes.reg[local] = home;
    homes.localOf[home.index()] = local;
    if (callClobbered) {
      homes.callClobbered.add(home);
    } else {
      homes.callPreserved.add(home);
    }
  };
  for (uint32_t i = 0; i < gpLocals.size(); ++i) assign(gpLocals[i], gp.regs[i], i >= gp.calleeSaved);
  homes.savedGpCount = std::min(uint32_t(gpLocals.size()), gp.calleeSaved);
  std::vector<uint32_t> xmmLocals = choose(true, 0, std::size(kLocalXmmRegs));
  for (uint32_t i = 0; i < xmmLocals.size(); ++i) assign(xmmLocals[i], kLocalXmmRegs[i], true);
  return homes;
}

x86::Mem FunctionCompiler::savedGpSlot(uint32_t i) const {
  return x86::qword_ptr(x86::rbp, -int32_t(16 + 8 * (declaredLocalWords_ + i)));
}

void FunctionCompiler::prepareForCall() {
  // Values of locals homed in registers the callee preserves stay there.
  stack_.spillAll(homes_.callPreserved);
  // A stale home's slot holds its local already, as does the slot of one
  // loaded or stored since its last write.
  for (Reg home : homes_.callClobbered.without(staleHomes_ | homesInSlot_)) {
    const uint32_t index = homes_.localOf[home.index()];
    a_.store(localType(index), localSlot(index), home);
  }
  homesInSlot_ = homesInSlot_ | homes_.callClobbered;
}

void FunctionCompiler::forgetCallClobberedLocals() {
  // Loaded where next read, or at the next control edge: a local the code
  // does not read before the next call costs neither a load nor a store.
  staleHomes_ = staleHomes_ | homes_.callClobbered;
}

void FunctionCompiler::loadHome(Reg home) {
  if (!staleHomes_.contains(home)) return;
  const uint32_t index = homes_.localOf[home.index()];
  a_.load(localType(index), home, localSlot(index));
  staleHomes_.remove(home);
}

void FunctionCompiler::writeHome(Reg home) {
  staleHomes_.remove(home);
  homesInSlot_.remove(home);
}

void FunctionCompiler::loadStaleHomes() {
  // The loop walks a copy of the set, which loadHome empties.
  for (Reg home : RegSet(staleHomes_)) loadHome(home);
}

void FunctionCompiler::noteEdgeTo(ControlFrame& target) {
  loadStaleHomes();
  if (target.kind == ControlFrame::Kind::Loop || target.kind == ControlFrame::Kind::Function) return;
  target.homesInSlotAtLabel =
      target.homesInSlotAtLabel ? *target.homesInSlotAtLabel & homesInSlot_ : homesInSlot_;
}

void FunctionCompiler::enterLabel(RegSet homesInSlot) {
  staleHomes_ = {};
  homesInSlot_ = homesInSlot;
}

x86::Mem FunctionCompiler::localSlot(uint32_t index) const {
  return x86::qword_ptr(x86::rbp, localSlots_[index]);
}

// Frame (docs/compiler.md): [rbp+16] parameters, [rbp] saved rbp,
// [rbp-8] vmctx, from [rbp-16] down the declared locals, the saved homes of
// locals, with tail calls the incoming area's size, then operand spill
// slots, then the outgoing argument area at rsp.
void FunctionCompiler::emitPrologue() {
  const uint32_t frameSize = uint32_t(frame_->frameSize);
  a_.mov(x86::r14, x86::rdi);
  // A direct call comes with r15 right (every function of the instance
  // keeps it, see finishCall); any other entry loads it.
  reloadMemoryBase();
  // Called from another instance (rsi is the caller's vmctx): this thread's
  // stack limit is the caller's, which this instance may never have been
  // given (it is set by entries into an instance, not by calls across).
  directEntry_ = a_.newLabel();
  inheritLimit_ = a_.newLabel();
  a_.cmp(x86::rsi, x86::rdi);
  a_.jne(inheritLimit_);
  // Direct calls from the same instance start here: r14 and r15 are already
  // this instance's and the stack limit is the caller's own.
  a_.bind(directEntry_);
  a_.push(x86::rbp);
  a_.mov(x86::rbp, x86::rsp);
  // The vmctx's limit is kStackLimitSlack above the lowest rsp allowed:
  // only a bigger frame's excess is subtracted first.
  x86::Gp frameBottom = x86::rsp;
  if (frameSize > kStackLimitSlack) {
    frameBottom = x86::r11;
    a_.lea(frameBottom, x86::qword_ptr(x86::rsp, -int32_t(frameSize - kStackLimitSlack)));
  }
  a_.cmp(frameBottom, x86::qword_ptr(x86::r14, VMOffsets::stackLimit()));
  a_.jb(trapLabel(TrapCode::StackOverflow));
  if (frameSize >= 4096) {
    a_.mov(x86::eax, frameSize);
    a_.callLibCall(LibCall::Probestack, kR11);
  }
  a_.sub(x86::rsp, frameSize);
  a_.mov(x86::qword_ptr(x86::rbp, -8), x86::r14);
  if (facts_.usesTailCalls) a_.mov(incomingAreaSlot(), x86::r10);
  // Only locals that may be read before they are set are zeroed (the
  // validator's FunctionFacts::setBeforeRead); their slots are
  // the first zeroedLocalWords_ words below [rbp - 8]. The others hold
  // whatever the stack held, which no instruction reads.
  if (function_.localCount <= 16) {
    // A local homed in a register is zeroed there below; its slot is only
    // written (before calls) before it is read.
    for (uint32_t index = paramCount_; index < localTypes_.size(); ++index) {
      if (localHome(index) || !needsZeroing(facts_, paramCount_, index)) continue;
      x86::Mem slot = localSlot(index);
      for (uint32_t word = 0; word < nativeSlotCount(localType(index)); ++word) {
        a_.mov(slot.cloneAdjusted(8 * word), 0);
      }
    }
  } else if (zeroedLocalWords_ <= kStoreZeroedLocalWords) {
    // 16-byte stores of a zeroed xmm: `rep stos` takes tens of cycles to
    // start, which an interpreter's big function pays at every call.
    const int32_t base = -int32_t(8 + 8 * zeroedLocalWords_);
    if (zeroedLocalWords_ >= 2) a_.xorps(kScratchXmm.xmm(), kScratchXmm.xmm());
    uint32_t word = 0;
    for (; word + 2 <= zeroedLocalWords_; word += 2) {
      a_.movups(x86::xmmword_ptr(x86::rbp, base + int32_t(8 * word)), kScratchXmm.xmm());
    }
    if (word < zeroedLocalWords_) a_.mov(x86::qword_ptr(x86::rbp, base + int32_t(8 * word)), 0);
  } else {
    a_.xor_(x86::eax, x86::eax);
    a_.lea(x86::rdi, x86::qword_ptr(x86::rbp, -int32_t(8 + 8 * zeroedLocalWords_)));
    a_.mov(x86::ecx, zeroedLocalWords_);
    a_.rep().stosq();
  }
  // Only now: the zeroing above may use rdi, rcx and rax.
  for (uint32_t i = 0; i < homes_.savedGpCount; ++i) {
    a_.mov(savedGpSlot(i), homes_.gpRegs.regs[i].gp64());
  }
  for (uint32_t index = 0; index < localTypes_.size(); ++index) {
    std::optional<Reg> home = localHome(index);
    if (!home) continue;
    if (index < paramCount_) {
      // In its slot (the incoming area), loaded where first read.
      staleHomes_.add(*home);
      homesInSlot_.add(*home);
    } else if (!needsZeroing(facts_, paramCount_, index)) {
      continue;
    } else if (!home->isGp()) {
      a_.xorps(home->xmm(), home->xmm());
    } else {
      a_.xor_(home->gp32(), home->gp32());
    }
  }
  if (context_.config.interruptible) emitInterruptCheck();
}

void FunctionCompiler::emitInterruptCheck() {
  a_.cmp(x86::qword_ptr(x86::r14, VMOffsets::interruptRequested()), 0);
  a_.jne(trapLabel(TrapCode::Interrupt));
}

void FunctionCompiler::refuseSimd(const OpcodeInfo& info, size_t offset) {
  error_ = CompileError{CompileError::Kind::Unsupported,
                        std::string(kSimdUnsupported) + "function " + std::to_string(funcIndex_) +
                            ", " + std::string(info.name) + " at offset " + hex(offset),
                        offset, info.feature};
}

void FunctionCompiler::refuseFeature(Feature feature, const std::string& what, size_t offset) {
  error_ = CompileError{CompileError::Kind::Unsupported,
                        "in function " + std::to_string(funcIndex_) + ": " +
                            unsupportedMessage(feature, what),
                        offset, feature};
}

std::optional<std::pair<ValType, Feature>> FunctionCompiler::uncompiledTypeIn(
    const Instruction& instruction) {
  std::optional<ValType> type;
  switch (opcodeInfo(instruction.opcode).immediate) {
    case ImmediateKind::BlockType:
      if (instruction.blockType.kind == BlockType::Kind::Value) type = instruction.blockType.value;
      break;
    case ImmediateKind::SelectTyped:
      type = instruction.type;
      break;
    case ImmediateKind::HeapType:
      type = ValType::ref(instruction.heapType, true);
      break;
    default:
      break;
  }
  if (!type) return std::nullopt;
  std::optional<Feature> feature = uncompiledFeatureOf(*type);
  if (!feature) return std::nullopt;
  return std::pair{*type, *feature};
}

bool FunctionCompiler::compile() {
  if (!frame_) {
    error_ = CompileError{CompileError::Kind::Resource,
                          "its frame would exceed " +
                              std::to_string(FrameLayout::kMaxFrameBytes) + " bytes",
                          function_.codeOffset};
    return false;
  }
  for (uint32_t i = paramCount_; i < localTypes_.size(); ++i) {
    if (std::optional<Feature> feature = uncompiledFeatureOf(localTypes_[i])) {
      std::string what = "local ";
      what += std::to_string(i);
      what += " of type ";
      what += toString(localTypes_[i]);
      refuseFeature(*feature, what, function_.codeOffset);
      return false;
    }
  }
  wasmOffset_ = uint32_t(function_.codeOffset);  // prologue traps: the function's first instruction
  scratch_.handlers.frameSize = uint32_t(frame_->frameSize);
  emitPrologue();
  ControlFrame body;
  body.kind = ControlFrame::Kind::Function;
  body.label = a_.newLabel();
  body.results = type_.results;
  controls_.reserve(facts_.maxControlDepth);  // counting the body's own frame
  controls_.push_back(body);

  InstructionReader reader(module_.bytes, function_.codeOffset, function_.codeEnd);
  while (!reader.atEnd() && !controls_.empty()) {
    const Instruction& instruction = reader.next();
    nextOffset_ = reader.offset();
    wasmOffset_ = uint32_t(instruction.offset);
    const OpcodeInfo& info = opcodeInfo(instruction.opcode);
    if (!isCompiledYet(instruction.opcode)) {
      refuseFeature(info.feature, std::string(info.name), wasmOffset_);
      return false;
    }
    // The SIMD lowerings assume SSE4.2 (x86-64-v2).
    if (info.prefix == 0xFD && !context_.cpu.sse42) {
      refuseSimd(info, wasmOffset_);
      return false;
    }
    if (auto uncompiled = uncompiledTypeIn(instruction)) {
      refuseFeature(uncompiled->second,
                    std::string(info.name) + " with " + toString(uncompiled->first), wasmOffset_);
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
    if (context_.config.consumeFuel) meterFuel(instruction);
    compileInstruction(instruction);
    if (error_) return false;
    // A result fused into a local.set/tee (nextConsumed_) was made canonical
    // where it was computed.
    if (context_.config.deterministic && producesNan(instruction.opcode) && !nextConsumed_) {
      canonicalizeResultNan(instruction.opcode);
    }
    if (nextConsumed_) {
      const Instruction& consumed = reader.next();
      if (context_.config.consumeFuel) meterFuel(consumed);
      if (code_.logger()) logInstruction(consumed, " (done by the instruction before)");
      nextConsumed_ = false;
    }
  }
  emitOutOfLineCode();
  stack_.emitConstantPool();
  if (stack_.overflowed()) {
    error_ = CompileError{CompileError::Kind::Resource,
                          "operand stack deeper than the validator reported, or a v128 operand "
                          "where none was expected",
                          wasmOffset_};
    return false;
  }
  return true;
}

void FunctionCompiler::compileInstruction(const Instruction& ins) {
  switch (ins.opcode) {
    // Opcodes not compiled yet never get here: compile() refuses them first.
#define KILN_OPCODE(name, ...)                                          \
  case Opcode::name:                                                    \
    if constexpr (isCompiledYet(Opcode::name)) visit<Opcode::name>(ins); \
    return;
#include "binary/opcodes.def"
#undef KILN_OPCODE
  }
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
    case Opcode::TryTable:
    case Opcode::Try:
      ++deadDepth_;
      break;
    case Opcode::Else:
      if (deadDepth_ == 0) emitElse();
      break;
    case Opcode::Catch:
      if (deadDepth_ == 0) emitLegacyCatch(instruction.index);
      break;
    case Opcode::CatchAll:
      if (deadDepth_ == 0) emitLegacyCatch(std::nullopt);
      break;
    case Opcode::Delegate:
      if (deadDepth_ > 0) {
        --deadDepth_;  // it ends a try as `end` does
      } else {
        emitDelegate(instruction.index);
      }
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

// --- Control flow ---------------------------------------------------------
//
// Merge rule: on entry to a block, loop or if every register value is
// spilled, so values below a block never move while it runs; a label's
// values (results, or a loop's parameters) meet in the spill slots of the
// positions they occupy after the label. The one exception: the single
// result of a block, if or try_table meets in a register, chosen at the
// first edge to its end (labelRegister), so that an if's value or a
// block's br_if result reaches its user without a store and a load.

template <>
void FunctionCompiler::visit<Opcode::Unreachable>(const Instruction&) {
  a_.jmp(trapLabel(TrapCode::Unreachable));
  markUnreachable();
}

template <>
void FunctionCompiler::visit<Opcode::Nop>(const Instruction&) {}

template <>
void FunctionCompiler::visit<Opcode::Block>(const Instruction& ins) {
  emitBlock(ins, ControlFrame::Kind::Block);
}

template <>
void FunctionCompiler::visit<Opcode::Loop>(const Instruction& ins) {
  emitBlock(ins, ControlFrame::Kind::Loop);
}

template <>
void FunctionCompiler::visit<Opcode::If>(const Instruction& ins) {
  x86::CondCode cond = popCondition();
  ControlFrame frame;
  frame.kind = ControlFrame::Kind::If;
  blockSignature(ins.blockType, frame);
  stack_.spillAll();  // moves only: the flags survive
  loadStaleHomes();   // loads: the flags survive
  frame.homesInSlotAtIf = homesInSlot_;
  frame.height = stack_.size() - frame.params.size();
  frame.label = a_.newLabel();
  frame.elseLabel = a_.newLabel();
  for (size_t i = frame.height; i < stack_.size(); ++i) frame.ifParams.push_back(stack_.at(i));
  frame.layout = thenArmLayout(frame);
  if (frame.layout == ControlFrame::Layout::ColdThen && !coldSection()) {
    frame.layout = ControlFrame::Layout::Plain;
  }
  switch (frame.layout) {
    case ControlFrame::Layout::Plain:
      // With fuel metered, the then arm goes on in the stretch the `if` is
      // in, and the way to the else arm gives back the rest (emit_fuel.cpp).
      a_.j(x86::negateCond(cond), fuelRefundTo(frame.elseLabel));
      break;
    case ControlFrame::Layout::ValueThen:
      // No code yet: the then arm's value moves to the result's register
      // with the flags intact, and the `else` branches on them (emitElse).
      frame.thenCondition = cond;
      break;
    case ControlFrame::Layout::ColdThen: {
      asmjit::Label then = a_.newLabel();
      a_.j(cond, then);
      a_.section(coldSection());
      a_.bind(then);
      break;
    }
  }
  controls_.push_back(std::move(frame));
}

// Branches not taken cost nothing, taken ones a little each: an if/else
// laid out arm after arm takes one on either path. Two shapes of then arm
// take none on the other path:
// - ValueThen: `if (result t) <value> else ... end`, where <value> is a
//   local.get or a constant. The value goes to the result's register before
//   a branch straight to the end; the else arm falls through.
// - ColdThen: `if ... br/return end` with only moves before the branch (a
//   loop's `break` with its phi, an early `return -1`), a branch out of
//   the block: an exit, rarely taken. The arm goes to the cold section and
//   the path past the `if` falls through.
FunctionCompiler::ControlFrame::Layout FunctionCompiler::thenArmLayout(
    const ControlFrame& frame) const {
  using Layout = ControlFrame::Layout;
  if (context_.config.consumeFuel || !frame.params.empty()) return Layout::Plain;
  InstructionReader reader(module_.bytes, nextOffset_, function_.codeEnd);
  auto isValue = [](Opcode op) {
    return op == Opcode::LocalGet || op == Opcode::I32Const || op == Opcode::I64Const;
  };
  constexpr int kMaxColdMoves = 8;
  for (int i = 0; i <= kMaxColdMoves && !reader.atEnd(); ++i) {
    const Instruction& ins = reader.next();
    if (i == 0 && isValue(ins.opcode) && frame.results.size() == 1) {
      if (!reader.atEnd() && reader.next().opcode == Opcode::Else) return Layout::ValueThen;
      return Layout::Plain;
    }
    if (isValue(ins.opcode) || ins.opcode == Opcode::LocalSet || ins.opcode == Opcode::LocalTee) {
      continue;
    }
    // Depth 0 is the `if` itself, not pushed yet; a loop's label is a back-edge.
    bool exit = ins.opcode == Opcode::Return ||
                (ins.opcode == Opcode::Br && ins.index > 0 &&
                 controls_[controls_.size() - ins.index].kind != ControlFrame::Kind::Loop);
    if (!exit || reader.atEnd()) return Layout::Plain;
    return reader.next().opcode == Opcode::End ? Layout::ColdThen : Layout::Plain;
  }
  return Layout::Plain;
}

asmjit::Section* FunctionCompiler::coldSection() {
  if (!coldSection_ &&
      code_.newSection(&coldSection_, ".cold", SIZE_MAX, asmjit::SectionFlags::kExecutable, 1) !=
          asmjit::kErrorOk) {
    coldSection_ = nullptr;
  }
  return coldSection_;
}

template <>
void FunctionCompiler::visit<Opcode::Else>(const Instruction&) {
  emitElse();
}

template <>
void FunctionCompiler::visit<Opcode::End>(const Instruction&) {
  emitEnd();
}

template <>
void FunctionCompiler::visit<Opcode::Br>(const Instruction& ins) {
  jumpTo(label(ins.index));
  markUnreachable();
}

template <>
void FunctionCompiler::visit<Opcode::BrIf>(const Instruction& ins) {
  x86::CondCode cond = popCondition();
  branchIf(cond, label(ins.index));
}

template <>
void FunctionCompiler::visit<Opcode::BrTable>(const Instruction& ins) {
  loadStaleHomes();  // once, before the first branch
  Reg index = stack_.popToRegister();
  if (index == kRax) {
    // A branch to the function's end returns through rax; keep the index apart.
    Reg other = stack_.allocateGp();
    a_.mov(other.gp64(), x86::rax);
    stack_.free(kRax);
    index = other;
  }
  if (ins.brTargets.size() < kJumpTableMinimum || ins.brTargets.size() > kJumpTableMaximum) {
    for (uint32_t i = 0; i < ins.brTargets.size(); ++i) {
      a_.cmp(index.gp32(), i);
      branchIf(x86::CondCode::kE, label(ins.brTargets[i]));
    }
    stack_.free(index);
    jumpTo(label(ins.index));
    markUnreachable();
    return;
  }
  emitJumpTable(ins, index);
}

void FunctionCompiler::patchJumpTables() {
  uint8_t* code = code_.textSection()->buffer().data();
  for (const JumpTable& table : jumpTables_) {
    const uint64_t base = code_.labelOffset(table.base);
    for (size_t i = 0; i < table.entries.size(); ++i) {
      const int32_t delta = int32_t(int64_t(code_.labelOffset(table.entries[i])) - int64_t(base));
      std::memcpy(code + base + 4 * i, &delta, sizeof delta);
    }
  }
}

// A br_table of kJumpTableMinimum targets or more (an interpreter's dispatch
// has hundreds) jumps through a table of 32-bit offsets, one indirect jump
// whatever the index, where a chain of compares costs one per target before
// it. An entry goes straight to its label when the label's values already
// sit where it expects them; otherwise to a landing after the table that
// moves them there (or returns) and jumps, one landing per distinct depth.
// The default takes indices from the table's size up, compared unsigned.
void FunctionCompiler::emitJumpTable(const Instruction& ins, Reg index) {
  std::vector<std::pair<uint32_t, asmjit::Label>> landings;  // depth -> landing
  auto entryFor = [&](uint32_t depth) {
    ControlFrame& target = label(depth);
    if (branchValuesInPlace(target)) {
      noteEdgeTo(target);
      if (target.kind != ControlFrame::Kind::Loop) target.branchedTo = true;
      return target.label;
    }
    for (const auto& [known, landing] : landings) {
      if (known == depth) return landing;
    }
    landings.emplace_back(depth, a_.newLabel());
    return landings.back().second;
  };
  asmjit::Label table = a_.newLabel();
  a_.cmp(index.gp32(), uint32_t(ins.brTargets.size()));
  a_.jae(entryFor(ins.index));
  // A 32-bit write zeroes the upper half: the index is a 64-bit offset.
  a_.mov(index.gp32(), index.gp32());
  a_.lea(kScratchGp.gp64(), x86::ptr(table));
  a_.movsxd(index.gp64(), x86::dword_ptr(kScratchGp.gp64(), index.gp64(), 2));
  a_.add(index.gp64(), kScratchGp.gp64());
  a_.jmp(index.gp64());
  stack_.free(index);
  a_.align(asmjit::AlignMode::kData, 4);
  a_.bind(table);
  // asmjit leaves deltas to labels bound later to a relocation pass Kiln
  // does not run: patchJumpTables writes them once every label is bound.
  // The listing still shows each entry's expression.
  JumpTable& entries = jumpTables_.emplace_back(JumpTable{table, {}});
  for (uint32_t depth : ins.brTargets) {
    entries.entries.push_back(entryFor(depth));
    a_.embedLabelDelta(entries.entries.back(), table, 4);
  }
  for (const auto& [depth, landing] : landings) {
    a_.bind(landing);
    jumpTo(label(depth));
  }
  markUnreachable();
}

template <>
void FunctionCompiler::visit<Opcode::Return>(const Instruction&) {
  emitReturn();
  markUnreachable();
}

void FunctionCompiler::blockSignature(const BlockType& type, ControlFrame& frame) const {
  // Spans into the module's types or static storage: opening a block allocates nothing.
  frame.params = {};
  frame.results = {};
  if (type.kind == BlockType::Kind::Value) {
    // singleTypeList holds abstract types only: a reference to a defined
    // type (a function type: modules with GC types are refused) is a
    // function pointer like a (ref null? func), which stands for it.
    ValType result = type.value;
    if (result.isRef() && result.heapType().isIndex()) {
      result = ValType::ref(HeapType::kFunc, result.isNullable());
    }
    frame.results = singleTypeList(result);
  }
  if (type.kind == BlockType::Kind::TypeIndex) {
    const FuncType& signature = module_.funcType(TypeIndex(type.typeIndex));
    frame.params = signature.params;
    frame.results = signature.results;
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
    noteEdgeTo(frame);
    // A loop's header starts a 16-byte fetch block: where it happened to
    // fall moved hot loops by up to 10% (fannkuch's flips, after a 3-byte
    // change far above them). The padding runs once per entry.
    a_.align(asmjit::AlignMode::kCode, kLoopAlignment);
    a_.bind(frame.label);
    enterLabel({});
    if (context_.config.interruptible) emitInterruptCheck();
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

void FunctionCompiler::emitElse() {
  ControlFrame& frame = controls_.back();
  if (!frame.unreachable) {
    moveBranchValues(frame);
    noteEdgeTo(frame);
    if (frame.layout == ControlFrame::Layout::ValueThen) {
      a_.j(frame.thenCondition, frame.label);
    } else {
      a_.jmp(frame.label);
    }
    frame.branchedTo = true;
  }
  a_.bind(frame.elseLabel);
  enterLabel(frame.homesInSlotAtIf);
  frame.hasElse = true;
  frame.unreachable = false;
  // The then arm may have overwritten the parameters' slots with its results,
  // but only on its own path: here they hold what they held at the `if`.
  stack_.truncate(frame.height);
  for (const StackValue& param : frame.ifParams) {
    if (param.location == ValueLocation::Constant) {
      stack_.pushConstant(param.type, param.constant, param.constantHigh);
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
  if (frame.layout == ControlFrame::Layout::ColdThen) a_.section(code_.textSection());
  bool reachable;
  if (frame.kind == ControlFrame::Kind::Loop) {
    // Nothing branches to a loop's end: the values stay where they are.
    reachable = !frame.unreachable;
    if (!reachable) stack_.truncate(frame.height);
  } else {
    if (frame.kind == ControlFrame::Kind::TryTable ||
        (frame.kind == ControlFrame::Kind::Try && !frame.inCatch)) {
      closeHandler(frame);
    }
    if (frame.kind == ControlFrame::Kind::If && !frame.hasElse && !frame.params.empty()) {
      // The missing else passes its parameters on: on that path too they
      // must reach the result slots.
      emitElse();
    }
    reachable = !frame.unreachable;
    if (reachable) {
      moveBranchValues(frame);
      noteEdgeTo(frame);
    }
    if (frame.kind == ControlFrame::Kind::If && !frame.hasElse) {
      a_.bind(frame.elseLabel);  // the missing else falls through to the end
      enterLabel(frame.homesInSlotAtIf);
      noteEdgeTo(frame);
      reachable = true;
    }
    reachable = reachable || frame.branchedTo;
    a_.bind(frame.label);
    enterLabel(frame.homesInSlotAtLabel.value_or(RegSet{}));
    stack_.truncate(frame.height);
    if (reachable && frame.resultRegister) {
      // Values below the block are in slots or constants since its entry:
      // every register but the homes is free here.
      stack_.take(*frame.resultRegister);
      stack_.pushRegister(frame.results[0], *frame.resultRegister);
    } else if (reachable) {
      for (ValType type : frame.results) stack_.pushSlot(type);
    }
  }
  // The block's entry spilled the locals' values below it; a local the
  // block never wrote is read from its home again, not from that copy
  // (unless the home is stale: only at a loop's end, which is no label).
  stack_.restoreLocals(frame.height, staleHomes_);
  controls_.pop_back();
  if (!reachable) markUnreachable();
}

void FunctionCompiler::markUnreachable() {
  ControlFrame& frame = controls_.back();
  frame.unreachable = true;
  stack_.truncate(std::min(frame.height, stack_.size()));
}

std::optional<Reg> FunctionCompiler::labelRegister(ControlFrame& target) {
  if (target.resultPlaced) return target.resultRegister;
  target.resultPlaced = true;
  const bool oneResult = target.kind == ControlFrame::Kind::Block ||
                         target.kind == ControlFrame::Kind::If ||
                         target.kind == ControlFrame::Kind::TryTable;
  if (!oneResult || target.results.size() != 1) return std::nullopt;
  // The first edge's value decides: its register, so that this edge moves
  // nothing; a value already in the label's slot stays there; any other
  // takes the register the allocator would hand out next.
  const StackValue& value = stack_.top();
  if (value.location == ValueLocation::Register) {
    target.resultRegister = value.reg;
  } else if (value.location != ValueLocation::Slot || stack_.size() - 1 != target.height) {
    target.resultRegister = stack_.freeRegister(regClassOf(value.type));
  }
  return target.resultRegister;
}

void FunctionCompiler::moveBranchValues(ControlFrame& target) {
  if (std::optional<Reg> reg = labelRegister(target)) {
    // A branch's other registers are dead past it, and at a fallthrough the
    // result is the block's only value: overwriting the register is safe.
    stack_.load(stack_.top(), *reg);
    return;
  }
  size_t count = target.labelTypes().size();
  size_t first = stack_.size() - count;
  for (size_t i = 0; i < count; ++i) {
    // A value already in the slot the label expects it in stays there.
    if (stack_.at(first + i).location == ValueLocation::Slot && first == target.height) continue;
    stack_.storeAt(first + i, stack_.slot(target.height + i));
  }
}

void FunctionCompiler::jumpTo(ControlFrame& target) {
  if (target.kind == ControlFrame::Kind::Function) {
    emitReturn();
    return;
  }
  moveBranchValues(target);
  noteEdgeTo(target);
  if (target.kind != ControlFrame::Kind::Loop) target.branchedTo = true;
  a_.jmp(target.label);
}

bool FunctionCompiler::branchValuesInPlace(ControlFrame& target) {
  if (target.kind == ControlFrame::Kind::Function) return false;
  if (std::optional<Reg> reg = labelRegister(target)) {
    const StackValue& value = stack_.top();
    return value.location == ValueLocation::Register && value.reg == *reg;
  }
  size_t count = target.labelTypes().size();
  size_t first = stack_.size() - count;
  for (size_t i = 0; i < count; ++i) {
    if (stack_.at(first + i).location != ValueLocation::Slot || first != target.height) return false;
  }
  return true;
}

void FunctionCompiler::branchIf(x86::CondCode cond, ControlFrame& target) {
  bool inPlace = branchValuesInPlace(target);
  // With fuel metered, a branch out of a block leaves the stretch it is in
  // (emit_fuel.cpp): it takes the refund of the stretch's rest with it.
  bool refund = !fuelPatches_.empty() && target.kind != ControlFrame::Kind::Loop;
  if (inPlace) {
    noteEdgeTo(target);
    if (target.kind != ControlFrame::Kind::Loop) target.branchedTo = true;
    a_.j(cond, refund ? fuelRefundTo(target.label) : target.label);
    return;
  }
  loadStaleHomes();  // on both paths
  asmjit::Label skip = a_.newLabel();
  a_.j(x86::negateCond(cond), skip);
  if (refund) refundFuelRest();
  jumpTo(target);
  a_.bind(skip);
}

x86::CondCode FunctionCompiler::popCondition() {
  if (stack_.top().location == ValueLocation::Condition) return stack_.pop().cond;
  Operand value = stack_.popForRead();
  a_.test(value.reg.gp32(), value.reg.gp32());
  stack_.release(value);
  return x86::CondCode::kNE;
}

// Results: one in rax or xmm0; two or more in the caller's outgoing area,
// which starts at [rbp + 16] (where the parameters came in).
void FunctionCompiler::emitReturn() {
  size_t count = type_.results.size();
  size_t first = stack_.size() - count;
  if (count == 1) {
    stack_.load(stack_.top(), regClassOf(stack_.top().type) == RegClass::Gp ? kRax : kXmm0);
  } else {
    int32_t offset = 16;
    for (size_t i = 0; i < count; ++i) {
      stack_.storeAt(first + i, x86::qword_ptr(x86::rbp, offset));
      offset += int32_t(8 * nativeSlotCount(type_.results[i]));
    }
  }
  for (uint32_t i = 0; i < homes_.savedGpCount; ++i) {
    a_.mov(homes_.gpRegs.regs[i].gp64(), savedGpSlot(i));
  }
  a_.mov(x86::rsp, x86::rbp);
  a_.pop(x86::rbp);
  a_.ret();
}

// --- Parametric ------------------------------------------------------------

template <>
void FunctionCompiler::visit<Opcode::Drop>(const Instruction&) {
  StackValue value = stack_.pop();
  if (value.location == ValueLocation::Register) stack_.free(value.reg);
}

template <>
void FunctionCompiler::visit<Opcode::Select>(const Instruction&) {
  x86::CondCode cond = popCondition();
  ValType type = stack_.top().type;
  // Loads are moves: the flags survive. The second value is only read: a
  // local's home serves as it is.
  Operand second = stack_.popForRead();
  Reg first = stack_.popToRegister();
  if (isFloat(type)) {
    asmjit::Label keep = a_.newLabel();
    a_.j(cond, keep);
    a_.movaps(first.xmm(), second.reg.xmm());
    a_.bind(keep);
  } else {
    a_.cmov(x86::negateCond(cond), first.gp64(), second.reg.gp64());
  }
  stack_.release(second);
  stack_.pushRegister(type, first);
}

template <>
void FunctionCompiler::visit<Opcode::SelectTyped>(const Instruction& ins) {
  visit<Opcode::Select>(ins);
}

// --- Locals and globals ----------------------------------------------------

template <>
void FunctionCompiler::visit<Opcode::LocalGet>(const Instruction& ins) {
  const uint32_t index = ins.index;
  ValType type = localType(index);
  if (std::optional<Reg> home = localHome(index)) {
    loadHome(*home);
    stack_.pushLocal(type, *home);
    return;
  }
  Reg reg = stack_.allocate(type);
  // Asked after allocating: the allocation may have spilled the cached copy.
  if (std::optional<Reg> cached = stack_.cachedLocal(regClassOf(type), index)) {
    a_.move(reg, *cached);
  } else {
    a_.load(type, reg, localSlot(index));
  }
  stack_.pushRegister(type, reg);
  stack_.cacheLocal(reg, index);
}

template <>
void FunctionCompiler::visit<Opcode::LocalSet>(const Instruction& ins) {
  emitLocalSet(ins.index, false);
}

template <>
void FunctionCompiler::visit<Opcode::LocalTee>(const Instruction& ins) {
  emitLocalSet(ins.index, true);
}

void FunctionCompiler::emitLocalSet(uint32_t index, bool tee) {
  StackValue& value = stack_.top();
  if (std::optional<Reg> home = localHome(index)) {
    bool unchanged = value.location == ValueLocation::Local && value.reg == *home;
    if (!unchanged) {
      stack_.materializeLocal(*home);
      writeHome(*home);
      stack_.load(stack_.top(), *home);  // the top may have been spilled meanwhile
    }
    if (tee) {
      // A register or constant stays as it is: its consumer may use it
      // without copying the home.
      StackValue& top = stack_.top();
      if (top.location == ValueLocation::Slot) {
        top.location = ValueLocation::Local;
        top.reg = *home;
      }
      return;
    }
    StackValue popped = stack_.pop();
    if (popped.location == ValueLocation::Register) stack_.free(popped.reg);
    return;
  }
  stack_.forgetLocal(index);
  stack_.storeAt(stack_.size() - 1, localSlot(index));
  if (!tee) {
    StackValue popped = stack_.pop();
    if (popped.location == ValueLocation::Register) stack_.free(popped.reg);
  } else if (value.location == ValueLocation::Register) {
    stack_.cacheLocal(value.reg, index);
  }
}

std::optional<FunctionCompiler::NextInstruction> FunctionCompiler::peekNext() const {
  if (nextOffset_ >= function_.codeEnd) return std::nullopt;
  InstructionReader reader(module_.bytes, nextOffset_, function_.codeEnd);
  const Instruction& next = reader.next();
  return NextInstruction{next.opcode, next.index};
}

std::optional<Reg> FunctionCompiler::localUpdateTarget(const StackValue& lhs) {
  if (lhs.location != ValueLocation::Local) return std::nullopt;
  std::optional<Reg> home = localSetTarget();
  if (home != lhs.reg) return std::nullopt;
  return home;
}

std::optional<Reg> FunctionCompiler::localSetTarget() {
  std::optional<NextInstruction> next = peekNext();
  if (!next || (next->opcode != Opcode::LocalSet && next->opcode != Opcode::LocalTee)) {
    return std::nullopt;
  }
  std::optional<Reg> home = localHome(next->index);
  if (home) nextIsTee_ = next->opcode == Opcode::LocalTee;
  return home;
}

void FunctionCompiler::beginLocalUpdate(Reg home) {
  stack_.materializeLocal(home);
  writeHome(home);
  nextConsumed_ = true;
}

void FunctionCompiler::endLocalUpdate(ValType type, Reg home) {
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

template <>
void FunctionCompiler::visit<Opcode::GlobalGet>(const Instruction& ins) {
  ValType type = module_.globalType(GlobalIndex(ins.index)).type;
  Reg reg = stack_.allocate(type);
  a_.load(type, reg, globalAddress(ins.index));
  stack_.pushRegister(type, reg);
}

template <>
void FunctionCompiler::visit<Opcode::GlobalSet>(const Instruction& ins) {
  ValType type = stack_.top().type;
  Reg reg = stack_.popToRegister();
  x86::Mem dst = globalAddress(ins.index);
  if (type == ValType::I32) {
    // A global's i32 is 4 bytes: the rest of its 16 may hold nothing else.
    dst.setSize(4);
    a_.mov(dst, reg.gp32());
  } else {
    a_.store(type, dst, reg);
  }
  stack_.free(reg);
}

// --- Constants -------------------------------------------------------------

template <>
void FunctionCompiler::visit<Opcode::I32Const>(const Instruction& ins) {
  stack_.pushConstant(ValType::I32, int64_t(int32_t(ins.value)));
}

template <>
void FunctionCompiler::visit<Opcode::I64Const>(const Instruction& ins) {
  stack_.pushConstant(ValType::I64, int64_t(ins.value));
}

template <>
void FunctionCompiler::visit<Opcode::F32Const>(const Instruction& ins) {
  stack_.pushConstant(ValType::F32, int64_t(ins.value & 0xFFFFFFFFu));
}

template <>
void FunctionCompiler::visit<Opcode::F64Const>(const Instruction& ins) {
  stack_.pushConstant(ValType::F64, int64_t(ins.value));
}

// A v128 constant stays a Constant: a binary SIMD operation takes it as a
// memory operand from the constant pool, anything else loads it.
KILN_SIMD_VISITOR(V128Const) {
  int64_t half[2];
  std::memcpy(half, ins.bytes.data(), sizeof half);
  stack_.pushConstant(ValType::V128, half[0], half[1]);
}

// --- Traps and out-of-line code ---------------------------------------------

asmjit::Label FunctionCompiler::trapLabel(TrapCode code) {
  asmjit::Label label = a_.newLabel();
  scratch_.trapStubs.push_back({label, wasmOffset_, code});
  return label;
}

void FunctionCompiler::emitRaiseTrap(TrapCode code) {
  a_.mov(x86::edi, uint32_t(code));
  a_.callLibCall(LibCall::RaiseTrap);
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
  emitFuelRefundStubs();
  emitCatchPads();
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

CompileError inFunction(const WasmModule& module, uint32_t definedIndex, CompileError error) {
  if (error.kind != CompileError::Kind::Unsupported) {
    error.message = "function " + std::to_string(module.importedFunctionCount() + definedIndex) +
                    ": " + error.message;
  }
  return error;
}

std::optional<CompileError> compileFunction(const ModuleContext& context, uint32_t definedIndex,
                                            CompileScratch& scratch, asmjit::StringLogger* logger) {
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
  scratch.handlers.handlers.clear();
  scratch.beginFunction();
  FunctionCompiler compiler(context, definedIndex, scratch);
  if (!compiler.compile()) {
    scratch.dropFunction();
    return compiler.error();
  }
  scratch.code.flatten();
  scratch.code.resolveUnresolvedLinks();
  compiler.patchJumpTables();
  scratch.directEntry = uint32_t(scratch.code.labelOffset(compiler.directEntry()));
  return std::nullopt;
}

}  // namespace kiln::x64
