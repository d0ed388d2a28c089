// The x86-64 assembler the compiler emits through: asmjit's, plus the few
// sequences the compiler writes the same way everywhere (moves and memory
// accesses by value type, calls of libcalls).
#pragma once

#include <asmjit/x86.h>

#include "compiler/x64/registers.h"
#include "types/value_type.h"
#include "vm/libcalls.h"

namespace kiln::x64 {

class MacroAssembler : public x86::Assembler {
 public:
  explicit MacroAssembler(asmjit::CodeHolder* code) : x86::Assembler(code) {}

  /// Loads a `type` value from `src` into `dst` (an XMM register for floats
  /// and vectors; an i32 zero-extends into the 64-bit register).
  void load(ValType type, Reg dst, x86::Mem src);
  /// Stores `src`, a register of `type`'s class, to `dst`: 4 bytes for f32,
  /// 16 for v128, 8 for everything else (an i32's register is zero-extended).
  void store(ValType type, x86::Mem dst, Reg src);
  /// Copies `src` to `dst`, both of one class, whole.
  void move(Reg dst, Reg src);
  /// Copies 8 bytes from memory to memory through the scratch register.
  void copyQword(x86::Mem dst, x86::Mem src);
  /// Copies a `type` value from memory to memory: 8 bytes through the
  /// scratch register, or a v128's 16 through the scratch XMM register.
  void copyValue(ValType type, x86::Mem dst, x86::Mem src);
  /// Calls libcall `call` through the vmctx's table (r14), loading the table
  /// into `through` (which the call may clobber). Listings name the routine.
  void callLibCall(LibCall call, Reg through = kRax);
};

}  // namespace kiln::x64
