#include "compiler/x64/lazy_module.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <thread>

#include "compiler/x64/code_area.h"
#include "compiler/x64/function_compiler.h"
#include "compiler/x64/module_registry.h"
#include "compiler/x64/perf_map.h"
#include "compiler/x64/stubs.h"
#include "vm/call_state.h"
#include "vm/libcalls.h"
#include "vm/signal_handler.h"

namespace kiln::x64 {

namespace {

namespace x86 = asmjit::x86;

/// Below this much stack above the activation's limit, a first call hands
/// its compile to another thread rather than compile on the Wasm thread's
/// stack (the limit already keeps kHostStackReserve free below it).
constexpr uintptr_t kInlineCompileStack = 256 * 1024;

/// The two entries of a function: at its start (VMFuncRef code, array
/// entries, calls from other instances) and past the instance check (direct
/// calls within the instance, r14 already its vmctx).
enum Entry : uint32_t { kFullEntry = 0, kDirectEntry = 1, kArrayEntry = 2 };

/// A jump-table slot's first instruction, `call rel32` or `jmp rel32`.
constexpr int32_t kSlotCallBytes = 5;

/// Code and metadata of one compiled function, offsets from its start.
struct FunctionCode {
  uint32_t defined = 0;
  uint32_t start = 0;  // module code offset
  uint32_t size = 0;
  uint32_t directEntry = 0;
  TrapSiteList trapSites;  // registered with the signal handler
  SourcePositionList positions;
  FunctionHandlers handlers;
};

/// A code mapping with two views of the same memory (a memfd): the code
/// runs from the read+execute view and is written through the read+write
/// one, so no page is ever writable and executable at once, and compile
/// threads can add code while other threads run it.
class DualMapping {
 public:
  static std::unique_ptr<DualMapping> create(size_t size) {
    int fd = memfd_create("kiln-code", MFD_CLOEXEC);
    if (fd < 0) return nullptr;
    std::unique_ptr<DualMapping> mapping;
    if (ftruncate(fd, off_t(size)) == 0) {
      void* rx = mmap(nullptr, size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
      void* rw = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
      if (rx != MAP_FAILED && rw != MAP_FAILED) {
        mapping.reset(new DualMapping(static_cast<uint8_t*>(rx), static_cast<uint8_t*>(rw), size));
      } else {
        if (rx != MAP_FAILED) munmap(rx, size);
        if (rw != MAP_FAILED) munmap(rw, size);
      }
    }
    close(fd);
    return mapping;
  }
  ~DualMapping() {
    munmap(rx_, size_);
    munmap(rw_, size_);
  }
  DualMapping(const DualMapping&) = delete;
  DualMapping& operator=(const DualMapping&) = delete;

  uint8_t* rx() const { return rx_; }
  uint8_t* rw() const { return rw_; }
  size_t size() const { return size_; }

 private:
  DualMapping(uint8_t* rx, uint8_t* rw, size_t size) : rx_(rx), rw_(rw), size_(size) {}
  uint8_t* rx_;
  uint8_t* rw_;
  size_t size_;
};

/// The lazy-compile trampoline's call: the code `slot` (an address in the
/// jump table of `module`, a LazyModule) leads to, compiled now if need be,
/// or null when it cannot be (the trampoline then raises CompileFailed).
/// `sp`: the caller's stack pointer.
const void* lazyCompile(void* module, uintptr_t slot, uintptr_t sp);

class LazyModule final : public CompiledModule, public RegisteredCode {
 public:
  LazyModule(std::shared_ptr<const WasmModule> module, const Config& config)
      : module_(std::move(module)),
        context_(*module_, config),
        describer_(*module_),
        arrayEntries_(module_->functions.size()),
        states_(module_->functions.size()),
        code_(module_->functions.size()) {}

  ~LazyModule() override {
    {
      std::lock_guard lock(queueMutex_);
      stop_ = true;
    }
    for (std::thread& worker : workers_) worker.join();
    if (!mapping_) return;
    unregisterCode(begin());
    for (const std::unique_ptr<FunctionCode>& code : code_) {
      if (code) unregisterCodeRange(mapping_->rx() + code->start);
    }
  }

