// Matching a trap against the text a spec script expects for it.
#pragma once

#include <string_view>

#include "kiln/trap_code.h"

namespace kiln {

/// True when a trap with `code` is the trap a script describes as
/// `expected`: the spec's wording for the code (trapMessage) contains the
/// text, or the text is one of the suite's other wordings of the same trap
/// ("undefined element" for an out-of-bounds call_indirect index,
/// "uninitialized element N" for a null entry). The code decides, never the
/// message a trap carries (a host function's trap may say anything).
bool trapMatchesText(TrapCode code, std::string_view expected);

}  // namespace kiln
