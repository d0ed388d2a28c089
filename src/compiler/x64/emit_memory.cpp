// Linear-memory loads and stores, memory.size and memory.grow, on any
// memory of the module (multiple memories) and either address type.
//
// r15 caches the base of memory 0. It is reloaded after every call that can
// grow a memory (any Wasm or host call, memory.grow): in bounds-check mode a
// memory that outgrows its pool slot moves. Other memories are reached
// through the vmctx at each access (their base loaded into a register), so
// a module with one memory compiles exactly as before.
//
// Bounds: a 32-bit memory in guard-page mode needs no check (its own 8 GiB
// reservation covers any i32 address plus offset). A 64-bit memory is always
// checked, as is every memory in bounds-check mode, except where an access
// is provably in bounds: a constant address whose access ends within the
// memory's declared minimum (memories never shrink, and an imported one is
// at least its import's minimum).
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
void FunctionCompiler::visit<Opcode::MemorySize>(const Instruction& ins) {
  // The current length is in the definition: no call needed.
  Reg reg = stack_.allocateGp();
  x86::Mem definition = memoryDefinition(ins.index, reg);
  a_.mov(reg.gp64(), definition.cloneAdjusted(VMOffsets::memoryLength()));
  a_.shr(reg.gp64(), 16);
  stack_.pushRegister(memoryAddressType(ins.index), reg);
}

template <>
void FunctionCompiler::visit<Opcode::MemoryGrow>(const Instruction& ins) {
  if (memoryAddressType(ins.index) == ValType::I64) {
    emitMemoryLibCall<LibCall::Memory64Grow>(ins.index, ValType::I64, operand(0));
  } else {
    emitMemoryLibCall<LibCall::Memory32Grow>(ins.index, ValType::I32, operand(0));
  }
  // Memory 0 may be the grown one, or the same memory imported twice.
  reloadMemoryBase();
}

ValType FunctionCompiler::memoryAddressType(uint32_t index) const {
  return addressValType(module_.memoryType(MemoryIndex(index)).addressType);
}

x86::Mem FunctionCompiler::memoryDefinition(uint32_t index, Reg reg) {
  uint32_t imported = module_.importedMemoryCount();
  if (index < imported) {
    a_.mov(reg.gp64(), x86::qword_ptr(x86::r14, int32_t(context_.offsets.importedMemory(index))));
    return x86::qword_ptr(reg.gp64());
  }
  return x86::qword_ptr(x86::r14, int32_t(context_.offsets.localMemory(index - imported)));
}

void FunctionCompiler::reloadMemoryBase() {
  if (module_.memoryCount() == 0) return;
  x86::Mem definition = memoryDefinition(0, kScratchGp);
  a_.mov(x86::r15, definition.cloneAdjusted(VMOffsets::memoryBase()));
}

bool FunctionCompiler::constantAccessInBounds(const MemoryType& type, uint64_t offset,
                                              uint32_t size) {
  const StackValue& top = stack_.top();
  if (top.location != ValueLocation::Constant) return false;
  uint64_t address = type.addressType == AddressType::I64 ? uint64_t(top.constant)
                                                          : uint64_t(uint32_t(top.constant));
  // A smaller bound than the minimum is still a bound; this one cannot wrap.
  uint64_t minimumBytes = std::min(type.limits.min, kMaxMemory64Pages / 2) * kWasmPageSize;
  return offset <= minimumBytes && size <= minimumBytes - offset &&
         address <= minimumBytes - offset - size;
}