  /// Maps the code region and writes the jump table and the trampoline;
  /// false when memory runs out.
  bool build();
  /// Starts the background compile threads, hottest functions first.
  void startBackground();

  const void* functionCode(uint32_t definedIndex) const override {
    return mapping_->rx() + slotOffset(definedIndex, kFullEntry);
  }
  const void* arrayEntry(uint32_t definedIndex) const override {
    return mapping_->rx() + slotOffset(definedIndex, kArrayEntry);
  }

  bool frameAt(uintptr_t pc, bool faulting, TrapFrame& frame) const override {
    if (!contains(pc)) return false;
    const uint32_t offset = uint32_t(pc - begin());
    // A return address belongs to the call before it (see X64CompiledModule).
    const FunctionCode* code = functionAt(faulting || offset == 0 ? offset : offset - 1);
    if (!code) return false;
    const uint32_t inside = offset - code->start;
    std::optional<uint32_t> wasmOffset;
    if (faulting) {
      auto site = std::lower_bound(code->trapSites.begin(), code->trapSites.end(), inside,
                                   [](const TrapSite& s, uint32_t o) { return s.codeOffset < o; });
      if (site != code->trapSites.end() && site->codeOffset == inside) wasmOffset = site->wasmOffset;
    } else {
      auto it = std::lower_bound(code->positions.begin(), code->positions.end(), inside,
                                 [](const SourcePosition& p, uint32_t o) { return p.codeOffset < o; });
      if (it != code->positions.end() && it->codeOffset == inside) wasmOffset = it->wasmOffset;
    }
    describer_.describe(code->defined, wasmOffset, frame);
    return true;
  }

  bool handlerAt(uintptr_t pc, uintptr_t fp, VMException& exception,
                 ResumePoint& landing) const override {
    const FunctionCode* code = functionAt(uint32_t(pc - begin() - 1));
    if (!code || code->handlers.handlers.empty()) return false;
    return landingPadFor(code->handlers, uint32_t(pc - begin() - 1) - code->start,
                         begin() + code->start, fp, exception, landing);
  }

  bool contains(uintptr_t pc) const override {
    return pc >= begin() && pc < begin() + mapping_->size();
  }

  bool isCompiled(uint32_t defined) const {
    return states_[defined].load(std::memory_order_acquire) == State::Done;
  }
  const void* compiledCode(uint32_t defined) const {
    return isCompiled(defined) ? mapping_->rx() + code_[defined]->start : nullptr;
  }
  size_t compiledCount() const {
    std::shared_lock lock(placedMutex_);
    return byStart_.size();
  }

  /// The code the slot at `address` leads to, compiled first if need be
  /// (see lazyCompile).
  const void* resolve(uintptr_t address, uintptr_t sp) {
    const uint32_t slot = uint32_t(address - begin()) / 8;
    const uint32_t defined = slot / 3;
    if (slot % 3 == kArrayEntry) return arrayEntryCode(defined);
    if (!ensureCompiled(defined, sp)) return nullptr;
    const FunctionCode& code = *code_[defined];
    return mapping_->rx() + code.start + (slot % 3 == kDirectEntry ? code.directEntry : 0);
  }

 private:
  enum class State : uint8_t { Fresh, Compiling, Done, Failed };

  uintptr_t begin() const { return reinterpret_cast<uintptr_t>(mapping_->rx()); }
  static uint32_t slotOffset(uint32_t defined, Entry entry) { return 24 * defined + 8 * entry; }
  /// Writes `opcode rel32` to `target` (module code offsets) at `slot`, atomically.
  void writeJump(uint32_t slot, uint8_t opcode, size_t target);
  /// The array-call entry of `defined`, placed at its first use.
  const void* arrayEntryCode(uint32_t defined);

  /// The compiled function whose code holds module code offset `inside`.
  const FunctionCode* functionAt(uint32_t inside) const {
    if (inside < codeStart_) return nullptr;
    std::shared_lock lock(placedMutex_);
    auto next = byStart_.upper_bound(inside);
    if (next == byStart_.begin()) return nullptr;
    const FunctionCode* code = code_[std::prev(next)->second].get();
    return inside < code->start + code->size ? code : nullptr;
  }

