// Linear-memory loads and stores, memory.size and memory.grow.
//
// r15 caches the base of memory 0. It is reloaded after every call that can
// grow a memory (any Wasm or host call, memory.grow): in bounds-check mode a
// memory that outgrows its pool slot moves.
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

// Loads and stores: each access's width, value type and (for narrow loads)
// signedness come from its row of opcodes.def.
#define KILN_LOAD(op)                                                     \
  template <>                                                             \
  void FunctionCompiler::visit<Opcode::op>(const Instruction& ins) {      \
    emitLoadOf<Opcode::op>(ins);                                          \
  }
KILN_LOAD(I32Load)
KILN_LOAD(I64Load)
KILN_LOAD(F32Load)
KILN_LOAD(F64Load)
KILN_LOAD(I32Load8S)
KILN_LOAD(I32Load8U)
KILN_LOAD(I32Load16S)
KILN_LOAD(I32Load16U)
KILN_LOAD(I64Load8S)
KILN_LOAD(I64Load8U)
KILN_LOAD(I64Load16S)
KILN_LOAD(I64Load16U)
KILN_LOAD(I64Load32S)
KILN_LOAD(I64Load32U)
#undef KILN_LOAD

#define KILN_STORE(op)                                                    \
  template <>                                                             \
  void FunctionCompiler::visit<Opcode::op>(const Instruction& ins) {      \
    emitStoreOf<Opcode::op>(ins);                                         \
  }
KILN_STORE(I32Store)
KILN_STORE(I64Store)
KILN_STORE(F32Store)
KILN_STORE(F64Store)
KILN_STORE(I32Store8)
KILN_STORE(I32Store16)
KILN_STORE(I64Store8)
KILN_STORE(I64Store16)
KILN_STORE(I64Store32)
#undef KILN_STORE

template <Opcode kOpcode>
void FunctionCompiler::emitLoadOf(const Instruction& ins) {
  constexpr OpcodeInfo kInfo = opcodeInfo(kOpcode);
  // The text name says how a narrow load extends: i32.load8_s, i64.load32_u.
  emitLoad(ins, kInfo.width, *signatureTypes(kInfo.signature).result, kInfo.name.ends_with("_s"));
}

template <Opcode kOpcode>
void FunctionCompiler::emitStoreOf(const Instruction& ins) {
  constexpr OpcodeInfo kInfo = opcodeInfo(kOpcode);
  emitStore(ins, kInfo.width, signatureTypes(kInfo.signature).params[1]);
}

template <>
void FunctionCompiler::visit<Opcode::MemorySize>(const Instruction&) {
  // The current length is in the definition: no call needed.
  Reg reg = stack_.allocateGp();
  if (module_.importedMemoryCount() > 0) {
    a_.mov(x86::r11, x86::qword_ptr(x86::r14, int32_t(context_.offsets.importedMemory(0))));
    a_.mov(reg.gp64(), x86::qword_ptr(x86::r11, VMOffsets::memoryLength()));
  } else {
    a_.mov(reg.gp64(), x86::qword_ptr(x86::r14, int32_t(context_.offsets.localMemory(0) +
                                                         VMOffsets::memoryLength())));
  }
  a_.shr(reg.gp64(), 16);
  stack_.pushRegister(ValType::I32, reg);
}

template <>
void FunctionCompiler::visit<Opcode::MemoryGrow>(const Instruction&) {
  emitMemoryLibCall<LibCall::Memory32Grow>(0, ValType::I32, operand(0));
  reloadMemoryBase();
}

void FunctionCompiler::reloadMemoryBase() {
  if (module_.memoryCount() == 0) return;
  if (module_.importedMemoryCount() > 0) {
    a_.mov(x86::r15, x86::qword_ptr(x86::r14, int32_t(context_.offsets.importedMemory(0))));
    a_.mov(x86::r15, x86::qword_ptr(x86::r15, VMOffsets::memoryBase()));
  } else {
    a_.mov(x86::r15, x86::qword_ptr(x86::r14, int32_t(context_.offsets.localMemory(0))));
  }
}

