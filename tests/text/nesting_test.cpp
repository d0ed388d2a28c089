// Nesting: as deep as the binary format allows (a million blocks), without
// recursion; past the parser's limit, a clear error instead of a crash.

#include <gtest/gtest.h>

#include <string>

#include "text/module_parser.h"
#include "text_test_util.h"
#include "validate/parse_module.h"

namespace kiln::text::test {
namespace {

constexpr size_t kDepth = 1000000;

std::string repeat(std::string_view piece, size_t count) {
  std::string out;
  out.reserve(piece.size() * count);
  for (size_t i = 0; i < count; ++i) out += piece;
  return out;
}

TEST(Nesting, AMillionPlainBlocks) {
  std::vector<uint8_t> bytes =
      wat("(func " + repeat("block ", kDepth) + repeat("end ", kDepth) + ")");
  // type, function and code sections around 3 bytes per block.
  EXPECT_GT(bytes.size(), 3 * kDepth);
  auto module = parseModule(std::move(bytes));
  EXPECT_TRUE(module) << module.error().toString();
}

TEST(Nesting, AMillionFoldedBlocks) {
  std::vector<uint8_t> bytes =
      wat("(func " + repeat("(block ", kDepth) + repeat(")", kDepth) + ")");
  EXPECT_GT(bytes.size(), 3 * kDepth);
}

TEST(Nesting, AMillionNestedFoldedOperands) {
  // Every i32.eqz waits for its operand: a million operators on the stack.
  std::vector<uint8_t> bytes = wat("(func (result i32) " + repeat("(i32.eqz ", kDepth) +
                                   "(i32.const 0)" + repeat(")", kDepth) + ")");
  EXPECT_GT(bytes.size(), kDepth);
  auto module = parseModule(std::move(bytes));
  EXPECT_TRUE(module) << module.error().toString();
}

TEST(Nesting, AMillionFoldedIfs) {
  std::vector<uint8_t> bytes = wat("(func " + repeat("(if (i32.const 1) (then ", kDepth) +
                                   repeat("))", kDepth) + ")");
  EXPECT_GT(bytes.size(), 5 * kDepth);
}

TEST(Nesting, PastTheLimitIsAnError) {
  const size_t depth = kMaxNesting + 1;
  std::string text = "(func " + repeat("(block ", depth) + repeat(")", depth) + ")";
  const std::string error = watError(text);
  EXPECT_NE(error.find("nesting too deep"), std::string::npos) << error;
  // The error is at the first block too many.
  EXPECT_EQ(error.substr(0, error.find(':')), "1");
}

TEST(Nesting, DeepParenthesesOutsideFunctions) {
  EXPECT_EQ(watError(repeat("(", kDepth)), "1:2: unexpected token");
  EXPECT_EQ(watError("(module (@a " + repeat("(", kDepth) + "))"), "1:9: unclosed annotation");
  EXPECT_EQ(watError("(module (; " + repeat("(;", kDepth)), "1:9: unclosed comment");
  // A field the fast scan skips in pass 1, unbalanced all the way down.
  EXPECT_EQ(watError("(module (func " + repeat("(", kDepth) + "))"),
            "1:" + std::to_string(kDepth + 17) + ": unexpected end of text: unclosed \"(\"");
}

}  // namespace
}  // namespace kiln::text::test
