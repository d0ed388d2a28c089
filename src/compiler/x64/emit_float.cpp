// f32 and f64 arithmetic, min/max, sign operations, rounding and compares.
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

namespace {

struct FloatBinaryEntry {
  Opcode op32;
  Opcode op64;
  asmjit::InstId inst32;
  asmjit::InstId inst64;
};

constexpr FloatBinaryEntry kFloatBinary[] = {
    {Opcode::F32Add, Opcode::F64Add, x86::Inst::kIdAddss, x86::Inst::kIdAddsd},
    {Opcode::F32Sub, Opcode::F64Sub, x86::Inst::kIdSubss, x86::Inst::kIdSubsd},
    {Opcode::F32Mul, Opcode::F64Mul, x86::Inst::kIdMulss, x86::Inst::kIdMulsd},
    {Opcode::F32Div, Opcode::F64Div, x86::Inst::kIdDivss, x86::Inst::kIdDivsd},
};

// Rounding: the SSE4.1 immediate and the libcall of each operation.
struct RoundingEntry {
  Opcode op;
  bool wide;
  int mode;  // roundss/roundsd immediate: 0 nearest (even), 1 floor, 2 ceil, 3 trunc
  LibCall call;
};

constexpr RoundingEntry kRounding[] = {
    {Opcode::F32Nearest, false, 0, LibCall::F32Nearest},
    {Opcode::F32Floor, false, 1, LibCall::F32Floor},
    {Opcode::F32Ceil, false, 2, LibCall::F32Ceil},
    {Opcode::F32Trunc, false, 3, LibCall::F32Trunc},
    {Opcode::F64Nearest, true, 0, LibCall::F64Nearest},
    {Opcode::F64Floor, true, 1, LibCall::F64Floor},
    {Opcode::F64Ceil, true, 2, LibCall::F64Ceil},
    {Opcode::F64Trunc, true, 3, LibCall::F64Trunc},
};

}  // namespace

bool FunctionCompiler::emitFloatOp(Opcode op) {
  for (const FloatBinaryEntry& entry : kFloatBinary) {
    if (op == entry.op32 || op == entry.op64) {
      emitFloatBinary(op, op == entry.op64);
      return true;
    }
  }
  for (const RoundingEntry& entry : kRounding) {
    if (op == entry.op) {
      emitFloatRound(op, entry.wide);
      return true;
    }
  }
  switch (op) {
    case Opcode::F32Min: case Opcode::F32Max:
      emitFloatMinMax(op == Opcode::F32Min, false);
      return true;
    case Opcode::F64Min: case Opcode::F64Max:
      emitFloatMinMax(op == Opcode::F64Min, true);
      return true;
    case Opcode::F32Abs: case Opcode::F32Neg: case Opcode::F32Copysign:
      emitFloatSignOp(op, false);
      return true;
    case Opcode::F64Abs: case Opcode::F64Neg: case Opcode::F64Copysign:
      emitFloatSignOp(op, true);
      return true;
    case Opcode::F32Sqrt:
      emitFloatSqrt(false);
      return true;
    case Opcode::F64Sqrt:
      emitFloatSqrt(true);
      return true;
    case Opcode::F32Eq: case Opcode::F32Ne: case Opcode::F32Lt: case Opcode::F32Gt:
    case Opcode::F32Le: case Opcode::F32Ge:
      emitFloatCompare(op, false);
      return true;
    case Opcode::F64Eq: case Opcode::F64Ne: case Opcode::F64Lt: case Opcode::F64Gt:
    case Opcode::F64Le: case Opcode::F64Ge:
      emitFloatCompare(op, true);
      return true;
    default:
      return false;
  }
}

