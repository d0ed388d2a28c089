// TypedFunc: calls with C++ numbers, checked against the function's type once.
#include <gtest/gtest.h>

#include <stdexcept>
#include <tuple>
#include <vector>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

constexpr const char* kModule = R"((module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "mix") (param i64 f32 f64 i32) (result f64 i64 f32 i32)
    (local.get 2) (local.get 0) (local.get 1) (local.get 3))
  (global $g (mut i32) (i32.const 0))
  (func (export "set") (param i32) (global.set $g (local.get 0)))
  (func (export "get") (result i32) (global.get $g))
  (func (export "trap") (result i32) unreachable))
)";

TEST(TypedFunc, CallsWithNumbers) {
  Engine engine;
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, kModule));
  auto add = TypedFunc<int32_t(int32_t, int32_t)>::of(*instance.getFunc("add"));
  ASSERT_TRUE(add) << add.error().message;
  EXPECT_EQ(add->call(40, 2).value(), 42);
  EXPECT_EQ(add->call(INT32_MAX, 1).value(), INT32_MIN);  // wraps, as i32.add does
  // Unsigned C++ types read the same bits.
  auto addUnsigned = TypedFunc<uint32_t(uint32_t, uint32_t)>::of(*instance.getFunc("add"));
  ASSERT_TRUE(addUnsigned);
  EXPECT_EQ(addUnsigned->call(0xFFFFFFFFu, 2).value(), 1u);
}

TEST(TypedFunc, SeveralResultsComeAsATuple) {
  Engine engine;
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, kModule));
  auto mix = TypedFunc<std::tuple<double, int64_t, float, int32_t>(int64_t, float, double,
                                                                   int32_t)>::of(
      *instance.getFunc("mix"));
  ASSERT_TRUE(mix) << mix.error().message;
  auto result = mix->call(-5'000'000'000, 1.5f, -2.25, -7);
  ASSERT_TRUE(result);
  EXPECT_EQ(*result, std::make_tuple(-2.25, int64_t(-5'000'000'000), 1.5f, -7));
}

TEST(TypedFunc, NoResultsIsVoid) {
  Engine engine;
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, kModule));
  auto set = TypedFunc<void(int32_t)>::of(*instance.getFunc("set"));
  auto get = TypedFunc<int32_t()>::of(*instance.getFunc("get"));
  ASSERT_TRUE(set && get);
  EXPECT_TRUE(set->call(99));
  EXPECT_EQ(get->call().value(), 99);
}

TEST(TypedFunc, AnotherTypeIsALinkError) {
  Engine engine;
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, kModule));
  auto wrong = TypedFunc<int64_t(int32_t, int32_t)>::of(*instance.getFunc("add"));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::Link);
  EXPECT_EQ(wrong.error().message,
            "type mismatch: the function is (i32, i32) -> (i32), the call expects (i32, i32) "
            "-> (i64)");
  EXPECT_FALSE((TypedFunc<int32_t(int32_t)>::of(*instance.getFunc("add"))));
  EXPECT_FALSE((TypedFunc<void(int32_t, int32_t)>::of(*instance.getFunc("add"))));
}

TEST(TypedFunc, ATrapIsAnError) {
  Engine engine;
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, kModule));
  auto trap = TypedFunc<int32_t()>::of(*instance.getFunc("trap"));
  ASSERT_TRUE(trap);
  auto result = trap->call();
  ASSERT_FALSE(result);
  ASSERT_TRUE(result.error().trap);
  EXPECT_EQ(result.error().trap->code, TrapCode::Unreachable);
  // The store is still usable.
  auto add = TypedFunc<int32_t(int32_t, int32_t)>::of(*instance.getFunc("add"));
  EXPECT_EQ(add->call(1, 2).value(), 3);
}

TEST(TypedFunc, CallsHostFunctionsToo) {
  Engine engine;
  Store store(engine);
  Func twice = Func::wrap(store, FuncType{{ValType::F64}, {ValType::F64}},
                          [](Caller&, std::span<const Val> params, std::span<Val> results) {
                            results[0] = Val::f64(params[0].f64() * 2);
                            return std::optional<Error>();
                          });
  auto typed = TypedFunc<double(double)>::of(twice);
  ASSERT_TRUE(typed);
  EXPECT_EQ(typed->call(1.25).value(), 2.5);
  Func failing = Func::wrap(store, FuncType{{}, {ValType::I32}},
                            [](Caller&, std::span<const Val>, std::span<Val>) {
                              return std::optional<Error>(Trap{TrapCode::Unreachable, "no", {}});
                            });
  auto result = TypedFunc<int32_t()>::of(failing)->call();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "no");
}

// Host functions made by TypedFunc::wrap, which compiled code calls with the
// values in slots, unboxed.
constexpr const char* kCallsHost = R"((module
  (import "env" "inc" (func $inc (param i32) (result i32)))
  (import "env" "mix" (func $mix (param i64 f32 f64 i32) (result f64 i64 f32 i32)))
  (import "env" "fail" (func $fail (param i32) (result i32)))
  (import "env" "peek" (func $peek (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 8) "kiln")
  (func (export "count") (param $n i32) (result i32) (local $acc i32)
    (loop $again
      (local.set $acc (call $inc (local.get $acc)))
      (br_if $again (i32.lt_u (local.get $acc) (local.get $n))))
    (local.get $acc))
  (func (export "mix") (param i64 f32 f64 i32) (result f64 i64 f32 i32)
    (call $mix (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "fail") (param i32) (result i32) (i32.add (call $fail (local.get 0)) (i32.const 1)))
  (func (export "peek") (param i32) (result i32) (call $peek (local.get 0))))
)";

