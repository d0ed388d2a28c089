// Scripts (.wast): commands, modules of every kind, values and patterns.

#include <gtest/gtest.h>

#include <cstring>

#include "text/script.h"
#include "text_test_util.h"

namespace kiln::text::test {
namespace {

Script script(std::string_view text) {
  auto parsed = parseWast(text);
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().toString("script"));
  return parsed ? std::move(*parsed) : Script{};
}

TEST(Script, ModulesOfEveryKind) {
  Script s = script(
      "(module $a (func))\n"
      "(module binary \"\\00asm\" \"\\01\\00\\00\\00\")\n"
      "(module $q quote \"(func)\")\n"
      "(module definition $d (memory 1))\n"
      "(module instance $i $d)\n"
      "(module instance $d)\n");
  ASSERT_EQ(s.commands.size(), 6u);
  EXPECT_EQ(s.commands[0].kind, CommandKind::Module);
  EXPECT_EQ(s.commands[0].module.name, "a");
  EXPECT_EQ(s.commands[0].module.kind, ScriptModule::Kind::Text);
  EXPECT_EQ(s.commands[0].line, 1u);
  EXPECT_EQ(hex(s.commands[1].module.bytes), "00 61 73 6d 01 00 00 00");
  EXPECT_EQ(s.commands[2].module.kind, ScriptModule::Kind::Quote);
  EXPECT_EQ(s.commands[2].module.bytes, wat("(func)"));
  EXPECT_TRUE(s.commands[3].module.definition);
  EXPECT_EQ(s.commands[4].kind, CommandKind::ModuleInstance);
  EXPECT_EQ(s.commands[4].instance, "i");
  EXPECT_EQ(s.commands[4].moduleRef, "d");
  EXPECT_EQ(s.commands[5].instance, "");
  EXPECT_EQ(s.commands[5].moduleRef, "d");
  EXPECT_EQ(s.commands[5].line, 6u);
}

TEST(Script, ABrokenModuleIsKeptWithItsError) {
  Script s = script("(module (func (i32.add 1)))\n(assert_malformed (module quote \"(func \" "
                    "\"bla)\")"
                    " \"unknown operator\")\n(module)");
  ASSERT_EQ(s.commands.size(), 3u);
  ASSERT_TRUE(s.commands[0].module.error);
  EXPECT_EQ(s.commands[0].module.error->message, "unexpected token");
  EXPECT_EQ(s.commands[0].module.error->line, 1u);
  EXPECT_EQ(s.commands[0].module.error->column, 24u);
  ASSERT_TRUE(s.commands[1].module.error);
  EXPECT_EQ(s.commands[1].module.error->message, "unknown operator bla");
  EXPECT_EQ(s.commands[1].text, "unknown operator");
  EXPECT_FALSE(s.commands[2].module.error);
}

TEST(Script, ActionsAndRegister) {
  Script s = script("(register \"m\" $a) (invoke $a \"f\" (i32.const -1) (ref.null extern)"
                    " (ref.extern 7)) (get \"g\")");
  ASSERT_EQ(s.commands.size(), 3u);
  EXPECT_EQ(s.commands[0].kind, CommandKind::Register);
  EXPECT_EQ(s.commands[0].registerName, "m");
  EXPECT_EQ(s.commands[0].instance, "a");
  const Action& invoke = s.commands[1].action;
  EXPECT_EQ(invoke.kind, Action::Kind::Invoke);
  EXPECT_EQ(invoke.instance, "a");
  EXPECT_EQ(invoke.name, "f");
  ASSERT_EQ(invoke.arguments.size(), 3u);
  EXPECT_EQ(invoke.arguments[0].kind, ScriptValue::Kind::I32);
  EXPECT_EQ(invoke.arguments[0].bits[0], 0xFFFFFFFFu);
  EXPECT_EQ(invoke.arguments[1].kind, ScriptValue::Kind::RefNull);
  EXPECT_EQ(invoke.arguments[1].heapType, 0x6F);
  EXPECT_EQ(invoke.arguments[2].kind, ScriptValue::Kind::RefExtern);
  EXPECT_EQ(invoke.arguments[2].bits[0], 7u);
  EXPECT_EQ(s.commands[2].action.kind, Action::Kind::Get);
}

TEST(Script, ResultPatterns) {
  Script s = script(
      "(assert_return (invoke \"f\") (f32.const nan:canonical) (f64.const nan:arithmetic)"
      " (f64.const -0x1p-1) (v128.const f32x4 nan:canonical 1 nan:arithmetic -0)"
      " (either (i32.const 1) (i64.const 2)) (ref.null) (ref.func) (ref.extern) (ref.i31)"
      " (ref.struct) (ref.array) (ref.eq) (ref) (ref.exn) (ref.null func) (ref.host 3))");
  ASSERT_EQ(s.commands.size(), 1u);
  const std::vector<ResultPattern>& results = s.commands[0].results;
  ASSERT_EQ(results.size(), 16u);
  EXPECT_EQ(results[0].alternatives[0].nan, NanPattern::Canonical);
  EXPECT_EQ(results[1].alternatives[0].nan, NanPattern::Arithmetic);
  EXPECT_EQ(results[2].alternatives[0].bits[0], 0xBFE0000000000000u);
  const ScriptValue& v128 = results[3].alternatives[0];
  EXPECT_EQ(v128.shape, LaneShape::F32x4);
  EXPECT_EQ(v128.laneNans[0], NanPattern::Canonical);
  EXPECT_EQ(v128.laneNans[1], NanPattern::None);
  EXPECT_EQ(v128.laneNans[2], NanPattern::Arithmetic);
  uint8_t bytes[16];
  std::memcpy(bytes, v128.bits, 16);
  EXPECT_EQ(bytes[7], 0x3F);  // lane 1 is 1.0f
  EXPECT_EQ(bytes[15], 0x80);  // lane 3 is -0.0f
  EXPECT_EQ(results[4].alternatives.size(), 2u);
  EXPECT_EQ(results[5].alternatives[0].kind, ScriptValue::Kind::RefNull);
  EXPECT_EQ(results[5].alternatives[0].heapType, 0);
  EXPECT_EQ(results[6].alternatives[0].kind, ScriptValue::Kind::RefFunc);
  EXPECT_EQ(results[7].alternatives[0].kind, ScriptValue::Kind::RefExtern);
  EXPECT_FALSE(results[7].alternatives[0].hasPayload);
  EXPECT_EQ(results[8].alternatives[0].kind, ScriptValue::Kind::RefI31);
  EXPECT_EQ(results[12].alternatives[0].kind, ScriptValue::Kind::RefAny);
  EXPECT_EQ(results[14].alternatives[0].heapType, 0x70);
  EXPECT_EQ(results[15].alternatives[0].kind, ScriptValue::Kind::RefHost);
}

TEST(Script, Assertions) {
  Script s = script(
      "(assert_trap (invoke \"t\") \"unreachable\")\n"
      "(assert_trap (module (start 0) (func unreachable)) \"unreachable\")\n"
      "(assert_exhaustion (invoke \"r\") \"call stack exhausted\")\n"
      "(assert_exception (invoke \"e\"))\n"
      "(assert_invalid (module (func (result i32))) \"type mismatch\")\n"
      "(assert_unlinkable (module (import \"x\" \"y\" (func))) \"unknown import\")\n"
      "(assert_uninstantiable (module (func)) \"x\")\n"
      "(assert_malformed (module binary \"\") \"unexpected end\")\n"
      "(assert_malformed_custom (module quote \"(@custom)\") \"missing section name\")\n"
      "(assert_invalid_custom (module) \"x\")\n");
  ASSERT_EQ(s.commands.size(), 10u);
  EXPECT_EQ(s.commands[0].kind, CommandKind::AssertTrap);
  EXPECT_EQ(s.commands[0].text, "unreachable");
  EXPECT_EQ(s.commands[1].kind, CommandKind::AssertUninstantiable);
  EXPECT_EQ(s.commands[2].kind, CommandKind::AssertExhaustion);
  EXPECT_EQ(s.commands[3].kind, CommandKind::AssertException);
  EXPECT_EQ(s.commands[4].kind, CommandKind::AssertInvalid);
  EXPECT_EQ(s.commands[5].kind, CommandKind::AssertUnlinkable);
  EXPECT_EQ(s.commands[6].kind, CommandKind::AssertUninstantiable);
  EXPECT_EQ(s.commands[7].kind, CommandKind::AssertMalformed);
  EXPECT_TRUE(s.commands[7].module.bytes.empty());
  EXPECT_EQ(s.commands[8].kind, CommandKind::AssertMalformedCustom);
  ASSERT_TRUE(s.commands[8].module.error);
  EXPECT_NE(s.commands[8].module.error->message.find("missing section name"), std::string::npos);
  EXPECT_EQ(s.commands[9].kind, CommandKind::AssertInvalidCustom);
  EXPECT_EQ(s.commands[9].line, 10u);
}

TEST(Script, ThreadsAndWait) {
  Script s = script("(module $Mem (memory 1 1 shared))\n"
                    "(thread $T1 (shared (module $Mem)) (register \"mem\" $Mem)"
                    " (module (memory (import \"mem\" \"m\") 1 1 shared)) (invoke \"run\"))\n"
                    "(wait $T1)");
  ASSERT_EQ(s.commands.size(), 3u);
  EXPECT_EQ(s.commands[1].kind, CommandKind::Thread);
  EXPECT_EQ(s.commands[1].instance, "T1");
  EXPECT_EQ(s.commands[1].sharedModules, std::vector<std::string>{"Mem"});
  ASSERT_EQ(s.commands[1].commands.size(), 3u);
  EXPECT_EQ(s.commands[1].commands[1].kind, CommandKind::Module);
  EXPECT_EQ(s.commands[2].kind, CommandKind::Wait);
  EXPECT_EQ(s.commands[2].instance, "T1");
}

TEST(Script, AScriptOfModuleFieldsIsOneModule) {
  Script s = script("(func (export \"f\")) (memory 1)");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(s.commands[0].module.bytes, wat("(module (func (export \"f\")) (memory 1))"));
}

TEST(Script, StructuralErrorsFailTheScript) {
  auto parsed = parseWast("(module)\n(assert_return (invoke \"f\") (i32.const))");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().line, 2u);
  EXPECT_EQ(parsed.error().message, "unexpected token");
  EXPECT_FALSE(parseWast("(assert_bogus)"));
  EXPECT_FALSE(parseWast("(assert_return (invoke \"f\") (v128.const i32x4 1 2 3))"));
}

}  // namespace
}  // namespace kiln::text::test
