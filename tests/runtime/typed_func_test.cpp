// TypedFunc: calls with C++ numbers, checked against the function's type once.
#include <gtest/gtest.h>

#include <tuple>

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

}  // namespace
}  // namespace kiln::test
