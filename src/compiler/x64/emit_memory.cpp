// Linear-memory loads and stores, memory.size and memory.grow.
//
// r15 caches the base of memory 0. It is reloaded after every call that can
// grow a memory (any Wasm or host call, memory.grow): in bounds-check mode a
// memory that outgrows its pool slot moves.
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

namespace {

enum class AccessKind : uint8_t { Gp32, Gp64, Sx32, Zx32, Sx64, F32, F64 };

struct AccessEntry {
  Opcode op;
  AccessKind kind;  // loads: how the value is extended; stores: the register width
  uint8_t size;
  ValType type;     // the Wasm value type loaded or stored
};

constexpr AccessEntry kLoads[] = {
    {Opcode::I32Load, AccessKind::Gp32, 4, ValType::I32},
    {Opcode::I64Load, AccessKind::Gp64, 8, ValType::I64},
    {Opcode::F32Load, AccessKind::F32, 4, ValType::F32},
    {Opcode::F64Load, AccessKind::F64, 8, ValType::F64},
    {Opcode::I32Load8S, AccessKind::Sx32, 1, ValType::I32},
    {Opcode::I32Load8U, AccessKind::Zx32, 1, ValType::I32},
    {Opcode::I32Load16S, AccessKind::Sx32, 2, ValType::I32},
    {Opcode::I32Load16U, AccessKind::Zx32, 2, ValType::I32},
    {Opcode::I64Load8S, AccessKind::Sx64, 1, ValType::I64},
    {Opcode::I64Load8U, AccessKind::Zx32, 1, ValType::I64},
    {Opcode::I64Load16S, AccessKind::Sx64, 2, ValType::I64},
    {Opcode::I64Load16U, AccessKind::Zx32, 2, ValType::I64},
    {Opcode::I64Load32S, AccessKind::Sx64, 4, ValType::I64},
    {Opcode::I64Load32U, AccessKind::Gp32, 4, ValType::I64},
};

constexpr AccessEntry kStores[] = {
    {Opcode::I32Store, AccessKind::Gp32, 4, ValType::I32},
    {Opcode::I64Store, AccessKind::Gp64, 8, ValType::I64},
    {Opcode::F32Store, AccessKind::F32, 4, ValType::F32},
    {Opcode::F64Store, AccessKind::F64, 8, ValType::F64},
    {Opcode::I32Store8, AccessKind::Gp32, 1, ValType::I32},
    {Opcode::I32Store16, AccessKind::Gp32, 2, ValType::I32},
    {Opcode::I64Store8, AccessKind::Gp64, 1, ValType::I64},
    {Opcode::I64Store16, AccessKind::Gp64, 2, ValType::I64},
    {Opcode::I64Store32, AccessKind::Gp64, 4, ValType::I64},
};

const AccessEntry* findAccess(const AccessEntry* begin, const AccessEntry* end, Opcode op) {
  for (const AccessEntry* e = begin; e != end; ++e) {
    if (e->op == op) return e;
  }
  return nullptr;
}

// The register of `reg` that is `size` bytes wide.
x86::Gp gpOfSize(uint8_t reg, uint32_t size) {
  switch (size) {
    case 1: return x86::gpb_lo(reg);
    case 2: return x86::gpw(reg);
    case 4: return x86::gpd(reg);
    default: return x86::gpq(reg);
  }
}

}  // namespace

