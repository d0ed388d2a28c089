// The threads proposal's atomic instructions (the 0xFE prefix), inline:
// loads, stores, read-modify-write, compare-exchange and atomic.fence;
// memory.atomic.wait and notify call the runtime (its parking lot).
//
// Every atomic access is sequentially consistent. On x86-64 (TSO) plain
// loads already have acquire order and never pass each other, so an atomic
// load is a plain mov; a seq-cst store needs a full barrier against later
// loads, which xchg gives (it is locked without a prefix); read-modify-
// write uses the locked instructions: xadd for add and sub (negated), xchg,
// cmpxchg, and a cmpxchg loop for and, or and xor, which x86 has in locked
// form only without the old value. Narrow results are zero-extended.
//
// An access traps when unaligned (checked first, as the reference
// interpreter does, so both memory modes trap alike), then when out of
// bounds exactly as a plain access of its width does (accessOperand).
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

#define KILN_ATOMIC_LOAD(op)                                                              \
  template <>                                                                             \
  void FunctionCompiler::visit<Opcode::op>(const Instruction& ins) {                      \
    constexpr OpcodeInfo kInfo = opcodeInfo(Opcode::op);                                  \
    emitAtomicLoad(ins, kInfo.width, *signatureTypes(kInfo.signature).result);            \
  }
KILN_ATOMIC_LOAD(I32AtomicLoad)
KILN_ATOMIC_LOAD(I64AtomicLoad)
KILN_ATOMIC_LOAD(I32AtomicLoad8U)
KILN_ATOMIC_LOAD(I32AtomicLoad16U)
KILN_ATOMIC_LOAD(I64AtomicLoad8U)
KILN_ATOMIC_LOAD(I64AtomicLoad16U)
KILN_ATOMIC_LOAD(I64AtomicLoad32U)
#undef KILN_ATOMIC_LOAD

#define KILN_ATOMIC_STORE(op)                                                             \
  template <>                                                                             \
  void FunctionCompiler::visit<Opcode::op>(const Instruction& ins) {                      \
    emitAtomicStore(ins, opcodeInfo(Opcode::op).width);                                   \
  }
KILN_ATOMIC_STORE(I32AtomicStore)
KILN_ATOMIC_STORE(I64AtomicStore)
KILN_ATOMIC_STORE(I32AtomicStore8)
KILN_ATOMIC_STORE(I32AtomicStore16)
KILN_ATOMIC_STORE(I64AtomicStore8)
KILN_ATOMIC_STORE(I64AtomicStore16)
KILN_ATOMIC_STORE(I64AtomicStore32)
#undef KILN_ATOMIC_STORE

// Each operation in its seven widths: i32 (4 bytes), i64 (8), then the
// narrow _u forms of 1, 2 (both types) and 4 bytes (i64).
#define KILN_ATOMIC_RMW_ONE(op, kind)                                                     \
  template <>                                                                             \
  void FunctionCompiler::visit<Opcode::op>(const Instruction& ins) {                      \
    constexpr OpcodeInfo kInfo = opcodeInfo(Opcode::op);                                  \
    emitAtomicRmw(ins, AtomicOp::kind, kInfo.width, *signatureTypes(kInfo.signature).result); \
  }
