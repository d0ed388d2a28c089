// Turning hardware faults in compiled Wasm code into traps, and passing every
// other fault on to whoever handled it before Kiln.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

#include "types/trap_code.h"

namespace kiln {

/// A faulting instruction of compiled code: its offset from the start of the
/// code range, the trap it means and the byte offset in the module of the
/// instruction it compiles. Kept apart from the return addresses' source
/// positions: an instruction right after a call starts at the call's return
/// address, so one code offset can be both.
struct TrapSite {
  uint32_t codeOffset;
  TrapCode code;
  uint32_t wasmOffset;
};

/// Installs the SIGSEGV/SIGBUS/SIGILL/SIGFPE handlers (once per process) and
/// this thread's alternate signal stack (once per thread). Called on every
/// host -> Wasm entry; cheap after the first time.
void prepareThreadForWasm();

/// Declares [begin, begin + size) as compiled Wasm code. `sites` must be
/// sorted by offset and stay alive until the range is unregistered. A fault
/// at a listed site becomes that trap; an unlisted fault in the range becomes
/// a trap only when it hits a guarded memory.
void registerCodeRange(const void* begin, size_t size, std::span<const TrapSite> sites);
void unregisterCodeRange(const void* begin);

/// Declares a memory reservation whose inaccessible pages are guards: a fault
/// there from compiled code is an out-of-bounds access.
void registerGuardedRegion(const void* begin, size_t size);
void unregisterGuardedRegion(const void* begin);

/// What a fault at `pc` touching `address` means, if it is a Wasm trap
/// (exposed for tests; the signal handler uses it).
bool classifyFault(uintptr_t pc, uintptr_t address, int signal, TrapCode* code);

}  // namespace kiln
