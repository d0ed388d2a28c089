// SIMD bitwise operations: not, and, andnot, or, xor, bitselect (and the
// relaxed lane selects, which x86 gives as a bitselect), any_true.
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

// With AVX the three-operand VEX form writes a register of its own, so
// neither operand is copied first: not a local's home register, and not a
// value still needed (SSE's two-operand form must copy the left one).
void FunctionCompiler::emitVectorBinary(asmjit::InstId sse, asmjit::InstId avx) {
  const StackValue& top = stack_.top();
  if (top.location == ValueLocation::Constant) {
    x86::Mem rhs = stack_.vectorConstant(uint64_t(top.constant), uint64_t(top.constantHigh));
    stack_.pop();
    if (context_.cpu.avx) {
      Operand lhs = stack_.popForRead();
      Reg dst = lhs.owned ? lhs.reg : stack_.allocate(ValType::V128);
      a_.emit(avx, dst.xmm(), lhs.reg.xmm(), rhs);
      stack_.pushRegister(ValType::V128, dst);
      return;
    }
    Reg lhs = stack_.popToRegister();
    a_.emit(sse, lhs.xmm(), rhs);
    stack_.pushRegister(ValType::V128, lhs);
    return;
  }
  Operand rhs = stack_.popForRead();
  if (context_.cpu.avx) {
    Operand lhs = stack_.popForRead();
    Reg dst = lhs.owned ? lhs.reg : rhs.owned ? rhs.reg : stack_.allocate(ValType::V128);
    a_.emit(avx, dst.xmm(), lhs.reg.xmm(), rhs.reg.xmm());
    if (lhs.owned) stack_.release(rhs);
    stack_.pushRegister(ValType::V128, dst);
    return;
  }
  Reg lhs = stack_.popToRegister();
  a_.emit(sse, lhs.xmm(), rhs.reg.xmm());
  stack_.release(rhs);
  stack_.pushRegister(ValType::V128, lhs);
}

#define KILN_SIMD_BITWISE(op, sse, avx) \
  KILN_SIMD_VISITOR(op) { emitVectorBinary(x86::Inst::sse, x86::Inst::avx); }
KILN_SIMD_BITWISE(V128And, kIdPand, kIdVpand)
KILN_SIMD_BITWISE(V128Or, kIdPor, kIdVpor)
KILN_SIMD_BITWISE(V128Xor, kIdPxor, kIdVpxor)
#undef KILN_SIMD_BITWISE

KILN_SIMD_VISITOR(V128Not) {
  Reg vector = stack_.popToRegister();
  a_.pcmpeqd(kScratchXmm.xmm(), kScratchXmm.xmm());
  a_.pxor(vector.xmm(), kScratchXmm.xmm());
  stack_.pushRegister(ValType::V128, vector);
}

// a & ~b: pandn complements its destination, so b is the one taken.
KILN_SIMD_VISITOR(V128AndNot) {
  Reg rhs = stack_.popToRegister();
  Operand lhs = stack_.popForRead();
  a_.pandn(rhs.xmm(), lhs.reg.xmm());
  stack_.release(lhs);
  stack_.pushRegister(ValType::V128, rhs);
}

// (v1 & c) | (v2 & ~c) as ((v1 ^ v2) & c) ^ v2: no temporary needed. The
// relaxed lane selects may be a bitselect whatever their mask.
#define KILN_SIMD_BITSELECT(op)                     \
  KILN_SIMD_VISITOR(op) {                           \
    Operand mask = stack_.popForRead();             \
    Operand second = stack_.popForRead();           \
    Reg first = stack_.popToRegister();             \
    a_.pxor(first.xmm(), second.reg.xmm());         \
    a_.pand(first.xmm(), mask.reg.xmm());           \
    a_.pxor(first.xmm(), second.reg.xmm());         \
    stack_.release(second);                         \
    stack_.release(mask);                           \
    stack_.pushRegister(ValType::V128, first);      \
  }
KILN_SIMD_BITSELECT(V128Bitselect)
KILN_SIMD_BITSELECT(I8x16RelaxedLaneselect)
KILN_SIMD_BITSELECT(I16x8RelaxedLaneselect)
KILN_SIMD_BITSELECT(I32x4RelaxedLaneselect)
KILN_SIMD_BITSELECT(I64x2RelaxedLaneselect)
#undef KILN_SIMD_BITSELECT

// ptest sets ZF when the vector is all zeros: the result is left in the
// flags, for a br_if or select to consume.
KILN_SIMD_VISITOR(V128AnyTrue) {
  Operand vector = stack_.popForRead();
  a_.ptest(vector.reg.xmm(), vector.reg.xmm());
  stack_.release(vector);
  stack_.pushCondition(x86::CondCode::kNE);
}

}  // namespace kiln::x64
