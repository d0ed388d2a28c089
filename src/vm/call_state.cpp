#include "vm/call_state.h"

#include <atomic>
#include <cstdlib>

#include "vm/signal_handler.h"

namespace kiln {

namespace {
// initial-exec: the signal handler reads it, and must not trigger lazy TLS allocation.
__attribute__((tls_model("initial-exec"))) thread_local CallState tlsCallState;

std::atomic<FrameResolver> frameResolver{nullptr};
}  // namespace

void setFrameResolver(FrameResolver resolver) { frameResolver.store(resolver); }

CallState& CallState::current() { return tlsCallState; }

void CallState::pushEntry(EntryRecord* record) {
  record->previous = innermost_;
  innermost_ = record;
}

void CallState::popEntry(EntryRecord* record) { innermost_ = record->previous; }

void CallState::recordTrap(TrapCode code, uintptr_t address) {
  pendingCode_ = code;
  pendingAddress_ = address;
  trapPending_ = true;
}

void CallState::recordTrapUnlessPending(TrapCode code) {
  if (!trapPending_) recordTrap(code);
}

void CallState::recordStack(uintptr_t pc, uintptr_t fp) {
  if (traceDepth_ != 0 || !innermost_) return;
  // Compiled frames lie between the trap and the entry's frame, each caller's
  // above its callee: anything else means the chain left Wasm code.
  uintptr_t stopFp = innermost_->framePointer;
  tracePcs_[traceDepth_++] = pc;
  while (traceDepth_ < kMaxTraceFrames && fp != 0 && fp < stopFp && fp % 8 == 0) {
    const uintptr_t* frame = reinterpret_cast<const uintptr_t*>(fp);
    tracePcs_[traceDepth_++] = frame[1];
    if (frame[0] <= fp) break;
    fp = frame[0];
  }
}

std::optional<Trap> CallState::takePendingTrap() {
  if (!trapPending_) {
    traceDepth_ = 0;
    return std::nullopt;
  }
  trapPending_ = false;
  Trap trap = Trap::fromCode(pendingCode_);
  FrameResolver resolver = frameResolver.load();
  for (size_t i = 0; resolver && i < traceDepth_; ++i) {
    TrapFrame frame;
    if (resolver(tracePcs_[i], frame)) trap.backtrace.push_back(std::move(frame));
  }
  traceDepth_ = 0;
  return trap;
}

std::optional<Trap> callWasm(const void* target, void* vmctx, void* args) {
  prepareThreadForWasm();
  CallState& state = CallState::current();
  // A trap left over from a libcall called outside any entry must not be
  // mistaken for one raised by this call.
  state.takePendingTrap();
  EntryRecord record{};
  state.pushEntry(&record);
  uint32_t status = kiln_enter_wasm(&record, target, vmctx, args);
  state.popEntry(&record);
  if (status == 0) return std::nullopt;
  std::optional<Trap> trap = state.takePendingTrap();
  return trap ? trap : Trap::fromCode(TrapCode::Unreachable);
}

}  // namespace kiln

kiln::EntryRecord* kiln_record_trap_for_raise(uint32_t code, uintptr_t returnAddress,
                                              uintptr_t framePointer) {
  kiln::CallState& state = kiln::CallState::current();
  if (!state.innermost()) std::abort();
  state.recordTrapUnlessPending(static_cast<kiln::TrapCode>(code));
  state.recordStack(returnAddress, framePointer);
  return state.innermost();
}
