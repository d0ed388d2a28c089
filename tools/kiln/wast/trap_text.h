// Matching a trap against the text a spec script expects for it.
#pragma once

#include <string_view>

#include "kiln/trap.h"

namespace kiln {

/// True when `trap` is the trap a script describes as `expected`: its message
/// contains the text, or the text is one of the suite's other wordings of the
/// same trap ("undefined element" for an out-of-bounds call_indirect index,
/// "uninitialized element N" for a null entry).
bool trapMatchesText(const Trap& trap, std::string_view expected);

}  // namespace kiln
