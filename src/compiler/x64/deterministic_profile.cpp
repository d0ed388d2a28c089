// WebAssembly 3.0's deterministic profile (Config::deterministic): every NaN
// a float operator produces becomes the positive canonical NaN. The relaxed
// SIMD visitors give their deterministic results themselves.
#include "compiler/x64/function_compiler.h"

#include "compiler/x64/simd_shape.h"

namespace kiln::x64 {

namespace {

constexpr uint64_t kCanonicalNanF32 = 0x7FC00000;
constexpr uint64_t kCanonicalNanF64 = 0x7FF8000000000000;

/// The float shape of the value `op` produces.
struct FloatResult {
  bool wide;    // f64 lanes
  bool vector;  // a v128 of lanes
};

FloatResult floatResultOf(Opcode op) {
  if (opcodeInfo(op).prefix == 0xFD) return {laneBytesOf(op) == 8, true};
  return {*signatureTypes(opcodeInfo(op).signature).result == ValType::F64, false};
}

bool isNan(uint64_t bits, bool wide) {
  if (wide) return (bits & 0x7FFFFFFFFFFFFFFF) > 0x7FF0000000000000;
  return (bits & 0x7FFFFFFF) > 0x7F800000;
}

}  // namespace

bool producesNan(Opcode op) {
  switch (op) {
    // Everything but neg, abs and copysign (bit operations, NaNs kept as
    // they are) and pmin/pmax (which return one of their operands).
    case Opcode::F32Add: case Opcode::F32Sub: case Opcode::F32Mul: case Opcode::F32Div:
    case Opcode::F32Sqrt: case Opcode::F32Min: case Opcode::F32Max: case Opcode::F32Ceil:
    case Opcode::F32Floor: case Opcode::F32Trunc: case Opcode::F32Nearest:
    case Opcode::F64Add: case Opcode::F64Sub: case Opcode::F64Mul: case Opcode::F64Div:
    case Opcode::F64Sqrt: case Opcode::F64Min: case Opcode::F64Max: case Opcode::F64Ceil:
    case Opcode::F64Floor: case Opcode::F64Trunc: case Opcode::F64Nearest:
    case Opcode::F32DemoteF64: case Opcode::F64PromoteF32:
    case Opcode::F32x4Add: case Opcode::F32x4Sub: case Opcode::F32x4Mul: case Opcode::F32x4Div:
    case Opcode::F32x4Sqrt: case Opcode::F32x4Min: case Opcode::F32x4Max:
    case Opcode::F32x4Ceil: case Opcode::F32x4Floor: case Opcode::F32x4Trunc:
    case Opcode::F32x4Nearest:
    case Opcode::F64x2Add: case Opcode::F64x2Sub: case Opcode::F64x2Mul: case Opcode::F64x2Div:
    case Opcode::F64x2Sqrt: case Opcode::F64x2Min: case Opcode::F64x2Max:
    case Opcode::F64x2Ceil: case Opcode::F64x2Floor: case Opcode::F64x2Trunc:
    case Opcode::F64x2Nearest:
    case Opcode::F32x4DemoteF64x2Zero: case Opcode::F64x2PromoteLowF32x4:
    case Opcode::F32x4RelaxedMadd: case Opcode::F32x4RelaxedNmadd:
    case Opcode::F64x2RelaxedMadd: case Opcode::F64x2RelaxedNmadd:
    case Opcode::F32x4RelaxedMin: case Opcode::F32x4RelaxedMax:
    case Opcode::F64x2RelaxedMin: case Opcode::F64x2RelaxedMax:
      return true;
    default:
      return false;
  }
}

void FunctionCompiler::canonicalizeResultNan(Opcode op) {
  FloatResult shape = floatResultOf(op);
  StackValue& top = stack_.top();
  if (top.location == ValueLocation::Constant) {
    // Folded at compile time: fix the bits there.
    if (shape.vector) {
      Reg value = stack_.popToRegister();
      canonicalizeNan(value, shape.wide, true);
      stack_.pushRegister(ValType::V128, value);
    } else if (isNan(uint64_t(top.constant), shape.wide)) {
      top.constant = int64_t(shape.wide ? kCanonicalNanF64 : kCanonicalNanF32);
    }
    return;
  }
  ValType type = top.type;
  Reg value = stack_.popToRegister();
  canonicalizeNan(value, shape.wide, shape.vector);
  stack_.pushRegister(type, value);
}

void FunctionCompiler::canonicalizeNan(Reg value, bool wide, bool vector) {
  x86::Xmm x = value.xmm();
  if (!vector) {
    // Unordered with itself only when NaN; the rare case takes the branch.
    asmjit::Label done = a_.newLabel();
    if (wide) {
      a_.ucomisd(x, x);
      a_.jnp(done);
      a_.movsd(x, stack_.vectorConstant(kCanonicalNanF64, 0));
    } else {
      a_.ucomiss(x, x);
      a_.jnp(done);
      a_.movss(x, stack_.vectorConstant(kCanonicalNanF32, 0));
    }
    a_.bind(done);
    return;
  }
  // Branch-free per lane: keep the ordered lanes, put the canonical NaN in
  // the others.
  x86::Xmm ordered = kScratchXmm.xmm();
  uint64_t canonical = wide ? kCanonicalNanF64 : kCanonicalNanF32 * 0x100000001;
  a_.movaps(ordered, x);
  if (wide) {
    a_.cmppd(ordered, x, asmjit::Imm(7));  // ORD
  } else {
    a_.cmpps(ordered, x, asmjit::Imm(7));
  }
  a_.andps(x, ordered);
  a_.andnps(ordered, stack_.vectorConstant(canonical, canonical));
  a_.orps(x, ordered);
}

}  // namespace kiln::x64
