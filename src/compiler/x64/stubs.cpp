#include "compiler/x64/stubs.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

#include "compiler/compiled_module.h"
#include "compiler/x64/code_memory.h"
#include "compiler/x64/native_slots.h"
#include "vm/host_function.h"
#include "vm/libcalls.h"
#include "vm/vm_offsets.h"

namespace kiln::x64 {

namespace x86 = asmjit::x86;

namespace {

uint32_t alignTo16(uint32_t n) { return (n + 15) & ~15u; }

// Copies one value of `type` between memory operands (ValRaw slots and
// native slots): through rax, or xmm0 for a v128.
void copyValue(x86::Assembler& a, ValType type, x86::Mem dst, x86::Mem src) {
  if (type == ValType::V128) {
    src.setSize(16);
    dst.setSize(16);
    a.movdqu(x86::xmm0, src);
    a.movdqu(dst, x86::xmm0);
    return;
  }
  src.setSize(8);
  dst.setSize(8);
  a.mov(x86::rax, src);
  a.mov(dst, x86::rax);
}

}  // namespace

void emitArrayEntry(x86::Assembler& a, const FuncType& type, int64_t target) {
  // Frame: [rbp-8] the args array, the native argument area at rsp.
  uint32_t frame = alignTo16(8 + 8 * nativeAreaSlots(type.params, type.results));
  a.push(x86::rbp);
  a.mov(x86::rbp, x86::rsp);
  a.sub(x86::rsp, frame);
  a.mov(x86::qword_ptr(x86::rbp, -8), x86::rsi);

  uint32_t slot = 0;
  for (size_t i = 0; i < type.params.size(); ++i) {
    copyValue(a, type.params[i], x86::ptr(x86::rsp, int32_t(8 * slot)),
              x86::ptr(x86::rsi, int32_t(16 * i)));
    slot += nativeSlotCount(type.params[i]);
  }
  a.mov(x86::rsi, x86::rdi);
  a.mov(x86::r10d, nativeAreaSlots(type.params, type.results));  // the area's size, for tail calls
  // call rel32: the function sits in the same code block.
  int64_t displacement = target - int64_t(a.offset() + 5);
  a.db(0xE8);
  a.dd(uint32_t(int32_t(displacement)));
  a.mov(x86::rsi, x86::qword_ptr(x86::rbp, -8));
  if (type.results.size() == 1) {
    switch (type.results[0].kind()) {
      case ValKind::F32:
        a.movss(x86::dword_ptr(x86::rsi), x86::xmm0);
        break;
      case ValKind::F64:
        a.movsd(x86::qword_ptr(x86::rsi), x86::xmm0);
        break;
      case ValKind::V128:
        a.movdqu(x86::xmmword_ptr(x86::rsi), x86::xmm0);
        break;
      default:
        a.mov(x86::qword_ptr(x86::rsi), x86::rax);
        break;
    }
  } else {
    uint32_t resultSlot = 0;
    for (size_t i = 0; i < type.results.size(); ++i) {
      copyValue(a, type.results[i], x86::ptr(x86::rsi, int32_t(16 * i)),
                x86::ptr(x86::rsp, int32_t(8 * resultSlot)));
      resultSlot += nativeSlotCount(type.results[i]);
    }
  }
  a.mov(x86::rsp, x86::rbp);
  a.pop(x86::rbp);
  a.ret();
}

void emitHostCallStub(x86::Assembler& a, const FuncType& type, bool meterFuel) {
  // Frame: [rbp-8] the VMHostFunction, [rbp-16] the caller's vmctx, the
  // ValRaw array at rsp.
  size_t slots = std::max<size_t>({type.params.size(), type.results.size(), 1});
  uint32_t frame = alignTo16(16 + 16 * uint32_t(slots));
  asmjit::Label trapped = a.newLabel();
  a.push(x86::rbp);
  a.mov(x86::rbp, x86::rsp);
  a.sub(x86::rsp, frame);
  a.mov(x86::qword_ptr(x86::rbp, -8), x86::rdi);
  a.mov(x86::qword_ptr(x86::rbp, -16), x86::rsi);
  const int32_t fuelCounter = offsetof(VMHostFunction, fuelCounter);
  if (meterFuel) {
    a.mov(x86::rax, x86::qword_ptr(x86::rdi, fuelCounter));
    a.mov(x86::qword_ptr(x86::rax), x86::r13);
  }
  uint32_t slot = 0;
  for (size_t i = 0; i < type.params.size(); ++i) {
    copyValue(a, type.params[i], x86::ptr(x86::rsp, int32_t(16 * i)),
              x86::ptr(x86::rbp, int32_t(16 + 8 * slot)));
    slot += nativeSlotCount(type.params[i]);
  }
  a.mov(x86::rax, x86::rdi);
  a.mov(x86::rdi, x86::qword_ptr(x86::rax, 8));  // env
  a.mov(x86::rdx, x86::rsp);
  a.call(x86::qword_ptr(x86::rax, 0));           // callback(env, caller, array)
  if (meterFuel) {
    // Before a raise too: the entry it resumes stores r13 back.
    a.mov(x86::rcx, x86::qword_ptr(x86::rbp, -8));
    a.mov(x86::rcx, x86::qword_ptr(x86::rcx, fuelCounter));
    a.mov(x86::r13, x86::qword_ptr(x86::rcx));
  }
  a.test(x86::al, x86::al);
  a.jz(trapped);
  if (type.results.size() == 1) {
    switch (type.results[0].kind()) {
      case ValKind::F32:
        a.movss(x86::xmm0, x86::dword_ptr(x86::rsp));
        break;
      case ValKind::F64:
        a.movsd(x86::xmm0, x86::qword_ptr(x86::rsp));
        break;
      case ValKind::V128:
        a.movdqu(x86::xmm0, x86::xmmword_ptr(x86::rsp));
        break;
      case ValKind::I32:
        a.mov(x86::eax, x86::dword_ptr(x86::rsp));  // compiled code expects it zero-extended
        break;
      default:
        a.mov(x86::rax, x86::qword_ptr(x86::rsp));
        break;
    }
  } else {
    uint32_t resultSlot = 0;
    for (size_t i = 0; i < type.results.size(); ++i) {
      copyValue(a, type.results[i], x86::ptr(x86::rbp, int32_t(16 + 8 * resultSlot)),
                x86::ptr(x86::rsp, int32_t(16 * i)));
      resultSlot += nativeSlotCount(type.results[i]);
    }
  }
  a.mov(x86::rsp, x86::rbp);
  a.pop(x86::rbp);
  a.ret();
  a.bind(trapped);
  // The callback recorded the trap; the code passed here does not replace it.
  a.mov(x86::rax, x86::qword_ptr(x86::rbp, -16));
  a.mov(x86::rax, x86::qword_ptr(x86::rax, VMOffsets::libcalls()));
  a.mov(x86::edi, uint32_t(TrapCode::Unreachable));
  a.call(x86::qword_ptr(x86::rax, int32_t(8 * uint32_t(LibCall::RaiseTrap))));
  a.int3();
}

}  // namespace kiln::x64

namespace kiln {

const void* hostCallStub(const FuncType& type, bool meterFuel) {
  static std::mutex mutex;
  static std::map<std::tuple<std::vector<ValType>, std::vector<ValType>, bool>, const void*> stubs;
  // Stubs live as long as the process: their memory is never released.
  static std::vector<std::unique_ptr<x64::CodeMemory>> memories;
  std::lock_guard lock(mutex);
  auto key = std::make_tuple(type.params, type.results, meterFuel);
  if (auto it = stubs.find(key); it != stubs.end()) return it->second;
  asmjit::CodeHolder code;
  code.init(asmjit::Environment::host());
  asmjit::x86::Assembler a(&code);
  x64::emitHostCallStub(a, type, meterFuel);
  code.flatten();
  code.resolveUnresolvedLinks();
  std::unique_ptr<x64::CodeMemory> memory = x64::CodeMemory::allocate(code.codeSize());
  if (!memory) return nullptr;
  code.copyFlattenedData(memory->data(), memory->size());
  if (!memory->makeExecutable()) return nullptr;
  const void* stub = memory->data();
  memories.push_back(std::move(memory));
  stubs.emplace(std::move(key), stub);
  return stub;
}

}  // namespace kiln