x86::Mem FunctionCompiler::accessOperand(uint32_t offset, uint32_t size, Operand& addr) {
  addr = stack_.popForRead();  // an i32: zero-extended in its register
  x86::Gp address = addr.reg.gp64();
  if (context_.boundsChecks()) {
    // address + offset + size <= length, in 64 bits: no overflow is possible.
    uint64_t end = uint64_t(offset) + size;
    if (end <= uint64_t(INT32_MAX)) {
      a_.lea(x86::r11, x86::qword_ptr(address, int32_t(end)));
    } else {
      a_.mov(x86::r11, end);
      a_.add(x86::r11, address);
    }
    if (module_.importedMemoryCount() > 0) {
      Reg definition = stack_.allocateGp();
      a_.mov(definition.gp64(),
             x86::qword_ptr(x86::r14, int32_t(context_.offsets.importedMemory(0))));
      a_.cmp(x86::r11, x86::qword_ptr(definition.gp64(), VMOffsets::memoryLength()));
      stack_.free(definition);
    } else {
      a_.cmp(x86::r11, x86::qword_ptr(x86::r14, int32_t(context_.offsets.localMemory(0) +
                                                        VMOffsets::memoryLength())));
    }
    a_.ja(trapLabel(TrapCode::HeapAccessOutOfBounds));
  }
  if (offset <= uint32_t(INT32_MAX)) return x86::ptr(x86::r15, address, 0, int32_t(offset));
  a_.mov(x86::r11d, offset);
  a_.add(x86::r11, address);
  return x86::ptr(x86::r15, x86::r11);
}

void FunctionCompiler::recordHeapAccess(uint32_t site) {
  scratch_.trapSites.push_back({site, TrapCode::HeapAccessOutOfBounds, wasmOffset_});
}

void FunctionCompiler::emitLoad(const Instruction& ins, uint32_t size, ValType type,
                                bool isSigned) {
  Operand addr;
  x86::Mem src = accessOperand(ins.memArg.offset, size, addr);
  src.setSize(size);
  // Integer loads reuse the address register when it is theirs. Only moves
  // are emitted while allocating: the operand stays valid.
  Reg dst = addr.owned || isFloat(type) ? addr.reg : stack_.allocateGp();
  uint32_t site = uint32_t(a_.offset());
  if (isFloat(type)) {
    stack_.release(addr);
    dst = stack_.allocate(type);  // only moves: the operand stays valid
    site = uint32_t(a_.offset());
    if (type == ValType::F32) {
      a_.movss(dst.xmm(), src);
    } else {
      a_.movsd(dst.xmm(), src);
    }
  } else if (size == 8) {
    a_.mov(dst.gp64(), src);
  } else if (size == 4) {
    if (isSigned) {
      a_.movsxd(dst.gp64(), src);
    } else {
      a_.mov(dst.gp32(), src);  // an i64.load32_u too: the upper half clears
    }
  } else if (isSigned) {
    a_.movsx(dst.gpFor(type), src);
  } else {
    a_.movzx(dst.gp32(), src);  // an i64 too: the upper half clears
  }
  recordHeapAccess(site);
  stack_.pushRegister(type, dst);
}

void FunctionCompiler::emitStore(const Instruction& ins, uint32_t size, ValType type) {
  const StackValue& top = stack_.top();
  bool useImmediate = !isFloat(type) && top.location == ValueLocation::Constant &&
                      top.constant == int64_t(int32_t(top.constant));
  int64_t immediateValue = top.constant;
  Operand value{Reg(), false};
  if (useImmediate) {
    stack_.pop();
  } else {
    value = stack_.popForRead();
  }
  Operand addr;
  x86::Mem dst = accessOperand(ins.memArg.offset, size, addr);
  dst.setSize(size);
  uint32_t site = uint32_t(a_.offset());
  if (useImmediate) {
    if (size == 1) {
      a_.mov(dst, int32_t(int8_t(immediateValue)));
    } else if (size == 2) {
      a_.mov(dst, int32_t(int16_t(immediateValue)));
    } else {
      a_.mov(dst, int32_t(immediateValue));
    }
  } else if (type == ValType::F32) {
    a_.movss(dst, value.reg.xmm());
  } else if (type == ValType::F64) {
    a_.movsd(dst, value.reg.xmm());
  } else {
    a_.mov(dst, value.reg.gp(size));
  }
  recordHeapAccess(site);
  stack_.release(addr);
  stack_.release(value);
}

}  // namespace kiln::x64
