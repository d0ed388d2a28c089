// The per-thread chain of host -> Wasm entries and the pending trap, and the
// entry trampoline that compiled code runs under.
#pragma once

#include <cstdint>
#include <optional>

#include "types/trap_code.h"
#include "types/trap.h"

namespace kiln {

/// Saved by `kiln_enter_wasm` for each host -> Wasm entry: where to resume
/// when a trap unwinds the Wasm frames above it. The assembly reads and
/// writes these fields by offset, so the layout is fixed.
struct EntryRecord {
  uintptr_t stackPointer;   // rsp after the trampoline saved callee-saved registers
  uintptr_t framePointer;   // rbp of the trampoline's frame
  uintptr_t resumeAddress;  // where the trampoline returns "trapped"
  EntryRecord* previous;    // the enclosing entry, or null
};
static_assert(sizeof(EntryRecord) == 32);

/// Maps a pc inside compiled code (a faulting instruction or a return
/// address) to its backtrace frame; false outside any compiled function.
/// The compiler registers it: the VM sits below the compiler and cannot call it.
using FrameResolver = bool (*)(uintptr_t pc, TrapFrame& frame);
void setFrameResolver(FrameResolver resolver);

/// One thread's Wasm call state. Plain data only: the signal handler reads
/// and writes it, so nothing here may allocate or lock.
class CallState {
 public:
  /// This thread's state.
  static CallState& current();

  /// The innermost host -> Wasm entry, or null outside Wasm.
  EntryRecord* innermost() const { return innermost_; }
  void pushEntry(EntryRecord* record);
  void popEntry(EntryRecord* record);

  /// Records a trap (async-signal-safe). For a hardware fault, `address` is
  /// the address it touched; its pc starts the backtrace (recordStack).
  void recordTrap(TrapCode code, uintptr_t address = 0);
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
  /// frame. Keeps the first trace recorded for a pending trap.
  void recordStack(uintptr_t pc, uintptr_t fp);
  /// The pending trap as a `Trap` with its backtrace, clearing it; nothing
  /// when none is pending.
  std::optional<Trap> takePendingTrap();

  /// The innermost frames a trap's backtrace keeps.
  static constexpr size_t kMaxTraceFrames = 64;

 private:
  EntryRecord* innermost_ = nullptr;
  bool trapPending_ = false;
  TrapCode pendingCode_ = TrapCode::Unreachable;
  uintptr_t pendingAddress_ = 0;
  size_t traceDepth_ = 0;
  uintptr_t tracePcs_[kMaxTraceFrames] = {};
};

/// Calls `target(vmctx, args)` — compiled Wasm code, or any function with that
/// System V signature — as a host -> Wasm entry (nestable). Returns nothing
/// when it returned normally, or the trap that stopped it.
std::optional<Trap> callWasm(const void* target, void* vmctx, void* args);

}  // namespace kiln

extern "C" {
/// The entry trampoline (assembly): saves callee-saved registers, fills
/// `record` (already pushed on the chain), calls `target(vmctx, args)`.
/// Returns 0 when the call returned, 1 when a trap resumed it.
uint32_t kiln_enter_wasm(kiln::EntryRecord* record, const void* target, void* vmctx, void* args);
/// Used by the assembly of `kiln_raise_trap`: records the trap and the stack
/// of the compiled code that raised it (`returnAddress` into the function
/// whose frame pointer is `framePointer`), and returns the entry to resume.
/// Aborts when called outside any Wasm entry (a bug).
kiln::EntryRecord* kiln_record_trap_for_raise(uint32_t code, uintptr_t returnAddress,
                                              uintptr_t framePointer);
}
