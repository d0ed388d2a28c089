// SIMD conversions: int <-> float lanes, f32 <-> f64 lanes, the saturating
// truncations, and the relaxed truncations.
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

namespace {

constexpr uint64_t kF32TwoTo31 = 0x4F0000004F000000;  // 2^31 in both f32 lanes of a qword
constexpr uint64_t kF64TwoTo52 = 0x4330000000000000;
constexpr uint64_t kF64IntMax = 0x41DFFFFFFFC00000;   // 2147483647.0
constexpr uint64_t kF64UintMax = 0x41EFFFFFFFE00000;  // 4294967295.0

}  // namespace

#define KILN_SIMD_CONVERT(op, inst)                           \
  KILN_SIMD_VISITOR(op) {                                     \
    Reg vector = stack_.popToRegister();                      \
    a_.emit(x86::Inst::inst, vector.xmm(), vector.xmm());     \
    stack_.pushRegister(ValType::V128, vector);               \
  }
KILN_SIMD_CONVERT(F32x4ConvertI32x4S, kIdCvtdq2ps)
KILN_SIMD_CONVERT(F64x2ConvertLowI32x4S, kIdCvtdq2pd)
KILN_SIMD_CONVERT(F32x4DemoteF64x2Zero, kIdCvtpd2ps)  // clears the upper lanes
KILN_SIMD_CONVERT(F64x2PromoteLowF32x4, kIdCvtps2pd)
#undef KILN_SIMD_CONVERT

// No unsigned cvtdq2ps: the low 16 bits and the rest convert exactly on
// their own (the rest halved, to be a positive i32, then doubled); their
// sum rounds once.
KILN_SIMD_VISITOR(F32x4ConvertI32x4U) {
  Reg vector = stack_.popToRegister();
  x86::Xmm v = vector.xmm();
  x86::Xmm low = kScratchXmm.xmm();
  a_.movdqa(low, v);
  a_.pslld(low, 16);
  a_.psrld(low, 16);
  a_.psubd(v, low);
  a_.cvtdq2ps(low, low);
  a_.psrld(v, 1);
  a_.cvtdq2ps(v, v);
  a_.addps(v, v);
  a_.addps(v, low);
  stack_.pushRegister(ValType::V128, vector);
}

// Each u32 becomes the low mantissa bits of 2^52 (0x43300000 above it),
// then 2^52 is subtracted: exact.
KILN_SIMD_VISITOR(F64x2ConvertLowI32x4U) {
  Reg vector = stack_.popToRegister();
  uint64_t high = kF64TwoTo52 >> 32;
  a_.punpckldq(vector.xmm(), stack_.vectorConstant(high | (high << 32), high | (high << 32)));
  a_.subpd(vector.xmm(), stack_.vectorConstant(kF64TwoTo52, kF64TwoTo52));
  stack_.pushRegister(ValType::V128, vector);
}

// cvttps2dq gives 0x80000000 for NaN and out of range: NaN lanes are zeroed
// first, and lanes of 2^31 and more flipped to 0x7FFFFFFF after.
KILN_SIMD_VISITOR(I32x4TruncSatF32x4S) {
  Reg vector = stack_.popToRegister();
  x86::Xmm v = vector.xmm();
  x86::Xmm mask = kScratchXmm.xmm();
  a_.movaps(mask, v);
  a_.cmpps(mask, v, 0);  // ordered lanes
  a_.andps(v, mask);
  a_.movaps(mask, stack_.vectorConstant(kF32TwoTo31, kF32TwoTo31));
  a_.cmpps(mask, v, 2);  // 2^31 <= v
  a_.cvttps2dq(v, v);
  a_.pxor(v, mask);
  stack_.pushRegister(ValType::V128, vector);
}

// Unsigned: NaN and negatives clamp to 0 (maxps returns its second operand,
// 0, on NaN). Lanes below 2^31 convert directly; above, v - 2^31 converts
// and is added to the 0x80000000 the first conversion gave; 2^32 and more
// make that second part 0x7FFFFFFF, so the sum is 0xFFFFFFFF.
KILN_SIMD_VISITOR(I32x4TruncSatF32x4U) {
  Reg vector = stack_.popToRegister();
  x86::Xmm v = vector.xmm();
  x86::Xmm scratch = kScratchXmm.xmm();
  Reg upper = stack_.allocate(ValType::V128);
  x86::Xmm u = upper.xmm();
  x86::Mem twoTo31 = stack_.vectorConstant(kF32TwoTo31, kF32TwoTo31);
  a_.xorps(scratch, scratch);
  a_.maxps(v, scratch);
  a_.movaps(u, v);
  a_.subps(u, twoTo31);
  a_.movaps(scratch, twoTo31);
  a_.cmpps(scratch, u, 2);  // 2^31 <= v - 2^31
  a_.cvttps2dq(u, u);
  a_.pxor(u, scratch);
  a_.pxor(scratch, scratch);
  a_.pmaxsd(u, scratch);
  a_.cvttps2dq(v, v);
  a_.paddd(v, u);
  stack_.free(upper);
  stack_.pushRegister(ValType::V128, vector);
}

// f64 lanes: NaN zeroed, clamped to the i32 range (below it cvttpd2dq's
// 0x80000000 is the right answer), converted into the low two lanes; the
// upper two are zero.
KILN_SIMD_VISITOR(I32x4TruncSatF64x2SZero) {
  Reg vector = stack_.popToRegister();
  x86::Xmm v = vector.xmm();
  a_.movapd(kScratchXmm.xmm(), v);
  a_.cmppd(kScratchXmm.xmm(), v, 0);  // ordered lanes
  a_.andpd(v, kScratchXmm.xmm());
  a_.minpd(v, stack_.vectorConstant(kF64IntMax, kF64IntMax));
  a_.cvttpd2dq(v, v);
  stack_.pushRegister(ValType::V128, vector);
}

// Clamped to [0, 2^32 - 1] (NaN to 0), truncated, then added to 2^52 so the
// integer sits in the low dword of each lane; shufps gathers those dwords
// and zeros from the scratch register.
KILN_SIMD_VISITOR(I32x4TruncSatF64x2UZero) {
  Reg vector = stack_.popToRegister();
  x86::Xmm v = vector.xmm();
  x86::Xmm zero = kScratchXmm.xmm();
  a_.xorpd(zero, zero);
  a_.maxpd(v, zero);
  a_.minpd(v, stack_.vectorConstant(kF64UintMax, kF64UintMax));
  a_.roundpd(v, v, 3);
  a_.addpd(v, stack_.vectorConstant(kF64TwoTo52, kF64TwoTo52));
  a_.shufps(v, zero, 0x88);  // dwords 0 and 2 of v, then of zero
  stack_.pushRegister(ValType::V128, vector);
}

// The relaxed truncations may give the saturating results for NaN and out
// of range lanes (Wasm's deterministic profile does): they share those
// lowerings, so every CPU gives the same answer.
KILN_SIMD_VISITOR(I32x4RelaxedTruncF32x4S) { visit<Opcode::I32x4TruncSatF32x4S>(ins); }
KILN_SIMD_VISITOR(I32x4RelaxedTruncF32x4U) { visit<Opcode::I32x4TruncSatF32x4U>(ins); }
KILN_SIMD_VISITOR(I32x4RelaxedTruncF64x2SZero) { visit<Opcode::I32x4TruncSatF64x2SZero>(ins); }
KILN_SIMD_VISITOR(I32x4RelaxedTruncF64x2UZero) { visit<Opcode::I32x4TruncSatF64x2UZero>(ins); }

}  // namespace kiln::x64
