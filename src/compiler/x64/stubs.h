// Trampolines between the host's calling conventions and Kiln's native one.
#pragma once

#include <asmjit/x86.h>

#include <cstddef>
#include <cstdint>

#include "types/func_type.h"

namespace kiln::x64 {

/// Emits the array-call entry `entry(VMContext* vmctx, ValRaw* args)` of a
/// function of `type` whose native code starts `target` bytes from the start
/// of `a`'s code (negative: functions are placed before their entries): loads
/// the arguments from the 16-byte slots, calls with callee = caller = vmctx,
/// stores the results back. The stack limit is already in vmctx: the host
/// side of the entry (`kiln::callWasmFunction`) stores the activation's.
void emitArrayEntry(asmjit::x86::Assembler& a, const FuncType& type, int64_t target);

/// Emits the host-call stub for `type` (see VMHostFunction): native
/// convention in, ValRaw array out, trap raised through the caller's vmctx.
/// With `meterFuel`, the callback sees the fuel counter kept in r13.
void emitHostCallStub(asmjit::x86::Assembler& a, const FuncType& type, bool meterFuel);

}  // namespace kiln::x64
