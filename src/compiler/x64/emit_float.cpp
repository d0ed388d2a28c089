// f32 and f64 arithmetic, min/max, sign operations, rounding and compares.
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

namespace {

/// True when `op` works on f64 (its first operand's type in opcodes.def).
constexpr bool isWide(Opcode op) {
  return signatureTypes(opcodeInfo(op).signature).params[0] == ValType::F64;
}

}  // namespace

// One row per opcode: the scalar SSE instruction of each arithmetic
// operation, and whether it commutes.
std::optional<FunctionCompiler::FloatBinaryInst> FunctionCompiler::floatBinaryInst(Opcode op) {
  switch (op) {
    case Opcode::F32Add: return FloatBinaryInst{x86::Inst::kIdAddss, true};
    case Opcode::F64Add: return FloatBinaryInst{x86::Inst::kIdAddsd, true};
    case Opcode::F32Sub: return FloatBinaryInst{x86::Inst::kIdSubss, false};
    case Opcode::F64Sub: return FloatBinaryInst{x86::Inst::kIdSubsd, false};
    case Opcode::F32Mul: return FloatBinaryInst{x86::Inst::kIdMulss, true};
    case Opcode::F64Mul: return FloatBinaryInst{x86::Inst::kIdMulsd, true};
    case Opcode::F32Div: return FloatBinaryInst{x86::Inst::kIdDivss, false};
    case Opcode::F64Div: return FloatBinaryInst{x86::Inst::kIdDivsd, false};
    default: return std::nullopt;
  }
}

#define KILN_FLOAT_BINARY(op)                                            \
  template <>                                                            \
  void FunctionCompiler::visit<Opcode::op>(const Instruction&) {         \
    emitFloatBinary(*floatBinaryInst(Opcode::op), isWide(Opcode::op));   \
  }
KILN_FLOAT_BINARY(F32Add)
KILN_FLOAT_BINARY(F64Add)
KILN_FLOAT_BINARY(F32Sub)
KILN_FLOAT_BINARY(F64Sub)
KILN_FLOAT_BINARY(F32Mul)
KILN_FLOAT_BINARY(F64Mul)
KILN_FLOAT_BINARY(F32Div)
KILN_FLOAT_BINARY(F64Div)
#undef KILN_FLOAT_BINARY

// Rounding: the roundss/roundsd immediate (0 nearest even, 1 floor, 2 ceil,
// 3 trunc) and the libcall of each operation.
#define KILN_FLOAT_ROUND(op, mode)                                     \
  template <>                                                          \
  void FunctionCompiler::visit<Opcode::op>(const Instruction&) {       \
    emitFloatRound(mode, LibCall::op, isWide(Opcode::op));             \
  }
KILN_FLOAT_ROUND(F32Nearest, 0)
KILN_FLOAT_ROUND(F64Nearest, 0)
KILN_FLOAT_ROUND(F32Floor, 1)
KILN_FLOAT_ROUND(F64Floor, 1)
KILN_FLOAT_ROUND(F32Ceil, 2)
KILN_FLOAT_ROUND(F64Ceil, 2)
KILN_FLOAT_ROUND(F32Trunc, 3)
KILN_FLOAT_ROUND(F64Trunc, 3)
#undef KILN_FLOAT_ROUND

#define KILN_FLOAT_MIN_MAX(op, isMin)                               \
  template <>                                                       \
  void FunctionCompiler::visit<Opcode::op>(const Instruction&) {    \
    emitFloatMinMax(isMin, isWide(Opcode::op));                     \
  }
KILN_FLOAT_MIN_MAX(F32Min, true)
KILN_FLOAT_MIN_MAX(F64Min, true)
KILN_FLOAT_MIN_MAX(F32Max, false)
KILN_FLOAT_MIN_MAX(F64Max, false)
#undef KILN_FLOAT_MIN_MAX

#define KILN_FLOAT_SIGN_OP(op, signOp)                              \
  template <>                                                       \
  void FunctionCompiler::visit<Opcode::op>(const Instruction&) {    \
    emitFloatSignOp(SignOp::signOp, isWide(Opcode::op));            \
  }
KILN_FLOAT_SIGN_OP(F32Abs, Abs)
KILN_FLOAT_SIGN_OP(F64Abs, Abs)
KILN_FLOAT_SIGN_OP(F32Neg, Neg)
KILN_FLOAT_SIGN_OP(F64Neg, Neg)
KILN_FLOAT_SIGN_OP(F32Copysign, Copysign)
KILN_FLOAT_SIGN_OP(F64Copysign, Copysign)
#undef KILN_FLOAT_SIGN_OP

