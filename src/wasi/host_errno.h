// Translation of host (Linux) errno values to WASI errno values.
#pragma once

#include "wasi/wasi_abi.h"

namespace kiln::wasi {

/// The WASI errno for host errno `error` (Errno::Io for ones WASI lacks).
Errno errnoFromHost(int error);

/// errnoFromHost(errno), for the usual "a syscall just failed" case.
Errno lastHostErrno();

}  // namespace kiln::wasi
