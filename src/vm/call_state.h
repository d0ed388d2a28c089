// The per-thread chain of host -> Wasm entries and the pending trap, and the
// entry trampoline that compiled code runs under.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>

#include "types/trap_code.h"
#include "types/trap.h"
#include "vm/vmcontext.h"

namespace kiln {

/// Saved by `kiln_enter_wasm` for each host -> Wasm entry: where to resume
/// when a trap unwinds the Wasm frames above it. The assembly reads and
/// writes these fields by offset, so the layout is fixed.
struct EntryRecord {
  uintptr_t stackPointer;   // rsp after the trampoline saved callee-saved registers
  uintptr_t framePointer;   // rbp of the trampoline's frame
  uintptr_t resumeAddress;  // where the trampoline returns "trapped"
  EntryRecord* previous;    // the enclosing entry, or null
  /// The activation's stack limit (the lowest rsp Wasm code may use), set by
  /// the thread's outermost entry and inherited by every nested one; 0: none.
  /// C++ reads it, the assembly does not.
  uintptr_t stackLimit;
};
static_assert(sizeof(EntryRecord) == 40);

struct VMContext;
union ValRaw;
struct VMException;

/// Where a raise resumes compiled code: three words the assembly of
/// `kiln_raise_trap` loads into rsp, rbp and the pc (an EntryRecord starts
/// with the same three).
struct ResumePoint {
  uintptr_t stackPointer;
  uintptr_t framePointer;
  uintptr_t resumeAddress;
};

/// Walks the frames from return address `pc` in the frame whose frame
/// pointer is `fp` along the rbp chain, up to the frame at `stopFp` (an
/// entry trampoline's, not included), for the first Wasm handler that
/// catches `exception`; fills `landing` with its landing pad. False when
/// none does. The compiler registers it, as it does FrameResolver: it knows
/// the handler tables, and walks with its module registry locked once.
using HandlerResolver = bool (*)(uintptr_t pc, uintptr_t fp, uintptr_t stopFp,
                                 VMException& exception, ResumePoint& landing);
void setHandlerResolver(HandlerResolver resolver);

/// How a call into compiled code ended early: a trap, or an exception that
/// no Wasm handler caught (owned by the store's ExceptionHeap).
struct Abrupt {
  std::optional<Trap> trap;
  VMException* exception = nullptr;
};

/// Bytes of a thread's stack that no stack limit reaches into: room for the
/// host code that runs below the lowest Wasm frame (a host function and the
/// runtime's call path into it, a libcall, the trap path). A thread whose
/// stack is smaller than `maxWasmStack` plus this gets stack-overflow traps
/// sooner, never a fault past its stack's end.
constexpr size_t kHostStackReserve = 128 * 1024;

/// Maps a pc inside compiled code to its backtrace frame; false outside any
/// compiled function. `faulting`: the pc is an instruction that faulted (a
/// trap site), else a return address. The compiler registers it: the VM sits
/// below the compiler and cannot call it.
using FrameResolver = bool (*)(uintptr_t pc, bool faulting, TrapFrame& frame);
void setFrameResolver(FrameResolver resolver);

/// One thread's Wasm call state. Plain data only: the signal handler reads
/// and writes it, so nothing here may allocate or lock.
class CallState {
 public:
  /// This thread's state.
  static CallState& current();
  /// How the entry that just returned "trapped" ended: the pending trap or
  /// exception, taken (a trap wins over an exception).
  Abrupt takeAbrupt();

  /// The innermost host -> Wasm entry, or null outside Wasm.
  EntryRecord* innermost() const { return innermost_; }
  void pushEntry(EntryRecord* record) {
    record->previous = innermost_;
    innermost_ = record;
  }
  void popEntry(EntryRecord* record) { innermost_ = record->previous; }

  /// The stack limit of a host -> Wasm entry made now, from a host frame at
  /// `stackPointer`. Inside an activation (an entry already active on this
  /// thread) it is the activation's: host -> Wasm -> host -> Wasm recursion
  /// shares one budget, however deep the host frames in between go. Else
  /// `maxWasmStack` below `stackPointer`, but never within
  /// `kHostStackReserve` of the end of the thread's stack (above
  /// `stackPointer` itself when less than that is left: the call then traps
  /// at once).
  uintptr_t entryStackLimit(uintptr_t stackPointer, size_t maxWasmStack) {
    // A nested entry never extends the activation's budget: host frames
    // between Wasm frames (a host function calling back into Wasm) count
    // against it too, so unbounded host <-> Wasm recursion ends in a trap.
    if (innermost_ && innermost_->stackLimit != 0) return innermost_->stackLimit;
    uintptr_t limit = stackPointer > maxWasmStack ? stackPointer - maxWasmStack : 0;
    if (!stackBoundsKnown_) learnStackBounds();
    // Only when this stack is the thread's own: code running on a stack the
    // embedder switched to (a fiber) gets the configured budget alone.
    if (stackPointer > stackLow_ && stackPointer <= stackHigh_ && limit < stackFloor_) {
      limit = stackFloor_;
    }
    return limit;
  }