struct HostFunctions {
  explicit HostFunctions(Store& store)
      : inc(TypedFunc<int32_t(int32_t)>::wrap(store, [this](int32_t x) {
          ++calls;
          return x + 1;
        })),
        mix(TypedFunc<std::tuple<double, int64_t, float, int32_t>(int64_t, float, double,
                                                                  int32_t)>::
                wrap(store, [](int64_t a, float b, double c, int32_t d) {
                  return std::make_tuple(c * 2, a - 1, b * 2, -d);
                })),
        fail(TypedFunc<int32_t(int32_t)>::wrap(
            store, [](int32_t x) -> Expected<int32_t, Error> {
              if (x < 0) return Unexpected{Error(Trap{TrapCode::Unreachable, "negative", {}})};
              if (x == 0) throw std::runtime_error("zero");
              return x * 10;
            })),
        peek(TypedFunc<int32_t(int32_t)>::wrap(
            store, [](Caller& caller, int32_t address) -> Expected<int32_t, Error> {
              std::optional<Extern> memory = caller.getExport("memory");
              if (!memory) return Unexpected{Error(Trap{TrapCode::Unreachable, "no memory", {}})};
              return int32_t(memory->memory()->data()[address]);
            })) {}

  Linker linker() const {
    Linker linker;
    linker.define("env", "inc", inc.func());
    linker.define("env", "mix", mix.func());
    linker.define("env", "fail", fail.func());
    linker.define("env", "peek", peek.func());
    return linker;
  }

  int calls = 0;
  TypedFunc<int32_t(int32_t)> inc;
  TypedFunc<std::tuple<double, int64_t, float, int32_t>(int64_t, float, double, int32_t)> mix;
  TypedFunc<int32_t(int32_t)> fail;
  TypedFunc<int32_t(int32_t)> peek;
};

class TypedFuncWrap : public ::testing::Test {
 protected:
  Instance instantiate() {
    return instantiateOrFail(host.linker(), store, compileWat(engine, kCallsHost));
  }

  Engine engine;
  Store store{engine};
  HostFunctions host{store};
};

TEST_F(TypedFuncWrap, WasmCallsTheBodyWithNumbers) {
  EXPECT_EQ(host.inc.func().type(), (FuncType{{ValType::I32}, {ValType::I32}}));
  Instance instance = instantiate();
  auto count = TypedFunc<int32_t(int32_t)>::of(*instance.getFunc("count"));
  ASSERT_TRUE(count);
  EXPECT_EQ(count->call(1000).value(), 1000);
  EXPECT_EQ(host.calls, 1000);
  auto mix = TypedFunc<std::tuple<double, int64_t, float, int32_t>(int64_t, float, double,
                                                                   int32_t)>::of(
      *instance.getFunc("mix"));
  ASSERT_TRUE(mix);
  EXPECT_EQ(mix->call(-5'000'000'000, 1.5f, -2.25, 7).value(),
            std::make_tuple(-4.5, int64_t(-5'000'000'001), 3.0f, -7));
}

TEST_F(TypedFuncWrap, TheBodyMayTakeTheCaller) {
  Instance instance = instantiate();
  auto peek = TypedFunc<int32_t(int32_t)>::of(*instance.getFunc("peek"));
  ASSERT_TRUE(peek);
  EXPECT_EQ(peek->call(8).value(), 'k');
  EXPECT_EQ(peek->call(11).value(), 'n');
}

TEST_F(TypedFuncWrap, AnErrorOrAnExceptionStopsTheCaller) {
  Instance instance = instantiate();
  auto fail = TypedFunc<int32_t(int32_t)>::of(*instance.getFunc("fail"));
  ASSERT_TRUE(fail);
  EXPECT_EQ(fail->call(4).value(), 41);
  auto failed = fail->call(-1);
  ASSERT_FALSE(failed);
  ASSERT_TRUE(failed.error().trap);
  EXPECT_EQ(failed.error().message, "negative");
  auto threw = fail->call(0);
  ASSERT_FALSE(threw);
  EXPECT_EQ(threw.error().message, "host function threw: zero");
  // The store is still usable.
  EXPECT_EQ(fail->call(5).value(), 51);
}

TEST_F(TypedFuncWrap, TheHostCallsItAsAnyFunction) {
  // Directly, through the slots.
  EXPECT_EQ(host.inc.call(41).value(), 42);
  EXPECT_EQ(host.fail.call(-1).error().message, "negative");
  // Through Func::call's values.
  auto results = host.mix.func().call(
      std::vector<Val>{Val::i64(3), Val::f32(0.5f), Val::f64(1.0), Val::i32(9)});
  ASSERT_TRUE(results) << results.error().message;
  ASSERT_EQ(results->size(), 4u);
  EXPECT_EQ((*results)[0].f64(), 2.0);
  EXPECT_EQ((*results)[1].i64(), 2);
  EXPECT_EQ((*results)[2].f32(), 1.0f);
  EXPECT_EQ((*results)[3].i32(), -9);
  // A caller with no instance has no exports.
  auto peek = host.peek.call(0);
  ASSERT_FALSE(peek);
  EXPECT_EQ(peek.error().message, "no memory");
  EXPECT_EQ(host.calls, 1);
}

}  // namespace
}  // namespace kiln::test