  /// Compiles `defined` unless it is or another thread is compiling it,
  /// waiting for that thread; false when it cannot be compiled.
  bool ensureCompiled(uint32_t defined, uintptr_t sp) {
    std::atomic<State>& state = states_[defined];
    for (;;) {
      State now = state.load(std::memory_order_acquire);
      if (now == State::Done) return true;
      if (now == State::Failed) return false;
      if (now == State::Fresh &&
          state.compare_exchange_strong(now, State::Compiling, std::memory_order_acq_rel)) {
        compileOnThisStack(defined, sp);
        continue;
      }
      state.wait(State::Compiling, std::memory_order_acquire);
    }
  }

  /// Compiles `defined`, claimed by this thread, here when the stack has
  /// room, else on a thread of its own (this one waits).
  void compileOnThisStack(uint32_t defined, uintptr_t sp) {
    const EntryRecord* entry = CallState::current().innermost();
    // The caller's frame is above the limit, the trampoline's may end a
    // little below it.
    const bool roomy = !entry || entry->stackLimit == 0 || sp > entry->stackLimit + kInlineCompileStack;
    if (roomy) {
      CompileScratch scratch;
      compileClaimed(defined, scratch);
      return;
    }
    std::thread helper([this, defined] {
      CompileScratch scratch;
      compileClaimed(defined, scratch);
    });
    helper.join();
  }

  /// Compiles and installs `defined`, which this thread claimed (Compiling).
  void compileClaimed(uint32_t defined, CompileScratch& scratch);
  /// Queues the not yet compiled callees of `code` for the background threads.
  void queueCallees(const std::vector<CallFixup>& calls);
  void backgroundWork();

  std::shared_ptr<const WasmModule> module_;
  ModuleContext context_;
  FrameDescriber describer_;
  std::unique_ptr<DualMapping> mapping_;
  std::mutex arrayMutex_;
  std::vector<uint32_t> arrayEntries_;  // module code offsets; 0: not placed yet
  uint32_t codeStart_ = 0;  // functions are placed from here on
  std::atomic<size_t> used_{0};
  std::vector<std::atomic<State>> states_;
  std::vector<std::unique_ptr<FunctionCode>> code_;  // set before its state is Done
  mutable std::shared_mutex placedMutex_;
  std::map<uint32_t, uint32_t> byStart_;  // start offset -> defined index
  std::mutex perfMapMutex_;