void FunctionCompiler::emitFloatBinary(Opcode op, bool wide) {
  const FloatBinaryEntry* entry = nullptr;
  for (const FloatBinaryEntry& e : kFloatBinary) {
    if (op == e.op32 || op == e.op64) entry = &e;
  }
  ValType type = wide ? ValType::F64 : ValType::F32;
  asmjit::InstId inst = wide ? entry->inst64 : entry->inst32;
  bool commutative = op == Opcode::F32Add || op == Opcode::F64Add || op == Opcode::F32Mul ||
                     op == Opcode::F64Mul;
  std::optional<uint8_t> home = localUpdateTarget(stack_.at(stack_.size() - 2));
  bool swapped = !home && commutative && (home = localUpdateTarget(stack_.top()));
  if (home) {
    // x = x op other (or other op x), in x's register.
    if (swapped) stack_.pop();
    Operand other = stack_.popForRead();
    if (!swapped) stack_.pop();
    beginLocalUpdate(type, *home);
    a_.emit(inst, x86::xmm(*home), x86::xmm(other.reg));
    stack_.release(type, other);
    endLocalUpdate(type, *home);
    return;
  }
  if (commutative && stack_.at(stack_.size() - 2).location == ValueLocation::Local &&
      stack_.top().location == ValueLocation::Register) {
    // `local op value`: into the value's register, no copy of the local.
    uint8_t dst = stack_.popToRegister();
    Operand local = stack_.popForRead();
    a_.emit(inst, x86::xmm(dst), x86::xmm(local.reg));
    stack_.pushRegister(type, dst);
    return;
  }
  Operand rhs = stack_.popForRead();
  uint8_t lhs = stack_.popToRegister();
  a_.emit(inst, x86::xmm(lhs), x86::xmm(rhs.reg));
  stack_.release(type, rhs);
  stack_.pushRegister(type, lhs);
}

// minss/maxss return the second operand for NaNs and for equal operands, so
// those cases go their own way: a NaN propagates (the add makes it quiet),
// and equal operands are combined bitwise so min(-0, +0) = -0, max = +0.
void FunctionCompiler::emitFloatMinMax(bool isMin, bool wide) {
  ValType type = wide ? ValType::F64 : ValType::F32;
  uint8_t rhs = stack_.popToRegister();
  uint8_t lhs = stack_.popToRegister();
  x86::Xmm a = x86::xmm(lhs);
  x86::Xmm b = x86::xmm(rhs);
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
  stack_.free(type, rhs);
  stack_.pushRegister(type, lhs);
}

// abs, neg and copysign work on the sign bit with a mask in xmm15.
void FunctionCompiler::emitFloatSignOp(Opcode op, bool wide) {
  ValType type = wide ? ValType::F64 : ValType::F32;
  x86::Xmm mask = x86::xmm(kScratchXmm);
  int64_t signBit = wide ? int64_t(0x8000000000000000ull) : int64_t(0x80000000);
  if (op == Opcode::F32Copysign || op == Opcode::F64Copysign) {
    uint8_t sign = stack_.popToRegister();
    uint8_t magnitude = stack_.popToRegister();
    a_.mov(x86::r11, signBit);
    a_.movq(mask, x86::r11);
    a_.andps(x86::xmm(sign), mask);               // the sign of the second operand
    a_.andnps(mask, x86::xmm(magnitude));         // the first without its sign
    a_.orps(mask, x86::xmm(sign));
    a_.movaps(x86::xmm(magnitude), mask);
    stack_.free(type, sign);
    stack_.pushRegister(type, magnitude);
    return;
  }
  uint8_t reg = stack_.popToRegister();
  if (op == Opcode::F32Abs || op == Opcode::F64Abs) {
    a_.mov(x86::r11, wide ? int64_t(0x7FFFFFFFFFFFFFFF) : int64_t(0x7FFFFFFF));
    a_.movq(mask, x86::r11);
    a_.andps(x86::xmm(reg), mask);
  } else {
    a_.mov(x86::r11, signBit);
    a_.movq(mask, x86::r11);
    a_.xorps(x86::xmm(reg), mask);
  }
  stack_.pushRegister(type, reg);
}

