// SIMD float lane arithmetic: add, sub, mul, div, sqrt, abs, neg, rounding,
// min/max with Wasm's NaN and signed-zero rules, pmin/pmax, and the relaxed
// min/max and madd/nmadd.
#include "compiler/x64/function_compiler.h"

#include "compiler/x64/simd_shape.h"

namespace kiln::x64 {

#define KILN_SIMD_FLOAT_BINARY(op, sse, avx) \
  KILN_SIMD_VISITOR(op) { emitVectorBinary(x86::Inst::sse, x86::Inst::avx); }
KILN_SIMD_FLOAT_BINARY(F32x4Add, kIdAddps, kIdVaddps)
KILN_SIMD_FLOAT_BINARY(F64x2Add, kIdAddpd, kIdVaddpd)
KILN_SIMD_FLOAT_BINARY(F32x4Sub, kIdSubps, kIdVsubps)
KILN_SIMD_FLOAT_BINARY(F64x2Sub, kIdSubpd, kIdVsubpd)
KILN_SIMD_FLOAT_BINARY(F32x4Mul, kIdMulps, kIdVmulps)
KILN_SIMD_FLOAT_BINARY(F64x2Mul, kIdMulpd, kIdVmulpd)
KILN_SIMD_FLOAT_BINARY(F32x4Div, kIdDivps, kIdVdivps)
KILN_SIMD_FLOAT_BINARY(F64x2Div, kIdDivpd, kIdVdivpd)
#undef KILN_SIMD_FLOAT_BINARY

// Relaxed min/max may give either operand when one is NaN or both are
// zeros of different signs: minps/maxps as they are. The deterministic
// profile asks for min/max's own results.
#define KILN_SIMD_RELAXED_MIN_MAX(op, strict, sse, avx)              \
  KILN_SIMD_VISITOR(op) {                                            \
    if (context_.config.deterministic) {                             \
      visit<Opcode::strict>(ins);                                    \
    } else {                                                         \
      emitVectorBinary(x86::Inst::sse, x86::Inst::avx);              \
    }                                                                \
  }
KILN_SIMD_RELAXED_MIN_MAX(F32x4RelaxedMin, F32x4Min, kIdMinps, kIdVminps)
KILN_SIMD_RELAXED_MIN_MAX(F64x2RelaxedMin, F64x2Min, kIdMinpd, kIdVminpd)
KILN_SIMD_RELAXED_MIN_MAX(F32x4RelaxedMax, F32x4Max, kIdMaxps, kIdVmaxps)
KILN_SIMD_RELAXED_MIN_MAX(F64x2RelaxedMax, F64x2Max, kIdMaxpd, kIdVmaxpd)
#undef KILN_SIMD_RELAXED_MIN_MAX

// Rounding with roundps/roundpd: 0 nearest even, 1 floor, 2 ceil, 3 trunc.
// (Vector rounding has no libcall: SSE4.1 is the SIMD baseline.)
#define KILN_SIMD_FLOAT_ROUND(op, inst, mode)                       \
  KILN_SIMD_VISITOR(op) {                                           \
    Reg vector = stack_.popToRegister();                            \
    a_.emit(x86::Inst::inst, vector.xmm(), vector.xmm(), asmjit::Imm(mode)); \
    stack_.pushRegister(ValType::V128, vector);                     \
  }
KILN_SIMD_FLOAT_ROUND(F32x4Nearest, kIdRoundps, 0)
KILN_SIMD_FLOAT_ROUND(F64x2Nearest, kIdRoundpd, 0)
KILN_SIMD_FLOAT_ROUND(F32x4Floor, kIdRoundps, 1)
KILN_SIMD_FLOAT_ROUND(F64x2Floor, kIdRoundpd, 1)
KILN_SIMD_FLOAT_ROUND(F32x4Ceil, kIdRoundps, 2)
KILN_SIMD_FLOAT_ROUND(F64x2Ceil, kIdRoundpd, 2)
KILN_SIMD_FLOAT_ROUND(F32x4Trunc, kIdRoundps, 3)
KILN_SIMD_FLOAT_ROUND(F64x2Trunc, kIdRoundpd, 3)
#undef KILN_SIMD_FLOAT_ROUND

#define KILN_SIMD_FLOAT_SQRT(op, inst)                          \
  KILN_SIMD_VISITOR(op) {                                       \
    Reg vector = stack_.popToRegister();                        \
    a_.emit(x86::Inst::inst, vector.xmm(), vector.xmm());       \
    stack_.pushRegister(ValType::V128, vector);                 \
  }
KILN_SIMD_FLOAT_SQRT(F32x4Sqrt, kIdSqrtps)
KILN_SIMD_FLOAT_SQRT(F64x2Sqrt, kIdSqrtpd)
#undef KILN_SIMD_FLOAT_SQRT

// abs clears and neg flips the sign bits, NaNs included, as Wasm requires.
#define KILN_SIMD_FLOAT_SIGN(op, inst, mask)                                 \
  KILN_SIMD_VISITOR(op) {                                                    \
    Reg vector = stack_.popToRegister();                                     \
    a_.emit(x86::Inst::inst, vector.xmm(), stack_.vectorConstant(mask, mask)); \
    stack_.pushRegister(ValType::V128, vector);                              \
  }
KILN_SIMD_FLOAT_SIGN(F32x4Abs, kIdAndps, 0x7FFFFFFF7FFFFFFF)
KILN_SIMD_FLOAT_SIGN(F64x2Abs, kIdAndpd, 0x7FFFFFFFFFFFFFFF)
KILN_SIMD_FLOAT_SIGN(F32x4Neg, kIdXorps, 0x8000000080000000)
KILN_SIMD_FLOAT_SIGN(F64x2Neg, kIdXorpd, 0x8000000000000000)
#undef KILN_SIMD_FLOAT_SIGN

// pmin is `b < a ? b : a` and pmax `a < b ? b : a`: exactly minps and
// maxps with b as the destination (they return their second operand when
// the compare is false, NaNs included).
#define KILN_SIMD_PSEUDO_MIN_MAX(op, inst)                  \
  KILN_SIMD_VISITOR(op) {                                   \
    Reg second = stack_.popToRegister();                    \
    Operand first = stack_.popForRead();                    \
    a_.emit(x86::Inst::inst, second.xmm(), first.reg.xmm()); \
    stack_.release(first);                                  \
    stack_.pushRegister(ValType::V128, second);             \
  }
KILN_SIMD_PSEUDO_MIN_MAX(F32x4Pmin, kIdMinps)
KILN_SIMD_PSEUDO_MIN_MAX(F64x2Pmin, kIdMinpd)
KILN_SIMD_PSEUDO_MIN_MAX(F32x4Pmax, kIdMaxps)
KILN_SIMD_PSEUDO_MIN_MAX(F64x2Pmax, kIdMaxpd)
#undef KILN_SIMD_PSEUDO_MIN_MAX

#define KILN_SIMD_FLOAT_MIN_MAX(op, isMin) \
  KILN_SIMD_VISITOR(op) { emitVectorMinMax(isMin, laneBytesOf(Opcode::op) == 8); }
KILN_SIMD_FLOAT_MIN_MAX(F32x4Min, true)
KILN_SIMD_FLOAT_MIN_MAX(F64x2Min, true)
KILN_SIMD_FLOAT_MIN_MAX(F32x4Max, false)
KILN_SIMD_FLOAT_MIN_MAX(F64x2Max, false)
#undef KILN_SIMD_FLOAT_MIN_MAX

// minps/maxps return their second operand when either is NaN or both are
// zeros, so computed both ways round they agree except on those lanes:
// there, OR-ing the two gives -0 for min, AND-ing +0 for max. A lane where
// either operand is NaN has one of them NaN in each order, which the
// unordered compare finds; those lanes are set to all ones, then cleared
// below the quiet bit: a canonical NaN (with the sign set).
void FunctionCompiler::emitVectorMinMax(bool isMin, bool wide) {
  Reg second = stack_.popToRegister();
  Reg first = stack_.popToRegister();
  x86::Xmm a = first.xmm();
  x86::Xmm b = second.xmm();
  x86::Xmm x = kScratchXmm.xmm();
  asmjit::InstId minMax = isMin ? (wide ? x86::Inst::kIdMinpd : x86::Inst::kIdMinps)
                                : (wide ? x86::Inst::kIdMaxpd : x86::Inst::kIdMaxps);
  a_.movaps(x, a);
  a_.emit(minMax, x, b);  // x = a op b: b on NaN or zeros
  a_.emit(minMax, b, a);  // b = b op a: a on NaN or zeros
  a_.movaps(a, x);
  a_.emit(wide ? x86::Inst::kIdCmppd : x86::Inst::kIdCmpps, a, b, asmjit::Imm(3));  // unordered
  if (isMin) {
    a_.orps(x, b);
  } else {
    a_.andps(x, b);
  }
  a_.orps(x, a);
  // Sign, exponent and quiet bit: 10 bits of an f32, 13 of an f64.
  if (wide) {
    a_.psrlq(a, 13);
  } else {
    a_.psrld(a, 10);
  }
  a_.andnps(a, x);
  stack_.free(second);
  stack_.pushRegister(ValType::V128, first);
}

// Relaxed madd may round once or twice: a multiply then an add (nmadd
// negates the product), the same on every x86 whether it has FMA or not.
#define KILN_SIMD_RELAXED_MADD(op, mul, addOrSub)                \
  KILN_SIMD_VISITOR(op) {                                        \
    Reg addend = stack_.popToRegister();                         \
    Operand second = stack_.popForRead();                        \
    Reg first = stack_.popToRegister();                          \
    a_.emit(x86::Inst::mul, first.xmm(), second.reg.xmm());      \
    a_.emit(x86::Inst::addOrSub, addend.xmm(), first.xmm());     \
    stack_.release(second);                                      \
    stack_.free(first);                                          \
    stack_.pushRegister(ValType::V128, addend);                  \
  }
KILN_SIMD_RELAXED_MADD(F32x4RelaxedMadd, kIdMulps, kIdAddps)
KILN_SIMD_RELAXED_MADD(F32x4RelaxedNmadd, kIdMulps, kIdSubps)
KILN_SIMD_RELAXED_MADD(F64x2RelaxedMadd, kIdMulpd, kIdAddpd)
KILN_SIMD_RELAXED_MADD(F64x2RelaxedNmadd, kIdMulpd, kIdSubpd)
#undef KILN_SIMD_RELAXED_MADD

}  // namespace kiln::x64
