// SIMD lane movement: splats, extract_lane and replace_lane, and the byte
// permutations (i8x16.shuffle, i8x16.swizzle), which are pshufb sequences.
#include "compiler/x64/function_compiler.h"

#include <array>
#include <cstring>
#include <optional>

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

namespace {

/// A byte shuffle of one operand: for each result byte the source byte it
/// takes, or kZeroByte (pshufb's zero, any index with bit 7 set).
using ByteMask = std::array<uint8_t, 16>;
constexpr uint8_t kZeroByte = 0x80;

/// pshufd's immediate when `mask` moves whole aligned dwords.
std::optional<uint8_t> dwordShuffle(const ByteMask& mask) {
  uint8_t immediate = 0;
  for (int lane = 0; lane < 4; ++lane) {
    uint8_t first = mask[4 * lane];
    if (first >= 16 || first % 4 != 0) return std::nullopt;
    for (int b = 1; b < 4; ++b) {
      if (mask[4 * lane + b] != first + b) return std::nullopt;
    }
    immediate |= uint8_t(first / 4) << (2 * lane);
  }
  return immediate;
}

/// The pmovzx* that `mask` is: the low lanes of `from` bytes each widened
/// with zeros to `to` bytes.
std::optional<asmjit::InstId> zeroExtension(const ByteMask& mask) {
  struct Widening {
    int from, to;
    asmjit::InstId inst;
  };
  constexpr Widening kWidenings[] = {
      {1, 2, x86::Inst::kIdPmovzxbw}, {1, 4, x86::Inst::kIdPmovzxbd},
      {1, 8, x86::Inst::kIdPmovzxbq}, {2, 4, x86::Inst::kIdPmovzxwd},
      {2, 8, x86::Inst::kIdPmovzxwq}, {4, 8, x86::Inst::kIdPmovzxdq}};
  for (const Widening& w : kWidenings) {
    bool matches = true;
    for (int i = 0; i < 16 && matches; ++i) {
      int lane = i / w.to;
      int byte = i % w.to;
      matches = mask[i] == (byte < w.from ? uint8_t(lane * w.from + byte) : kZeroByte);
    }
    if (matches) return w.inst;
  }
  return std::nullopt;
}

/// The punpck* that interleaves the two operands as `indices` (0-31) do.
std::optional<asmjit::InstId> interleave(const std::array<uint8_t, 16>& indices) {
  struct Unpack {
    int width;
    bool high;
    asmjit::InstId inst;
  };
  constexpr Unpack kUnpacks[] = {
      {1, false, x86::Inst::kIdPunpcklbw}, {1, true, x86::Inst::kIdPunpckhbw},
      {2, false, x86::Inst::kIdPunpcklwd}, {2, true, x86::Inst::kIdPunpckhwd},
      {4, false, x86::Inst::kIdPunpckldq}, {4, true, x86::Inst::kIdPunpckhdq},
      {8, false, x86::Inst::kIdPunpcklqdq}, {8, true, x86::Inst::kIdPunpckhqdq}};
  for (const Unpack& u : kUnpacks) {
    bool matches = true;
    for (int i = 0; i < 16 && matches; ++i) {
      int pair = i / (2 * u.width);  // which pair of lanes
      bool fromSecond = (i / u.width) % 2 == 1;
      int byte = i % u.width;
      int source = (u.high ? 8 : 0) + pair * u.width + byte + (fromSecond ? 16 : 0);
      matches = indices[i] == source;
    }
    if (matches) return u.inst;
  }
  return std::nullopt;
}

}  // namespace

