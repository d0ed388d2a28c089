// i32 and i64 arithmetic, bitwise operations, shifts, compares and bit counts.
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

namespace {

// An operand that can be an instruction's imm32: any i32, or an i64 whose
// value survives sign extension from 32 bits.
bool isImmediate(const StackValue& value) {
  return value.location == ValueLocation::Constant &&
         value.constant == int64_t(int32_t(value.constant));
}

/// True when `op` works on i64 (its first operand's type in opcodes.def).
constexpr bool isWide(Opcode op) {
  return signatureTypes(opcodeInfo(op).signature).params[0] == ValType::I64;
}

}  // namespace

// One row per opcode: the two-operand ALU operations (`lhs op= rhs`, or an
// imm32 rhs) with their x86 instruction and whether they commute.
#define KILN_INT_BINARY(op, inst, commutative)                                  \
  template <>                                                                   \
  void FunctionCompiler::visit<Opcode::op>(const Instruction&) {                \
    emitIntBinary(x86::Inst::inst, commutative, isWide(Opcode::op));            \
  }
KILN_INT_BINARY(I32Add, kIdAdd, true)
KILN_INT_BINARY(I64Add, kIdAdd, true)
KILN_INT_BINARY(I32Sub, kIdSub, false)
KILN_INT_BINARY(I64Sub, kIdSub, false)
KILN_INT_BINARY(I32Mul, kIdImul, true)
KILN_INT_BINARY(I64Mul, kIdImul, true)
KILN_INT_BINARY(I32And, kIdAnd, true)
KILN_INT_BINARY(I64And, kIdAnd, true)
KILN_INT_BINARY(I32Or, kIdOr, true)
KILN_INT_BINARY(I64Or, kIdOr, true)
KILN_INT_BINARY(I32Xor, kIdXor, true)
KILN_INT_BINARY(I64Xor, kIdXor, true)
#undef KILN_INT_BINARY

// Compares, with the condition under which they hold.
#define KILN_INT_COMPARE(op, cond)                                   \
  template <>                                                        \
  void FunctionCompiler::visit<Opcode::op>(const Instruction&) {     \
    emitIntCompare(x86::CondCode::cond, isWide(Opcode::op));         \
  }
KILN_INT_COMPARE(I32Eq, kE)
KILN_INT_COMPARE(I64Eq, kE)
KILN_INT_COMPARE(I32Ne, kNE)
KILN_INT_COMPARE(I64Ne, kNE)
KILN_INT_COMPARE(I32LtS, kL)
KILN_INT_COMPARE(I64LtS, kL)
KILN_INT_COMPARE(I32LtU, kB)
KILN_INT_COMPARE(I64LtU, kB)
KILN_INT_COMPARE(I32GtS, kG)
KILN_INT_COMPARE(I64GtS, kG)
KILN_INT_COMPARE(I32GtU, kA)
KILN_INT_COMPARE(I64GtU, kA)
KILN_INT_COMPARE(I32LeS, kLE)
KILN_INT_COMPARE(I64LeS, kLE)
KILN_INT_COMPARE(I32LeU, kBE)
KILN_INT_COMPARE(I64LeU, kBE)
KILN_INT_COMPARE(I32GeS, kGE)
KILN_INT_COMPARE(I64GeS, kGE)
KILN_INT_COMPARE(I32GeU, kAE)
KILN_INT_COMPARE(I64GeU, kAE)
#undef KILN_INT_COMPARE

template <>
void FunctionCompiler::visit<Opcode::I32Eqz>(const Instruction&) {
  emitIntEqz(false);
}

template <>
void FunctionCompiler::visit<Opcode::I64Eqz>(const Instruction&) {
  emitIntEqz(true);
}

// Division and remainder: signed, remainder.
#define KILN_INT_DIVIDE(op, isSigned, isRem)                         \
  template <>                                                        \
  void FunctionCompiler::visit<Opcode::op>(const Instruction&) {     \
    emitDivRem(isWide(Opcode::op), isSigned, isRem);                 \
  }
KILN_INT_DIVIDE(I32DivS, true, false)
KILN_INT_DIVIDE(I64DivS, true, false)
KILN_INT_DIVIDE(I32DivU, false, false)
KILN_INT_DIVIDE(I64DivU, false, false)
KILN_INT_DIVIDE(I32RemS, true, true)
KILN_INT_DIVIDE(I64RemS, true, true)
KILN_INT_DIVIDE(I32RemU, false, true)
KILN_INT_DIVIDE(I64RemU, false, true)
#undef KILN_INT_DIVIDE

// Shifts and rotates: the CPU masks the count as WebAssembly does.
#define KILN_INT_SHIFT(op, inst)                                     \
  template <>                                                        \
  void FunctionCompiler::visit<Opcode::op>(const Instruction&) {     \
    emitShift(x86::Inst::inst, isWide(Opcode::op));                  \
  }
