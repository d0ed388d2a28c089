// Host-side faults through the API, in both memory modes: a host function
// called from deep inside Wasm that throws, writes results of the wrong
// type, or misuses Func::call, ends the outer call with an Error (never a
// crash), unwinds every Wasm frame, and leaves the store usable.
#include <gtest/gtest.h>

#include <stdexcept>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

// $outer calls $middle calls the import, with memory traffic around the
// calls so both modes' memory code is on the stack.
constexpr std::string_view kModule = R"((module
  (import "host" "f" (func $f (param i32) (result i32)))
  (memory (export "memory") 1)
  (func $middle (param i32) (result i32)
    (i32.store (i32.const 0) (local.get 0))
    (i32.add (call $f (i32.load (i32.const 0))) (i32.const 1)))
  (func (export "outer") (param i32) (result i32)
    (i32.mul (call $middle (local.get 0)) (i32.const 2)))
  (func (export "plain") (result i32) (i32.const 42))))";

class HostFaultTest : public ::testing::TestWithParam<MemoryMode> {
 protected:
  Engine engine{[] {
    Config c;
    c.memoryMode = GetParam();
    return c;
  }()};
  Store store{engine};

  // Instantiates the module with `body` as host.f; the outer call's outcome.
  Expected<std::vector<Val>, Error> callWith(HostFunction body) {
    Linker linker;
    linker.defineFunc(store, "host", "f", FuncType{{ValType::I32}, {ValType::I32}},
                      std::move(body));
    Instance instance = instantiateOrFail(linker, store, compileWat(engine, kModule));
    auto result = instance.getFunc("outer")->call(std::vector{Val::i32(5)});
    // Whatever happened, the store and the instance still work.
    auto plain = instance.getFunc("plain")->call({});
    EXPECT_TRUE(plain && plain->at(0) == Val::i32(42));
    return result;
  }
};

TEST_P(HostFaultTest, AWellBehavedHostFunctionForComparison) {
  auto result = callWith([](Caller&, std::span<const Val> params, std::span<Val> results) {
    results[0] = Val::i32(params[0].i32() * 10);
    return std::optional<Error>();
  });
  ASSERT_TRUE(result) << result.error().toString();
  EXPECT_EQ(result->at(0), Val::i32((50 + 1) * 2));
}

// Expected: a Trap error "host function threw: <what>".
TEST_P(HostFaultTest, ThrowingFromUnderWasmFramesIsATrap) {
  auto result = callWith([](Caller&, std::span<const Val>, std::span<Val>) -> std::optional<Error> {
    throw std::runtime_error("disk on fire");
  });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::Trap);
  EXPECT_EQ(result.error().message, "host function threw: disk on fire");
}

// Expected: a Trap error naming both types.
TEST_P(HostFaultTest, AResultOfTheWrongTypeIsATrap) {
  auto result = callWith([](Caller&, std::span<const Val>, std::span<Val> results) {
    results[0] = Val::f64(1.5);
    return std::optional<Error>();
  });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::Trap);
  EXPECT_NE(result.error().message.find("returned a f64"), std::string::npos)
      << result.error().message;
}

// A host function that calls back into Wasm with the wrong arguments gets a
// Link error from Func::call, and passing it on ends the outer call with it.
// Expected: kind Link, before anything runs.
TEST_P(HostFaultTest, MisusingFuncCallFromAHostFunctionIsAnError) {
  std::optional<Error> inner;
  auto result = callWith([&](Caller& caller, std::span<const Val>, std::span<Val>) {
    auto outer = caller.getExport("plain");
    EXPECT_TRUE(outer && outer->func());
    // "plain" takes nothing: one argument is too many.
    auto tooMany = outer->func()->call(std::vector{Val::i32(1)});
    EXPECT_FALSE(tooMany);
    inner = tooMany ? std::nullopt : std::optional<Error>(tooMany.error());
    return inner;
  });
  ASSERT_TRUE(inner);
  EXPECT_EQ(inner->kind, ErrorKind::Link);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::Link);
}

// A host trap with a code of its own comes back with that code.
TEST_P(HostFaultTest, AHostTrapKeepsItsCode) {
  auto result = callWith([](Caller&, std::span<const Val>, std::span<Val>) {
    return std::optional<Error>(Trap::fromCode(TrapCode::IntegerDivisionByZero));
  });
  ASSERT_FALSE(result);
  ASSERT_EQ(result.error().kind, ErrorKind::Trap);
  EXPECT_EQ(result.error().trap->code, TrapCode::IntegerDivisionByZero);
}

INSTANTIATE_TEST_SUITE_P(Modes, HostFaultTest,
                         ::testing::Values(MemoryMode::GuardPages, MemoryMode::BoundsChecks),
                         [](const auto& info) {
                           return info.param == MemoryMode::GuardPages ? "GuardPages"
                                                                       : "BoundsChecks";
                         });

}  // namespace
}  // namespace kiln::test