  std::mutex queueMutex_;
  std::deque<uint32_t> hot_;  // start, exports, then callees of compiled functions
  uint32_t nextCold_ = 0;     // the rest, in index order
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

bool LazyModule::build() {
  const size_t count = module_->functions.size();
  size_t codeBytes = 0;
  for (const FunctionDefinition& f : module_->functions) codeBytes += f.codeEnd - f.codeOffset;
  // Address space only: pages are used as code is placed. Baseline code
  // takes a few times the code section; all of it stays in rel32 range.
  static const size_t page = size_t(sysconf(_SC_PAGESIZE));
  size_t size = std::min(CodeArea::kMaxSize, 8 * codeBytes + 256 * count + (size_t(1) << 20));
  size = (size + page - 1) / page * page;
  mapping_ = DualMapping::create(size);
  if (!mapping_) return false;

  // The jump table: three 8-byte slots per function, each first a `call`
  // of the trampoline (whose return address names the slot), replaced by
  // a `jmp` to the code with one aligned 8-byte store once there is code.
  const uint32_t tableBytes = slotOffset(uint32_t(count), kFullEntry);
  asmjit::CodeHolder holder;
  holder.init(asmjit::Environment::host());
  x86::Assembler a(&holder);
  // The trampoline keeps every register a function may read at entry: rdi,
  // rsi, r10 (its arguments are on the stack; r14 and r15 are callee-saved
  // in C), and the other caller-saved ones for good measure.
  static constexpr x86::Gp kSaved[] = {x86::rdi, x86::rsi, x86::r10, x86::rax,
                                       x86::rcx, x86::rdx, x86::r8,  x86::r9};
  a.pop(x86::r11);
  a.push(x86::rbp);
  a.mov(x86::rbp, x86::rsp);
  for (const x86::Gp& reg : kSaved) a.push(reg);
  a.and_(x86::rsp, -16);
  a.mov(x86::rdi, uint64_t(reinterpret_cast<uintptr_t>(this)));
  a.lea(x86::rsi, x86::ptr(x86::r11, -kSlotCallBytes));
  a.mov(x86::rdx, x86::rbp);
  a.mov(x86::rax, uint64_t(reinterpret_cast<uintptr_t>(&lazyCompile)));
  a.call(x86::rax);
  a.mov(x86::r11, x86::rax);
  a.lea(x86::rsp, x86::ptr(x86::rbp, -8 * int32_t(std::size(kSaved))));
  for (size_t i = std::size(kSaved); i-- > 0;) a.pop(kSaved[i]);
  a.pop(x86::rbp);
  asmjit::Label failed = a.newLabel();
  a.test(x86::r11, x86::r11);
  a.jz(failed);
  a.jmp(x86::r11);
  a.bind(failed);
  // As a trap stub: the backtrace starts at the caller.
  a.sub(x86::rsp, 8);
  a.mov(x86::edi, uint32_t(TrapCode::CompileFailed));
  a.mov(x86::rax, uint64_t(reinterpret_cast<uintptr_t>(&kiln_raise_trap)));
  a.call(x86::rax);
  holder.flatten();
  holder.resolveUnresolvedLinks();
  const size_t trampoline = tableBytes;
  codeStart_ = uint32_t((trampoline + holder.codeSize() + 15) & ~size_t(15));
  if (codeStart_ >= mapping_->size()) return false;
  holder.copyFlattenedData(mapping_->rw() + trampoline, holder.codeSize());
  std::memset(mapping_->rw(), 0xCC, tableBytes);
  for (uint32_t slot = 0; slot < tableBytes; slot += 8) {
    writeJump(slot, 0xE8, trampoline);
  }
  used_ = codeStart_;
  registerCode(begin(), this);
  return true;
}

void LazyModule::writeJump(uint32_t slot, uint8_t opcode, size_t target) {
  const int32_t displacement = int32_t(int64_t(target) - int64_t(slot + kSlotCallBytes));
  uint8_t bytes[8] = {opcode, 0, 0, 0, 0, 0xCC, 0xCC, 0xCC};
  std::memcpy(bytes + 1, &displacement, 4);
  uint64_t word;
  std::memcpy(&word, bytes, 8);
  __atomic_store_n(reinterpret_cast<uint64_t*>(mapping_->rw() + slot), word, __ATOMIC_RELEASE);
}

const void* LazyModule::arrayEntryCode(uint32_t defined) {
  std::lock_guard lock(arrayMutex_);
  if (uint32_t placed = arrayEntries_[defined]) return mapping_->rx() + placed;
  // The entry calls the full-entry slot, by a displacement from where it is
  // placed; its size does not depend on the displacement.
  const FuncType& type = module_->funcType(module_->functions[defined].type);
  asmjit::CodeHolder holder;
  auto emit = [&](int64_t target) {
    holder.reset();
    holder.init(asmjit::Environment::host());
    x86::Assembler a(&holder);
    emitArrayEntry(a, type, target);
    holder.flatten();
    holder.resolveUnresolvedLinks();
  };
  emit(0);
  const size_t size = holder.codeSize();
  const size_t start = used_.fetch_add((size + 15) & ~size_t(15));
  if (start + size > mapping_->size()) return nullptr;
  emit(int64_t(slotOffset(defined, kFullEntry)) - int64_t(start));
  holder.copyFlattenedData(mapping_->rw() + start, size);
  arrayEntries_[defined] = uint32_t(start);
  writeJump(slotOffset(defined, kArrayEntry), 0xE9, start);
  return mapping_->rx() + start;
}

void LazyModule::compileClaimed(uint32_t defined, CompileScratch& scratch) {
  std::atomic<State>& state = states_[defined];
  scratch.trapSites.clear();
  scratch.sourcePositions.clear();
  scratch.calls.clear();
  std::optional<CompileError> error = compileFunction(context_, defined, scratch);
  const size_t size = error ? 0 : scratch.code.codeSize();
  const size_t start = error ? 0 : used_.fetch_add((size + 15) & ~size_t(15));
  if (error || start + size > mapping_->size()) {
    // Only resources can fail here (compileLazily checked the rest): the
    // first call traps with CompileFailed.
    state.store(State::Failed, std::memory_order_release);
    state.notify_all();
    return;
  }
  scratch.code.copyFlattenedData(mapping_->rw() + start, size);
  scratch.keepFunction(0);  // sites stay at function offsets
  // Direct calls go straight to a compiled callee, else through its slot.
  for (const CallFixup& call : scratch.calls) {
    const uint32_t callee = call.calleeDefined;
    int64_t target = isCompiled(callee) ? int64_t(code_[callee]->start + code_[callee]->directEntry)
                                        : int64_t(slotOffset(callee, kDirectEntry));
    int32_t displacement = int32_t(target - int64_t(start + call.rel32Offset + 4));
    std::memcpy(mapping_->rw() + start + call.rel32Offset, &displacement, 4);
  }
  auto code = std::make_unique<FunctionCode>();
  code->defined = defined;
  code->start = uint32_t(start);
  code->size = uint32_t(size);
  code->directEntry = scratch.directEntry;
  code->trapSites.assign(scratch.trapSites.begin(), scratch.trapSites.end());
  code->positions.assign(scratch.sourcePositions.begin(), scratch.sourcePositions.end());
  code->handlers = std::move(scratch.handlers);
  scratch.handlers = {};
  registerCodeRange(mapping_->rx() + start, size, code->trapSites);
  const FunctionCode& placed = *code;
  {
    // The code and its place go in together: a stack walk on another thread
    // (functionAt, under the shared lock) must never find a place whose
    // code is not there yet.
    std::unique_lock lock(placedMutex_);
    code_[defined] = std::move(code);
    byStart_.emplace(uint32_t(start), defined);
  }
  if (context_.config.perfMap) {
    std::lock_guard lock(perfMapMutex_);
    const uint32_t offset = uint32_t(start), bytes = uint32_t(size);
    writePerfMap(*module_, defined, mapping_->rx(), {&offset, 1}, {&bytes, 1});
  }
  // Both slots now jump to the code: one aligned 8-byte store each, so a
  // thread running the slot sees the old call or the new jump, never a mix.
  writeJump(slotOffset(defined, kFullEntry), 0xE9, start);
  writeJump(slotOffset(defined, kDirectEntry), 0xE9, start + placed.directEntry);
  const std::vector<CallFixup> calls(scratch.calls.begin(), scratch.calls.end());
  state.store(State::Done, std::memory_order_release);
  state.notify_all();
  queueCallees(calls);
}

void LazyModule::queueCallees(const std::vector<CallFixup>& calls) {
  std::lock_guard lock(queueMutex_);
  for (const CallFixup& call : calls) {
    if (states_[call.calleeDefined].load(std::memory_order_relaxed) == State::Fresh) {
      hot_.push_back(call.calleeDefined);
    }
  }
}

void LazyModule::startBackground() {
  const WasmModule& m = *module_;
  const uint32_t imported = m.importedFunctionCount();
  auto queue = [&](uint32_t index) {
    if (index >= imported) hot_.push_back(index - imported);
  };
  if (m.start) queue(m.start->value);
  for (const Export& exported : m.exports) {
    if (exported.kind == ExternKind::Func) queue(exported.index);
  }
  // The calling thread, which runs the program, counts as one of
  // Config::compileThreads; by default the other cores, at least one.
  const unsigned configured = context_.config.compileThreads;
  const unsigned threads =
      configured ? configured - 1 : std::max(2u, std::thread::hardware_concurrency()) - 1;
  for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { backgroundWork(); });
}

void LazyModule::backgroundWork() {
  // The program's own threads come first: a core busy with them would
  // otherwise share its time with compiles nothing waits for yet.
  setpriority(PRIO_PROCESS, pid_t(gettid()), 10);
  CompileScratch scratch;
  for (;;) {
    uint32_t defined;
    {
      std::lock_guard lock(queueMutex_);
      if (stop_) return;
      if (!hot_.empty()) {
        defined = hot_.front();
        hot_.pop_front();
      } else if (nextCold_ < states_.size()) {
        defined = nextCold_++;
      } else {
        return;
      }
    }
    State fresh = State::Fresh;
    if (states_[defined].compare_exchange_strong(fresh, State::Compiling, std::memory_order_acq_rel)) {
      compileClaimed(defined, scratch);
    }
  }
}

const void* lazyCompile(void* module, uintptr_t slot, uintptr_t sp) {
  return static_cast<LazyModule*>(module)->resolve(slot, sp);
}

/// Whether the compiler may refuse `function` (see compileLazily): it uses
/// a feature outside kCompiledFeatures (as an instruction, or a type of
/// GC), SIMD on a CPU without SSE4.2, or its frame may exceed the limit.
bool mayBeRefused(const ModuleContext& context, const FunctionDefinition& function,
                  const FunctionFacts& facts) {
  FeatureSet compiled = 0;
  for (Feature feature : kCompiledFeatures) compiled |= featureBit(feature);
  if (facts.features & ~compiled) return true;
  if (facts.usesSimd && !context.cpu.sse42) return true;
  // Declared locals and spill slots of at most 16 bytes each, with room to
  // spare for saved registers and outgoing arguments.
  const uint64_t bound = 16 * (uint64_t(function.localCount) + facts.maxOperandDepth + 1) +
                         8 * uint64_t(context.outgoingSlots) + 4096;
  return bound > FrameLayout::kMaxFrameBytes;
}

}  // namespace

bool compilesLazily(const WasmModule& module, const Config& config) {
  switch (config.compileStrategy) {
    case CompileStrategy::Eager:
      return false;
    case CompileStrategy::Lazy:
      return !module.functions.empty();
    case CompileStrategy::Auto:
      break;
  }
  // perf reads /tmp/perf-PID.map for anonymous memory only: it takes lazy
  // code, in a memfd's mappings, for a file and names none of it. A
  // profiled run compiles eagerly unless told otherwise.
  if (config.perfMap) return false;
  size_t codeBytes = 0;
  for (const FunctionDefinition& f : module.functions) codeBytes += f.codeEnd - f.codeOffset;
  return codeBytes >= config.lazyThreshold && !module.functions.empty();
}

Expected<std::shared_ptr<CompiledModule>, CompileError> compileLazily(
    std::shared_ptr<const WasmModule> module, const Config& config) {
  auto lazy = std::make_shared<LazyModule>(module, config);
  {
    // Validation stays eager, and so do refusals: the few functions the
    // validator's facts say the compiler might refuse compile now, so a
    // module is refused before anything runs, with the eager compile's error.
    ModuleContext context(*module, config);
    CompileScratch scratch;
    for (uint32_t i = 0; i < module->functions.size(); ++i) {
      if (!mayBeRefused(context, module->functions[i], module->functionFacts[i])) continue;
      if (std::optional<CompileError> error = compileFunction(context, i, scratch)) {
        return Unexpected{inFunction(*module, i, std::move(*error))};
      }
    }
  }
  if (!lazy->build()) {
    return Unexpected{
        CompileError{CompileError::Kind::Resource, "out of memory for compiled code", std::nullopt}};
  }
  lazy->startBackground();
  return std::shared_ptr<CompiledModule>(std::move(lazy));
}

const void* compiledCodeOf(const CompiledModule& module, uint32_t definedIndex) {
  auto* lazy = dynamic_cast<const LazyModule*>(&module);
  if (!lazy) return module.functionCode(definedIndex);
  return lazy->compiledCode(definedIndex);
}

size_t functionsCompiled(const CompiledModule& module) {
  auto* lazy = dynamic_cast<const LazyModule*>(&module);
  return lazy ? lazy->compiledCount() : 0;
}

}  // namespace kiln::x64