KILN_INT_SHIFT(I32Shl, kIdShl)
KILN_INT_SHIFT(I64Shl, kIdShl)
KILN_INT_SHIFT(I32ShrS, kIdSar)
KILN_INT_SHIFT(I64ShrS, kIdSar)
KILN_INT_SHIFT(I32ShrU, kIdShr)
KILN_INT_SHIFT(I64ShrU, kIdShr)
KILN_INT_SHIFT(I32Rotl, kIdRol)
KILN_INT_SHIFT(I64Rotl, kIdRol)
KILN_INT_SHIFT(I32Rotr, kIdRor)
KILN_INT_SHIFT(I64Rotr, kIdRor)
#undef KILN_INT_SHIFT

#define KILN_INT_BIT_COUNT(op, count)                                \
  template <>                                                        \
  void FunctionCompiler::visit<Opcode::op>(const Instruction&) {     \
    emitBitCount(BitCount::count, isWide(Opcode::op));               \
  }
KILN_INT_BIT_COUNT(I32Clz, Clz)
KILN_INT_BIT_COUNT(I64Clz, Clz)
KILN_INT_BIT_COUNT(I32Ctz, Ctz)
KILN_INT_BIT_COUNT(I64Ctz, Ctz)
KILN_INT_BIT_COUNT(I32Popcnt, Popcnt)
KILN_INT_BIT_COUNT(I64Popcnt, Popcnt)
#undef KILN_INT_BIT_COUNT

// Sign extension from the low `bytes` of the operand.
#define KILN_SIGN_EXTEND(op, bytes)                                  \
  template <>                                                        \
  void FunctionCompiler::visit<Opcode::op>(const Instruction&) {     \
    emitSignExtend(bytes, isWide(Opcode::op));                       \
  }
KILN_SIGN_EXTEND(I32Extend8S, 1)
KILN_SIGN_EXTEND(I32Extend16S, 2)
KILN_SIGN_EXTEND(I64Extend8S, 1)
KILN_SIGN_EXTEND(I64Extend16S, 2)
KILN_SIGN_EXTEND(I64Extend32S, 4)
#undef KILN_SIGN_EXTEND

void FunctionCompiler::emitIntBinary(asmjit::InstId inst, bool commutative, bool wide) {
  ValType type = wide ? ValType::I64 : ValType::I32;
  StackValue& rhs = stack_.top();
  StackValue& lhs = stack_.at(stack_.size() - 2);
  std::optional<Reg> home = localUpdateTarget(lhs);
  bool swapped = !home && commutative && (home = localUpdateTarget(rhs));
  if (home) {
    // x = x op other (or other op x), in x's register.
    const StackValue& other = swapped ? lhs : rhs;
    if (isImmediate(other)) {
      int32_t imm = int32_t(other.constant);
      stack_.pop();
      stack_.pop();
      beginLocalUpdate(*home);
      a_.emit(inst, home->gpFor(type), asmjit::imm(imm));
    } else {
      if (swapped) stack_.pop();
      Operand src = stack_.popForRead();
      if (!swapped) stack_.pop();
      beginLocalUpdate(*home);
      a_.emit(inst, home->gpFor(type), src.reg.gpFor(type));
      stack_.release(src);
    }
    endLocalUpdate(type, *home);
    return;
  }
  if (isImmediate(rhs) && lhs.location == ValueLocation::Local) {
    // Three-operand forms spare copying the local: lea for add and sub, imul.
    int32_t imm = int32_t(rhs.constant);
    bool negatable = imm != INT32_MIN;
    if (inst == x86::Inst::kIdAdd || (inst == x86::Inst::kIdSub && negatable) ||
        inst == x86::Inst::kIdImul) {
      stack_.pop();
      Reg local = stack_.pop().reg;
      // Followed by a set of another local (a set of this one is an update
      // in place, above): into that local's home.
      std::optional<Reg> home = localSetTarget();
      if (home) beginLocalUpdate(*home);
      Reg dst = home ? *home : stack_.allocateGp();
      if (inst == x86::Inst::kIdImul) {
        a_.imul(dst.gpFor(type), local.gpFor(type), imm);
      } else {
        int32_t displacement = inst == x86::Inst::kIdAdd ? imm : -imm;
        a_.lea(dst.gpFor(type), x86::ptr(local.gp64(), displacement));
      }
      if (home) {
        endLocalUpdate(type, *home);
      } else {
        stack_.pushRegister(type, dst);
      }
      return;
    }
  }
  if (isImmediate(rhs)) {
    int32_t imm = int32_t(stack_.pop().constant);
    Reg dst = stack_.popToRegister();
    a_.emit(inst, dst.gpFor(type), asmjit::imm(imm));
    stack_.pushRegister(type, dst);
    return;
  }
  if (commutative && isImmediate(lhs)) {
    Reg dst = stack_.popToRegister();
    int32_t imm = int32_t(stack_.pop().constant);
    a_.emit(inst, dst.gpFor(type), asmjit::imm(imm));
    stack_.pushRegister(type, dst);
    return;
  }
  if (commutative && lhs.location == ValueLocation::Local &&
      rhs.location == ValueLocation::Register) {
    // `local op value`: into the value's register, no copy of the local.
    Reg dst = stack_.popToRegister();
    Operand local = stack_.popForRead();
    a_.emit(inst, dst.gpFor(type), local.reg.gpFor(type));
    stack_.pushRegister(type, dst);
    return;
  }
  Operand src = stack_.popForRead();
  Reg dst = stack_.popToRegister();
  a_.emit(inst, dst.gpFor(type), src.reg.gpFor(type));
  stack_.release(src);
  stack_.pushRegister(type, dst);
}

