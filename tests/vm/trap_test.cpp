// Traps raised by kiln_raise_trap and by hardware faults in "compiled" code,
// resumed at the entry trampoline.
#include <gtest/gtest.h>
#include <sys/mman.h>

#include "jit_stub.h"
#include "test_modules.h"
#include "vm/call_state.h"
#include "vm/libcalls.h"
#include "vm/memory.h"

namespace kiln {
namespace {

using namespace asmjit;
using test::JitStub;

/// What the "Wasm" stub below receives as args: a host function to call,
/// then a trap to raise afterwards (UINT32_MAX: none).
struct HostCallArgs {
  void (*host)(void* arg);
  void* hostArg;
  uint32_t raiseAfter;
};

/// stub(vmctx, HostCallArgs*): calls host(hostArg), then raises raiseAfter if set.
JitStub hostCallingStub() {
  return JitStub([](x86::Assembler& a, std::vector<TrapSite>&) {
    Label done = a.newLabel();
    a.push(x86::rbx);
    a.mov(x86::rbx, x86::rsi);
    a.mov(x86::rdi, x86::qword_ptr(x86::rbx, offsetof(HostCallArgs, hostArg)));
    a.call(x86::qword_ptr(x86::rbx, offsetof(HostCallArgs, host)));
    a.mov(x86::edi, x86::dword_ptr(x86::rbx, offsetof(HostCallArgs, raiseAfter)));
    a.cmp(x86::edi, -1);
    a.je(done);
    a.call(imm(reinterpret_cast<uint64_t>(&kiln_raise_trap)));
    a.bind(done);
    a.pop(x86::rbx);
    a.ret();
  });
}

void doNothing(void*) {}

TEST(Trap, NormalReturnIsNotATrap) {
  JitStub stub = hostCallingStub();
  HostCallArgs args{doNothing, nullptr, UINT32_MAX};
  EXPECT_EQ(callWasm(stub.entry(), nullptr, &args), std::nullopt);
  EXPECT_EQ(CallState::current().innermost(), nullptr);
}

TEST(Trap, RaiseResumesTheEntryWithTheCode) {
  JitStub stub = hostCallingStub();
  HostCallArgs args{doNothing, nullptr, uint32_t(TrapCode::IntegerOverflow)};
  std::optional<Trap> trap = callWasm(stub.entry(), nullptr, &args);
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->code, TrapCode::IntegerOverflow);
  EXPECT_EQ(trap->message, "integer overflow");
  EXPECT_FALSE(CallState::current().hasPendingTrap());
  EXPECT_EQ(CallState::current().innermost(), nullptr);
}

TEST(Trap, RaiseKeepsATrapALibcallRecorded) {
  // A libcall records its precise trap and returns a sentinel; compiled code
  // then raises with a generic code, which must not overwrite it.
  JitStub stub = hostCallingStub();
  HostCallArgs args{
      [](void*) { CallState::current().recordTrap(TrapCode::TableAccessOutOfBounds); }, nullptr,
      uint32_t(TrapCode::Unreachable)};
  std::optional<Trap> trap = callWasm(stub.entry(), nullptr, &args);
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->code, TrapCode::TableAccessOutOfBounds);
}

/// How many pcs the frame resolver was asked to resolve.
int resolvedPcs = 0;
bool countingResolver(uintptr_t, bool, TrapFrame&) {
  ++resolvedPcs;
  return false;
}

TEST(Trap, ATrapWithoutBacktraceResolvesNoFrames) {
  // vm_test links no compiler: no resolver is installed but this one.
  setFrameResolver(countingResolver);
  JitStub stub = hostCallingStub();
  HostCallArgs traced{[](void*) { CallState::current().recordTrap(TrapCode::Unreachable); },
                      nullptr, uint32_t(TrapCode::Unreachable)};
  HostCallArgs untraced{
      [](void*) { CallState::current().recordTrapWithoutBacktrace(TrapCode::Unreachable); },
      nullptr, uint32_t(TrapCode::Unreachable)};
  resolvedPcs = 0;
  ASSERT_TRUE(callWasm(stub.entry(), nullptr, &traced));
  EXPECT_GT(resolvedPcs, 0);
  resolvedPcs = 0;
  std::optional<Trap> trap = callWasm(stub.entry(), nullptr, &untraced);
  ASSERT_TRUE(trap);
  EXPECT_EQ(resolvedPcs, 0);
  EXPECT_TRUE(trap->backtrace.empty());
  // The next trap is walked again.
  resolvedPcs = 0;
  ASSERT_TRUE(callWasm(stub.entry(), nullptr, &traced));
  EXPECT_GT(resolvedPcs, 0);
  setFrameResolver(nullptr);
}

/// Counts live instances, to show the host frames' destructors ran.
struct Tracked {
  static inline int live = 0;
  Tracked() { ++live; }
  ~Tracked() { --live; }
  Tracked(const Tracked&) = delete;
  Tracked& operator=(const Tracked&) = delete;
};

struct NestedState {
  const JitStub* stub;
  std::optional<Trap> innerTrap;
  int depthSeen = 0;
};

