// i32 and i64 arithmetic, bitwise operations, shifts, compares and bit counts.
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

namespace {

struct IntBinaryEntry {
  Opcode op32;
  Opcode op64;
  asmjit::InstId inst;
  bool commutative;
};

// The two-operand ALU operations: `lhs op= rhs` (or an imm32 rhs).
constexpr IntBinaryEntry kIntBinary[] = {
    {Opcode::I32Add, Opcode::I64Add, x86::Inst::kIdAdd, true},
    {Opcode::I32Sub, Opcode::I64Sub, x86::Inst::kIdSub, false},
    {Opcode::I32Mul, Opcode::I64Mul, x86::Inst::kIdImul, true},
    {Opcode::I32And, Opcode::I64And, x86::Inst::kIdAnd, true},
    {Opcode::I32Or, Opcode::I64Or, x86::Inst::kIdOr, true},
    {Opcode::I32Xor, Opcode::I64Xor, x86::Inst::kIdXor, true},
};

struct IntCompareEntry {
  Opcode op32;
  Opcode op64;
  x86::CondCode cond;
};

constexpr IntCompareEntry kIntCompare[] = {
    {Opcode::I32Eq, Opcode::I64Eq, x86::CondCode::kE},
    {Opcode::I32Ne, Opcode::I64Ne, x86::CondCode::kNE},
    {Opcode::I32LtS, Opcode::I64LtS, x86::CondCode::kL},
    {Opcode::I32LtU, Opcode::I64LtU, x86::CondCode::kB},
    {Opcode::I32GtS, Opcode::I64GtS, x86::CondCode::kG},
    {Opcode::I32GtU, Opcode::I64GtU, x86::CondCode::kA},
    {Opcode::I32LeS, Opcode::I64LeS, x86::CondCode::kLE},
    {Opcode::I32LeU, Opcode::I64LeU, x86::CondCode::kBE},
    {Opcode::I32GeS, Opcode::I64GeS, x86::CondCode::kGE},
    {Opcode::I32GeU, Opcode::I64GeU, x86::CondCode::kAE},
};

x86::Gp gp(uint8_t reg, bool wide) { return wide ? x86::Gp(x86::gpq(reg)) : x86::Gp(x86::gpd(reg)); }

// An operand that can be an instruction's imm32: any i32, or an i64 whose
// value survives sign extension from 32 bits.
bool isImmediate(const StackValue& value) {
  return value.location == ValueLocation::Constant &&
         value.constant == int64_t(int32_t(value.constant));
}

}  // namespace

bool FunctionCompiler::emitIntegerOp(Opcode op) {
  for (const IntBinaryEntry& entry : kIntBinary) {
    if (op == entry.op32 || op == entry.op64) {
      emitIntBinary(op, op == entry.op64);
      return true;
    }
  }
  for (const IntCompareEntry& entry : kIntCompare) {
    if (op == entry.op32 || op == entry.op64) {
      emitIntCompare(entry.cond, op == entry.op64);
      return true;
    }
  }
  switch (op) {
    case Opcode::I32Eqz:
    case Opcode::I64Eqz:
      emitIntEqz(op == Opcode::I64Eqz);
      return true;
    case Opcode::I32DivS: case Opcode::I32DivU: case Opcode::I32RemS: case Opcode::I32RemU:
      emitDivRem(op, false);
      return true;
    case Opcode::I64DivS: case Opcode::I64DivU: case Opcode::I64RemS: case Opcode::I64RemU:
      emitDivRem(op, true);
      return true;
    case Opcode::I32Shl: case Opcode::I32ShrS: case Opcode::I32ShrU: case Opcode::I32Rotl:
    case Opcode::I32Rotr:
      emitShift(op, false);
      return true;
    case Opcode::I64Shl: case Opcode::I64ShrS: case Opcode::I64ShrU: case Opcode::I64Rotl:
    case Opcode::I64Rotr:
      emitShift(op, true);
      return true;
    case Opcode::I32Clz: case Opcode::I32Ctz: case Opcode::I32Popcnt:
      emitBitCount(op, false);
      return true;
    case Opcode::I64Clz: case Opcode::I64Ctz: case Opcode::I64Popcnt:
      emitBitCount(op, true);
      return true;
    case Opcode::I32Extend8S: case Opcode::I32Extend16S: case Opcode::I64Extend8S:
    case Opcode::I64Extend16S: case Opcode::I64Extend32S:
      emitSignExtend(op);
      return true;
    default:
      return false;
  }
}