void FunctionCompiler::emitFloatSqrt(bool wide) {
  ValType type = wide ? ValType::F64 : ValType::F32;
  uint8_t reg = stack_.popToRegister();
  if (wide) {
    a_.sqrtsd(x86::xmm(reg), x86::xmm(reg));
  } else {
    a_.sqrtss(x86::xmm(reg), x86::xmm(reg));
  }
  stack_.pushRegister(type, reg);
}

void FunctionCompiler::emitFloatRound(Opcode op, bool wide) {
  const RoundingEntry* entry = nullptr;
  for (const RoundingEntry& e : kRounding) {
    if (e.op == op) entry = &e;
  }
  ValType type = wide ? ValType::F64 : ValType::F32;
  if (!context_.cpu.sse41 || context_.options.forceLibcalls) {
    emitRoundingLibCall(entry->call, type);
    return;
  }
  uint8_t reg = stack_.popToRegister();
  if (wide) {
    a_.roundsd(x86::xmm(reg), x86::xmm(reg), entry->mode);
  } else {
    a_.roundss(x86::xmm(reg), x86::xmm(reg), entry->mode);
  }
  stack_.pushRegister(type, reg);
}

void FunctionCompiler::emitRoundingLibCall(LibCall call, ValType type) {
  stack_.spillAll();
  storeCallClobberedLocals();
  stack_.load(stack_.top(), 0);  // xmm0: the argument
  stack_.pop();
  callLibCallPointer(call);
  reloadCallClobberedLocals();
  stack_.take(type, 0);
  stack_.pushRegister(type, 0);
}

// ucomiss sets CF and ZF (and PF) for unordered operands, so "above" and
// "above or equal" are false for NaN: lt/le compare with the operands swapped.
// eq and ne also need the parity flag and are materialised at once.
void FunctionCompiler::emitFloatCompare(Opcode op, bool wide) {
  ValType type = wide ? ValType::F64 : ValType::F32;
  Operand rhsOperand = stack_.popForRead();
  Operand lhsOperand = stack_.popForRead();
  uint8_t rhs = rhsOperand.reg;
  uint8_t lhs = lhsOperand.reg;
  auto ucomis = [&](uint8_t x, uint8_t y) {
    if (wide) {
      a_.ucomisd(x86::xmm(x), x86::xmm(y));
    } else {
      a_.ucomiss(x86::xmm(x), x86::xmm(y));
    }
  };
  x86::CondCode cond = x86::CondCode::kA;
  switch (op) {
    case Opcode::F32Lt: case Opcode::F64Lt:
      ucomis(rhs, lhs);
      cond = x86::CondCode::kA;
      break;
    case Opcode::F32Le: case Opcode::F64Le:
      ucomis(rhs, lhs);
      cond = x86::CondCode::kAE;
      break;
    case Opcode::F32Gt: case Opcode::F64Gt:
      ucomis(lhs, rhs);
      cond = x86::CondCode::kA;
      break;
    case Opcode::F32Ge: case Opcode::F64Ge:
      ucomis(lhs, rhs);
      cond = x86::CondCode::kAE;
      break;
    default: {
      bool eq = op == Opcode::F32Eq || op == Opcode::F64Eq;
      ucomis(lhs, rhs);
      stack_.release(type, rhsOperand);
      stack_.release(type, lhsOperand);
      uint8_t dst = stack_.allocateGp();
      if (eq) {
        a_.sete(x86::gpb_lo(dst));
        a_.setnp(x86::r11b);
        a_.and_(x86::gpb_lo(dst), x86::r11b);
      } else {
        a_.setne(x86::gpb_lo(dst));
        a_.setp(x86::r11b);
        a_.or_(x86::gpb_lo(dst), x86::r11b);
      }
      a_.movzx(x86::gpd(dst), x86::gpb_lo(dst));
      stack_.pushRegister(ValType::I32, dst);
      return;
    }
  }
  stack_.release(type, rhsOperand);
  stack_.release(type, lhsOperand);
  stack_.pushCondition(cond);
}

}  // namespace kiln::x64
