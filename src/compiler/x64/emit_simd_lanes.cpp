// SIMD lane movement: splats, extract_lane and replace_lane, and the byte
// permutations (i8x16.shuffle, i8x16.swizzle), which are pshufb sequences.
#include "compiler/x64/function_compiler.h"

#include <cstring>

#include "compiler/x64/simd_shape.h"

namespace kiln::x64 {

namespace {

/// The value type of the scalar a splat takes or an extract_lane gives.
constexpr ValType scalarOf(Opcode op) {
  const SignatureTypes types = signatureTypes(opcodeInfo(op).signature);
  return types.result == ValType::V128 ? types.params.back() : *types.result;
}

}  // namespace

void FunctionCompiler::broadcastLane0(Reg vector, uint32_t laneBytes) {
  x86::Xmm v = vector.xmm();
  switch (laneBytes) {
    case 1:
      // A pshufb mask of zeros selects byte 0 for every byte.
      a_.pxor(kScratchXmm.xmm(), kScratchXmm.xmm());
      a_.pshufb(v, kScratchXmm.xmm());
      break;
    case 2:
      a_.pshuflw(v, v, 0);
      a_.pshufd(v, v, 0);
      break;
    case 4:
      a_.pshufd(v, v, 0);
      break;
    default:
      a_.punpcklqdq(v, v);
      break;
  }
}

// --- Splats -------------------------------------------------------------------

#define KILN_SIMD_SPLAT(op) \
  KILN_SIMD_VISITOR(op) { emitSplat(scalarOf(Opcode::op), laneBytesOf(Opcode::op)); }
KILN_SIMD_SPLAT(I8x16Splat)
KILN_SIMD_SPLAT(I16x8Splat)
KILN_SIMD_SPLAT(I32x4Splat)
KILN_SIMD_SPLAT(I64x2Splat)
KILN_SIMD_SPLAT(F32x4Splat)
KILN_SIMD_SPLAT(F64x2Splat)
#undef KILN_SIMD_SPLAT

void FunctionCompiler::emitSplat(ValType scalar, uint32_t laneBytes) {
  if (isFloat(scalar)) {
    // The float is already lane 0 of its register.
    Reg vector = stack_.popToRegister();
    broadcastLane0(vector, laneBytes);
    stack_.pushRegister(ValType::V128, vector);
    return;
  }
  Operand value = stack_.popForRead();
  Reg vector = stack_.allocate(ValType::V128);
  if (scalar == ValType::I64) {
    a_.movq(vector.xmm(), value.reg.gp64());
  } else {
    a_.movd(vector.xmm(), value.reg.gp32());
  }
  stack_.release(value);
  broadcastLane0(vector, laneBytes);
  stack_.pushRegister(ValType::V128, vector);
}

// --- Extract and replace lane ----------------------------------------------------------------------

// Integer lanes: pextrb and pextrw zero-extend, the signed forms extend again.
#define KILN_SIMD_EXTRACT_INT(op, isSigned) \
  KILN_SIMD_VISITOR(op) { emitExtractIntLane(ins.lane, laneBytesOf(Opcode::op), isSigned); }
KILN_SIMD_EXTRACT_INT(I8x16ExtractLaneS, true)
KILN_SIMD_EXTRACT_INT(I8x16ExtractLaneU, false)
KILN_SIMD_EXTRACT_INT(I16x8ExtractLaneS, true)
KILN_SIMD_EXTRACT_INT(I16x8ExtractLaneU, false)
KILN_SIMD_EXTRACT_INT(I32x4ExtractLane, false)
KILN_SIMD_EXTRACT_INT(I64x2ExtractLane, false)
#undef KILN_SIMD_EXTRACT_INT

void FunctionCompiler::emitExtractIntLane(uint32_t lane, uint32_t laneBytes, bool isSigned) {
  Operand vector = stack_.popForRead();
  ValType type = laneBytes == 8 ? ValType::I64 : ValType::I32;
  Reg dst = stack_.allocate(type);
  x86::Xmm v = vector.reg.xmm();
  switch (laneBytes) {
    case 1:
      a_.pextrb(dst.gp32(), v, lane);
      if (isSigned) a_.movsx(dst.gp32(), dst.gp8());
      break;
    case 2:
      a_.pextrw(dst.gp32(), v, lane);
      if (isSigned) a_.movsx(dst.gp32(), dst.gp16());
      break;
    case 4:
      if (lane == 0) {
        a_.movd(dst.gp32(), v);
      } else {
        a_.pextrd(dst.gp32(), v, lane);
      }
      break;
    default:
      if (lane == 0) {
        a_.movq(dst.gp64(), v);
      } else {
        a_.pextrq(dst.gp64(), v, lane);
      }
      break;
  }
  stack_.release(vector);
  stack_.pushRegister(type, dst);
}

// A float lane is moved to lane 0 of the same register: scalar float code
// reads only the low lane.
KILN_SIMD_VISITOR(F32x4ExtractLane) {
  Reg vector = stack_.popToRegister();
  if (ins.lane != 0) a_.pshufd(vector.xmm(), vector.xmm(), ins.lane);
  stack_.pushRegister(ValType::F32, vector);
}

KILN_SIMD_VISITOR(F64x2ExtractLane) {
  Reg vector = stack_.popToRegister();
  if (ins.lane != 0) a_.movhlps(vector.xmm(), vector.xmm());
  stack_.pushRegister(ValType::F64, vector);
}

#define KILN_SIMD_REPLACE_INT(op, inst)                                   \
  KILN_SIMD_VISITOR(op) {                                                 \
    Operand value = stack_.popForRead();                                  \
    Reg vector = stack_.popToRegister();                                  \
    a_.emit(x86::Inst::inst, vector.xmm(),                                \
            laneBytesOf(Opcode::op) == 8 ? value.reg.gp64() : value.reg.gp32(), \
            asmjit::Imm(ins.lane));                                       \
    stack_.release(value);                                                \
    stack_.pushRegister(ValType::V128, vector);                           \
  }
KILN_SIMD_REPLACE_INT(I8x16ReplaceLane, kIdPinsrb)
KILN_SIMD_REPLACE_INT(I16x8ReplaceLane, kIdPinsrw)
KILN_SIMD_REPLACE_INT(I32x4ReplaceLane, kIdPinsrd)
KILN_SIMD_REPLACE_INT(I64x2ReplaceLane, kIdPinsrq)
#undef KILN_SIMD_REPLACE_INT

KILN_SIMD_VISITOR(F32x4ReplaceLane) {
  Operand value = stack_.popForRead();
  Reg vector = stack_.popToRegister();
  // insertps: source lane 0 (bits 7:6) into lane `lane` (bits 5:4).
  a_.insertps(vector.xmm(), value.reg.xmm(), uint32_t(ins.lane) << 4);
  stack_.release(value);
  stack_.pushRegister(ValType::V128, vector);
}

KILN_SIMD_VISITOR(F64x2ReplaceLane) {
  Operand value = stack_.popForRead();
  Reg vector = stack_.popToRegister();
  if (ins.lane == 0) {
    a_.movsd(vector.xmm(), value.reg.xmm());  // register form: the high lane stays
  } else {
    a_.movlhps(vector.xmm(), value.reg.xmm());
  }
  stack_.release(value);
  stack_.pushRegister(ValType::V128, vector);
}

// --- Shuffle and swizzle -------------------------------------------------------

// Two pshufb masks pick the bytes of each operand (an index with bit 7 set
// makes a zero byte) and por merges them; an operand no index picks is not
// shuffled at all.
KILN_SIMD_VISITOR(I8x16Shuffle) {
  uint8_t fromFirst[16];
  uint8_t fromSecond[16];
  bool usesFirst = false;
  bool usesSecond = false;
  for (int i = 0; i < 16; ++i) {
    uint8_t index = ins.bytes[i];  // validated: below 32
    fromFirst[i] = index < 16 ? index : 0x80;
    fromSecond[i] = index >= 16 ? uint8_t(index - 16) : 0x80;
    usesFirst |= index < 16;
    usesSecond |= index >= 16;
  }
  auto mask = [&](const uint8_t (&bytes)[16]) {
    uint64_t half[2];
    std::memcpy(half, bytes, sizeof half);
    return stack_.vectorConstant(half[0], half[1]);
  };
  // An operand no index reads is dropped without being loaded.
  auto drop = [&] {
    StackValue unused = stack_.pop();
    if (unused.location == ValueLocation::Register) stack_.free(unused.reg);
  };
  if (!usesSecond) {
    drop();
    Reg first = stack_.popToRegister();
    a_.pshufb(first.xmm(), mask(fromFirst));
    stack_.pushRegister(ValType::V128, first);
    return;
  }
  if (!usesFirst) {
    Reg second = stack_.popToRegister();
    drop();
    a_.pshufb(second.xmm(), mask(fromSecond));
    stack_.pushRegister(ValType::V128, second);
    return;
  }
  Operand second = stack_.popForRead();
  Reg first = stack_.popToRegister();
  a_.movdqa(kScratchXmm.xmm(), second.reg.xmm());
  a_.pshufb(kScratchXmm.xmm(), mask(fromSecond));
  a_.pshufb(first.xmm(), mask(fromFirst));
  a_.por(first.xmm(), kScratchXmm.xmm());
  stack_.release(second);
  stack_.pushRegister(ValType::V128, first);
}

// pshufb zeroes a byte whose index has bit 7 set and otherwise reads index
// mod 16; a saturating add of 0x70 sets bit 7 exactly for the indices of 16
// and more, which swizzle must zero.
KILN_SIMD_VISITOR(I8x16Swizzle) {
  Operand indices = stack_.popForRead();
  Reg vector = stack_.popToRegister();
  a_.movdqa(kScratchXmm.xmm(), indices.reg.xmm());
  a_.paddusb(kScratchXmm.xmm(), stack_.vectorConstant(0x7070707070707070, 0x7070707070707070));
  a_.pshufb(vector.xmm(), kScratchXmm.xmm());
  stack_.release(indices);
  stack_.pushRegister(ValType::V128, vector);
}

// Relaxed: an index of 16 and more may give 0 or the lane it names mod 16;
// pshufb gives the latter below 128 and 0 from 128 on, in one instruction.
// The deterministic profile asks for 0, as swizzle gives.
KILN_SIMD_VISITOR(I8x16RelaxedSwizzle) {
  if (context_.config.deterministic) return visit<Opcode::I8x16Swizzle>(ins);
  Operand indices = stack_.popForRead();
  Reg vector = stack_.popToRegister();
  a_.pshufb(vector.xmm(), indices.reg.xmm());
  stack_.release(indices);
  stack_.pushRegister(ValType::V128, vector);
}

}  // namespace kiln::x64
