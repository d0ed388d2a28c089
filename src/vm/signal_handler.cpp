#include "vm/signal_handler.h"

#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <algorithm>
#include <atomic>
#include <iterator>
#include <map>
#include <mutex>

#include "vm/call_state.h"

extern "C" {
// Bounds of kiln_probestack (probestack.S): a fault there is a stack overflow.
extern const char kiln_probestack[];
extern const char kiln_probestack_end[];
}

namespace kiln {

namespace {

constexpr int kHandledSignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
constexpr size_t kSignalCount = std::size(kHandledSignals);
struct sigaction previousActions[kSignalCount];

struct CodeRange {
  uintptr_t end;
  std::span<const TrapSite> sites;  // owned by whoever registered the range
};

/// Both registries are read by the signal handler, so they are guarded by a
/// spin lock rather than a mutex: the handler must not sleep, and a writer
/// only ever holds it for one map update.
class SpinLock {
 public:
  void lock() {
    while (flag_.test_and_set(std::memory_order_acquire)) {
    }
  }
  void unlock() { flag_.clear(std::memory_order_release); }

 private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};

SpinLock registryLock;
// Never destroyed: a lazily compiled module's background threads may still
// register code while the process exits (docs/compiler.md).
std::map<uintptr_t, CodeRange>& codeRanges() {
  static auto* ranges = new std::map<uintptr_t, CodeRange>;
  return *ranges;
}
std::map<uintptr_t, uintptr_t>& guardedRegions() {
  static std::map<uintptr_t, uintptr_t> regions;  // begin -> end
  return regions;
}

/// The entry of `map` whose [key, end) range holds `address`, or map.end().
template <class Map, class EndOf>
typename Map::const_iterator findContaining(const Map& map, uintptr_t address, EndOf endOf) {
  auto it = map.upper_bound(address);
  if (it == map.begin()) return map.end();
  --it;
  return address < endOf(it->second) ? it : map.end();
}

int signalSlot(int signal) {
  for (size_t i = 0; i < kSignalCount; ++i) {
    if (kHandledSignals[i] == signal) return int(i);
  }
  return -1;
}

/// Passes a fault that is not a Wasm trap to the handler installed before ours.
void chainToPrevious(int signal, siginfo_t* info, void* context) {
  const struct sigaction& previous = previousActions[signalSlot(signal)];
  if (previous.sa_flags & SA_SIGINFO) {
    previous.sa_sigaction(signal, info, context);
    return;
  }
  if (previous.sa_handler == SIG_DFL || previous.sa_handler == SIG_IGN) {
    // Restore the default and let it act: a hardware fault re-executes on
    // return; a signal someone sent is re-raised (it stays pending until then).
    struct sigaction reset {};
    reset.sa_handler = SIG_DFL;
    sigemptyset(&reset.sa_mask);
    sigaction(signal, &reset, nullptr);
    if (info->si_code <= 0) raise(signal);
    return;
  }
  previous.sa_handler(signal);
}

void handleFault(int signal, siginfo_t* info, void* context) {
  auto* uc = static_cast<ucontext_t*>(context);
  greg_t* registers = uc->uc_mcontext.gregs;
  CallState& state = CallState::current();
  EntryRecord* entry = state.innermost();
  uintptr_t pc = uintptr_t(registers[REG_RIP]);
  uintptr_t address = uintptr_t(info->si_addr);
  TrapCode code;
  if (entry && classifyFault(pc, address, signal, &code)) {
    // Resume the entry trampoline as kiln_raise_trap would; no frame with a
    // destructor is skipped because only compiled code sits above the entry.
    state.recordTrap(code, address);
    state.recordStack(pc, uintptr_t(registers[REG_RBP]), /*faulting=*/true);
    registers[REG_RIP] = greg_t(entry->resumeAddress);
    registers[REG_RSP] = greg_t(entry->stackPointer);
    registers[REG_RBP] = greg_t(entry->framePointer);
    return;
  }
  chainToPrevious(signal, info, context);
}

void installHandlers() {
  struct sigaction action {};
  action.sa_sigaction = handleFault;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  for (size_t i = 0; i < kSignalCount; ++i)
    sigaction(kHandledSignals[i], &action, &previousActions[i]);
}

/// This thread's alternate signal stack, so a stack overflow can be handled.
class AltStack {
 public:
  AltStack() {
    stack_t current{};
    if (sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;
    void* p = mmap(nullptr, kGuardBytes + kStackBytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    mapping_ = static_cast<uint8_t*>(p);
    mprotect(mapping_, kGuardBytes, PROT_NONE);
    stack_t stack{};
    stack.ss_sp = mapping_ + kGuardBytes;
    stack.ss_size = kStackBytes;
    sigaltstack(&stack, nullptr);
  }
  ~AltStack() {
    if (!mapping_) return;
    stack_t disable{};
    disable.ss_flags = SS_DISABLE;
    sigaltstack(&disable, nullptr);
    munmap(mapping_, kGuardBytes + kStackBytes);
  }
  AltStack(const AltStack&) = delete;
  AltStack& operator=(const AltStack&) = delete;

 private:
  static constexpr size_t kGuardBytes = 4096;
  static constexpr size_t kStackBytes = 64 * 1024;
  uint8_t* mapping_ = nullptr;
};

}  // namespace

void prepareThreadForWasm() {
  static std::once_flag installed;
  std::call_once(installed, installHandlers);
  thread_local AltStack altStack;
}

void registerCodeRange(const void* begin, size_t size, std::span<const TrapSite> sites) {
  uintptr_t start = uintptr_t(begin);
  CodeRange range{start + size, sites};
  std::lock_guard lock(registryLock);
  codeRanges().insert_or_assign(start, std::move(range));
}

void unregisterCodeRange(const void* begin) {
  std::lock_guard lock(registryLock);
  codeRanges().erase(uintptr_t(begin));
}

void registerGuardedRegion(const void* begin, size_t size) {
  std::lock_guard lock(registryLock);
  guardedRegions().insert_or_assign(uintptr_t(begin), uintptr_t(begin) + size);
}

void unregisterGuardedRegion(const void* begin) {
  std::lock_guard lock(registryLock);
  guardedRegions().erase(uintptr_t(begin));
}

bool classifyFault(uintptr_t pc, uintptr_t address, int signal, TrapCode* code) {
  if (pc >= uintptr_t(kiln_probestack) && pc < uintptr_t(kiln_probestack_end)) {
    *code = TrapCode::StackOverflow;
    return true;
  }
  std::lock_guard lock(registryLock);
  const auto& ranges = codeRanges();
  auto range = findContaining(ranges, pc, [](const CodeRange& r) { return r.end; });
  if (range == ranges.end()) return false;
  uint32_t offset = uint32_t(pc - range->first);
  std::span<const TrapSite> sites = range->second.sites;
  auto site = std::lower_bound(sites.begin(), sites.end(), offset,
                               [](const TrapSite& s, uint32_t o) { return s.codeOffset < o; });
  if (site != sites.end() && site->codeOffset == offset) {
    *code = site->code;
    return true;
  }
  if (signal == SIGSEGV || signal == SIGBUS) {
    const auto& regions = guardedRegions();
    if (findContaining(regions, address, [](uintptr_t end) { return end; }) != regions.end()) {
      *code = TrapCode::HeapAccessOutOfBounds;
      return true;
    }
  }
  if (signal == SIGFPE) {
    *code = TrapCode::IntegerDivisionByZero;
    return true;
  }
  return false;
}

}  // namespace kiln
