// A WebAssembly trap as the host sees it.
#pragma once

#include "kiln/api.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kiln/trap_code.h"

namespace kiln {

/// A place in the source a module was compiled from, per its DWARF line
/// table. `file` is the include directory joined with the file name as the
/// table gives them (as llvm-dwarfdump shows them); empty when the row names
/// a file the table does not list. Line 0 means "no line" (compiler-generated
/// code), column 0 "no column".
struct KILN_API SourceLocation {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;

  bool operator==(const SourceLocation&) const = default;
};

/// One frame of a Wasm backtrace.
struct KILN_API TrapFrame {
  uint32_t functionIndex = 0;
  /// The function's name as the module spells it (mangled, for C++ and
  /// Rust): from the name section, else its export name; empty when neither.
  std::string functionName;
  /// The module's name from its name section; empty when it has none.
  std::string moduleName;
  uint32_t codeOffset = 0;  // byte offset in the module of the instruction (the call, in callers)
  /// From the module's .debug_line section, when it has one covering the offset.
  std::optional<SourceLocation> source;
};

/// Why a call into Wasm stopped: its code, a human message and the Wasm
/// frames active at the trap, innermost first. A deep stack keeps its
/// innermost and its outermost frames: `elidedFrames` frames were left out
/// before `backtrace[elidedAt]`, so the stack was backtrace.size() +
/// elidedFrames frames deep.
struct KILN_API Trap {
  // Constructors rather than aggregate initialization, so that adding a field
  // does not leave every `Trap{code, message, {}}` short of an initializer.
  Trap() = default;
  Trap(TrapCode code, std::string message, std::vector<TrapFrame> backtrace = {})
      : code(code), message(std::move(message)), backtrace(std::move(backtrace)) {}

  TrapCode code = TrapCode::Unreachable;
  std::string message;
  std::vector<TrapFrame> backtrace;
  size_t elidedFrames = 0;
  size_t elidedAt = 0;

  /// A trap with the spec's message for `code`.
  static Trap fromCode(TrapCode code);
};

}  // namespace kiln
