// Every live module's code, by address: traps resolve their backtrace frames
// and exceptions find their handlers here, whichever way the code was
// compiled (eagerly in one block, or lazily function by function).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "binary/debug_line.h"
#include "binary/module.h"
#include "compiler/x64/handler_table.h"
#include "types/trap.h"
#include "vm/call_state.h"
#include "vm/exception.h"

namespace kiln::x64 {

/// A module's code as the registry sees it: one address range.
class RegisteredCode {
 public:
  virtual ~RegisteredCode() = default;
  virtual bool contains(uintptr_t address) const = 0;
  /// The backtrace frame of a return address or (`faulting`) a faulting pc.
  virtual bool frameAt(uintptr_t pc, bool faulting, TrapFrame& frame) const = 0;
  /// The handler of the frame at `fp`, running at return address `pc`,
  /// whose clause catches `exception`.
  virtual bool handlerAt(uintptr_t pc, uintptr_t fp, VMException& exception,
                         ResumePoint& landing) const = 0;
};

/// Declares the code of `code` (which starts at `begin`) until unregistered.
void registerCode(uintptr_t begin, const RegisteredCode* code);
void unregisterCode(uintptr_t begin);

/// What a backtrace frame says of a module's functions: index, name, module
/// name, Wasm offset and source line (from the module's DWARF, read once).
class FrameDescriber {
 public:
  explicit FrameDescriber(const WasmModule& module) : module_(module) {}
  /// Fills `frame` for defined function `defined` at module byte offset
  /// `wasmOffset` (nothing: the function's first instruction).
  void describe(uint32_t defined, std::optional<uint32_t> wasmOffset, TrapFrame& frame) const;

 private:
  const LineTable& lineTable() const;
  std::string functionName(uint32_t index) const;

  const WasmModule& module_;
  mutable std::once_flag lineTableRead_;
  mutable LineTable lineTable_;
};

/// The landing pad of `function` (which starts at address `functionStart`)
/// for an exception raised at function code offset `inside`, in the frame
/// at `fp`, if one of its clauses catches `exception`.
bool landingPadFor(const FunctionHandlers& function, uint32_t inside, uintptr_t functionStart,
                   uintptr_t fp, VMException& exception, ResumePoint& landing);

}  // namespace kiln::x64
