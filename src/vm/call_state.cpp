#include "vm/call_state.h"

#include <cstdlib>

#include "vm/signal_handler.h"

namespace kiln {

namespace {
// initial-exec: the signal handler reads it, and must not trigger lazy TLS allocation.
__attribute__((tls_model("initial-exec"))) thread_local CallState tlsCallState;
}  // namespace

CallState& CallState::current() { return tlsCallState; }

void CallState::pushEntry(EntryRecord* record) {
  record->previous = innermost_;
  innermost_ = record;
}

void CallState::popEntry(EntryRecord* record) { innermost_ = record->previous; }

void CallState::recordTrap(TrapCode code, uintptr_t pc, uintptr_t address) {
  pendingCode_ = code;
  pendingPc_ = pc;
  pendingAddress_ = address;
  trapPending_ = true;
}

void CallState::recordTrapUnlessPending(TrapCode code) {
  if (!trapPending_) recordTrap(code);
}

std::optional<Trap> CallState::takePendingTrap() {
  if (!trapPending_) return std::nullopt;
  trapPending_ = false;
  return Trap::fromCode(pendingCode_);
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

kiln::EntryRecord* kiln_record_trap_for_raise(uint32_t code) {
  kiln::CallState& state = kiln::CallState::current();
  if (!state.innermost()) std::abort();
  state.recordTrapUnlessPending(static_cast<kiln::TrapCode>(code));
  return state.innermost();
}
