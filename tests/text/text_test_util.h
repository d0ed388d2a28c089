// Helpers of the text layer's tests: modules as bytes and as hex.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "text/wat.h"

namespace kiln::text::test {

/// Bytes as lower-case hex pairs separated by spaces: "00 61 73 6d".
inline std::string hex(const std::vector<uint8_t>& bytes) {
  std::string out;
  for (uint8_t byte : bytes) {
    char digits[4];
    std::snprintf(digits, sizeof digits, "%02x", byte);
    if (!out.empty()) out += ' ';
    out += digits;
  }
  return out;
}

/// The binary of `text` without a name section; fails the test on an error.
inline std::vector<uint8_t> wat(std::string_view text) {
  WatOptions options;
  options.nameSection = false;
  auto bytes = parseWat(text, options);
  EXPECT_TRUE(bytes) << text << "\n  " << (bytes ? "" : bytes.error().toString("text"));
  return bytes ? *bytes : std::vector<uint8_t>{};
}

/// The module's sections after the 8-byte header, as hex.
inline std::string sections(std::string_view text) {
  std::vector<uint8_t> bytes = wat(text);
  if (bytes.size() < 8) return "<no module>";
  return hex(std::vector<uint8_t>(bytes.begin() + 8, bytes.end()));
}

/// "line:column: message" of the error `text` fails with.
inline std::string watError(std::string_view text) {
  auto bytes = parseWat(text);
  if (bytes) return "no error";
  return std::to_string(bytes.error().line) + ":" + std::to_string(bytes.error().column) + ": " +
         bytes.error().message;
}

}  // namespace kiln::text::test
