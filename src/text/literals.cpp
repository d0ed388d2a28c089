#include "text/literals.h"

#include <locale.h>
#include <stdlib.h>

#include <cmath>
#include <cstring>

#include "text/lexer.h"
#include "text/utf8.h"

namespace kiln::text {

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The magnitude of an unsigned decimal or 0x-hexadecimal literal.
LiteralError parseMagnitude(std::string_view text, uint64_t& value) {
  unsigned base = 10;
  if (text.starts_with("0x")) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return LiteralError::Malformed;
  uint64_t result = 0;
  bool overflow = false;
  for (char c : text) {
    if (c == '_') continue;
    int digit = base == 16 ? hexValue(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
    if (digit < 0) return LiteralError::Malformed;
    if (result > (UINT64_MAX - uint64_t(digit)) / base) overflow = true;
    result = result * base + uint64_t(digit);
  }
  if (overflow) return LiteralError::OutOfRange;
  value = result;
  return LiteralError::None;
}

// The C locale, so that a host program's locale never changes how "1.5"
// reads.
locale_t cLocale() {
  static locale_t locale = newlocale(LC_ALL_MASK, "C", locale_t(0));
  return locale;
}

// IEEE layout of one float type.
struct FloatLayout {
  unsigned mantissaBits;
  uint64_t signBit;
  uint64_t exponentMask;
};

constexpr FloatLayout kF32Layout{23, 0x80000000u, 0x7F800000u};
constexpr FloatLayout kF64Layout{52, 0x8000000000000000u, 0x7FF0000000000000u};

template <class Float>
LiteralError parseFloat(std::string_view text, const FloatLayout& layout, uint64_t& bits) {
  const bool negative = text.starts_with('-');
  std::string_view rest = text;
  if (negative || text.starts_with('+')) rest.remove_prefix(1);
  const uint64_t sign = negative ? layout.signBit : 0;
  const uint64_t mantissaMask = (uint64_t(1) << layout.mantissaBits) - 1;
  if (rest == "inf") {
    bits = sign | layout.exponentMask;
    return LiteralError::None;
  }
  if (rest == "nan") {
    bits = sign | layout.exponentMask | (uint64_t(1) << (layout.mantissaBits - 1));
    return LiteralError::None;
  }
  if (rest.starts_with("nan:")) {
    uint64_t payload = 0;
    std::string_view digits = rest.substr(4);
    if (!digits.starts_with("0x")) return LiteralError::Malformed;
    LiteralError error = parseMagnitude(digits, payload);
    if (error != LiteralError::None) return error;
    if (payload == 0 || payload > mantissaMask) return LiteralError::OutOfRange;
    bits = sign | layout.exponentMask | payload;
    return LiteralError::None;
  }
  TokenKind kind = classifyNumber(text);
  if (kind != TokenKind::Nat && kind != TokenKind::Int && kind != TokenKind::Float) {
    return LiteralError::Malformed;
  }
  // strtod wants a terminated string without the digit separators.
  char small[128];
  std::string large;
  char* buffer = small;
  if (text.size() >= sizeof small) {
    large.resize(text.size() + 1);
    buffer = large.data();
  }
  size_t length = 0;
  for (char c : text) {
    if (c != '_') buffer[length++] = c;
  }
  buffer[length] = '\0';
  char* end = nullptr;
  Float value;
  if constexpr (sizeof(Float) == 4) {
    value = strtof_l(buffer, &end, cLocale());
  } else {
    value = strtod_l(buffer, &end, cLocale());
  }
  if (end != buffer + length) return LiteralError::Malformed;
  if (std::isinf(value)) return LiteralError::OutOfRange;
  if constexpr (sizeof(Float) == 4) {
    uint32_t raw;
    std::memcpy(&raw, &value, 4);
    bits = raw;
  } else {
    std::memcpy(&bits, &value, 8);
  }
  return LiteralError::None;
}

template <class Out>
void decodeStringInto(std::string_view raw, Out& out) {
  // Strip the quotes; the lexer has checked every escape. The bytes are at
  // most as many as the characters, so the output grows once.
  std::string_view body = raw.substr(1, raw.size() - 2);
  const size_t start = out.size();
  out.resize(start + body.size());
  auto* write = reinterpret_cast<uint8_t*>(out.data()) + start;
  const char* read = body.data();
  const char* const end = read + body.size();
  while (read < end) {
    const char* slash = static_cast<const char*>(std::memchr(read, '\\', size_t(end - read)));
    const char* plainEnd = slash ? slash : end;
    std::memcpy(write, read, size_t(plainEnd - read));
    write += plainEnd - read;
    if (!slash) break;
    read = slash + 1;
    const char e = *read;
    switch (e) {
      case 'n': *write++ = '\n'; ++read; break;
      case 'r': *write++ = '\r'; ++read; break;
      case 't': *write++ = '\t'; ++read; break;
      case '\\': *write++ = '\\'; ++read; break;
      case '\'': *write++ = '\''; ++read; break;
      case '"': *write++ = '"'; ++read; break;
      case 'u': {
        uint32_t value = 0;
        for (read += 2; *read != '}'; ++read) {
          if (*read != '_') value = value * 16 + uint32_t(hexValue(*read));
        }
        ++read;
        std::string encoded;
        appendUtf8(encoded, value);
        std::memcpy(write, encoded.data(), encoded.size());
        write += encoded.size();
        break;
      }
      default:
        *write++ = uint8_t(hexValue(e) * 16 + hexValue(read[1]));
        read += 2;
        break;
    }
  }
  out.resize(size_t(write - reinterpret_cast<uint8_t*>(out.data())));
}

}  // namespace

LiteralError parseUnsigned(std::string_view text, uint64_t max, uint64_t& value) {
  if (text.empty() || text[0] == '+' || text[0] == '-') return LiteralError::Malformed;
  uint64_t magnitude = 0;
  LiteralError error = parseMagnitude(text, magnitude);
  if (error != LiteralError::None) return error;
  if (magnitude > max) return LiteralError::OutOfRange;
  value = magnitude;
  return LiteralError::None;
}

LiteralError parseInteger(std::string_view text, unsigned bits, uint64_t& value) {
  const bool negative = text.starts_with('-');
  if (negative || text.starts_with('+')) text.remove_prefix(1);
  uint64_t magnitude = 0;
  LiteralError error = parseMagnitude(text, magnitude);
  if (error != LiteralError::None) return error;
  const uint64_t mask = bits == 64 ? UINT64_MAX : (uint64_t(1) << bits) - 1;
  if (negative) {
    if (magnitude > (uint64_t(1) << (bits - 1))) return LiteralError::OutOfRange;
    value = (0 - magnitude) & mask;
  } else {
    if (magnitude > mask) return LiteralError::OutOfRange;
    value = magnitude;
  }
  return LiteralError::None;
}

LiteralError parseF32(std::string_view text, uint32_t& bits) {
  uint64_t wide = 0;
  LiteralError error = parseFloat<float>(text, kF32Layout, wide);
  bits = uint32_t(wide);
  return error;
}

LiteralError parseF64(std::string_view text, uint64_t& bits) {
  return parseFloat<double>(text, kF64Layout, bits);
}

void decodeString(std::string_view raw, std::string& out) { decodeStringInto(raw, out); }

void decodeString(std::string_view raw, std::vector<uint8_t>& out) { decodeStringInto(raw, out); }

}  // namespace kiln::text
