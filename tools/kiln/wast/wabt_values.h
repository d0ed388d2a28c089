// Converting the constants of a wabt-parsed spec script to Kiln values.
#pragma once

#include <string>

#include <wabt/ir.h>

#include "kiln/val.h"
#include "kiln/expected.h"
#include "wast/expected_value.h"

namespace kiln {

/// An invoke argument: the constant as a Kiln value (`ref.extern N` as
/// `hostExternRef(N)`). Fails for a type Kiln has no values of.
Expected<Val, std::string> argumentFromConst(const wabt::Const& constant);

/// An assert_return result: exact value, NaN pattern, per-lane patterns or
/// "any function".
Expected<ExpectedValue, std::string> expectedFromConst(const wabt::Const& constant);

}  // namespace kiln
