// The values of literal tokens: integers, floats (decimal, hexadecimal, inf,
// nan, nan:0x...) and strings. The lexer has checked each token's shape;
// these functions compute the value and check its range.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::text {

/// Why a literal has no value of the wanted type.
enum class LiteralError : uint8_t { None, Malformed, OutOfRange };

/// An unsigned literal (Nat token) up to `max`.
LiteralError parseUnsigned(std::string_view text, uint64_t max, uint64_t& value);

/// An integer of `bits` (8, 16, 32 or 64) as the text format writes them: a
/// signed value down to -2^(bits-1) or an unsigned one up to 2^bits - 1,
/// returned as its two's-complement bits.
LiteralError parseInteger(std::string_view text, unsigned bits, uint64_t& value);

/// A float literal (or an integer one) as IEEE bits, rounded to nearest even;
/// a value that rounds to infinity is out of range, as is a NaN payload that
/// is zero or does not fit.
LiteralError parseF32(std::string_view text, uint32_t& bits);
LiteralError parseF64(std::string_view text, uint64_t& bits);

/// Appends the bytes a string token (with its quotes) stands for. The lexer
/// has checked its escapes.
void decodeString(std::string_view raw, std::string& out);
void decodeString(std::string_view raw, std::vector<uint8_t>& out);

}  // namespace kiln::text
