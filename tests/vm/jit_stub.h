// Tiny machine-code stubs for the VM tests, standing in for compiled Wasm:
// each test emits exactly the instructions (and trap sites) it needs, so the
// VM's trap machinery is tested on its own, whatever the compiler emits.
#pragma once

#include <asmjit/x86.h>

#include <functional>
#include <vector>

#include "vm/libcalls.h"
#include "vm/signal_handler.h"

namespace kiln::test {

/// Executable code assembled by `emit`, registered as a Wasm code range (with
/// the trap sites `emit` adds) for the stub's lifetime.
class JitStub {
 public:
  using Emitter = std::function<void(asmjit::x86::Assembler&, std::vector<TrapSite>&)>;
  explicit JitStub(const Emitter& emit) {
    asmjit::CodeHolder code;
    code.init(runtime_.environment());
    asmjit::x86::Assembler assembler(&code);
    emit(assembler, sites_);
    runtime_.add(&entry_, &code);
    registerCodeRange(entry_, code.codeSize(), sites_);
  }
  ~JitStub() {
    unregisterCodeRange(entry_);
    runtime_.release(entry_);
  }
  JitStub(const JitStub&) = delete;
  JitStub& operator=(const JitStub&) = delete;

  const void* entry() const { return entry_; }
  template <class F>
  F as() const {
    return reinterpret_cast<F>(entry_);
  }

 private:
  asmjit::JitRuntime runtime_;
  void* entry_ = nullptr;
  std::vector<TrapSite> sites_;  // registered with the code range
};

/// A stand-in for compiled `memory.copy` that goes out of bounds:
/// stub(vmctx, _) calls kiln_memory32_copy(vmctx, memory 0 to memory 0,
/// dst=1 page, src=0, len=1) on a one-page memory, sees the sentinel and
/// calls kiln_raise_trap.
inline JitStub trappingCopyStub() {
  using namespace asmjit;
  return JitStub([](x86::Assembler& a, std::vector<TrapSite>&) {
    Label ok = a.newLabel();
    a.sub(x86::rsp, 8);
    a.xor_(x86::esi, x86::esi);
    a.xor_(x86::edx, x86::edx);
    a.mov(x86::ecx, 65536);
    a.xor_(x86::r8d, x86::r8d);
    a.mov(x86::r9d, 1);
    a.call(imm(reinterpret_cast<uint64_t>(&kiln_memory32_copy)));
    a.test(x86::al, x86::al);
    a.jnz(ok);
    a.mov(x86::edi, uint32_t(TrapCode::Unreachable));
    a.call(imm(reinterpret_cast<uint64_t>(&kiln_raise_trap)));
    a.bind(ok);
    a.add(x86::rsp, 8);
    a.ret();
  });
}

}  // namespace kiln::test