TEST(Trap, NestedEntriesResumeTheInnermostOnly) {
  // host -> Wasm -> host -> Wasm (traps) : the inner host sees the trap and
  // returns normally; then the outer Wasm raises its own trap.
  JitStub stub = hostCallingStub();
  NestedState state{&stub, std::nullopt, 0};
  auto innerHost = [](void* p) {
    auto* s = static_cast<NestedState*>(p);
    Tracked alive;
    for (EntryRecord* r = CallState::current().innermost(); r; r = r->previous) ++s->depthSeen;
    HostCallArgs innerArgs{doNothing, nullptr, uint32_t(TrapCode::Unreachable)};
    s->innerTrap = callWasm(s->stub->entry(), nullptr, &innerArgs);
    EXPECT_EQ(Tracked::live, 1);
  };
  HostCallArgs outerArgs{innerHost, &state, uint32_t(TrapCode::IntegerDivisionByZero)};
  std::optional<Trap> outerTrap = callWasm(stub.entry(), nullptr, &outerArgs);
  EXPECT_EQ(state.depthSeen, 1);
  ASSERT_TRUE(state.innerTrap);
  EXPECT_EQ(state.innerTrap->code, TrapCode::Unreachable);
  ASSERT_TRUE(outerTrap);
  EXPECT_EQ(outerTrap->code, TrapCode::IntegerDivisionByZero);
  EXPECT_EQ(Tracked::live, 0);
  EXPECT_EQ(CallState::current().innermost(), nullptr);
}

TEST(Trap, NestedTwiceThenReturnNormally) {
  JitStub stub = hostCallingStub();
  NestedState state{&stub, std::nullopt, 0};
  auto innerHost = [](void* p) {
    auto* s = static_cast<NestedState*>(p);
    HostCallArgs innerArgs{doNothing, nullptr, uint32_t(TrapCode::BadSignature)};
    s->innerTrap = callWasm(s->stub->entry(), nullptr, &innerArgs);
  };
  HostCallArgs outerArgs{innerHost, &state, UINT32_MAX};
  EXPECT_EQ(callWasm(stub.entry(), nullptr, &outerArgs), std::nullopt);
  ASSERT_TRUE(state.innerTrap);
  EXPECT_EQ(state.innerTrap->code, TrapCode::BadSignature);
}

TEST(Trap, CalleeSavedRegistersSurviveATrap) {
  // outer(record, target): sets rbx and r12..r15 to known values, enters
  // Wasm that trashes them and traps, then returns them XOR-ed with the
  // expected values (0 when every one was restored).
  JitStub trasher([](x86::Assembler& a, std::vector<TrapSite>&) {
    for (auto reg : {x86::rbx, x86::r12, x86::r13, x86::r14, x86::r15}) a.mov(reg, -1);
    a.sub(x86::rsp, 8);
    a.mov(x86::edi, uint32_t(TrapCode::Unreachable));
    a.call(imm(reinterpret_cast<uint64_t>(&kiln_raise_trap)));
  });
  JitStub outer([](x86::Assembler& a, std::vector<TrapSite>&) {
    const x86::Gp saved[] = {x86::rbx, x86::r12, x86::r13, x86::r14, x86::r15};
    for (auto reg : saved) a.push(reg);
    a.sub(x86::rsp, 8);
    for (int i = 0; i < 5; ++i) a.mov(saved[i], 0x1111 * (i + 1));
    a.xor_(x86::edx, x86::edx);
    a.xor_(x86::ecx, x86::ecx);
    a.xor_(x86::r8d, x86::r8d);  // no fuel counter
    a.call(imm(reinterpret_cast<uint64_t>(&kiln_enter_wasm)));
    a.mov(x86::rax, 0);
    for (int i = 0; i < 5; ++i) {
      a.xor_(saved[i], 0x1111 * (i + 1));
      a.or_(x86::rax, saved[i]);
    }
    a.add(x86::rsp, 8);
    for (int i = 4; i >= 0; --i) a.pop(saved[i]);
    a.ret();
  });
  EntryRecord record{};
  CallState::current().pushEntry(&record);
  auto run = outer.as<uint64_t (*)(EntryRecord*, const void*)>();
  EXPECT_EQ(run(&record, trasher.entry()), 0u);
  CallState::current().popEntry(&record);
  EXPECT_EQ(CallState::current().takePendingTrap()->code, TrapCode::Unreachable);
}

TEST(Trap, FaultInAGuardedMemoryBecomesAnOutOfBoundsTrap) {
  auto memory = VMMemory::create(MemoryType{Limits{1, {}}}, Config{});
  ASSERT_TRUE(memory);
  memory->base()[8] = 0x5A;
  // stub(base, offset): reads the byte at base + offset.
  JitStub load([](x86::Assembler& a, std::vector<TrapSite>&) {
    a.movzx(x86::eax, x86::byte_ptr(x86::rdi, x86::rsi));
    a.ret();
  });
  EXPECT_EQ(callWasm(load.entry(), memory->base(), reinterpret_cast<void*>(8)), std::nullopt);
  for (uint64_t offset : {kWasmPageSize, uint64_t(UINT32_MAX) + 4096}) {
    std::optional<Trap> trap =
        callWasm(load.entry(), memory->base(), reinterpret_cast<void*>(offset));
    ASSERT_TRUE(trap) << offset;
    EXPECT_EQ(trap->code, TrapCode::HeapAccessOutOfBounds);
    EXPECT_EQ(CallState::current().pendingFaultAddress(), uintptr_t(memory->base() + offset));
  }
}

