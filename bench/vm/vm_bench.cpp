// The libcalls against the libc routines they wrap, and the costs the VM
// adds around them: creating memories and trapping.
#include <benchmark/benchmark.h>

#include <cstring>

#include "binary/module.h"
#include "jit_stub.h"
#include "vm/call_state.h"
#include "vm/instance.h"
#include "vm/libcalls.h"

namespace kiln {
namespace {

constexpr uint32_t kCopyOffset = 1u << 20;  // destination of copies: past the largest source

/// An instance of a module with one memory of `pages` pages.
std::unique_ptr<VMInstance> memoryInstance(uint32_t pages) {
  static SignatureRegistry signatures;
  auto module = std::make_shared<WasmModule>();
  module->memories.push_back(MemoryType{Limits{pages, {}}});
  return std::move(VMInstance::create(module, Config{}, nullptr, signatures, {}).value());
}

/// One instance with a 32-page (2 MiB) memory, shared by the copy/fill benchmarks.
VMInstance& benchInstance() {
  static std::unique_ptr<VMInstance> instance = memoryInstance(32);
  return *instance;
}

void applySizes(benchmark::internal::Benchmark* b) {
  for (int64_t size : {16, 256, 4096, 65536, 1 << 20}) b->Arg(size);
}

void BM_LibcallMemoryCopy(benchmark::State& state) {
  VMContext* vmctx = benchInstance().vmctx();
  uint32_t len = uint32_t(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(kiln_memory32_copy(vmctx, 0, 0, kCopyOffset, 0, len));
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * len);
}
BENCHMARK(BM_LibcallMemoryCopy)->Apply(applySizes);

void BM_Memmove(benchmark::State& state) {
  uint8_t* base = benchInstance().memory(MemoryIndex(0)).base();
  size_t len = size_t(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(std::memmove(base + kCopyOffset, base, len));
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(len));
}
BENCHMARK(BM_Memmove)->Apply(applySizes);

void BM_LibcallMemoryFill(benchmark::State& state) {
  VMContext* vmctx = benchInstance().vmctx();
  uint32_t len = uint32_t(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(kiln_memory32_fill(vmctx, 0, 0, 0x5A, len));
  state.SetBytesProcessed(int64_t(state.iterations()) * len);
}
BENCHMARK(BM_LibcallMemoryFill)->Apply(applySizes);

void BM_Memset(benchmark::State& state) {
  uint8_t* base = benchInstance().memory(MemoryIndex(0)).base();
  size_t len = size_t(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(std::memset(base, 0x5A, len));
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(len));
}
BENCHMARK(BM_Memset)->Apply(applySizes);

void BM_CreateDrop64KiBMemoryGuardPages(benchmark::State& state) {
  MemoryType type{Limits{1, {}}};
  for (auto _ : state) benchmark::DoNotOptimize(VMMemory::create(type, Config{}));
}
BENCHMARK(BM_CreateDrop64KiBMemoryGuardPages);

void BM_CreateDrop64KiBMemoryPooled(benchmark::State& state) {
  MemoryPool pool;
  Config config;
  config.memoryMode = MemoryMode::BoundsChecks;
  MemoryType type{Limits{1, {}}};
  for (auto _ : state) {
    auto memory = VMMemory::create(type, config, &pool);
    memory->base()[0] = 1;  // dirty a page, so dropping it has something to zero
    benchmark::DoNotOptimize(memory);
  }
}
BENCHMARK(BM_CreateDrop64KiBMemoryPooled);

/// host -> Wasm entry, an out-of-bounds memory.copy libcall, kiln_raise_trap,
/// resume at the entry, Trap handed back.
void BM_LibcallTrapRoundTrip(benchmark::State& state) {
  test::JitStub stub = test::trappingCopyStub();
  // The stub copies to offset 1 page: out of bounds only for a 1-page memory.
  std::unique_ptr<VMInstance> instance = memoryInstance(1);
  VMContext* vmctx = instance->vmctx();
  for (auto _ : state) {
    std::optional<Trap> trap = callWasm(stub.entry(), vmctx, nullptr);
    if (!trap) state.SkipWithError("no trap");
    benchmark::DoNotOptimize(trap);
  }
}
BENCHMARK(BM_LibcallTrapRoundTrip);

/// host -> Wasm entry that returns normally: the floor under the round trip.
void BM_EntryNoTrap(benchmark::State& state) {
  test::JitStub stub([](asmjit::x86::Assembler& a, std::vector<TrapSite>&) { a.ret(); });
  for (auto _ : state) benchmark::DoNotOptimize(callWasm(stub.entry(), nullptr, nullptr));
}
BENCHMARK(BM_EntryNoTrap);

}  // namespace
}  // namespace kiln

BENCHMARK_MAIN();