// i8x16.shuffle picks bytes of two operands. The general lowering is two
// pshufb masks (one per operand, zeros where the other one gives the byte)
// merged with por; cheaper forms first:
// - an operand that is still a constant (a v128.const, zeros above all) is
//   shuffled here, at compile time, and OR-ed in from the pool, or not at
//   all when its bytes are zeros;
// - a shuffle of one operand that moves whole dwords is one pshufd, and one
//   that zero-extends its low lanes one pmovzx*, neither needing a copy;
// - an interleaving of the two operands' low or high halves is one punpck*.
// An operand no index picks is not loaded.
KILN_SIMD_VISITOR(I8x16Shuffle) {
  ByteMask fromFirst;
  ByteMask fromSecond;
  bool usesFirst = false;
  bool usesSecond = false;
  for (int i = 0; i < 16; ++i) {
    uint8_t index = ins.bytes[i];  // validated: below 32
    fromFirst[i] = index < 16 ? index : kZeroByte;
    fromSecond[i] = index >= 16 ? uint8_t(index - 16) : kZeroByte;
    usesFirst |= index < 16;
    usesSecond |= index >= 16;
  }
  auto constantBytes = [](const StackValue& value) {
    std::array<uint8_t, 16> bytes;
    std::memcpy(bytes.data(), &value.constant, 8);
    std::memcpy(bytes.data() + 8, &value.constantHigh, 8);
    return bytes;
  };
  // The bytes `mask` takes from constant `value`, the others zero.
  auto shuffledConstant = [&](const StackValue& value, const ByteMask& mask) {
    std::array<uint8_t, 16> bytes = constantBytes(value);
    ByteMask result;
    for (int i = 0; i < 16; ++i) result[i] = mask[i] < 16 ? bytes[mask[i]] : 0;
    return result;
  };
  auto pooled = [&](const ByteMask& bytes) {
    uint64_t half[2];
    std::memcpy(half, bytes.data(), sizeof half);
    return stack_.vectorConstant(half[0], half[1]);
  };
  auto dropTop = [&] {
    StackValue unused = stack_.pop();
    if (unused.location == ValueLocation::Register) stack_.free(unused.reg);
  };

  // Reduce to one operand, its mask, and the constant bytes to OR in.
  const StackValue& second = stack_.top();
  const StackValue& first = stack_.at(stack_.size() - 2);
  ByteMask mask;
  ByteMask orBytes{};
  Operand source{};
  if (!usesSecond || (usesFirst && second.location == ValueLocation::Constant)) {
    if (usesSecond) orBytes = shuffledConstant(second, fromSecond);
    dropTop();
    source = stack_.popForRead();
    mask = fromFirst;
  } else if (!usesFirst || first.location == ValueLocation::Constant) {
    if (usesFirst) orBytes = shuffledConstant(first, fromFirst);
    source = stack_.popForRead();
    dropTop();
    mask = fromSecond;
  } else {
    Operand rhs = stack_.popForRead();
    Reg lhs = stack_.popToRegister();
    if (std::optional<asmjit::InstId> unpack = interleave(ins.bytes)) {
      a_.emit(*unpack, lhs.xmm(), rhs.reg.xmm());
    } else {
      a_.movdqa(kScratchXmm.xmm(), rhs.reg.xmm());
      a_.pshufb(kScratchXmm.xmm(), pooled(fromSecond));
      a_.pshufb(lhs.xmm(), pooled(fromFirst));
      a_.por(lhs.xmm(), kScratchXmm.xmm());
    }
    stack_.release(rhs);
    stack_.pushRegister(ValType::V128, lhs);
    return;
  }

  // pshufd and pmovzx* read one register and write another: a local's home
  // is not copied first.
  const bool orsNothing = orBytes == ByteMask{};
  std::optional<uint8_t> dwords = orsNothing ? dwordShuffle(mask) : std::nullopt;
  std::optional<asmjit::InstId> widening = orsNothing ? zeroExtension(mask) : std::nullopt;
  Reg dst = source.owned ? source.reg : stack_.allocate(ValType::V128);
  if (dwords) {
    a_.pshufd(dst.xmm(), source.reg.xmm(), asmjit::Imm(*dwords));
  } else if (widening) {
    a_.emit(*widening, dst.xmm(), source.reg.xmm());
  } else {
    if (!source.owned) a_.movdqa(dst.xmm(), source.reg.xmm());
    a_.pshufb(dst.xmm(), pooled(mask));
    if (!orsNothing) a_.por(dst.xmm(), pooled(orBytes));
  }
  stack_.pushRegister(ValType::V128, dst);
}

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