template <>
void FunctionCompiler::visit<Opcode::F32Sqrt>(const Instruction&) {
  emitFloatSqrt(false);
}

template <>
void FunctionCompiler::visit<Opcode::F64Sqrt>(const Instruction&) {
  emitFloatSqrt(true);
}

#define KILN_FLOAT_COMPARE(op, compare)                             \
  template <>                                                       \
  void FunctionCompiler::visit<Opcode::op>(const Instruction&) {    \
    emitFloatCompare(FloatCompare::compare, isWide(Opcode::op));    \
  }
KILN_FLOAT_COMPARE(F32Eq, Eq)
KILN_FLOAT_COMPARE(F64Eq, Eq)
KILN_FLOAT_COMPARE(F32Ne, Ne)
KILN_FLOAT_COMPARE(F64Ne, Ne)
KILN_FLOAT_COMPARE(F32Lt, Lt)
KILN_FLOAT_COMPARE(F64Lt, Lt)
KILN_FLOAT_COMPARE(F32Gt, Gt)
KILN_FLOAT_COMPARE(F64Gt, Gt)
KILN_FLOAT_COMPARE(F32Le, Le)
KILN_FLOAT_COMPARE(F64Le, Le)
KILN_FLOAT_COMPARE(F32Ge, Ge)
KILN_FLOAT_COMPARE(F64Ge, Ge)
#undef KILN_FLOAT_COMPARE

void FunctionCompiler::emitFloatBinary(FloatBinaryInst op, bool wide) {
  const auto [inst, commutative] = op;
  ValType type = wide ? ValType::F64 : ValType::F32;
  std::optional<Reg> home = localUpdateTarget(stack_.at(stack_.size() - 2));
  bool swapped = !home && commutative && (home = localUpdateTarget(stack_.top()));
  if (home) {
    // x = x op other (or other op x), in x's register.
    if (swapped) stack_.pop();
    Operand other = stack_.popForRead();
    if (!swapped) stack_.pop();
    beginLocalUpdate(*home);
    a_.emit(inst, home->xmm(), other.reg.xmm());
    if (context_.config.deterministic) canonicalizeNan(*home, wide, false);
    stack_.release(other);
    endLocalUpdate(type, *home);
    return;
  }
  if (commutative && stack_.at(stack_.size() - 2).location == ValueLocation::Local &&
      stack_.top().location == ValueLocation::Register) {
    // `local op value`: into the value's register, no copy of the local.
    Reg dst = stack_.popToRegister();
    Operand local = stack_.popForRead();
    a_.emit(inst, dst.xmm(), local.reg.xmm());
    stack_.pushRegister(type, dst);
    return;
  }
  Operand rhs = stack_.popForRead();
  Reg lhs = stack_.popToRegister();
  a_.emit(inst, lhs.xmm(), rhs.reg.xmm());
  stack_.release(rhs);
  stack_.pushRegister(type, lhs);
}

// minss/maxss return the second operand for NaNs and for equal operands, so
// those cases go their own way: a NaN propagates (the add makes it quiet),
// and equal operands are combined bitwise so min(-0, +0) = -0, max = +0.
void FunctionCompiler::emitFloatMinMax(bool isMin, bool wide) {
  ValType type = wide ? ValType::F64 : ValType::F32;
  Reg rhs = stack_.popToRegister();
  Reg lhs = stack_.popToRegister();
  x86::Xmm a = lhs.xmm();
  x86::Xmm b = rhs.xmm();
  asmjit::Label notEqual = a_.newLabel();
  asmjit::Label nan = a_.newLabel();
  asmjit::Label done = a_.newLabel();
  if (wide) {
    a_.ucomisd(a, b);
  } else {
    a_.ucomiss(a, b);
  }
  a_.jp(nan);
  a_.jne(notEqual);
  if (isMin) {
    a_.orps(a, b);
  } else {
    a_.andps(a, b);
  }
  a_.jmp(done);
  a_.bind(nan);
  if (wide) {
    a_.addsd(a, b);
  } else {
    a_.addss(a, b);
  }
  a_.jmp(done);
  a_.bind(notEqual);
  if (wide) {
    isMin ? a_.minsd(a, b) : a_.maxsd(a, b);
  } else {
    isMin ? a_.minss(a, b) : a_.maxss(a, b);
  }
  a_.bind(done);
  stack_.free(rhs);
  stack_.pushRegister(type, lhs);
}

