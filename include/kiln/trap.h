// A WebAssembly trap as the host sees it.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kiln/trap_code.h"

namespace kiln {

/// One frame of a Wasm backtrace.
struct TrapFrame {
  uint32_t functionIndex = 0;
  std::string functionName;  // from the name section; empty when absent
  uint32_t codeOffset = 0;   // byte offset in the module of the trapping instruction
};

/// Why a call into Wasm stopped: its code, a human message and (once the
/// compiler records frame ranges) the Wasm frames active at the trap.
struct Trap {
  // Constructors rather than aggregate initialization, so that adding a field
  // does not leave every `Trap{code, message, {}}` short of an initializer.
  Trap() = default;
  Trap(TrapCode code, std::string message, std::vector<TrapFrame> backtrace = {})
      : code(code), message(std::move(message)), backtrace(std::move(backtrace)) {}

  TrapCode code = TrapCode::Unreachable;
  std::string message;
  std::vector<TrapFrame> backtrace;

  /// A trap with the spec's message for `code`.
  static Trap fromCode(TrapCode code);
};

}  // namespace kiln