TEST(Trap, TrapSitesMapFaultingInstructionsToTheirCodes) {
  JitStub stub([](x86::Assembler& a, std::vector<TrapSite>& sites) {
    Label divide = a.newLabel();
    a.test(x86::rsi, x86::rsi);
    a.jnz(divide);
    sites.push_back({uint32_t(a.offset()), TrapCode::Unreachable, 0});
    a.ud2();
    a.bind(divide);
    a.xor_(x86::edx, x86::edx);
    a.mov(x86::eax, 1);
    a.mov(x86::ecx, x86::edi);
    a.div(x86::ecx);  // edi == 0: divide by zero, not in the site table
    a.ret();
  });
  std::optional<Trap> unreachable = callWasm(stub.entry(), nullptr, nullptr);
  ASSERT_TRUE(unreachable);
  EXPECT_EQ(unreachable->code, TrapCode::Unreachable);
  std::optional<Trap> divide = callWasm(stub.entry(), nullptr, reinterpret_cast<void*>(1));
  ASSERT_TRUE(divide);
  EXPECT_EQ(divide->code, TrapCode::IntegerDivisionByZero);
}

TEST(Trap, LibcallTrapCarriesTheLibcallsCode) {
  auto instance = test::instantiate(test::memoryModule(1, std::nullopt));
  ASSERT_TRUE(instance);
  JitStub stub = test::trappingCopyStub();
  std::optional<Trap> trap = callWasm(stub.entry(), instance->vmctx(), nullptr);
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->code, TrapCode::HeapAccessOutOfBounds);
}

// Every round trip must release what it allocated; run under
// -DKILN_SANITIZE=ON (LeakSanitizer) to check for leaks.
TEST(Trap, AMillionLibcallTrapsInALoop) {
  auto instance = test::instantiate(test::memoryModule(1, std::nullopt));
  ASSERT_TRUE(instance);
  JitStub stub = test::trappingCopyStub();
  int trapped = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    std::optional<Trap> trap = callWasm(stub.entry(), instance->vmctx(), nullptr);
    trapped += trap && trap->code == TrapCode::HeapAccessOutOfBounds;
  }
  EXPECT_EQ(trapped, 1'000'000);
}

/// stub(stackTop, frameSize): switches to the stack at stackTop, probes a
/// frame of frameSize bytes with kiln_probestack and returns rax (which
/// probestack must preserve).
JitStub probingStub() {
  return JitStub([](x86::Assembler& a, std::vector<TrapSite>&) {
    a.push(x86::rbp);
    a.mov(x86::rbp, x86::rsp);
    a.mov(x86::rsp, x86::rdi);
    a.mov(x86::rax, x86::rsi);
    a.call(imm(reinterpret_cast<uint64_t>(&kiln_probestack)));
    a.mov(x86::rsp, x86::rbp);
    a.pop(x86::rbp);
    a.ret();
  });
}

/// A 16-page region used as a stack; pages below `accessiblePages` from the
/// top are PROT_NONE.
struct TestStack {
  static constexpr size_t kPages = 16;
  explicit TestStack(size_t accessiblePages) {
    base = static_cast<uint8_t*>(
        mmap(nullptr, kPages * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    mprotect(base, (kPages - accessiblePages) * 4096, PROT_NONE);
  }
  ~TestStack() { munmap(base, kPages * 4096); }
  uint8_t* top() const { return base + kPages * 4096; }
  uint8_t* base;
};

TEST(Probestack, TouchesEveryPageOfTheFrameAndPreservesRax) {
  TestStack stack(TestStack::kPages);
  JitStub stub = probingStub();
  auto probe = stub.as<uint64_t (*)(uint8_t*, uint64_t)>();
  for (uint64_t size : {uint64_t(0), uint64_t(100), uint64_t(4096), uint64_t(10 * 4096 + 8)}) {
    EXPECT_EQ(probe(stack.top(), size), size);
  }
}

TEST(Probestack, HitsTheHighestGuardPageFirst) {
  // Two accessible pages under the top, then guard pages. Probing a ten-page
  // frame top-down must fault on the first guard page, not deeper.
  TestStack stack(2);
  JitStub stub = probingStub();
  std::optional<Trap> trap =
      callWasm(stub.entry(), stack.top(), reinterpret_cast<void*>(10 * 4096));
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->code, TrapCode::StackOverflow);
  EXPECT_EQ(CallState::current().pendingFaultAddress(), uintptr_t(stack.top() - 3 * 4096));
}

}  // namespace
}  // namespace kiln
