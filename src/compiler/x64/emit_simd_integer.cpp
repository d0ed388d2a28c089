// SIMD integer lane arithmetic: add, sub, saturating add/sub, mul, neg, abs,
// min/max, avgr, shifts, all_true, bitmask, popcnt, narrow, extend, extmul,
// extadd_pairwise, dot and q15mulr.
#include "compiler/x64/function_compiler.h"

#include "compiler/x64/simd_shape.h"

namespace kiln::x64 {

namespace {

/// A 16-byte constant of one value in every `laneBytes`-wide lane.
uint64_t splatBits(uint64_t lane, uint32_t laneBytes) {
  if (laneBytes == 8) return lane;
  uint64_t bits = 0;
  for (uint32_t i = 0; i < 8 / laneBytes; ++i) bits |= lane << (8 * laneBytes * i);
  return bits;
}

}  // namespace

x86::Mem FunctionCompiler::splatConstant(uint64_t lane, uint32_t laneBytes) {
  uint64_t bits = splatBits(lane, laneBytes);
  return stack_.vectorConstant(bits, bits);
}

// One SSE instruction per operation (pmulld, pminsb, pminud, pmaxsb,
// pmaxud: SSE4.1).
#define KILN_SIMD_INT_BINARY(op, sse, avx) \
  KILN_SIMD_VISITOR(op) { emitVectorBinary(x86::Inst::sse, x86::Inst::avx); }
KILN_SIMD_INT_BINARY(I8x16Add, kIdPaddb, kIdVpaddb)
KILN_SIMD_INT_BINARY(I16x8Add, kIdPaddw, kIdVpaddw)
KILN_SIMD_INT_BINARY(I32x4Add, kIdPaddd, kIdVpaddd)
KILN_SIMD_INT_BINARY(I64x2Add, kIdPaddq, kIdVpaddq)
KILN_SIMD_INT_BINARY(I8x16Sub, kIdPsubb, kIdVpsubb)
KILN_SIMD_INT_BINARY(I16x8Sub, kIdPsubw, kIdVpsubw)
KILN_SIMD_INT_BINARY(I32x4Sub, kIdPsubd, kIdVpsubd)
KILN_SIMD_INT_BINARY(I64x2Sub, kIdPsubq, kIdVpsubq)
KILN_SIMD_INT_BINARY(I8x16AddSatS, kIdPaddsb, kIdVpaddsb)
KILN_SIMD_INT_BINARY(I8x16AddSatU, kIdPaddusb, kIdVpaddusb)
KILN_SIMD_INT_BINARY(I16x8AddSatS, kIdPaddsw, kIdVpaddsw)
KILN_SIMD_INT_BINARY(I16x8AddSatU, kIdPaddusw, kIdVpaddusw)
KILN_SIMD_INT_BINARY(I8x16SubSatS, kIdPsubsb, kIdVpsubsb)
KILN_SIMD_INT_BINARY(I8x16SubSatU, kIdPsubusb, kIdVpsubusb)
KILN_SIMD_INT_BINARY(I16x8SubSatS, kIdPsubsw, kIdVpsubsw)
KILN_SIMD_INT_BINARY(I16x8SubSatU, kIdPsubusw, kIdVpsubusw)
KILN_SIMD_INT_BINARY(I16x8Mul, kIdPmullw, kIdVpmullw)
KILN_SIMD_INT_BINARY(I32x4Mul, kIdPmulld, kIdVpmulld)
KILN_SIMD_INT_BINARY(I8x16MinS, kIdPminsb, kIdVpminsb)
KILN_SIMD_INT_BINARY(I8x16MinU, kIdPminub, kIdVpminub)
KILN_SIMD_INT_BINARY(I16x8MinS, kIdPminsw, kIdVpminsw)
KILN_SIMD_INT_BINARY(I16x8MinU, kIdPminuw, kIdVpminuw)
KILN_SIMD_INT_BINARY(I32x4MinS, kIdPminsd, kIdVpminsd)
KILN_SIMD_INT_BINARY(I32x4MinU, kIdPminud, kIdVpminud)
KILN_SIMD_INT_BINARY(I8x16MaxS, kIdPmaxsb, kIdVpmaxsb)
KILN_SIMD_INT_BINARY(I8x16MaxU, kIdPmaxub, kIdVpmaxub)
KILN_SIMD_INT_BINARY(I16x8MaxS, kIdPmaxsw, kIdVpmaxsw)
KILN_SIMD_INT_BINARY(I16x8MaxU, kIdPmaxuw, kIdVpmaxuw)
KILN_SIMD_INT_BINARY(I32x4MaxS, kIdPmaxsd, kIdVpmaxsd)
KILN_SIMD_INT_BINARY(I32x4MaxU, kIdPmaxud, kIdVpmaxud)
KILN_SIMD_INT_BINARY(I8x16AvgrU, kIdPavgb, kIdVpavgb)
KILN_SIMD_INT_BINARY(I16x8AvgrU, kIdPavgw, kIdVpavgw)
// Saturating narrows: both operands' lanes, first then second.
KILN_SIMD_INT_BINARY(I8x16NarrowI16x8S, kIdPacksswb, kIdVpacksswb)
KILN_SIMD_INT_BINARY(I8x16NarrowI16x8U, kIdPackuswb, kIdVpackuswb)
KILN_SIMD_INT_BINARY(I16x8NarrowI32x4S, kIdPackssdw, kIdVpackssdw)
KILN_SIMD_INT_BINARY(I16x8NarrowI32x4U, kIdPackusdw, kIdVpackusdw)
// pmaddwd multiplies the i16 lanes and adds adjacent pairs: exactly dot.
KILN_SIMD_INT_BINARY(I32x4DotI16x8S, kIdPmaddwd, kIdVpmaddwd)
#undef KILN_SIMD_INT_BINARY

// SSE has no 64-bit lane multiply: from 32x32->64 pmuludq products,
// lo(a)lo(b) + ((hi(a)lo(b) + lo(a)hi(b)) << 32).
KILN_SIMD_VISITOR(I64x2Mul) {
  Reg rhs = stack_.popToRegister();
  Operand lhs = stack_.popForRead();
  Reg dst = stack_.allocate(ValType::V128);
  x86::Xmm a = lhs.reg.xmm();
  x86::Xmm b = rhs.xmm();
  x86::Xmm cross = kScratchXmm.xmm();
  a_.movdqa(dst.xmm(), a);
  a_.pmuludq(dst.xmm(), b);  // lo(a) lo(b)
  a_.movdqa(cross, a);
  a_.psrlq(cross, 32);
  a_.pmuludq(cross, b);  // hi(a) lo(b)
  a_.psrlq(b, 32);
  a_.pmuludq(b, a);  // hi(b) lo(a)
  a_.paddq(cross, b);
  a_.psllq(cross, 32);
  a_.paddq(dst.xmm(), cross);
  stack_.free(rhs);
  stack_.release(lhs);
  stack_.pushRegister(ValType::V128, dst);
}

// --- Shifts --------------------------------------------------------------------

// The count is taken modulo the lane width. Byte lanes have no shift of
// their own: they shift as words and mask off the bits that crossed from
// the neighbouring byte (shl, shr_u), or widen to words and pack back
// (shr_s). No 64-bit arithmetic shift either: (x >>u n ^ m) - m with m the
// sign bit shifted alike sign-extends.
#define KILN_SIMD_SHIFT(op, kind) \
  KILN_SIMD_VISITOR(op) { emitVectorShift(laneBytesOf(Opcode::op), VectorShift::kind); }
KILN_SIMD_SHIFT(I8x16Shl, Shl)
KILN_SIMD_SHIFT(I16x8Shl, Shl)
KILN_SIMD_SHIFT(I32x4Shl, Shl)
KILN_SIMD_SHIFT(I64x2Shl, Shl)
KILN_SIMD_SHIFT(I8x16ShrS, ShrS)
KILN_SIMD_SHIFT(I16x8ShrS, ShrS)
KILN_SIMD_SHIFT(I32x4ShrS, ShrS)
KILN_SIMD_SHIFT(I64x2ShrS, ShrS)
KILN_SIMD_SHIFT(I8x16ShrU, ShrU)
KILN_SIMD_SHIFT(I16x8ShrU, ShrU)
KILN_SIMD_SHIFT(I32x4ShrU, ShrU)
KILN_SIMD_SHIFT(I64x2ShrU, ShrU)
#undef KILN_SIMD_SHIFT

void FunctionCompiler::emitVectorShift(uint32_t laneBytes, VectorShift kind) {
  const uint32_t countMask = 8 * laneBytes - 1;
  // Byte lanes shifted right arithmetically are shifted as the high bytes of words.
  const uint32_t extra = laneBytes == 1 && kind == VectorShift::ShrS ? 8 : 0;
  // The count: an immediate when constant, else in the low qword of xmm15.
  std::optional<uint32_t> constant;
  if (stack_.top().location == ValueLocation::Constant) {
    constant = (uint32_t(stack_.pop().constant) & countMask) + extra;
  } else {
    Operand count = stack_.popForRead();
    a_.mov(kScratchGp.gp32(), count.reg.gp32());
    a_.and_(kScratchGp.gp32(), countMask);
    if (extra) a_.add(kScratchGp.gp32(), extra);
    a_.movd(kScratchXmm.xmm(), kScratchGp.gp32());
    stack_.release(count);
  }
  const bool ownShift = laneBytes != 1 && !(laneBytes == 8 && kind == VectorShift::ShrS);
  if (ownShift && context_.cpu.avx) {
    // Lanes of 2, 4 and 8 bytes have their own shifts: with AVX in the
    // three-operand VEX form, which does not copy a local's home first.
    static constexpr asmjit::InstId kShl[] = {x86::Inst::kIdVpsllw, x86::Inst::kIdVpslld,
                                              x86::Inst::kIdVpsllq};
    static constexpr asmjit::InstId kShrS[] = {x86::Inst::kIdVpsraw, x86::Inst::kIdVpsrad,
                                               x86::Inst::kIdNone};  // 8 bytes: below
    static constexpr asmjit::InstId kShrU[] = {x86::Inst::kIdVpsrlw, x86::Inst::kIdVpsrld,
                                               x86::Inst::kIdVpsrlq};
    size_t width = laneBytes == 2 ? 0 : laneBytes == 4 ? 1 : 2;
    asmjit::InstId inst = kind == VectorShift::Shl    ? kShl[width]
                          : kind == VectorShift::ShrS ? kShrS[width]
                                                      : kShrU[width];
    Operand source = stack_.popForRead();
    Reg dst = source.owned ? source.reg : stack_.allocate(ValType::V128);
    if (constant) {
      a_.emit(inst, dst.xmm(), source.reg.xmm(), asmjit::Imm(*constant));
    } else {
      a_.emit(inst, dst.xmm(), source.reg.xmm(), kScratchXmm.xmm());
    }
    stack_.pushRegister(ValType::V128, dst);
    return;
  }
  Reg vector = stack_.popToRegister();
  auto shift = [&](asmjit::InstId inst, x86::Xmm target) {
    if (constant) {
      a_.emit(inst, target, asmjit::Imm(*constant));
    } else {
      a_.emit(inst, target, kScratchXmm.xmm());
    }
  };
  x86::Xmm v = vector.xmm();
  const bool left = kind == VectorShift::Shl;
  if (laneBytes == 1 && kind == VectorShift::ShrS) {
    Reg high = stack_.allocate(ValType::V128);
    a_.movdqa(high.xmm(), v);
    a_.punpckhbw(high.xmm(), high.xmm());  // each byte twice: the word's high byte is it
    a_.punpcklbw(v, v);
    shift(x86::Inst::kIdPsraw, v);
    shift(x86::Inst::kIdPsraw, high.xmm());
    a_.packsswb(v, high.xmm());
    stack_.free(high);
  } else if (laneBytes == 1) {
    asmjit::InstId wordShift = left ? x86::Inst::kIdPsllw : x86::Inst::kIdPsrlw;
    shift(wordShift, v);
    if (constant) {
      uint32_t keep = (left ? 0xFFu << *constant : 0xFFu >> *constant) & 0xFF;
      a_.pand(v, splatConstant(keep, 1));
    } else {
      // The mask shifted alike: all-ones words shifted, then the byte of
      // each word that shifted like a byte lane copied to both bytes.
      Reg mask = stack_.allocate(ValType::V128);
      a_.pcmpeqd(mask.xmm(), mask.xmm());
      shift(wordShift, mask.xmm());
      a_.pshufb(mask.xmm(), left ? stack_.vectorConstant(0x0606040402020000, 0x0E0E0C0C0A0A0808)
                                 : stack_.vectorConstant(0x0707050503030101, 0x0F0F0D0D0B0B0909));
      a_.pand(v, mask.xmm());
      stack_.free(mask);
    }
  } else if (laneBytes == 8 && kind == VectorShift::ShrS) {
    Reg sign = stack_.allocate(ValType::V128);
    a_.movdqa(sign.xmm(), splatConstant(uint64_t(1) << 63, 8));
    shift(x86::Inst::kIdPsrlq, v);
    shift(x86::Inst::kIdPsrlq, sign.xmm());
    a_.pxor(v, sign.xmm());
    a_.psubq(v, sign.xmm());
    stack_.free(sign);
  } else {
    // Lanes of 2, 4 and 8 bytes have their own shifts.
    static constexpr asmjit::InstId kShl[] = {x86::Inst::kIdPsllw, x86::Inst::kIdPslld,
                                              x86::Inst::kIdPsllq};
    static constexpr asmjit::InstId kShrS[] = {x86::Inst::kIdPsraw, x86::Inst::kIdPsrad,
                                               x86::Inst::kIdNone};  // 8 bytes: above
    static constexpr asmjit::InstId kShrU[] = {x86::Inst::kIdPsrlw, x86::Inst::kIdPsrld,
                                               x86::Inst::kIdPsrlq};
    size_t width = laneBytes == 2 ? 0 : laneBytes == 4 ? 1 : 2;
    shift(left ? kShl[width] : kind == VectorShift::ShrS ? kShrS[width] : kShrU[width], v);
  }
  stack_.pushRegister(ValType::V128, vector);
}

#define KILN_SIMD_NEG(op, sub)                                  \
  KILN_SIMD_VISITOR(op) {                                       \
    Reg vector = stack_.popToRegister();                        \
    a_.pxor(kScratchXmm.xmm(), kScratchXmm.xmm());              \
    a_.emit(x86::Inst::sub, kScratchXmm.xmm(), vector.xmm());   \
    a_.movdqa(vector.xmm(), kScratchXmm.xmm());                 \
    stack_.pushRegister(ValType::V128, vector);                 \
  }
KILN_SIMD_NEG(I8x16Neg, kIdPsubb)
KILN_SIMD_NEG(I16x8Neg, kIdPsubw)
KILN_SIMD_NEG(I32x4Neg, kIdPsubd)
KILN_SIMD_NEG(I64x2Neg, kIdPsubq)
#undef KILN_SIMD_NEG

#define KILN_SIMD_ABS(op, inst)                                     \
  KILN_SIMD_VISITOR(op) {                                           \
    Reg vector = stack_.popToRegister();                            \
    a_.emit(x86::Inst::inst, vector.xmm(), vector.xmm());           \
    stack_.pushRegister(ValType::V128, vector);                     \
  }
KILN_SIMD_ABS(I8x16Abs, kIdPabsb)
KILN_SIMD_ABS(I16x8Abs, kIdPabsw)
KILN_SIMD_ABS(I32x4Abs, kIdPabsd)
#undef KILN_SIMD_ABS

// No pabsq before AVX-512: (x ^ s) - s with s the sign of each lane,
// broadcast from its high dword.
KILN_SIMD_VISITOR(I64x2Abs) {
  Reg vector = stack_.popToRegister();
  x86::Xmm sign = kScratchXmm.xmm();
  a_.pshufd(sign, vector.xmm(), 0xF5);  // dwords 1, 1, 3, 3
  a_.psrad(sign, 31);
  a_.pxor(vector.xmm(), sign);
  a_.psubq(vector.xmm(), sign);
  stack_.pushRegister(ValType::V128, vector);
}

// --- all_true, bitmask, popcnt -------------------------------------------------------

// A lane equal to zero makes pcmpeq's result non-zero; ptest leaves the
// answer in ZF for a consumer of the flags.
#define KILN_SIMD_ALL_TRUE(op, compare)                               \
  KILN_SIMD_VISITOR(op) {                                             \
    Operand vector = stack_.popForRead();                             \
    a_.pxor(kScratchXmm.xmm(), kScratchXmm.xmm());                    \
    a_.emit(x86::Inst::compare, kScratchXmm.xmm(), vector.reg.xmm()); \
    a_.ptest(kScratchXmm.xmm(), kScratchXmm.xmm());                   \
    stack_.release(vector);                                           \
    stack_.pushCondition(x86::CondCode::kE);                          \
  }
KILN_SIMD_ALL_TRUE(I8x16AllTrue, kIdPcmpeqb)
KILN_SIMD_ALL_TRUE(I16x8AllTrue, kIdPcmpeqw)
KILN_SIMD_ALL_TRUE(I32x4AllTrue, kIdPcmpeqd)
KILN_SIMD_ALL_TRUE(I64x2AllTrue, kIdPcmpeqq)
#undef KILN_SIMD_ALL_TRUE

// The sign bits of the lanes: pmovmskb, movmskps and movmskpd read them
// directly; 16-bit lanes are first packed to bytes (signed saturation keeps
// each sign), which gives the mask twice.
KILN_SIMD_VISITOR(I8x16Bitmask) { emitBitmask(x86::Inst::kIdPmovmskb); }
KILN_SIMD_VISITOR(I32x4Bitmask) { emitBitmask(x86::Inst::kIdMovmskps); }
KILN_SIMD_VISITOR(I64x2Bitmask) { emitBitmask(x86::Inst::kIdMovmskpd); }

KILN_SIMD_VISITOR(I16x8Bitmask) {
  Operand vector = stack_.popForRead();
  Reg dst = stack_.allocateGp();
  a_.movdqa(kScratchXmm.xmm(), vector.reg.xmm());
  a_.packsswb(kScratchXmm.xmm(), kScratchXmm.xmm());
  a_.pmovmskb(dst.gp32(), kScratchXmm.xmm());
  a_.movzx(dst.gp32(), dst.gp8());
  stack_.release(vector);
  stack_.pushRegister(ValType::I32, dst);
}

void FunctionCompiler::emitBitmask(asmjit::InstId inst) {
  Operand vector = stack_.popForRead();
  Reg dst = stack_.allocateGp();
  a_.emit(inst, dst.gp32(), vector.reg.xmm());
  stack_.release(vector);
  stack_.pushRegister(ValType::I32, dst);
}

// Each nibble's count looked up with pshufb in a 16-entry table.
KILN_SIMD_VISITOR(I8x16Popcnt) {
  Reg vector = stack_.popToRegister();
  Reg low = stack_.allocate(ValType::V128);
  x86::Mem nibbles = splatConstant(0x0F, 1);
  x86::Mem table = stack_.vectorConstant(0x0302020102010100, 0x0403030203020201);
  a_.movdqa(low.xmm(), vector.xmm());
  a_.pand(low.xmm(), nibbles);
  a_.psrlw(vector.xmm(), 4);
  a_.pand(vector.xmm(), nibbles);
  a_.movdqa(kScratchXmm.xmm(), table);
  a_.pshufb(kScratchXmm.xmm(), low.xmm());
  a_.movdqa(low.xmm(), table);
  a_.pshufb(low.xmm(), vector.xmm());
  a_.paddb(low.xmm(), kScratchXmm.xmm());
  stack_.free(vector);
  stack_.pushRegister(ValType::V128, low);
}

// --- Widening: extend, extmul, extadd_pairwise ----------------------------------------

namespace {

/// The SSE4.1 instruction that widens the low half's lanes of `laneBytes`.
asmjit::InstId widenInst(uint32_t laneBytes, bool isSigned) {
  switch (laneBytes) {
    case 1: return isSigned ? x86::Inst::kIdPmovsxbw : x86::Inst::kIdPmovzxbw;
    case 2: return isSigned ? x86::Inst::kIdPmovsxwd : x86::Inst::kIdPmovzxwd;
    default: return isSigned ? x86::Inst::kIdPmovsxdq : x86::Inst::kIdPmovzxdq;
  }
}

}  // namespace

void FunctionCompiler::widenHalf(Reg vector, uint32_t laneBytes, bool high, bool isSigned) {
  if (high) a_.pshufd(vector.xmm(), vector.xmm(), 0xEE);  // the high half to the low
  a_.emit(widenInst(laneBytes, isSigned), vector.xmm(), vector.xmm());
}

// The result's lanes are twice the width of the operand's (`laneBytesOf`
// names the result's shape).
#define KILN_SIMD_EXTEND(op, high, isSigned)                                       \
  KILN_SIMD_VISITOR(op) {                                                          \
    Reg vector = stack_.popToRegister();                                           \
    widenHalf(vector, laneBytesOf(Opcode::op) / 2, high, isSigned);                \
    stack_.pushRegister(ValType::V128, vector);                                    \
  }
KILN_SIMD_EXTEND(I16x8ExtendLowI8x16S, false, true)
KILN_SIMD_EXTEND(I16x8ExtendHighI8x16S, true, true)
KILN_SIMD_EXTEND(I16x8ExtendLowI8x16U, false, false)
KILN_SIMD_EXTEND(I16x8ExtendHighI8x16U, true, false)
KILN_SIMD_EXTEND(I32x4ExtendLowI16x8S, false, true)
KILN_SIMD_EXTEND(I32x4ExtendHighI16x8S, true, true)
KILN_SIMD_EXTEND(I32x4ExtendLowI16x8U, false, false)
KILN_SIMD_EXTEND(I32x4ExtendHighI16x8U, true, false)
KILN_SIMD_EXTEND(I64x2ExtendLowI32x4S, false, true)
KILN_SIMD_EXTEND(I64x2ExtendHighI32x4S, true, true)
KILN_SIMD_EXTEND(I64x2ExtendLowI32x4U, false, false)
KILN_SIMD_EXTEND(I64x2ExtendHighI32x4U, true, false)
#undef KILN_SIMD_EXTEND

// Both operands widened, then a multiply at the wide width; 64-bit
// products come from pmuldq/pmuludq, which read the even dwords, so the
// wanted dwords are spread to 0 and 2 instead.
#define KILN_SIMD_EXTMUL(op, high, isSigned) \
  KILN_SIMD_VISITOR(op) { emitExtMul(laneBytesOf(Opcode::op), high, isSigned); }
KILN_SIMD_EXTMUL(I16x8ExtmulLowI8x16S, false, true)
KILN_SIMD_EXTMUL(I16x8ExtmulHighI8x16S, true, true)
KILN_SIMD_EXTMUL(I16x8ExtmulLowI8x16U, false, false)
KILN_SIMD_EXTMUL(I16x8ExtmulHighI8x16U, true, false)
KILN_SIMD_EXTMUL(I32x4ExtmulLowI16x8S, false, true)
KILN_SIMD_EXTMUL(I32x4ExtmulHighI16x8S, true, true)
KILN_SIMD_EXTMUL(I32x4ExtmulLowI16x8U, false, false)
KILN_SIMD_EXTMUL(I32x4ExtmulHighI16x8U, true, false)
KILN_SIMD_EXTMUL(I64x2ExtmulLowI32x4S, false, true)
KILN_SIMD_EXTMUL(I64x2ExtmulHighI32x4S, true, true)
KILN_SIMD_EXTMUL(I64x2ExtmulLowI32x4U, false, false)
KILN_SIMD_EXTMUL(I64x2ExtmulHighI32x4U, true, false)
#undef KILN_SIMD_EXTMUL

void FunctionCompiler::emitExtMul(uint32_t resultLaneBytes, bool high, bool isSigned) {
  Reg rhs = stack_.popToRegister();
  Reg lhs = stack_.popToRegister();
  if (resultLaneBytes == 8) {
    uint32_t spread = high ? 0xFA : 0x50;  // dwords 2, 2, 3, 3 or 0, 0, 1, 1
    a_.pshufd(lhs.xmm(), lhs.xmm(), spread);
    a_.pshufd(rhs.xmm(), rhs.xmm(), spread);
    a_.emit(isSigned ? x86::Inst::kIdPmuldq : x86::Inst::kIdPmuludq, lhs.xmm(), rhs.xmm());
  } else {
    widenHalf(lhs, resultLaneBytes / 2, high, isSigned);
    widenHalf(rhs, resultLaneBytes / 2, high, isSigned);
    a_.emit(resultLaneBytes == 2 ? x86::Inst::kIdPmullw : x86::Inst::kIdPmulld, lhs.xmm(),
            rhs.xmm());
  }
  stack_.free(rhs);
  stack_.pushRegister(ValType::V128, lhs);
}

// Pairwise sums as multiply-adds by one: pmaddubsw multiplies unsigned
// bytes of its destination by signed bytes of its source, pmaddwd signed
// words. The unsigned i16 form biases the words to signed and adds the
// bias (2 * 0x8000 per pair) back.
KILN_SIMD_VISITOR(I16x8ExtaddPairwiseI8x16S) {
  Operand vector = stack_.popForRead();
  Reg dst = stack_.allocate(ValType::V128);
  a_.movdqa(dst.xmm(), splatConstant(1, 1));
  a_.pmaddubsw(dst.xmm(), vector.reg.xmm());
  stack_.release(vector);
  stack_.pushRegister(ValType::V128, dst);
}

KILN_SIMD_VISITOR(I16x8ExtaddPairwiseI8x16U) {
  Reg vector = stack_.popToRegister();
  a_.pmaddubsw(vector.xmm(), splatConstant(1, 1));
  stack_.pushRegister(ValType::V128, vector);
}

KILN_SIMD_VISITOR(I32x4ExtaddPairwiseI16x8S) {
  Reg vector = stack_.popToRegister();
  a_.pmaddwd(vector.xmm(), splatConstant(1, 2));
  stack_.pushRegister(ValType::V128, vector);
}

KILN_SIMD_VISITOR(I32x4ExtaddPairwiseI16x8U) {
  Reg vector = stack_.popToRegister();
  a_.pxor(vector.xmm(), splatConstant(0x8000, 2));
  a_.pmaddwd(vector.xmm(), splatConstant(1, 2));
  a_.paddd(vector.xmm(), splatConstant(0x10000, 4));
  stack_.pushRegister(ValType::V128, vector);
}

// pmulhrsw rounds exactly as q15mulr does, but gives 0x8000 for the one
// product that overflows (0x8000 * 0x8000), where q15mulr saturates to
// 0x7FFF: flipping the lanes equal to 0x8000 fixes it.
KILN_SIMD_VISITOR(I16x8Q15mulrSatS) {
  Operand rhs = stack_.popForRead();
  Reg lhs = stack_.popToRegister();
  x86::Mem minimum = splatConstant(0x8000, 2);
  a_.pmulhrsw(lhs.xmm(), rhs.reg.xmm());
  a_.movdqa(kScratchXmm.xmm(), minimum);
  a_.pcmpeqw(kScratchXmm.xmm(), lhs.xmm());
  a_.pxor(lhs.xmm(), kScratchXmm.xmm());
  stack_.release(rhs);
  stack_.pushRegister(ValType::V128, lhs);
}

// Relaxed q15mulr may give either answer for 0x8000 * 0x8000: pmulhrsw's
// 0x8000, or in the deterministic profile q15mulr_sat's 0x7fff.
KILN_SIMD_VISITOR(I16x8RelaxedQ15mulrS) {
  if (context_.config.deterministic) return visit<Opcode::I16x8Q15mulrSatS>(ins);
  emitVectorBinary(x86::Inst::kIdPmulhrsw, x86::Inst::kIdVpmulhrsw);
}

// The relaxed dots multiply signed bytes of a by bytes of b known to be
// 7-bit (any answer is allowed when b's top bit is set): pmaddubsw takes
// b as its unsigned operand, and its pair sums cannot saturate for 7-bit b.
// The deterministic profile takes b as signed: see emitByteDot.
KILN_SIMD_VISITOR(I16x8RelaxedDotI8x16I7x16S) {
  Reg rhs = stack_.popToRegister();
  Operand lhs = stack_.popForRead();
  emitByteDot(rhs, lhs.reg);
  stack_.release(lhs);
  stack_.pushRegister(ValType::V128, rhs);
}

// ... then pmaddwd by ones adds adjacent pairs of those sums into i32 lanes.
KILN_SIMD_VISITOR(I32x4RelaxedDotI8x16I7x16AddS) {
  Operand addend = stack_.popForRead();
  Reg rhs = stack_.popToRegister();
  Operand lhs = stack_.popForRead();
  emitByteDot(rhs, lhs.reg);
  a_.pmaddwd(rhs.xmm(), splatConstant(1, 2));
  a_.paddd(rhs.xmm(), addend.reg.xmm());
  stack_.release(lhs);
  stack_.release(addend);
  stack_.pushRegister(ValType::V128, rhs);
}

void FunctionCompiler::emitByteDot(Reg rhs, Reg lhs) {
  if (!context_.config.deterministic) {
    a_.pmaddubsw(rhs.xmm(), lhs.xmm());
    return;
  }
  // Both operands signed: sign-extend each half to words, multiply, and add
  // adjacent products with signed saturation (phaddsw), low half first.
  // (-128 * -128 twice is the one sum that saturates.)
  x86::Xmm b = rhs.xmm();
  x86::Xmm scratch = kScratchXmm.xmm();
  Reg lowReg = stack_.allocate(ValType::V128);
  x86::Xmm low = lowReg.xmm();
  a_.pmovsxbw(low, lhs.xmm());
  a_.pmovsxbw(scratch, b);
  a_.pmullw(low, scratch);  // products of bytes 0..7
  a_.pshufd(scratch, lhs.xmm(), asmjit::Imm(0xEE));
  a_.pmovsxbw(scratch, scratch);
  a_.pshufd(b, b, asmjit::Imm(0xEE));
  a_.pmovsxbw(b, b);
  a_.pmullw(b, scratch);  // products of bytes 8..15
  a_.phaddsw(low, b);
  a_.movdqa(b, low);
  stack_.free(lowReg);
}

}  // namespace kiln::x64