  /// Records a trap (async-signal-safe). For a hardware fault, `address` is
  /// the address it touched; its pc starts the backtrace (recordStack).
  void recordTrap(TrapCode code, uintptr_t address = 0);
  /// Records a trap whose backtrace nobody reads (a host function's error
  /// that is not a trap, such as the guest's exit, replaces it): no frames
  /// are walked or resolved for it.
  void recordTrapWithoutBacktrace(TrapCode code) {
    recordTrap(code);
    backtraceWanted_ = false;
  }
  /// Records `code` unless a trap is already pending: a libcall records its
  /// precise trap and returns a sentinel, then compiled code raises.
  void recordTrapUnlessPending(TrapCode code);
  bool hasPendingTrap() const { return trapPending_; }
  TrapCode pendingTrapCode() const { return pendingCode_; }
  /// The address the last recorded hardware fault touched (kept after the
  /// trap is taken, for diagnostics).
  uintptr_t pendingFaultAddress() const { return pendingAddress_; }
  /// Records the pcs of the Wasm frames active at a trap, innermost first
  /// (async-signal-safe): `pc` in the frame whose frame pointer is `fp`, then
  /// the return addresses along the rbp chain up to the innermost entry's
  /// frame, counting all of them and keeping the innermost and outermost.
  /// Keeps the first trace recorded for a pending trap. `faulting`: `pc` is
  /// the instruction that faulted (the signal handler), else a return
  /// address (a trap raised through a libcall).
  void recordStack(uintptr_t pc, uintptr_t fp, bool faulting);
  /// The pending trap as a `Trap` with its backtrace, clearing it; nothing
  /// when none is pending.
  std::optional<Trap> takePendingTrap();
  /// Forgets a pending trap and exception: one left over from a libcall
  /// called outside any entry must not be mistaken for the next entry's.
  void discardPending() {
    trapPending_ = false;
    traceDepth_ = 0;
    pendingException_ = nullptr;
  }
  /// Installs the signal handlers and this thread's alternate signal stack
  /// (prepareThreadForWasm) before this thread's first entry; later, nothing.
  void prepareThread() {
    if (!threadPrepared_) prepareThreadOnce();
  }

  /// Records the exception being thrown (a `throw` libcall, a host function
  /// that threw); the raise that follows looks for its handler.
  void recordException(VMException* exception) { pendingException_ = exception; }
  bool hasPendingException() const { return pendingException_ != nullptr; }
  VMException* pendingException() const { return pendingException_; }
  /// The pending exception, clearing it; null when none.
  VMException* takePendingException() {
    VMException* exception = pendingException_;
    pendingException_ = nullptr;
    return exception;
  }
  /// Walks the Wasm frames from return address `pc` in the frame whose frame
  /// pointer is `fp` up to the innermost entry, for a handler of the pending
  /// exception. Found: the exception is taken and the landing pad returned.
  const ResumePoint* findHandler(uintptr_t pc, uintptr_t fp);

  /// A trap's backtrace keeps its innermost and its outermost frames; those
  /// in between of a deeper stack are counted (Trap::elidedFrames).
  static constexpr size_t kInnermostTraceFrames = 32;
  static constexpr size_t kOutermostTraceFrames = 32;

 private:
  void learnStackBounds();
  void prepareThreadOnce();
  /// Adds the next outer frame's pc to the trace (async-signal-safe).
  void tracePc(uintptr_t pc);

