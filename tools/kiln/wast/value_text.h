// Values as text: parsing command-line arguments into typed values and
// printing values, for `kiln run` and the messages of `kiln wast`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kiln/val.h"
#include "kiln/expected.h"

namespace kiln {

/// The externref the text format writes `ref.extern N`: an opaque host value
/// that Kiln never dereferences. It is the pointer N + 1 so that
/// `ref.extern 0` is not the null reference.
Val hostExternRef(uint64_t n);

/// Parses `text` as a value of `type`:
///   i32, i64  decimal (signed, or unsigned up to the type's width) or 0x hex,
///             optionally negated, e.g. "-1", "4294967295", "0xffffffff";
///   f32, f64  a decimal or hex float ("1.5", "-0x1p-3"), "inf", "-inf",
///             "nan", "-nan" or "nan:0xPAYLOAD" (raw mantissa bits);
///   funcref, externref  only "null";
///   v128      "i32x4" and four i32 lanes, lane 0 first, e.g. "i32x4 1 -2 0x3 4".
/// The error says what was expected.
Expected<Val, std::string> parseValue(ValType type, std::string_view text);

/// The value as `kiln run` prints it: i32/i64 as signed decimal, floats as
/// the shortest decimal that reads back to the same bits ("inf", "nan",
/// "nan:0x200000" for a non-canonical payload), v128 as its i32x4 lanes in
/// hex ("i32x4 0x00000001 0x00000002 0x00000003 0x00000004"), references as "null", "ref.func" or
/// "ref.extern N".
std::string formatValue(const Val& value);

/// The value with its type and, for floats and v128, its exact bits:
/// "i32:-1", "f32:1.5 (0x3fc00000)". Used where bits matter (test failures).
std::string describeValue(const Val& value);

}  // namespace kiln
