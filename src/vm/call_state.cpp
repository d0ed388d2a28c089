#include "vm/call_state.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include "vm/signal_handler.h"
#include "vm/vmcontext.h"

namespace kiln {

namespace detail {
__attribute__((tls_model("initial-exec"))) constinit thread_local CallState tlsCallState;
}  // namespace detail

namespace {
std::atomic<FrameResolver> frameResolver{nullptr};
std::atomic<HandlerResolver> handlerResolver{nullptr};
}  // namespace

void setFrameResolver(FrameResolver resolver) { frameResolver.store(resolver); }

void setHandlerResolver(HandlerResolver resolver) { handlerResolver.store(resolver); }


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
    stackFloor_ = size > kHostStackReserve ? stackLow_ + kHostStackReserve : stackHigh_;
  }
  pthread_attr_destroy(&attributes);
}

void CallState::recordTrap(TrapCode code, uintptr_t address) {
  pendingCode_ = code;
  pendingAddress_ = address;
  trapPending_ = true;
  backtraceWanted_ = true;
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
  if (traceDepth_ != 0 || !innermost_ || !backtraceWanted_) return;
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

Abrupt CallState::takeAbrupt() {
  if (std::optional<Trap> trap = takePendingTrap()) {
    takePendingException();
    return Abrupt{std::move(trap)};
  }
  if (VMException* exception = takePendingException()) return Abrupt{std::nullopt, exception};
  return Abrupt{Trap::fromCode(TrapCode::Unreachable)};
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

std::optional<Trap> callWasm(const void* target, void* context, void* args) {
  CallState& state = CallState::current();
  EntryRecord* enclosing = state.innermost();
  std::optional<Abrupt> abrupt =
      detail::enter(state, target, context, args, enclosing ? enclosing->stackLimit : 0, nullptr);
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
