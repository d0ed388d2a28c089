// SIMD loads and stores: whole vectors, extending loads, splats, zero-filling
// loads and single lanes. Each access's width comes from the `width` column
// of opcodes.def, and goes through accessOperand like the scalar ones, so
// bounds checks (in bounds-check mode) and the guard-page fault (otherwise)
// cover all of its bytes: a vector straddling the end of memory traps.
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

// Loads made of one instruction on the memory operand: its width and the
// x86 instruction (SSE4.1 pmovsx/pmovzx for the extending loads; movd and
// movq clear the lanes they do not load).
#define KILN_SIMD_LOAD(op, inst)                                        \
  KILN_SIMD_VISITOR(op) {                                               \
    emitVectorLoad(ins, opcodeInfo(Opcode::op).width, x86::Inst::inst); \
  }
KILN_SIMD_LOAD(V128Load, kIdMovdqu)
KILN_SIMD_LOAD(V128Load8x8S, kIdPmovsxbw)
KILN_SIMD_LOAD(V128Load8x8U, kIdPmovzxbw)
KILN_SIMD_LOAD(V128Load16x4S, kIdPmovsxwd)
KILN_SIMD_LOAD(V128Load16x4U, kIdPmovzxwd)
KILN_SIMD_LOAD(V128Load32x2S, kIdPmovsxdq)
KILN_SIMD_LOAD(V128Load32x2U, kIdPmovzxdq)
KILN_SIMD_LOAD(V128Load32Zero, kIdMovd)
KILN_SIMD_LOAD(V128Load64Zero, kIdMovq)
// movddup loads 8 bytes into both halves: a splat in one instruction.
KILN_SIMD_LOAD(V128Load64Splat, kIdMovddup)
#undef KILN_SIMD_LOAD

#define KILN_SIMD_LOAD_SPLAT(op) \
  KILN_SIMD_VISITOR(op) { emitLoadSplat(ins, opcodeInfo(Opcode::op).width); }
KILN_SIMD_LOAD_SPLAT(V128Load8Splat)
KILN_SIMD_LOAD_SPLAT(V128Load16Splat)
KILN_SIMD_LOAD_SPLAT(V128Load32Splat)
#undef KILN_SIMD_LOAD_SPLAT

#define KILN_SIMD_LANE_ACCESS(op, emit) \
  KILN_SIMD_VISITOR(op) { emit(ins, opcodeInfo(Opcode::op).width); }
KILN_SIMD_LANE_ACCESS(V128Load8Lane, emitLoadLane)
KILN_SIMD_LANE_ACCESS(V128Load16Lane, emitLoadLane)
KILN_SIMD_LANE_ACCESS(V128Load32Lane, emitLoadLane)
KILN_SIMD_LANE_ACCESS(V128Load64Lane, emitLoadLane)
KILN_SIMD_LANE_ACCESS(V128Store8Lane, emitStoreLane)
KILN_SIMD_LANE_ACCESS(V128Store16Lane, emitStoreLane)
KILN_SIMD_LANE_ACCESS(V128Store32Lane, emitStoreLane)
KILN_SIMD_LANE_ACCESS(V128Store64Lane, emitStoreLane)
#undef KILN_SIMD_LANE_ACCESS

KILN_SIMD_VISITOR(V128Store) {
  Operand value = stack_.popForRead();
  HeapOperand access = accessOperand(ins.memArg, 16);
  uint32_t site = uint32_t(a_.offset());
  a_.movdqu(access.operand, value.reg.xmm());
  recordHeapAccess(site);
  releaseAccess(access);
  stack_.release(value);
}

void FunctionCompiler::emitVectorLoad(const Instruction& ins, uint32_t size, asmjit::InstId inst,
                                      std::optional<uint32_t> imm) {
  HeapOperand access = accessOperand(ins.memArg, size);
  Reg dst = stack_.allocate(ValType::V128);  // only moves: the operand stays valid
  uint32_t site = uint32_t(a_.offset());
  if (imm) {
    a_.emit(inst, dst.xmm(), access.operand, asmjit::Imm(*imm));
  } else {
    a_.emit(inst, dst.xmm(), access.operand);
  }
  recordHeapAccess(site);
  releaseAccess(access);
  stack_.pushRegister(ValType::V128, dst);
}

void FunctionCompiler::emitLoadSplat(const Instruction& ins, uint32_t laneBytes) {
  // Into lane 0; the other lanes are overwritten by the broadcast.
  switch (laneBytes) {
    case 1: emitVectorLoad(ins, 1, x86::Inst::kIdPinsrb, 0); break;
    case 2: emitVectorLoad(ins, 2, x86::Inst::kIdPinsrw, 0); break;
    default: emitVectorLoad(ins, 4, x86::Inst::kIdMovd); break;
  }
  broadcastLane0(stack_.top().reg, laneBytes);
}

namespace {

asmjit::InstId insertInst(uint32_t laneBytes) {
  switch (laneBytes) {
    case 1: return x86::Inst::kIdPinsrb;
    case 2: return x86::Inst::kIdPinsrw;
    case 4: return x86::Inst::kIdPinsrd;
    default: return x86::Inst::kIdPinsrq;
  }
}

asmjit::InstId extractInst(uint32_t laneBytes) {
  switch (laneBytes) {
    case 1: return x86::Inst::kIdPextrb;
    case 2: return x86::Inst::kIdPextrw;  // the SSE4.1 form, which can store
    case 4: return x86::Inst::kIdPextrd;
    default: return x86::Inst::kIdPextrq;
  }
}

}  // namespace

void FunctionCompiler::emitLoadLane(const Instruction& ins, uint32_t laneBytes) {
  Reg vector = stack_.popToRegister();  // ours: the lane is replaced in place
  HeapOperand access = accessOperand(ins.memArg, laneBytes);
  uint32_t site = uint32_t(a_.offset());
  a_.emit(insertInst(laneBytes), vector.xmm(), access.operand, asmjit::Imm(ins.lane));
  recordHeapAccess(site);
  releaseAccess(access);
  stack_.pushRegister(ValType::V128, vector);
}

void FunctionCompiler::emitStoreLane(const Instruction& ins, uint32_t laneBytes) {
  Operand value = stack_.popForRead();
  HeapOperand access = accessOperand(ins.memArg, laneBytes);
  uint32_t site = uint32_t(a_.offset());
  a_.emit(extractInst(laneBytes), access.operand, value.reg.xmm(), asmjit::Imm(ins.lane));
  recordHeapAccess(site);
  releaseAccess(access);
  stack_.release(value);
}

}  // namespace kiln::x64
