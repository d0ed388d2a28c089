// Script values (from Kiln's text layer) as arguments and expectations.

#include "wast/script_values.h"

#include <cstring>

#include <gtest/gtest.h>

#include "text/script.h"
#include "wast/value_text.h"

namespace kiln {
namespace {

// The values of `(assert_return (invoke "f" ARGS) RESULTS)`.
text::Command parse(const std::string& text) {
  auto script = text::parseWast(text);
  EXPECT_TRUE(script) << (script ? "" : script.error().message);
  return script && !script->commands.empty() ? script->commands[0] : text::Command{};
}

TEST(ScriptValues, Arguments) {
  text::Command command = parse(
      "(invoke \"f\" (i32.const -7) (i64.const 0x8000_0000_0000_0000) (f32.const -nan:0x1)"
      " (f64.const 1.5) (ref.null func) (ref.null noextern) (ref.extern 3)"
      " (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1))");
  const auto& arguments = command.action.arguments;
  ASSERT_EQ(arguments.size(), 8u);
  EXPECT_EQ(*argumentFromScript(arguments[0]), Val::i32(-7));
  EXPECT_EQ(*argumentFromScript(arguments[1]), Val::i64(INT64_MIN));
  EXPECT_EQ(*argumentFromScript(arguments[2]), Val::f32Bits(0xFF800001u));
  EXPECT_EQ(*argumentFromScript(arguments[3]), Val::f64(1.5));
  EXPECT_EQ(*argumentFromScript(arguments[4]), Val::nullRef(ValType::FuncRef));
  EXPECT_EQ(*argumentFromScript(arguments[5]), Val::nullRef(ValType::ExternRef));
  EXPECT_EQ(*argumentFromScript(arguments[6]), hostExternRef(3));
  V128 bytes{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xFF};
  EXPECT_EQ(*argumentFromScript(arguments[7]), Val::v128(bytes));
}

TEST(ScriptValues, UnsupportedArgumentsSaySo) {
  text::Command command = parse("(invoke \"f\" (ref.null any) (ref.host 1))");
  ASSERT_EQ(command.action.arguments.size(), 2u);
  EXPECT_FALSE(argumentFromScript(command.action.arguments[0]));
  EXPECT_FALSE(argumentFromScript(command.action.arguments[1]));
}

TEST(ScriptValues, Expectations) {
  text::Command command = parse(
      "(assert_return (invoke \"f\") (f32.const nan:arithmetic)"
      " (v128.const f64x2 nan:canonical 2) (either (i32.const 1) (i32.const 2))"
      " (ref.func) (ref.null) (ref.extern) (ref.extern 5))");
  ASSERT_EQ(command.results.size(), 7u);
  auto nan = expectedFromPattern(command.results[0]);
  ASSERT_TRUE(nan);
  EXPECT_TRUE(matches((*nan)[0], Val::f32Bits(0x7FC00001u)));
  EXPECT_FALSE(matches((*nan)[0], Val::f32Bits(0x7FA00000u)));

  auto lanes = expectedFromPattern(command.results[1]);
  ASSERT_TRUE(lanes);
  V128 bytes{};
  const uint64_t canonical = 0xFFF8000000000000u;
  const uint64_t two = 0x4000000000000000u;
  std::memcpy(bytes.data(), &canonical, 8);
  std::memcpy(bytes.data() + 8, &two, 8);
  EXPECT_TRUE(matches((*lanes)[0], Val::v128(bytes)));
  bytes[15] = 0;
  EXPECT_FALSE(matches((*lanes)[0], Val::v128(bytes)));

  auto either = expectedFromPattern(command.results[2]);
  ASSERT_TRUE(either);
  ASSERT_EQ(either->size(), 2u);
  EXPECT_TRUE(matches((*either)[1], Val::i32(2)));

  auto anyFunc = expectedFromPattern(command.results[3]);
  ASSERT_TRUE(anyFunc);
  EXPECT_TRUE((*anyFunc)[0].anyNonNullFunc);
  auto anyNull = expectedFromPattern(command.results[4]);
  ASSERT_TRUE(anyNull);
  EXPECT_TRUE(matches((*anyNull)[0], Val::nullRef(ValType::ExternRef)));
  EXPECT_TRUE(matches((*anyNull)[0], Val::nullRef(ValType::FuncRef)));
  EXPECT_FALSE(matches((*anyNull)[0], hostExternRef(0)));
  auto anyExtern = expectedFromPattern(command.results[5]);
  ASSERT_TRUE(anyExtern);
  EXPECT_TRUE(matches((*anyExtern)[0], hostExternRef(9)));
  EXPECT_FALSE(matches((*anyExtern)[0], Val::nullRef(ValType::ExternRef)));
  auto exact = expectedFromPattern(command.results[6]);
  ASSERT_TRUE(exact);
  EXPECT_TRUE(matches((*exact)[0], hostExternRef(5)));
  EXPECT_FALSE(matches((*exact)[0], hostExternRef(6)));
}

}  // namespace
}  // namespace kiln
