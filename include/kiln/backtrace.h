// Wasm backtraces as people read them: demangled names, module names, source
// lines, and deep stacks shortened in the middle.
#pragma once

#include "kiln/api.h"

#include <string>
#include <string_view>

#include "kiln/trap.h"

namespace kiln {

/// `symbol` demangled when it is a mangled C++ (Itanium) or Rust name
/// (legacy, without its hash suffix, or v0); else `symbol` itself.
KILN_API std::string demangle(std::string_view symbol);

/// The name a backtrace shows for `frame`: its function name demangled,
/// else "func[N]".
KILN_API std::string frameName(const TrapFrame& frame);

/// `trap`'s backtrace, one line per frame, innermost first, each as
///   "  #N MODULE!NAME @ 0xOFFSET"    followed by " at FILE:LINE:COLUMN" when
/// the frame has a source location. MODULE is the module's own name, else
/// `defaultModuleName`; without either the line shows NAME alone. Elided
/// frames are one line "  ... N frames elided ...", and the frames after it
/// keep their true depth. Empty when the trap has no frames.
KILN_API std::string formatBacktrace(const Trap& trap, std::string_view defaultModuleName = {});

}  // namespace kiln
