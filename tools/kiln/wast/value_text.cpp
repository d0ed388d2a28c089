#include "wast/value_text.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <optional>
#include <system_error>

namespace kiln {

namespace {

// IEEE layouts of the two float types, so one set of routines serves both.
struct FloatLayout {
  int mantissaBits;
  uint64_t signBit;
  uint64_t exponentMask;
  uint64_t mantissaMask;
  uint64_t quietBit;
};
constexpr FloatLayout kF32Layout{23, 0x80000000u, 0x7f800000u, 0x007fffffu, 0x00400000u};
constexpr FloatLayout kF64Layout{52, 0x8000000000000000u, 0x7ff0000000000000u,
                                 0x000fffffffffffffu, 0x0008000000000000u};

std::string hex(uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
  return buffer;
}

// Strips a leading '+' or '-'; true when it was '-'.
bool takeSign(std::string_view& text) {
  if (text.empty() || (text[0] != '+' && text[0] != '-')) return false;
  bool negative = text[0] == '-';
  text.remove_prefix(1);
  return negative;
}

bool takeHexPrefix(std::string_view& text) {
  if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) return false;
  text.remove_prefix(2);
  return true;
}

// Parses all of `text` as an unsigned number in `base`; nothing on a stray
// character or overflow of 64 bits.
std::optional<uint64_t> parseUnsigned(std::string_view text, int base) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return {};
  return value;
}

// An integer of `bits` bits, from either its signed or unsigned reading.
Expected<uint64_t, std::string> parseInteger(std::string_view text, int bits) {
  std::string_view digits = text;
  bool negative = takeSign(digits);
  int base = takeHexPrefix(digits) ? 16 : 10;
  auto magnitude = parseUnsigned(digits, base);
  uint64_t unsignedMax = bits == 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
  uint64_t negativeMax = uint64_t(1) << (bits - 1);
  if (!magnitude || *magnitude > (negative ? negativeMax : unsignedMax)) {
    return Unexpected{"expected an i" + std::to_string(bits) + ", got '" + std::string(text) + "'"};
  }
  uint64_t value = negative ? 0 - *magnitude : *magnitude;
  return value & unsignedMax;
}

// A finite float from decimal or 0x-prefixed hex digits, sign already taken.
template <class F>
std::optional<F> parseFiniteFloat(std::string_view text) {
  auto format = takeHexPrefix(text) ? std::chars_format::hex : std::chars_format::general;
  // from_chars would also read "inf" and "nan" and a second sign; the caller
  // handles the first two and a sign is not a digit.
  if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '.')) {
    return {};
  }
  F value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, format);
  if (error != std::errc() || end != text.data() + text.size()) return {};
  return value;
}

// The bits of a float of `layout` written as `text`.
template <class F, class Bits>
Expected<uint64_t, std::string> parseFloat(std::string_view text, const FloatLayout& layout,
                                           const char* typeName) {
  std::string_view rest = text;
  uint64_t sign = takeSign(rest) ? layout.signBit : 0;
  auto error = [&] {
    return Unexpected{std::string("expected an ") + typeName + ", got '" + std::string(text) + "'"};
  };
  if (rest == "inf" || rest == "infinity") return sign | layout.exponentMask;
  if (rest == "nan") return sign | layout.exponentMask | layout.quietBit;
  if (rest.substr(0, 4) == "nan:") {
    std::string_view payloadText = rest.substr(4);
    if (!takeHexPrefix(payloadText)) return error();
    auto payload = parseUnsigned(payloadText, 16);
    if (!payload || *payload == 0 || *payload > layout.mantissaMask) return error();
    return sign | layout.exponentMask | *payload;
  }
  auto value = parseFiniteFloat<F>(rest);
  if (!value) return error();
  Bits bits;
  std::memcpy(&bits, &*value, sizeof bits);
  return sign | bits;
}

// A float's text: shortest round-trip decimal, or inf / nan[:payload].
template <class F>
std::string formatFloat(uint64_t bits, const FloatLayout& layout) {
  std::string sign = (bits & layout.signBit) ? "-" : "";
  uint64_t mantissa = bits & layout.mantissaMask;
  if ((bits & layout.exponentMask) == layout.exponentMask) {
    if (mantissa == 0) return sign + "inf";
    if (mantissa == layout.quietBit) return sign + "nan";
    return sign + "nan:" + hex(mantissa);
  }
  F value;
  if constexpr (sizeof(F) == 4) {
    uint32_t narrow = uint32_t(bits);
    std::memcpy(&value, &narrow, sizeof value);
  } else {
    std::memcpy(&value, &bits, sizeof value);
  }
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  (void)error;  // 64 bytes hold any shortest representation
  return std::string(buffer, end);
}

