// Backtraces as people read them: names (name section, export, func[N]),
// demangling, module names, elided deep stacks, and the frames of a trap
// raised by a host function.
#include <gtest/gtest.h>

#include <string>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

TEST(Demangle, CxxNames) {
  EXPECT_EQ(demangle("_Z3addii"), "add(int, int)");
  EXPECT_EQ(demangle("_ZN5shape4areaEv"), "shape::area()");
}

TEST(Demangle, RustLegacyNamesLoseTheirHash) {
  EXPECT_EQ(demangle("_ZN6cowsay4main17h1ef71ab5110f2c24E"), "cowsay::main");
  EXPECT_EQ(demangle("_ZN4core3ptr85drop_in_place$LT$std..rt..lang_start$LT$$LP$$RP$$GT$..$u7b$$u7b$"
                     "closure$u7d$$u7d$$GT$17h0123456789abcdefE"),
            "core::ptr::drop_in_place<std::rt::lang_start<()>::{{closure}}>");
  EXPECT_EQ(demangle("_ZN50_$LT$T$u20$as$u20$core..convert..Into$LT$U$GT$$GT$4into17h0123456789abcdefE"),
            "<T as core::convert::Into<U>>::into");
}

TEST(Demangle, RustV0Names) {
  EXPECT_EQ(demangle("_RNvNtCs1234_7mycrate3bar3foo"), "mycrate::bar::foo");
}

TEST(Demangle, OtherNamesStayAsTheyAre) {
  EXPECT_EQ(demangle("main"), "main");
  EXPECT_EQ(demangle("_Z"), "_Z");
  EXPECT_EQ(demangle("_ZN6cowsay"), "_ZN6cowsay");
  EXPECT_EQ(demangle(""), "");
}

TEST(FrameName, FallsBackToTheFunctionIndex) {
  TrapFrame frame;
  frame.functionIndex = 7;
  EXPECT_EQ(frameName(frame), "func[7]");
  frame.functionName = "_Z3addii";
  EXPECT_EQ(frameName(frame), "add(int, int)");
}

/// The trap of calling export `name` of `wat` with no arguments.
Trap trapOf(std::string_view wat, const std::string& name, Linker linker = Linker()) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, wat);
  Instance instance = instantiateOrFail(linker, store, module);
  auto result = instance.getFunc(name)->call({});
  EXPECT_FALSE(result);
  if (result || !result.error().trap) return Trap{};
  return *result.error().trap;
}

TEST(Backtrace, NamesComeFromTheNameSectionElseExportsElseIndices) {
  // $named has a name-section name; "exported" only an export name; the
  // third function neither. The text format writes names of `$id`s only.
  Trap trap = trapOf(R"((module $app
    (func $named (call 1))
    (func (export "exported") (call 2))
    (func unreachable)
    (export "run" (func $named)))
  )", "run");
  ASSERT_EQ(trap.backtrace.size(), 3u);
  EXPECT_EQ(trap.backtrace[0].functionName, "");
  EXPECT_EQ(trap.backtrace[1].functionName, "exported");
  EXPECT_EQ(trap.backtrace[2].functionName, "named");
  for (const TrapFrame& frame : trap.backtrace) EXPECT_EQ(frame.moduleName, "app");
  std::string text = formatBacktrace(trap, "ignored");
  EXPECT_EQ(text.substr(0, text.find('\n')), "  #0 app!func[2] @ 0x" + [&] {
    char hex[16];
    std::snprintf(hex, sizeof hex, "%x", trap.backtrace[0].codeOffset);
    return std::string(hex);
  }());
  EXPECT_NE(text.find("  #1 app!exported @ 0x"), std::string::npos);
  EXPECT_NE(text.find("  #2 app!named @ 0x"), std::string::npos);
}

TEST(Backtrace, ModulesWithoutANameUseTheDefault) {
  Trap trap = trapOf("(module (func (export \"run\") unreachable))", "run");
  ASSERT_EQ(trap.backtrace.size(), 1u);
  EXPECT_EQ(trap.backtrace[0].moduleName, "");
  EXPECT_EQ(formatBacktrace(trap, "prog").rfind("  #0 prog!run @ 0x", 0), 0u);
  EXPECT_EQ(formatBacktrace(trap).rfind("  #0 run @ 0x", 0), 0u);
}