// abs, neg and copysign work on the sign bit with a mask in xmm15.
void FunctionCompiler::emitFloatSignOp(SignOp op, bool wide) {
  ValType type = wide ? ValType::F64 : ValType::F32;
  x86::Xmm mask = kScratchXmm.xmm();
  int64_t signBit = wide ? int64_t(0x8000000000000000ull) : int64_t(0x80000000);
  if (op == SignOp::Copysign) {
    Reg sign = stack_.popToRegister();
    Reg magnitude = stack_.popToRegister();
    a_.mov(x86::r11, signBit);
    a_.movq(mask, x86::r11);
    a_.andps(sign.xmm(), mask);             // the sign of the second operand
    a_.andnps(mask, magnitude.xmm());       // the first without its sign
    a_.orps(mask, sign.xmm());
    a_.movaps(magnitude.xmm(), mask);
    stack_.free(sign);
    stack_.pushRegister(type, magnitude);
    return;
  }
  Reg reg = stack_.popToRegister();
  if (op == SignOp::Abs) {
    a_.mov(x86::r11, wide ? int64_t(0x7FFFFFFFFFFFFFFF) : int64_t(0x7FFFFFFF));
    a_.movq(mask, x86::r11);
    a_.andps(reg.xmm(), mask);
  } else {
    a_.mov(x86::r11, signBit);
    a_.movq(mask, x86::r11);
    a_.xorps(reg.xmm(), mask);
  }
  stack_.pushRegister(type, reg);
}

void FunctionCompiler::emitFloatSqrt(bool wide) {
  ValType type = wide ? ValType::F64 : ValType::F32;
  Reg reg = stack_.popToRegister();
  if (wide) {
    a_.sqrtsd(reg.xmm(), reg.xmm());
  } else {
    a_.sqrtss(reg.xmm(), reg.xmm());
  }
  stack_.pushRegister(type, reg);
}

void FunctionCompiler::emitFloatRound(int mode, LibCall call, bool wide) {
  ValType type = wide ? ValType::F64 : ValType::F32;
  if (!context_.cpu.sse41 || context_.config.forceLibcalls) {
    // Every rounding libcall has the signature of its kind: T(T).
    if (wide) {
      emitLibCallAs<LibCall::F64Ceil>(call, type, operand(0));
    } else {
      emitLibCallAs<LibCall::F32Ceil>(call, type, operand(0));
    }
    return;
  }
  Reg reg = stack_.popToRegister();
  if (wide) {
    a_.roundsd(reg.xmm(), reg.xmm(), mode);
  } else {
    a_.roundss(reg.xmm(), reg.xmm(), mode);
  }
  stack_.pushRegister(type, reg);
}

// ucomiss sets CF and ZF (and PF) for unordered operands, so "above" and
// "above or equal" are false for NaN: lt/le compare with the operands swapped.
// eq and ne also need the parity flag and are materialised at once.
void FunctionCompiler::emitFloatCompare(FloatCompare compare, bool wide) {
  Operand rhsOperand = stack_.popForRead();
  Operand lhsOperand = stack_.popForRead();
  x86::Xmm rhs = rhsOperand.reg.xmm();
  x86::Xmm lhs = lhsOperand.reg.xmm();
  auto ucomis = [&](const x86::Xmm& x, const x86::Xmm& y) {
    if (wide) {
      a_.ucomisd(x, y);
    } else {
      a_.ucomiss(x, y);
    }
  };
  x86::CondCode cond = x86::CondCode::kA;
  switch (compare) {
    case FloatCompare::Lt:
      ucomis(rhs, lhs);
      cond = x86::CondCode::kA;
      break;
    case FloatCompare::Le:
      ucomis(rhs, lhs);
      cond = x86::CondCode::kAE;
      break;
    case FloatCompare::Gt:
      ucomis(lhs, rhs);
      cond = x86::CondCode::kA;
      break;
    case FloatCompare::Ge:
      ucomis(lhs, rhs);
      cond = x86::CondCode::kAE;
      break;
    case FloatCompare::Eq:
    case FloatCompare::Ne: {
      ucomis(lhs, rhs);
      stack_.release(rhsOperand);
      stack_.release(lhsOperand);
      Reg dst = stack_.allocateGp();
      if (compare == FloatCompare::Eq) {
        a_.sete(dst.gp8());
        a_.setnp(x86::r11b);
        a_.and_(dst.gp8(), x86::r11b);
      } else {
        a_.setne(dst.gp8());
        a_.setp(x86::r11b);
        a_.or_(dst.gp8(), x86::r11b);
      }
      a_.movzx(dst.gp32(), dst.gp8());
      stack_.pushRegister(ValType::I32, dst);
      return;
    }
  }
  stack_.release(rhsOperand);
  stack_.release(lhsOperand);
  stack_.pushCondition(cond);
}

}  // namespace kiln::x64
