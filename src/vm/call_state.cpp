#include "vm/call_state.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include "vm/signal_handler.h"
#include "vm/vmcontext.h"

namespace kiln {

namespace {
// initial-exec: the signal handler reads it, and must not trigger lazy TLS allocation.
__attribute__((tls_model("initial-exec"))) thread_local CallState tlsCallState;

std::atomic<FrameResolver> frameResolver{nullptr};
std::atomic<HandlerResolver> handlerResolver{nullptr};
}  // namespace

void setFrameResolver(FrameResolver resolver) { frameResolver.store(resolver); }

void setHandlerResolver(HandlerResolver resolver) { handlerResolver.store(resolver); }

CallState& CallState::current() { return tlsCallState; }

void CallState::pushEntry(EntryRecord* record) {
  record->previous = innermost_;
  innermost_ = record;
}

void CallState::popEntry(EntryRecord* record) { innermost_ = record->previous; }

void CallState::prepareThreadOnce() {
  prepareThreadForWasm();
  threadPrepared_ = true;
}

void CallState::learnStackBounds() {
  stackBoundsKnown_ = true;
  // For the main thread glibc reads /proc/self/maps here: once per thread.
  pthread_attr_t attributes;
  if (pthread_getattr_np(pthread_self(), &attributes) != 0) return;
  void* low = nullptr;
  size_t size = 0;
  if (pthread_attr_getstack(&attributes, &low, &size) == 0) {
    stackLow_ = reinterpret_cast<uintptr_t>(low);
    stackHigh_ = stackLow_ + size;
  }
  pthread_attr_destroy(&attributes);
}

uintptr_t CallState::entryStackLimit(uintptr_t stackPointer, size_t maxWasmStack) {
  // A nested entry never extends the activation's budget: host frames
  // between Wasm frames (a host function calling back into Wasm) count
  // against it too, so unbounded host <-> Wasm recursion ends in a trap.
  if (innermost_ && innermost_->stackLimit != 0) return innermost_->stackLimit;
  uintptr_t limit = stackPointer > maxWasmStack ? stackPointer - maxWasmStack : 0;
  auto [low, high] = stackBounds();
  // Only when this stack is the thread's own: code running on a stack the
  // embedder switched to (a fiber) gets the configured budget alone.
  if (stackPointer > low && stackPointer <= high) {
    uintptr_t floor = high - low > kHostStackReserve ? low + kHostStackReserve : high;
    limit = std::max(limit, floor);
  }
  return limit;
}

void CallState::recordTrap(TrapCode code, uintptr_t address) {
  pendingCode_ = code;
  pendingAddress_ = address;
  trapPending_ = true;
}

void CallState::recordTrapUnlessPending(TrapCode code) {
  if (!trapPending_) recordTrap(code);
}

void CallState::tracePc(uintptr_t pc) {
  if (traceDepth_ < kInnermostTraceFrames) {
    innermostPcs_[traceDepth_] = pc;
  } else {
    outermostPcs_[(traceDepth_ - kInnermostTraceFrames) % kOutermostTraceFrames] = pc;
  }
  ++traceDepth_;
}

void CallState::recordStack(uintptr_t pc, uintptr_t fp, bool faulting) {
  if (traceDepth_ != 0 || !innermost_) return;
  traceStartsAtFault_ = faulting;
  // Compiled frames lie between the trap and the entry's frame, each caller's
  // above its callee: anything else means the chain left Wasm code. The walk
  // is bounded by the activation's stack, so the whole depth is counted.
  uintptr_t stopFp = innermost_->framePointer;
  tracePc(pc);
  while (fp != 0 && fp < stopFp && fp % 8 == 0) {
    const uintptr_t* frame = reinterpret_cast<const uintptr_t*>(fp);
    tracePc(frame[1]);
    if (frame[0] <= fp) break;
    fp = frame[0];
  }
}

const ResumePoint* CallState::findHandler(uintptr_t pc, uintptr_t fp) {
  HandlerResolver resolver = handlerResolver.load();
  if (!resolver || !innermost_) return nullptr;
  // Only the frames of this entry's activation: host frames below it are
  // crossed as values.
  if (!resolver(pc, fp, innermost_->framePointer, *pendingException_, landing_)) return nullptr;
  pendingException_ = nullptr;
  return &landing_;
}

std::optional<Trap> CallState::takePendingTrap() {
  if (!trapPending_) {
    traceDepth_ = 0;
    return std::nullopt;
  }
  trapPending_ = false;
  Trap trap = Trap::fromCode(pendingCode_);
  FrameResolver resolver = frameResolver.load();
  auto resolve = [&](uintptr_t pc, bool faulting) {
    TrapFrame frame;
    if (resolver && resolver(pc, faulting, frame)) trap.backtrace.push_back(std::move(frame));
  };
  const size_t innermost = std::min(traceDepth_, kInnermostTraceFrames);
  // Only the first pc walked may be a faulting instruction.
  for (size_t i = 0; i < innermost; ++i) resolve(innermostPcs_[i], i == 0 && traceStartsAtFault_);
  const size_t beyond = traceDepth_ - innermost;
  const size_t outermost = std::min(beyond, kOutermostTraceFrames);
  if (beyond > outermost) {
    trap.elidedFrames = beyond - outermost;
    trap.elidedAt = trap.backtrace.size();
  }
  // The ring's oldest entry follows its newest, unless it never wrapped.
  const size_t first = beyond > kOutermostTraceFrames ? beyond % kOutermostTraceFrames : 0;
  for (size_t i = 0; i < outermost; ++i) {
    resolve(outermostPcs_[(first + i) % kOutermostTraceFrames], false);
  }
  traceDepth_ = 0;
  return trap;
}

namespace {

std::optional<Abrupt> enter(CallState& state, const void* target, void* context, void* args,
                            uintptr_t stackLimit) {
  state.prepareThread();
  state.discardPending();
  EntryRecord record{};
  record.stackLimit = stackLimit;
  state.pushEntry(&record);
  uint32_t status = kiln_enter_wasm(&record, target, context, args);
  state.popEntry(&record);
  if (status == 0) return std::nullopt;
  // A trap wins over an exception: a trap while an exception was on its way
  // (a host function that threw, then trapped) is never caught.
  if (std::optional<Trap> trap = state.takePendingTrap()) {
    state.takePendingException();
    return Abrupt{std::move(trap)};
  }
  if (VMException* exception = state.takePendingException()) return Abrupt{std::nullopt, exception};
  return Abrupt{Trap::fromCode(TrapCode::Unreachable)};
}

}  // namespace

std::optional<Abrupt> callWasmFunction(const void* arrayEntry, VMContext* vmctx, ValRaw* args,
                                     size_t maxWasmStack) {
  CallState& state = CallState::current();
  uintptr_t stackPointer = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  uintptr_t limit = state.entryStackLimit(stackPointer, maxWasmStack);
  reinterpret_cast<VMContextHeader*>(vmctx)->stackLimit = limit;
  return enter(state, arrayEntry, vmctx, args, limit);
}

std::optional<Trap> callWasm(const void* target, void* context, void* args) {
  CallState& state = CallState::current();
  EntryRecord* enclosing = state.innermost();
  std::optional<Abrupt> abrupt =
      enter(state, target, context, args, enclosing ? enclosing->stackLimit : 0);
  if (!abrupt) return std::nullopt;
  return abrupt->trap ? abrupt->trap : Trap::fromCode(TrapCode::Unreachable);
}

}  // namespace kiln

KilnRaiseTarget kiln_record_trap_for_raise(uint32_t code, uintptr_t returnAddress,
                                           uintptr_t framePointer) {
  kiln::CallState& state = kiln::CallState::current();
  if (!state.innermost()) std::abort();
  if (!state.hasPendingTrap() && state.hasPendingException()) {
    kiln::VMException* exception = state.pendingException();
    if (const kiln::ResumePoint* landing = state.findHandler(returnAddress, framePointer)) {
      return {landing, exception};
    }
    return {state.innermost(), nullptr};
  }
  state.recordTrapUnlessPending(static_cast<kiln::TrapCode>(code));
  state.recordStack(returnAddress, framePointer, /*faulting=*/false);
  return {state.innermost(), nullptr};
}