TEST(Backtrace, DeepRecursionShowsBothEndsAndTheTrueDepth) {
  // 1,000 frames of $down, then $start at the bottom.
  Trap trap = trapOf(R"((module
    (func $down (param i32)
      (if (i32.eqz (local.get 0)) (then unreachable))
      (call $down (i32.sub (local.get 0) (i32.const 1))))
    (func $start (export "start") (call $down (i32.const 999))))
  )", "start");
  // The outermost frames walked include the entry stub, which is no Wasm
  // function: up to 32 Wasm frames show at each end.
  EXPECT_EQ(trap.elidedAt, 32u);
  ASSERT_GE(trap.backtrace.size(), 60u);
  ASSERT_LE(trap.backtrace.size(), 64u);
  EXPECT_EQ(trap.backtrace.size() + trap.elidedFrames, 1001u);
  EXPECT_EQ(trap.backtrace.back().functionName, "start");
  EXPECT_EQ(trap.backtrace.front().functionName, "down");
  std::string text = formatBacktrace(trap);
  EXPECT_NE(text.find("  #31 down @ 0x"), std::string::npos);
  const size_t firstOuter = 32 + trap.elidedFrames;
  EXPECT_NE(text.find("\n  ... " + std::to_string(trap.elidedFrames) + " frames elided ...\n  #" +
                      std::to_string(firstOuter) + " down @ 0x"),
            std::string::npos);
  EXPECT_NE(text.find("  #1000 start @ 0x"), std::string::npos);
  EXPECT_EQ(text.find("#1001"), std::string::npos);
}

TEST(Backtrace, AHostFunctionsTrapCarriesTheWasmFramesThatCalledIt) {
  Engine engine;
  Store store(engine);
  Linker linker;
  linker.defineFunc(store, "env", "fail", FuncType{{}, {}},
                    [](Caller&, std::span<const Val>, std::span<Val>) -> std::optional<Error> {
                      return Trap{TrapCode::Unreachable, "the host said no", {}};
                    });
  Module module = compileWat(engine, R"((module
    (import "env" "fail" (func $fail))
    (func $inner (call $fail))
    (func $outer (export "outer") (call $inner)))
  )");
  Instance instance = instantiateOrFail(linker, store, module);
  auto result = instance.getFunc("outer")->call({});
  ASSERT_FALSE(result);
  const Error& error = result.error();
  EXPECT_EQ(error.message, "the host said no");
  ASSERT_TRUE(error.trap);
  ASSERT_EQ(error.trap->backtrace.size(), 2u);
  EXPECT_EQ(error.trap->backtrace[0].functionName, "inner");
  EXPECT_EQ(error.trap->backtrace[1].functionName, "outer");
  // The error points at the call of the host function.
  EXPECT_EQ(error.function, 1u);
  EXPECT_EQ(error.offset, error.trap->backtrace[0].codeOffset);
}

}  // namespace
}  // namespace kiln::test

namespace kiln::test {
namespace {

TEST(Backtrace, TrapsWhileTheBackgroundPlacesLazilyCompiledFunctions) {
  // A backtrace looks each frame's code up among the functions compiled so
  // far, while background threads place more. The first call of each of
  // 600 exports places its array entry and its code right after whatever
  // the background placed last, then traps, so its frames are looked up
  // next to functions being placed: a place published before its code once
  // made the walk read a null function.
  std::string wat = "(module";
  for (int i = 0; i < 600; ++i) wat += " (func (export \"t" + std::to_string(i) + "\") (unreachable))";
  for (int i = 0; i < 3000; ++i) {
    wat += " (func (param i32) (result i32)";
    for (int k = 0; k < 30; ++k) {
      wat += " (local.set 0 (i32.add (local.get 0) (i32.const " + std::to_string(k) + ")))";
    }
    wat += " (local.get 0))";
  }
  wat += ")";
  for (int round = 0; round < 3; ++round) {
    Config config;
    config.compileStrategy = CompileStrategy::Lazy;
    config.compileThreads = 3;  // two background threads
    Engine engine(config);
    Module module = compileWat(engine, wat);
    Store store(engine);
    Instance instance = instantiateOrFail(Linker(), store, module);
    for (int i = 0; i < 600; ++i) {
      auto result = instance.getFunc("t" + std::to_string(i))->call({});
      ASSERT_FALSE(result);
      ASSERT_TRUE(result.error().trap);
      ASSERT_EQ(result.error().trap->backtrace.size(), 1u);
      EXPECT_EQ(result.error().trap->backtrace[0].functionIndex, uint32_t(i));
    }
  }
}

}  // namespace
}  // namespace kiln::test