void FunctionCompiler::emitIntBinary(Opcode op, bool wide) {
  const IntBinaryEntry* entry = nullptr;
  for (const IntBinaryEntry& e : kIntBinary) {
    if (op == e.op32 || op == e.op64) entry = &e;
  }
  ValType type = wide ? ValType::I64 : ValType::I32;
  StackValue& rhs = stack_.top();
  StackValue& lhs = stack_.at(stack_.size() - 2);
  std::optional<uint8_t> home = localUpdateTarget(lhs);
  bool swapped = !home && entry->commutative && (home = localUpdateTarget(rhs));
  if (home) {
    // x = x op other (or other op x), in x's register.
    const StackValue& other = swapped ? lhs : rhs;
    if (isImmediate(other)) {
      int32_t imm = int32_t(other.constant);
      stack_.pop();
      stack_.pop();
      beginLocalUpdate(type, *home);
      a_.emit(entry->inst, gp(*home, wide), asmjit::imm(imm));
    } else {
      if (swapped) stack_.pop();
      Operand src = stack_.popForRead();
      if (!swapped) stack_.pop();
      beginLocalUpdate(type, *home);
      a_.emit(entry->inst, gp(*home, wide), gp(src.reg, wide));
      stack_.release(type, src);
    }
    endLocalUpdate(type, *home);
    return;
  }
  if (isImmediate(rhs) && lhs.location == ValueLocation::Local) {
    // Three-operand forms spare copying the local: lea for add and sub, imul.
    int32_t imm = int32_t(rhs.constant);
    bool negatable = imm != INT32_MIN;
    if (entry->inst == x86::Inst::kIdAdd || (entry->inst == x86::Inst::kIdSub && negatable) ||
        entry->inst == x86::Inst::kIdImul) {
      stack_.pop();
      uint8_t local = stack_.pop().reg;
      uint8_t dst = stack_.allocateGp();
      if (entry->inst == x86::Inst::kIdImul) {
        a_.imul(gp(dst, wide), gp(local, wide), imm);
      } else {
        int32_t displacement = entry->inst == x86::Inst::kIdAdd ? imm : -imm;
        a_.lea(gp(dst, wide), x86::ptr(x86::gpq(local), displacement));
      }
      stack_.pushRegister(type, dst);
      return;
    }
  }
  if (isImmediate(rhs)) {
    int32_t imm = int32_t(stack_.pop().constant);
    uint8_t dst = stack_.popToRegister();
    a_.emit(entry->inst, gp(dst, wide), asmjit::imm(imm));
    stack_.pushRegister(type, dst);
    return;
  }
  if (entry->commutative && isImmediate(lhs)) {
    uint8_t dst = stack_.popToRegister();
    int32_t imm = int32_t(stack_.pop().constant);
    a_.emit(entry->inst, gp(dst, wide), asmjit::imm(imm));
    stack_.pushRegister(type, dst);
    return;
  }
  if (entry->commutative && lhs.location == ValueLocation::Local &&
      rhs.location == ValueLocation::Register) {
    // `local op value`: into the value's register, no copy of the local.
    uint8_t dst = stack_.popToRegister();
    Operand local = stack_.popForRead();
    a_.emit(entry->inst, gp(dst, wide), gp(local.reg, wide));
    stack_.pushRegister(type, dst);
    return;
  }
  Operand src = stack_.popForRead();
  uint8_t dst = stack_.popToRegister();
  a_.emit(entry->inst, gp(dst, wide), gp(src.reg, wide));
  stack_.release(type, src);
  stack_.pushRegister(type, dst);
}

void FunctionCompiler::emitIntCompare(x86::CondCode cond, bool wide) {
  ValType type = wide ? ValType::I64 : ValType::I32;
  if (isImmediate(stack_.top())) {
    int32_t imm = int32_t(stack_.pop().constant);
    Operand lhs = stack_.popForRead();
    a_.cmp(gp(lhs.reg, wide), imm);
    stack_.release(type, lhs);
  } else if (isImmediate(stack_.at(stack_.size() - 2))) {
    // `const op x` compares x with the constant, the condition mirrored.
    Operand rhs = stack_.popForRead();
    int32_t imm = int32_t(stack_.pop().constant);
    a_.cmp(gp(rhs.reg, wide), imm);
    stack_.release(type, rhs);
    cond = x86::reverseCond(cond);
  } else {
    Operand rhs = stack_.popForRead();
    Operand lhs = stack_.popForRead();
    a_.cmp(gp(lhs.reg, wide), gp(rhs.reg, wide));
    stack_.release(type, rhs);
    stack_.release(type, lhs);
  }
  stack_.pushCondition(cond);
}

void FunctionCompiler::emitIntEqz(bool wide) {
  if (stack_.top().location == ValueLocation::Condition) {
    stack_.pushCondition(x86::negateCond(stack_.pop().cond));
    return;
  }
  Operand value = stack_.popForRead();
  a_.test(gp(value.reg, wide), gp(value.reg, wide));
  stack_.release(wide ? ValType::I64 : ValType::I32, value);
  stack_.pushCondition(x86::CondCode::kE);
}

