// The values of a parsed spec script (text/script.h) as Kiln values: invoke
// arguments, and the expectations of assert_return.
#pragma once

#include <string>
#include <vector>

#include "kiln/val.h"
#include "text/script.h"
#include "kiln/expected.h"
#include "wast/expected_value.h"

namespace kiln {

/// An invoke argument as a Kiln value (`ref.extern N` as `hostExternRef(N)`).
/// Fails for a value Kiln has no type for yet.
Expected<Val, std::string> argumentFromScript(const text::ScriptValue& value);

/// One alternative of an expected result: exact value, NaN pattern,
/// per-lane patterns, or "any function", "any null", ...
Expected<ExpectedValue, std::string> expectedFromScript(const text::ScriptValue& value);

/// An expected result: its alternatives (more than one for `either`).
Expected<std::vector<ExpectedValue>, std::string> expectedFromPattern(
    const text::ResultPattern& pattern);

}  // namespace kiln
