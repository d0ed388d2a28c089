// SIMD lane compares, integer and float: each lane becomes all ones when
// the comparison holds, zeros otherwise.
#include "compiler/x64/function_compiler.h"

#include "compiler/x64/simd_shape.h"

namespace kiln::x64 {

namespace {

asmjit::InstId equalInst(uint32_t laneBytes) {
  switch (laneBytes) {
    case 1: return x86::Inst::kIdPcmpeqb;
    case 2: return x86::Inst::kIdPcmpeqw;
    case 4: return x86::Inst::kIdPcmpeqd;
    default: return x86::Inst::kIdPcmpeqq;
  }
}

asmjit::InstId greaterInst(uint32_t laneBytes) {
  switch (laneBytes) {
    case 1: return x86::Inst::kIdPcmpgtb;
    case 2: return x86::Inst::kIdPcmpgtw;
    case 4: return x86::Inst::kIdPcmpgtd;
    default: return x86::Inst::kIdPcmpgtq;  // SSE4.2
  }
}

asmjit::InstId minInst(uint32_t laneBytes) {
  switch (laneBytes) {
    case 1: return x86::Inst::kIdPminub;
    case 2: return x86::Inst::kIdPminuw;
    default: return x86::Inst::kIdPminud;
  }
}

asmjit::InstId maxInst(uint32_t laneBytes) {
  switch (laneBytes) {
    case 1: return x86::Inst::kIdPmaxub;
    case 2: return x86::Inst::kIdPmaxuw;
    default: return x86::Inst::kIdPmaxud;
  }
}

}  // namespace

// SSE compares integers for equality and signed greater-than only: lt
// swaps the operands, le and ge negate gt and lt. Unsigned ones (lanes of
// at most 4 bytes in Wasm) compare with the unsigned min or max: a <= b
// exactly when min(a, b) == a.
#define KILN_SIMD_INT_COMPARE(op, compare) \
  KILN_SIMD_VISITOR(op) { emitIntLaneCompare(laneBytesOf(Opcode::op), IntLaneCompare::compare); }
KILN_SIMD_INT_COMPARE(I8x16Eq, Eq)
KILN_SIMD_INT_COMPARE(I8x16Ne, Ne)
KILN_SIMD_INT_COMPARE(I8x16LtS, LtS)
KILN_SIMD_INT_COMPARE(I8x16LtU, LtU)
KILN_SIMD_INT_COMPARE(I8x16GtS, GtS)
KILN_SIMD_INT_COMPARE(I8x16GtU, GtU)
KILN_SIMD_INT_COMPARE(I8x16LeS, LeS)
KILN_SIMD_INT_COMPARE(I8x16LeU, LeU)
KILN_SIMD_INT_COMPARE(I8x16GeS, GeS)
KILN_SIMD_INT_COMPARE(I8x16GeU, GeU)
KILN_SIMD_INT_COMPARE(I16x8Eq, Eq)
KILN_SIMD_INT_COMPARE(I16x8Ne, Ne)
KILN_SIMD_INT_COMPARE(I16x8LtS, LtS)
KILN_SIMD_INT_COMPARE(I16x8LtU, LtU)
KILN_SIMD_INT_COMPARE(I16x8GtS, GtS)
KILN_SIMD_INT_COMPARE(I16x8GtU, GtU)
KILN_SIMD_INT_COMPARE(I16x8LeS, LeS)
KILN_SIMD_INT_COMPARE(I16x8LeU, LeU)
KILN_SIMD_INT_COMPARE(I16x8GeS, GeS)
KILN_SIMD_INT_COMPARE(I16x8GeU, GeU)
KILN_SIMD_INT_COMPARE(I32x4Eq, Eq)
KILN_SIMD_INT_COMPARE(I32x4Ne, Ne)
KILN_SIMD_INT_COMPARE(I32x4LtS, LtS)
KILN_SIMD_INT_COMPARE(I32x4LtU, LtU)
KILN_SIMD_INT_COMPARE(I32x4GtS, GtS)
KILN_SIMD_INT_COMPARE(I32x4GtU, GtU)
KILN_SIMD_INT_COMPARE(I32x4LeS, LeS)
KILN_SIMD_INT_COMPARE(I32x4LeU, LeU)
KILN_SIMD_INT_COMPARE(I32x4GeS, GeS)
KILN_SIMD_INT_COMPARE(I32x4GeU, GeU)
KILN_SIMD_INT_COMPARE(I64x2Eq, Eq)
KILN_SIMD_INT_COMPARE(I64x2Ne, Ne)
KILN_SIMD_INT_COMPARE(I64x2LtS, LtS)
KILN_SIMD_INT_COMPARE(I64x2GtS, GtS)
KILN_SIMD_INT_COMPARE(I64x2LeS, LeS)
KILN_SIMD_INT_COMPARE(I64x2GeS, GeS)
#undef KILN_SIMD_INT_COMPARE

void FunctionCompiler::emitIntLaneCompare(uint32_t laneBytes, IntLaneCompare compare) {
  using Compare = IntLaneCompare;
  const bool swapped = compare == Compare::LtS || compare == Compare::GeS;
  Operand rhsRead{Reg(), false};
  Reg result;
  if (swapped) {
    // b > a: the result goes in b's register.
    result = stack_.popToRegister();
    rhsRead = stack_.popForRead();
  } else {
    rhsRead = stack_.popForRead();
    result = stack_.popToRegister();
  }
  x86::Xmm dst = result.xmm();
  x86::Xmm other = rhsRead.reg.xmm();
  bool negate = false;
  switch (compare) {
    case Compare::Eq:
    case Compare::Ne:
      a_.emit(equalInst(laneBytes), dst, other);
      negate = compare == Compare::Ne;
      break;
    case Compare::GtS:
    case Compare::LtS:
    case Compare::LeS:
    case Compare::GeS:
      a_.emit(greaterInst(laneBytes), dst, other);
      negate = compare == Compare::LeS || compare == Compare::GeS;
      break;
    case Compare::LeU:
    case Compare::GtU:
    case Compare::GeU:
    case Compare::LtU: {
      bool viaMin = compare == Compare::LeU || compare == Compare::GtU;
      a_.movdqa(kScratchXmm.xmm(), dst);
      a_.emit(viaMin ? minInst(laneBytes) : maxInst(laneBytes), kScratchXmm.xmm(), other);
      a_.emit(equalInst(laneBytes), dst, kScratchXmm.xmm());
      negate = compare == Compare::GtU || compare == Compare::LtU;
      break;
    }
  }
  if (negate) {
    a_.pcmpeqd(kScratchXmm.xmm(), kScratchXmm.xmm());
    a_.pxor(dst, kScratchXmm.xmm());
  }
  stack_.release(rhsRead);
  stack_.pushRegister(ValType::V128, result);
}

// cmpps/cmppd predicates: 0 eq, 1 lt, 2 le, 4 neq (true when unordered, as
// Wasm's ne is). gt and ge are lt and le with the operands swapped.
#define KILN_SIMD_FLOAT_COMPARE(op, inst, predicate, swapped)  \
  KILN_SIMD_VISITOR(op) {                                      \
    Reg second = stack_.popToRegister();                       \
    Reg first = stack_.popToRegister();                        \
    Reg dst = swapped ? second : first;                        \
    a_.emit(x86::Inst::inst, dst.xmm(), (swapped ? first : second).xmm(), \
            asmjit::Imm(predicate));                           \
    stack_.free(swapped ? first : second);                     \
    stack_.pushRegister(ValType::V128, dst);                   \
  }
KILN_SIMD_FLOAT_COMPARE(F32x4Eq, kIdCmpps, 0, false)
KILN_SIMD_FLOAT_COMPARE(F32x4Ne, kIdCmpps, 4, false)
KILN_SIMD_FLOAT_COMPARE(F32x4Lt, kIdCmpps, 1, false)
KILN_SIMD_FLOAT_COMPARE(F32x4Gt, kIdCmpps, 1, true)
KILN_SIMD_FLOAT_COMPARE(F32x4Le, kIdCmpps, 2, false)
KILN_SIMD_FLOAT_COMPARE(F32x4Ge, kIdCmpps, 2, true)
KILN_SIMD_FLOAT_COMPARE(F64x2Eq, kIdCmppd, 0, false)
KILN_SIMD_FLOAT_COMPARE(F64x2Ne, kIdCmppd, 4, false)
KILN_SIMD_FLOAT_COMPARE(F64x2Lt, kIdCmppd, 1, false)
KILN_SIMD_FLOAT_COMPARE(F64x2Gt, kIdCmppd, 1, true)
KILN_SIMD_FLOAT_COMPARE(F64x2Le, kIdCmppd, 2, false)
KILN_SIMD_FLOAT_COMPARE(F64x2Ge, kIdCmppd, 2, true)
#undef KILN_SIMD_FLOAT_COMPARE

}  // namespace kiln::x64