void FunctionCompiler::emitDivRem(Opcode op, bool wide) {
  ValType type = wide ? ValType::I64 : ValType::I32;
  bool isSigned = op == Opcode::I32DivS || op == Opcode::I32RemS || op == Opcode::I64DivS ||
                  op == Opcode::I64RemS;
  bool isRem = op == Opcode::I32RemS || op == Opcode::I32RemU || op == Opcode::I64RemS ||
               op == Opcode::I64RemU;
  // A constant divisor other than 0 and -1 needs neither check.
  bool constant = stack_.top().location == ValueLocation::Constant;
  int64_t divisorValue = stack_.top().constant;
  if (constant && !wide) divisorValue = int32_t(divisorValue);

  stack_.claimGp(0);  // rax: dividend, quotient
  stack_.claimGp(2);  // rdx: high half, remainder
  uint8_t divisor = stack_.popToRegister();
  stack_.popIntoGp(0);
  x86::Gp d = gp(divisor, wide);
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
  stack_.free(type, divisor);
  if (isRem) {
    stack_.free(type, 0);
    stack_.pushRegister(type, 2);
  } else {
    stack_.free(type, 2);
    stack_.pushRegister(type, 0);
  }
}

void FunctionCompiler::emitShift(Opcode op, bool wide) {
  asmjit::InstId inst;
  switch (op) {
    case Opcode::I32Shl: case Opcode::I64Shl: inst = x86::Inst::kIdShl; break;
    case Opcode::I32ShrS: case Opcode::I64ShrS: inst = x86::Inst::kIdSar; break;
    case Opcode::I32ShrU: case Opcode::I64ShrU: inst = x86::Inst::kIdShr; break;
    case Opcode::I32Rotl: case Opcode::I64Rotl: inst = x86::Inst::kIdRol; break;
    default: inst = x86::Inst::kIdRor; break;
  }
  ValType type = wide ? ValType::I64 : ValType::I32;
  if (stack_.top().location == ValueLocation::Constant) {
    // The CPU masks the count as WebAssembly does; mask the immediate likewise.
    int count = int(stack_.pop().constant & (wide ? 63 : 31));
    uint8_t dst = stack_.popToRegister();
    a_.emit(inst, gp(dst, wide), asmjit::imm(count));
    stack_.pushRegister(type, dst);
    return;
  }
  stack_.claimGp(1);  // rcx: the count
  stack_.popIntoGp(1);
  uint8_t dst = stack_.popToRegister();
  a_.emit(inst, gp(dst, wide), x86::cl);
  stack_.free(type, 1);
  stack_.pushRegister(type, dst);
}

void FunctionCompiler::emitBitCount(Opcode op, bool wide) {
  ValType type = wide ? ValType::I64 : ValType::I32;
  int bits = wide ? 64 : 32;
  uint8_t src = stack_.popToRegister();
  uint8_t dst = stack_.allocateGp();
  x86::Gp s = gp(src, wide);
  x86::Gp d = gp(dst, wide);
  x86::Gp scratch = gp(kScratchGp, wide);
  switch (op) {
    case Opcode::I32Clz:
    case Opcode::I64Clz:
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
    case Opcode::I32Ctz:
    case Opcode::I64Ctz:
      if (context_.cpu.bmi1) {
        a_.tzcnt(d, s);
      } else {
        a_.mov(scratch, bits);
        a_.bsf(d, s);
        a_.cmovz(d, scratch);
      }
      break;
    default:
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
  stack_.free(type, src);
  stack_.pushRegister(type, dst);
}

void FunctionCompiler::emitSignExtend(Opcode op) {
  uint8_t reg = stack_.popToRegister();
  switch (op) {
    case Opcode::I32Extend8S:
      a_.movsx(x86::gpd(reg), x86::gpb_lo(reg));
      stack_.pushRegister(ValType::I32, reg);
      return;
    case Opcode::I32Extend16S:
      a_.movsx(x86::gpd(reg), x86::gpw(reg));
      stack_.pushRegister(ValType::I32, reg);
      return;
    case Opcode::I64Extend8S:
      a_.movsx(x86::gpq(reg), x86::gpb_lo(reg));
      break;
    case Opcode::I64Extend16S:
      a_.movsx(x86::gpq(reg), x86::gpw(reg));
      break;
    default:
      a_.movsxd(x86::gpq(reg), x86::gpd(reg));
      break;
  }
  stack_.pushRegister(ValType::I64, reg);
}

}  // namespace kiln::x64