FunctionCompiler::HeapOperand FunctionCompiler::accessOperand(const MemArg& memArg,
                                                              uint32_t size) {
  const uint32_t index = memArg.memory;
  const MemoryType& type = module_.memoryType(MemoryIndex(index));
  const bool is64 = type.addressType == AddressType::I64;
  const uint64_t offset = memArg.offset;
  const bool check = (is64 || context_.boundsChecks()) &&
                     !constantAccessInBounds(type, offset, size);
  HeapOperand access;
  access.address = stack_.popForRead();  // an i32 is zero-extended in its register
  const x86::Gp address = access.address.reg.gp64();
  // Memory 0's base is r15. Another memory's base goes into a register of
  // its own, which first holds an imported memory's definition pointer.
  std::optional<Reg> reg;
  if (index != 0 || (check && index < module_.importedMemoryCount())) reg = stack_.allocateGp();
  x86::Mem definition;
  if (check || index != 0) definition = memoryDefinition(index, reg.value_or(kScratchGp));
  if (check) {
    asmjit::Label outOfBounds = trapLabel(TrapCode::HeapAccessOutOfBounds);
    // address + offset + size <= length. A 32-bit address plus offset stays
    // below 2^33; a 64-bit one may carry out of 64 bits, which is out of
    // bounds too.
    if (offset > UINT64_MAX - size) {
      a_.jmp(outOfBounds);  // past 2^64 whatever the address
    } else if (uint64_t end = offset + size; end <= uint64_t(INT32_MAX)) {
      if (is64) {
        a_.mov(x86::r11, address);
        a_.add(x86::r11, int32_t(end));
        a_.jc(outOfBounds);
      } else {
        a_.lea(x86::r11, x86::qword_ptr(address, int32_t(end)));
      }
    } else {
      a_.mov(x86::r11, end);
      a_.add(x86::r11, address);
      if (is64) a_.jc(outOfBounds);
    }
    a_.cmp(x86::r11, definition.cloneAdjusted(VMOffsets::memoryLength()));
    a_.ja(outOfBounds);
  }
  x86::Gp base = x86::r15;
  if (index != 0) {
    a_.mov(reg->gp64(), definition.cloneAdjusted(VMOffsets::memoryBase()));
    base = reg->gp64();
    access.base = reg;
  } else if (reg) {
    stack_.free(*reg);
  }
  if (offset <= uint64_t(INT32_MAX)) {
    access.operand = x86::ptr(base, address, 0, int32_t(offset));
  } else {
    // Checked above, or (32-bit, guard pages) below 8 GiB past the base.
    if (offset <= UINT32_MAX) {
      a_.mov(x86::r11d, uint32_t(offset));  // zero-extends: 6 bytes instead of 10
    } else {
      a_.mov(x86::r11, offset);
    }
    a_.add(x86::r11, address);
    access.operand = x86::ptr(base, x86::r11);
  }
  access.operand.setSize(size);
  return access;
}

void FunctionCompiler::releaseAccess(const HeapOperand& access) {
  stack_.release(access.address);
  if (access.base) stack_.free(*access.base);
}

void FunctionCompiler::recordHeapAccess(uint32_t site) {
  scratch_.trapSites.push_back({site, TrapCode::HeapAccessOutOfBounds, wasmOffset_});
}

void FunctionCompiler::emitLoad(const Instruction& ins, uint32_t size, ValType type,
                                bool isSigned) {
  HeapOperand access = accessOperand(ins.memArg, size);
  const x86::Mem& src = access.operand;
  Operand& addr = access.address;
  // `load; local.set x` (or tee) loads into x's home. Otherwise integer
  // loads reuse the address register when it is theirs. Only moves are
  // emitted while allocating and before an update: the operand stays valid
  // (x's home itself may be the address: it is read before it is written).
  std::optional<Reg> home = localSetTarget();
  if (home) beginLocalUpdate(*home);
  Reg dst = home ? *home : addr.owned || isFloat(type) ? addr.reg : stack_.allocateGp();
  uint32_t site = uint32_t(a_.offset());
  if (isFloat(type)) {
    stack_.release(addr);
    if (home) {
      a_.load(type, dst, src);
    } else if (std::optional<asmjit::InstId> op = floatOpReadingLoad()) {
      // `x; load; op`: op reads its right operand from memory, into x's
      // register. Faulting, it traps where the load would have.
      dst = stack_.popToRegister();  // only moves: the operand stays valid
      site = uint32_t(a_.offset());
      a_.emit(*op, dst.xmm(), src);
      nextConsumed_ = true;
    } else {
      dst = stack_.allocate(type);  // only moves: the operand stays valid
      site = uint32_t(a_.offset());
      a_.load(type, dst, src);
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
  if (access.base) stack_.free(*access.base);
  if (home) {
    if (!isFloat(type)) stack_.release(addr);
    endLocalUpdate(type, *home);
    return;
  }
  stack_.pushRegister(type, dst);
}

std::optional<asmjit::InstId> FunctionCompiler::floatOpReadingLoad() const {
  // With --deterministic the op's NaN is made canonical where the op is
  // compiled; a fused op would skip that.
  if (context_.config.deterministic || stack_.size() == 0) return std::nullopt;
  std::optional<NextInstruction> next = peekNext();
  if (!next) return std::nullopt;
  std::optional<FloatBinaryInst> op = floatBinaryInst(next->opcode);
  if (!op) return std::nullopt;
  return op->inst;
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
  HeapOperand access = accessOperand(ins.memArg, size);
  const x86::Mem& dst = access.operand;
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
  releaseAccess(access);
  stack_.release(value);
}

}  // namespace kiln::x64