void FunctionCompiler::emitIntCompare(x86::CondCode cond, bool wide) {
  ValType type = wide ? ValType::I64 : ValType::I32;
  if (isImmediate(stack_.top())) {
    int32_t imm = int32_t(stack_.pop().constant);
    Operand lhs = stack_.popForRead();
    a_.cmp(lhs.reg.gpFor(type), imm);
    stack_.release(lhs);
  } else if (isImmediate(stack_.at(stack_.size() - 2))) {
    // `const op x` compares x with the constant, the condition mirrored.
    Operand rhs = stack_.popForRead();
    int32_t imm = int32_t(stack_.pop().constant);
    a_.cmp(rhs.reg.gpFor(type), imm);
    stack_.release(rhs);
    cond = x86::reverseCond(cond);
  } else {
    Operand rhs = stack_.popForRead();
    Operand lhs = stack_.popForRead();
    a_.cmp(lhs.reg.gpFor(type), rhs.reg.gpFor(type));
    stack_.release(rhs);
    stack_.release(lhs);
  }
  stack_.pushCondition(cond);
}

void FunctionCompiler::emitIntEqz(bool wide) {
  if (stack_.top().location == ValueLocation::Condition) {
    stack_.pushCondition(x86::negateCond(stack_.pop().cond));
    return;
  }
  ValType type = wide ? ValType::I64 : ValType::I32;
  Operand value = stack_.popForRead();
  a_.test(value.reg.gpFor(type), value.reg.gpFor(type));
  stack_.release(value);
  stack_.pushCondition(x86::CondCode::kE);
}

void FunctionCompiler::emitDivRem(bool wide, bool isSigned, bool isRem) {
  ValType type = wide ? ValType::I64 : ValType::I32;
  // A constant divisor other than 0 and -1 needs neither check.
  bool constant = stack_.top().location == ValueLocation::Constant;
  int64_t divisorValue = stack_.top().constant;
  if (constant && !wide) divisorValue = int32_t(divisorValue);

  stack_.claimGp(kRax);  // dividend, quotient
  stack_.claimGp(kRdx);  // high half, remainder
  Reg divisor = stack_.popToRegister();
  stack_.popIntoGp(kRax);
  x86::Gp d = divisor.gpFor(type);
  asmjit::Label done = a_.newLabel();
  if (!constant || divisorValue == 0) {
    a_.test(d, d);
    a_.jz(trapLabel(TrapCode::IntegerDivisionByZero));
  }
  if (isSigned && (!constant || divisorValue == -1)) {
    asmjit::Label divide = a_.newLabel();
    a_.cmp(d, -1);
    a_.jne(divide);
    if (isRem) {
      a_.xor_(x86::edx, x86::edx);  // x rem -1 = 0, even for the minimum
      a_.jmp(done);
    } else {
      if (wide) {
        a_.mov(x86::r11, INT64_MIN);
        a_.cmp(x86::rax, x86::r11);
      } else {
        a_.cmp(x86::eax, INT32_MIN);
      }
      a_.je(trapLabel(TrapCode::IntegerOverflow));
    }
    a_.bind(divide);
  }
  if (isSigned) {
    if (wide) {
      a_.cqo();
    } else {
      a_.cdq();
    }
    a_.idiv(d);
  } else {
    a_.xor_(x86::edx, x86::edx);
    a_.div(d);
  }
  a_.bind(done);
  stack_.free(divisor);
  if (isRem) {
    stack_.free(kRax);
    stack_.pushRegister(type, kRdx);
  } else {
    stack_.free(kRdx);
    stack_.pushRegister(type, kRax);
  }
}

