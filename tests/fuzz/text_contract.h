// The promise the text layer makes for any input, however hostile: it
// returns a binary module (or a script), or a TextError that says where
// (a line and column inside the text) and what. The text fuzz target and
// the regression test both check it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kiln::fuzz {

/// How parsing `text` as a module and as a script breaks the contract, or
/// nullopt when both keep it.
std::optional<std::string> textContractViolation(std::string_view text);

}  // namespace kiln::fuzz