#define KILN_ATOMIC_RMW(Kind)                          \
  KILN_ATOMIC_RMW_ONE(I32AtomicRmw##Kind, Kind)        \
  KILN_ATOMIC_RMW_ONE(I64AtomicRmw##Kind, Kind)        \
  KILN_ATOMIC_RMW_ONE(I32AtomicRmw8##Kind##U, Kind)    \
  KILN_ATOMIC_RMW_ONE(I32AtomicRmw16##Kind##U, Kind)   \
  KILN_ATOMIC_RMW_ONE(I64AtomicRmw8##Kind##U, Kind)    \
  KILN_ATOMIC_RMW_ONE(I64AtomicRmw16##Kind##U, Kind)   \
  KILN_ATOMIC_RMW_ONE(I64AtomicRmw32##Kind##U, Kind)
KILN_ATOMIC_RMW(Add)
KILN_ATOMIC_RMW(Sub)
KILN_ATOMIC_RMW(And)
KILN_ATOMIC_RMW(Or)
KILN_ATOMIC_RMW(Xor)
KILN_ATOMIC_RMW(Xchg)
KILN_ATOMIC_RMW_ONE(I32AtomicRmwCmpxchg, Cmpxchg)
KILN_ATOMIC_RMW_ONE(I64AtomicRmwCmpxchg, Cmpxchg)
KILN_ATOMIC_RMW_ONE(I32AtomicRmw8CmpxchgU, Cmpxchg)
KILN_ATOMIC_RMW_ONE(I32AtomicRmw16CmpxchgU, Cmpxchg)
KILN_ATOMIC_RMW_ONE(I64AtomicRmw8CmpxchgU, Cmpxchg)
KILN_ATOMIC_RMW_ONE(I64AtomicRmw16CmpxchgU, Cmpxchg)
KILN_ATOMIC_RMW_ONE(I64AtomicRmw32CmpxchgU, Cmpxchg)
#undef KILN_ATOMIC_RMW
#undef KILN_ATOMIC_RMW_ONE

template <>
void FunctionCompiler::visit<Opcode::AtomicFence>(const Instruction&) {
  a_.mfence();
}

// wait and notify: the libcall checks bounds, alignment and (wait) that the
// memory is shared, so the address goes as it is with the offset beside it.
template <>
void FunctionCompiler::visit<Opcode::MemoryAtomicWait32>(const Instruction& ins) {
  emitMemoryLibCall<LibCall::MemoryAtomicWait32>(ins.memArg.memory, ValType::I32, operand(0),
                                                 immediate(int64_t(ins.memArg.offset)),
                                                 operand(1), operand(2));
}

template <>
void FunctionCompiler::visit<Opcode::MemoryAtomicWait64>(const Instruction& ins) {
  emitMemoryLibCall<LibCall::MemoryAtomicWait64>(ins.memArg.memory, ValType::I32, operand(0),
                                                 immediate(int64_t(ins.memArg.offset)),
                                                 operand(1), operand(2));
}

template <>
void FunctionCompiler::visit<Opcode::MemoryAtomicNotify>(const Instruction& ins) {
  emitMemoryLibCall<LibCall::MemoryAtomicNotify>(ins.memArg.memory, ValType::I32, operand(0),
                                                 immediate(int64_t(ins.memArg.offset)),
                                                 operand(1));
}

x86::Mem FunctionCompiler::atomicOperand(const MemArg& memArg, uint32_t size) {
  if (size > 1) {
    const uint32_t mask = size - 1;
    // The base is page aligned: the effective address is aligned when the
    // address plus the offset's low bits is.
    const uint32_t offsetLow = uint32_t(memArg.offset) & mask;
    StackValue& top = stack_.top();
    if (top.location == ValueLocation::Constant) {
      if ((uint32_t(top.constant) + offsetLow) & mask) a_.jmp(trapLabel(TrapCode::HeapMisaligned));
    } else {
      const ValType type = top.type;
      Operand address = stack_.popForRead();
      if (offsetLow == 0) {
        a_.test(address.reg.gp32(), mask);
      } else {
        a_.lea(x86::r11d, x86::ptr(address.reg.gp64(), int32_t(offsetLow)));
        a_.test(x86::r11d, mask);
      }
      a_.jnz(trapLabel(TrapCode::HeapMisaligned));
      if (address.owned) {
        stack_.pushRegister(type, address.reg);
      } else {
        stack_.pushLocal(type, address.reg);
      }
    }
  }
  HeapOperand access = accessOperand(memArg, size);
  // The effective address in r11 frees the address's registers for the
  // operation's own (cmpxchg needs rax and two more).
  a_.lea(x86::r11, access.operand);
  releaseAccess(access);
  x86::Mem cell = x86::ptr(x86::r11);
  cell.setSize(size);
  return cell;
}

void FunctionCompiler::zeroExtendAtomicResult(Reg reg, uint32_t size) {
  if (size == 1) {
    a_.movzx(reg.gp32(), reg.gp8());
  } else if (size == 2) {
    a_.movzx(reg.gp32(), reg.gp16());
  } else if (size == 4) {
    a_.mov(reg.gp32(), reg.gp32());
  }
}

void FunctionCompiler::emitAtomicLoad(const Instruction& ins, uint32_t size, ValType type) {
  x86::Mem cell = atomicOperand(ins.memArg, size);
  Reg dst = stack_.allocateGp();  // only moves: r11 survives
  uint32_t site = uint32_t(a_.offset());
  if (size == 8) {
    a_.mov(dst.gp64(), cell);
  } else if (size == 4) {
    a_.mov(dst.gp32(), cell);
  } else {
    a_.movzx(dst.gp32(), cell);
  }
  recordHeapAccess(site);
  stack_.pushRegister(type, dst);
}

void FunctionCompiler::emitAtomicStore(const Instruction& ins, uint32_t size) {
  Reg value = stack_.popToRegister();  // xchg writes it: a register of our own
  x86::Mem cell = atomicOperand(ins.memArg, size);
  uint32_t site = uint32_t(a_.offset());
  a_.xchg(cell, value.gp(size));
  recordHeapAccess(site);
  stack_.free(value);
}

void FunctionCompiler::emitAtomicRmw(const Instruction& ins, AtomicOp op, uint32_t size,
                                     ValType type) {
  if (op == AtomicOp::Add || op == AtomicOp::Sub || op == AtomicOp::Xchg) {
    Reg value = stack_.popToRegister();
    x86::Mem cell = atomicOperand(ins.memArg, size);
    if (op == AtomicOp::Sub) a_.neg(value.gp64());  // the low `size` bytes negate alike
    uint32_t site = uint32_t(a_.offset());
    if (op == AtomicOp::Xchg) {
      a_.xchg(cell, value.gp(size));
    } else {
      a_.lock().xadd(cell, value.gp(size));
    }
    recordHeapAccess(site);
    zeroExtendAtomicResult(value, size);
    stack_.pushRegister(type, value);
    return;
  }
  stack_.claimGp(kRax);  // cmpxchg compares with and loads into rax
  if (op == AtomicOp::Cmpxchg) {
    Reg replacement = stack_.popToRegister();
    stack_.popIntoGp(kRax);  // expected
    x86::Mem cell = atomicOperand(ins.memArg, size);
    uint32_t site = uint32_t(a_.offset());
    a_.lock().cmpxchg(cell, replacement.gp(size), kRax.gp(size));
    recordHeapAccess(site);
    stack_.free(replacement);
    // Only the low `size` bytes of the expected value were compared; on
    // success rax still holds all of it.
    zeroExtendAtomicResult(kRax, size);
    stack_.pushRegister(type, kRax);
    return;
  }
  // and, or, xor: load, combine, compare-exchange until no other thread
  // wrote in between. A failed cmpxchg reloads rax.
  Reg value = stack_.popToRegister();
  x86::Mem cell = atomicOperand(ins.memArg, size);
  Reg next = stack_.allocateGp();
  uint32_t site = uint32_t(a_.offset());
  if (size == 8) {
    a_.mov(x86::rax, cell);
  } else if (size == 4) {
    a_.mov(x86::eax, cell);
  } else {
    a_.movzx(x86::eax, cell);
  }
  recordHeapAccess(site);
  asmjit::Label retry = a_.newLabel();
  a_.bind(retry);
  a_.mov(next.gp64(), x86::rax);
  if (op == AtomicOp::And) {
    a_.and_(next.gp64(), value.gp64());
  } else if (op == AtomicOp::Or) {
    a_.or_(next.gp64(), value.gp64());
  } else {
    a_.xor_(next.gp64(), value.gp64());
  }
  a_.lock().cmpxchg(cell, next.gp(size), kRax.gp(size));
  a_.jnz(retry);
  zeroExtendAtomicResult(kRax, size);
  stack_.free(next);
  stack_.free(value);
  stack_.pushRegister(type, kRax);
}

}  // namespace kiln::x64