void FunctionCompiler::emitShift(asmjit::InstId inst, bool wide) {
  ValType type = wide ? ValType::I64 : ValType::I32;
  if (stack_.top().location == ValueLocation::Constant) {
    // The CPU masks the count as WebAssembly does; mask the immediate likewise.
    int count = int(stack_.pop().constant & (wide ? 63 : 31));
    if (inst == x86::Inst::kIdShl && emitScaledAdd(type, count)) return;
    Reg dst = stack_.popToRegister();
    a_.emit(inst, dst.gpFor(type), asmjit::imm(count));
    stack_.pushRegister(type, dst);
    return;
  }
  stack_.claimGp(kRcx);  // the count
  stack_.popIntoGp(kRcx);
  Reg dst = stack_.popToRegister();
  a_.emit(inst, dst.gpFor(type), x86::cl);
  stack_.free(kRcx);
  stack_.pushRegister(type, dst);
}

bool FunctionCompiler::emitScaledAdd(ValType type, int count) {
  if (count < 1 || count > 3) return false;
  std::optional<NextInstruction> next = peekNext();
  if (!next || next->opcode != (type == ValType::I64 ? Opcode::I64Add : Opcode::I32Add)) return false;
  // A constant base or index is left to the plain forms (an immediate add).
  if (stack_.top().location == ValueLocation::Constant ||
      stack_.at(stack_.size() - 2).location == ValueLocation::Constant) {
    return false;
  }
  Operand index = stack_.popForRead();
  Operand base = stack_.popForRead();
  Reg dst = index.owned ? index.reg : base.owned ? base.reg : stack_.allocateGp();
  // The address is formed in 64 bits from zero-extended i32s and written
  // truncated to the operation's width: it wraps exactly as shl and add do.
  a_.lea(dst.gpFor(type), x86::ptr(base.reg.gp64(), index.reg.gp64(), uint32_t(count)));
  if (index.owned && index.reg != dst) stack_.free(index.reg);
  if (base.owned && base.reg != dst) stack_.free(base.reg);
  stack_.pushRegister(type, dst);
  nextConsumed_ = true;
  return true;
}

void FunctionCompiler::emitBitCount(BitCount count, bool wide) {
  ValType type = wide ? ValType::I64 : ValType::I32;
  int bits = wide ? 64 : 32;
  Reg src = stack_.popToRegister();
  Reg dst = stack_.allocateGp();
  x86::Gp s = src.gpFor(type);
  x86::Gp d = dst.gpFor(type);
  x86::Gp scratch = kScratchGp.gpFor(type);
  switch (count) {
    case BitCount::Clz:
      if (context_.cpu.lzcnt) {
        a_.lzcnt(d, s);
      } else {
        // bsr gives the index of the highest set bit; zero input leaves ZF set.
        a_.mov(scratch, 2 * bits - 1);
        a_.bsr(d, s);
        a_.cmovz(d, scratch);
        a_.xor_(d, bits - 1);
      }
      break;
    case BitCount::Ctz:
      if (context_.cpu.bmi1) {
        a_.tzcnt(d, s);
      } else {
        a_.mov(scratch, bits);
        a_.bsf(d, s);
        a_.cmovz(d, scratch);
      }
      break;
    case BitCount::Popcnt:
      if (context_.cpu.popcnt) {
        a_.popcnt(d, s);
      } else {
        // SWAR population count: pairs, nibbles, bytes, then sum the bytes.
        a_.mov(d, s);
        a_.shr(d, 1);
        a_.mov(scratch, wide ? int64_t(0x5555555555555555) : int64_t(0x55555555));
        a_.and_(d, scratch);
        a_.sub(s, d);
        a_.mov(scratch, wide ? int64_t(0x3333333333333333) : int64_t(0x33333333));
        a_.mov(d, s);
        a_.and_(d, scratch);
        a_.shr(s, 2);
        a_.and_(s, scratch);
        a_.add(d, s);
        a_.mov(s, d);
        a_.shr(s, 4);
        a_.add(d, s);
        a_.mov(scratch, wide ? int64_t(0x0F0F0F0F0F0F0F0F) : int64_t(0x0F0F0F0F));
        a_.and_(d, scratch);
        a_.mov(scratch, wide ? int64_t(0x0101010101010101) : int64_t(0x01010101));
        a_.imul(d, scratch);
        a_.shr(d, bits - 8);
      }
      break;
  }
  stack_.free(src);
  stack_.pushRegister(type, dst);
}

void FunctionCompiler::emitSignExtend(uint32_t fromBytes, bool wide) {
  ValType type = wide ? ValType::I64 : ValType::I32;
  Reg reg = stack_.popToRegister();
  if (fromBytes == 4) {
    a_.movsxd(reg.gp64(), reg.gp32());
  } else {
    a_.movsx(reg.gpFor(type), reg.gp(fromBytes));
  }
  stack_.pushRegister(type, reg);
}

}  // namespace kiln::x64