std::string formatV128(const V128& bytes) {
  std::string out = "i32x4";
  char lane[16];
  for (size_t i = 0; i < 4; ++i) {
    uint32_t bits;
    std::memcpy(&bits, bytes.data() + 4 * i, 4);
    std::snprintf(lane, sizeof lane, " 0x%08x", bits);
    out += lane;
  }
  return out;
}

// As the text format writes one: "i32x4" and four i32 lanes (any integer
// syntax), lane 0 first, separated by single spaces.
Expected<Val, std::string> parseV128(std::string_view text) {
  auto malformed = [&](const std::string& why) {
    return Unexpected{"expected a v128 as 'i32x4' and four i32 lanes, got '" + std::string(text) +
                      "'" + why};
  };
  if (!text.starts_with("i32x4 ")) return malformed("");
  std::string_view rest = text.substr(6);
  V128 bytes{};
  for (size_t i = 0; i < 4; ++i) {
    size_t space = rest.find(' ');
    if ((space == std::string_view::npos) != (i == 3)) return malformed(": not four lanes");
    auto bits = parseInteger(rest.substr(0, space), 32);
    if (!bits) return malformed(": " + bits.error());
    uint32_t lane = uint32_t(*bits);
    std::memcpy(bytes.data() + 4 * i, &lane, 4);
    rest = i == 3 ? std::string_view() : rest.substr(space + 1);
  }
  return Val::v128(bytes);
}

}  // namespace

Val hostExternRef(uint64_t n) {
  return Val::externRef(reinterpret_cast<void*>(static_cast<uintptr_t>(n + 1)));
}

Expected<Val, std::string> parseValue(ValType type, std::string_view text) {
  switch (type.kind()) {
    case ValKind::I32: {
      auto bits = parseInteger(text, 32);
      if (!bits) return Unexpected{bits.error()};
      return Val::i32(int32_t(uint32_t(*bits)));
    }
    case ValKind::I64: {
      auto bits = parseInteger(text, 64);
      if (!bits) return Unexpected{bits.error()};
      return Val::i64(int64_t(*bits));
    }
    case ValKind::F32: {
      auto bits = parseFloat<float, uint32_t>(text, kF32Layout, "f32");
      if (!bits) return Unexpected{bits.error()};
      return Val::f32Bits(uint32_t(*bits));
    }
    case ValKind::F64: {
      auto bits = parseFloat<double, uint64_t>(text, kF64Layout, "f64");
      if (!bits) return Unexpected{bits.error()};
      return Val::f64Bits(*bits);
    }
    case ValKind::Ref:
      if (text == "null") return Val::nullRef(type);
      return Unexpected{"expected null for a " + std::string(toString(type)) + ", got '" +
                        std::string(text) + "'"};
    case ValKind::V128:
      return parseV128(text);
  }
  return Unexpected{std::string("cannot pass a ") + std::string(toString(type)) +
                    " on the command line"};
}

std::string formatValue(const Val& value) {
  switch (value.type().kind()) {
    case ValKind::I32: return std::to_string(value.i32());
    case ValKind::I64: return std::to_string(value.i64());
    case ValKind::F32: return formatFloat<float>(value.f32Bits(), kF32Layout);
    case ValKind::F64: return formatFloat<double>(value.f64Bits(), kF64Layout);
    case ValKind::V128: return formatV128(value.v128());
    case ValKind::Ref:
      if (value.isNullRef()) return "null";
      if (value.type().heapType() == HeapType::kExtern) {
        return "ref.extern " + std::to_string(reinterpret_cast<uintptr_t>(value.ref()) - 1);
      }
      return "ref.func";
  }
  return "?";
}

std::string describeValue(const Val& value) {
  std::string out = std::string(toString(value.type())) + ":" + formatValue(value);
  if (value.type() == ValType::F32) out += " (" + hex(value.f32Bits()) + ")";
  if (value.type() == ValType::F64) out += " (" + hex(value.f64Bits()) + ")";
  return out;
}

}  // namespace kiln