bool FunctionCompiler::emitMemoryOp(const Instruction& ins) {
  if (findAccess(std::begin(kLoads), std::end(kLoads), ins.opcode)) {
    emitLoad(ins);
    return true;
  }
  if (findAccess(std::begin(kStores), std::end(kStores), ins.opcode)) {
    emitStore(ins);
    return true;
  }
  bool imported = module_.importedMemoryCount() > 0;
  switch (ins.opcode) {
    case Opcode::MemorySize: {
      // The current length is in the definition: no call needed.
      uint8_t reg = stack_.allocateGp();
      if (imported) {
        a_.mov(x86::r11, x86::qword_ptr(x86::r14, int32_t(context_.offsets.importedMemory(0))));
        a_.mov(x86::gpq(reg), x86::qword_ptr(x86::r11, VMOffsets::memoryLength()));
      } else {
        a_.mov(x86::gpq(reg), x86::qword_ptr(x86::r14, int32_t(context_.offsets.localMemory(0) +
                                                               VMOffsets::memoryLength())));
      }
      a_.shr(x86::gpq(reg), 16);
      stack_.pushRegister(ValType::I32, reg);
      return true;
    }
    case Opcode::MemoryGrow:
      emitLibCall(imported ? LibCall::ImportedMemory32Grow : LibCall::Memory32Grow,
                  {operand(0), immediate(0)}, ValType::I32);
      reloadMemoryBase();
      return true;
    default:
      return false;
  }
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
  x86::Gp address = x86::gpq(addr.reg);
  if (context_.options.boundsChecks) {
    // address + offset + size <= length, in 64 bits: no overflow is possible.
    uint64_t end = uint64_t(offset) + size;
    if (end <= uint64_t(INT32_MAX)) {
      a_.lea(x86::r11, x86::qword_ptr(address, int32_t(end)));
    } else {
      a_.mov(x86::r11, end);
      a_.add(x86::r11, address);
    }
    if (module_.importedMemoryCount() > 0) {
      uint8_t definition = stack_.allocateGp();
      a_.mov(x86::gpq(definition),
             x86::qword_ptr(x86::r14, int32_t(context_.offsets.importedMemory(0))));
      a_.cmp(x86::r11, x86::qword_ptr(x86::gpq(definition), VMOffsets::memoryLength()));
      stack_.free(ValType::I64, definition);
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

void FunctionCompiler::emitLoad(const Instruction& ins) {
  const AccessEntry& entry = *findAccess(std::begin(kLoads), std::end(kLoads), ins.opcode);
  Operand addr;
  x86::Mem src = accessOperand(ins.memArg.offset, entry.size, addr);
  src.setSize(entry.size);
  // Integer loads reuse the address register when it is theirs. Only moves
  // are emitted while allocating: the operand stays valid.
  uint8_t dst = addr.owned || isFloat(entry.type) ? addr.reg : stack_.allocateGp();
  uint32_t site = uint32_t(a_.offset());
  switch (entry.kind) {
    case AccessKind::Gp32:
      a_.mov(x86::gpd(dst), src);
      break;
    case AccessKind::Gp64:
      a_.mov(x86::gpq(dst), src);
      break;
    case AccessKind::Sx32:
      a_.movsx(x86::gpd(dst), src);
      break;
    case AccessKind::Zx32:
      a_.movzx(x86::gpd(dst), src);
      break;
    case AccessKind::Sx64:
      if (entry.size == 4) {
        a_.movsxd(x86::gpq(dst), src);
      } else {
        a_.movsx(x86::gpq(dst), src);
      }
      break;
    case AccessKind::F32:
    case AccessKind::F64:
      stack_.release(ValType::I32, addr);
      dst = stack_.allocate(entry.type);  // only moves: the operand stays valid
      site = uint32_t(a_.offset());
      if (entry.kind == AccessKind::F32) {
        a_.movss(x86::xmm(dst), src);
      } else {
        a_.movsd(x86::xmm(dst), src);
      }
      break;
  }
  scratch_.trapSites.push_back({site, TrapCode::HeapAccessOutOfBounds});
  scratch_.sourcePositions.push_back({site, wasmOffset_});
  stack_.pushRegister(entry.type, dst);
}

void FunctionCompiler::emitStore(const Instruction& ins) {
  const AccessEntry& entry = *findAccess(std::begin(kStores), std::end(kStores), ins.opcode);
  const StackValue& top = stack_.top();
  bool useImmediate = !isFloat(entry.type) && top.location == ValueLocation::Constant &&
                      top.constant == int64_t(int32_t(top.constant));
  int64_t immediateValue = top.constant;
  Operand value{0, false};
  if (useImmediate) {
    stack_.pop();
  } else {
    value = stack_.popForRead();
  }
  Operand addr;
  x86::Mem dst = accessOperand(ins.memArg.offset, entry.size, addr);
  dst.setSize(entry.size);
  uint32_t site = uint32_t(a_.offset());
  if (useImmediate) {
    if (entry.size == 1) {
      a_.mov(dst, int32_t(int8_t(immediateValue)));
    } else if (entry.size == 2) {
      a_.mov(dst, int32_t(int16_t(immediateValue)));
    } else {
      a_.mov(dst, int32_t(immediateValue));
    }
  } else if (entry.kind == AccessKind::F32) {
    a_.movss(dst, x86::xmm(value.reg));
  } else if (entry.kind == AccessKind::F64) {
    a_.movsd(dst, x86::xmm(value.reg));
  } else {
    a_.mov(dst, gpOfSize(value.reg, entry.size));
  }
  scratch_.trapSites.push_back({site, TrapCode::HeapAccessOutOfBounds});
  scratch_.sourcePositions.push_back({site, wasmOffset_});
  stack_.release(ValType::I32, addr);
  stack_.release(entry.type, value);
}

}  // namespace kiln::x64