  EntryRecord* innermost_ = nullptr;
  bool threadPrepared_ = false;
  bool stackBoundsKnown_ = false;
  uintptr_t stackLow_ = 0;
  uintptr_t stackHigh_ = 0;
  uintptr_t stackFloor_ = 0;  // the lowest limit on this stack: kHostStackReserve above its end
  bool trapPending_ = false;
  TrapCode pendingCode_ = TrapCode::Unreachable;
  uintptr_t pendingAddress_ = 0;
  size_t traceDepth_ = 0;  // every frame walked, kept or not
  bool traceStartsAtFault_ = false;  // innermostPcs_[0] faulted; the rest are return addresses
  bool backtraceWanted_ = true;      // false after recordTrapWithoutBacktrace
  uintptr_t innermostPcs_[kInnermostTraceFrames] = {};
  uintptr_t outermostPcs_[kOutermostTraceFrames] = {};  // a ring: the latest frames walked
  VMException* pendingException_ = nullptr;
  ResumePoint landing_ = {};  // of the last handler found
};

/// Calls compiled code's array entry (`CompiledModule::arrayEntry`) as
/// `arrayEntry(vmctx, args)`, a host -> Wasm entry (nestable): the one way the
/// host enters compiled code. First stores the entry's stack limit
/// (`CallState::entryStackLimit`) in the callee's VMContext, the limit every
/// prologue checks (calls into other instances carry it along). Returns
/// nothing when it returned normally, or the trap or uncaught exception that
/// stopped it. `fuelCounter`: the store's fuel counter when the code meters
/// fuel (kept in a register while it runs), else null.
inline std::optional<Abrupt> callWasmFunction(const void* arrayEntry, VMContext* vmctx,
                                              ValRaw* args, size_t maxWasmStack,
                                              int64_t* fuelCounter);

/// Calls `target(context, args)`, any function with that System V signature
/// (the trampoline's own tests use hand-written stubs), as a host -> Wasm
/// entry. It runs under the enclosing activation's stack limit but stores
/// none anywhere; an outermost one starts an activation without a limit.
std::optional<Trap> callWasm(const void* target, void* context, void* args);

}  // namespace kiln

extern "C" {
/// The entry trampoline (assembly): saves callee-saved registers, fills
/// `record` (already pushed on the chain), calls `target(vmctx, args)`.
/// Returns 0 when the call returned, 1 when a trap resumed it. A non-null
/// `fuelCounter` is loaded into r13 for the call and stored back after it,
/// however it ended (src/compiler/x64/emit_fuel.cpp).
uint32_t kiln_enter_wasm(kiln::EntryRecord* record, const void* target, void* vmctx, void* args,
                         int64_t* fuelCounter);
/// Where `kiln_raise_trap` goes: `resume` (a ResumePoint or EntryRecord),
/// with `exception` in rdx for a landing pad.
struct KilnRaiseTarget {
  const void* resume;
  kiln::VMException* exception;
};
/// Used by the assembly of `kiln_raise_trap` (`returnAddress` into the
/// function whose frame pointer is `framePointer`). With an exception
/// pending and no trap, the landing pad of its handler if a Wasm frame of
/// the innermost entry has one. Else records the trap (unless one is
/// pending) and the stack for its backtrace, or leaves the exception
/// pending, and returns the innermost entry to resume. Aborts when called
/// outside any Wasm entry (a bug).
KilnRaiseTarget kiln_record_trap_for_raise(uint32_t code, uintptr_t returnAddress,
                                           uintptr_t framePointer);
}

namespace kiln {

namespace detail {
// initial-exec: the signal handler reads it, and must not trigger lazy TLS
// allocation; constinit: no guarded initialisation on each access.
extern __attribute__((tls_model("initial-exec"))) constinit thread_local CallState tlsCallState;

/// Both entries' path: a host -> Wasm call costs a few dozen instructions
/// besides the trampoline (docs/runtime.md), so it is inlined.
inline std::optional<Abrupt> enter(CallState& state, const void* target, void* context,
                                   void* args, uintptr_t stackLimit, int64_t* fuelCounter) {
  state.prepareThread();
  state.discardPending();
  EntryRecord record{};
  record.stackLimit = stackLimit;
  state.pushEntry(&record);
  uint32_t status = kiln_enter_wasm(&record, target, context, args, fuelCounter);
  state.popEntry(&record);
  if (status == 0) [[likely]] return std::nullopt;
  return state.takeAbrupt();
}
}  // namespace detail

inline CallState& CallState::current() { return detail::tlsCallState; }

inline std::optional<Abrupt> callWasmFunction(const void* arrayEntry, VMContext* vmctx,
                                              ValRaw* args, size_t maxWasmStack,
                                              int64_t* fuelCounter) {
  CallState& state = CallState::current();
  uintptr_t stackPointer = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  uintptr_t limit = state.entryStackLimit(stackPointer, maxWasmStack);
  reinterpret_cast<VMContextHeader*>(vmctx)->stackLimit = limit + kStackLimitSlack;
  return detail::enter(state, arrayEntry, vmctx, args, limit, fuelCounter);
}

}  // namespace kiln
