// Wasm exceptions through the runtime: deep unwinding, call_indirect, host
// frames in between (the host sees a kiln::Exception and may throw it
// again), host functions throwing, traps that no handler catches, and
// payloads of every value type.
#include <gtest/gtest.h>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

// Throws $e after n nested calls: (i32 1000) from direct calls, (i32 2000)
// from calls through the table.
constexpr std::string_view kThrower = R"(
  (tag $e (export "e") (param i32))
  (table 1 funcref)
  (elem (i32.const 0) $downIndirect)
  (func $down (export "down") (param i32)
    local.get 0
    i32.eqz
    if
      i32.const 1000
      throw $e
    end
    local.get 0
    i32.const 1
    i32.sub
    call $down)
  (func $downIndirect (param i32)
    local.get 0
    i32.eqz
    if
      i32.const 2000
      throw $e
    end
    local.get 0
    i32.const 1
    i32.sub
    i32.const 0
    call_indirect (param i32))
)";

TEST(Exception, UnwindsTenThousandFrames) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, std::string("(module ") + std::string(kThrower) + R"(
    (func (export "catch") (param i32) (result i32)
      (block $caught (result i32)
        (try_table (catch $e $caught)
          local.get 0
          call $down)
        i32.const -1)))
  )");
  Instance instance = instantiateOrFail(Linker(), store, module);
  auto caught = instance.getFunc("catch")->call(std::vector{Val::i32(10000)});
  ASSERT_TRUE(caught) << caught.error().message;
  EXPECT_EQ(*caught, std::vector{Val::i32(1000)});
  // Uncaught, it reaches the host as a value of kind Exception.
  auto uncaught = instance.getFunc("down")->call(std::vector{Val::i32(10000)});
  ASSERT_FALSE(uncaught);
  EXPECT_EQ(uncaught.error().kind, ErrorKind::Exception);
  ASSERT_TRUE(uncaught.error().exception);
  EXPECT_EQ(uncaught.error().exception->tag(), *instance.getExport("e")->tag());
  EXPECT_EQ(uncaught.error().exception->payload()[0], Val::i32(1000));
}

TEST(Exception, UnwindsThroughCallIndirect) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, std::string("(module ") + std::string(kThrower) + R"(
    (func (export "catch") (param i32) (result i32)
      (block $caught (result i32)
        (try_table (catch $e $caught)
          local.get 0
          i32.const 0
          call_indirect (param i32))
        i32.const -1)))
  )");
  Instance instance = instantiateOrFail(Linker(), store, module);
  auto caught = instance.getFunc("catch")->call(std::vector{Val::i32(50)});
  ASSERT_TRUE(caught) << caught.error().message;
  EXPECT_EQ(*caught, std::vector{Val::i32(2000)});
}

// wasm "outer" -> host -> wasm "inner" throws; the host sees the exception,
// checks it and throws it again; "outer" catches it.
TEST(Exception, CrossesAHostFrameAsAValue) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, R"((module
    (import "host" "call_inner" (func $callInner (param i32)))
    (tag $e (export "e") (param i32 i64))
    (func (export "inner") (param i32)
      local.get 0
      i64.const 77
      throw $e)
    (func (export "outer") (param i32) (result i32 i64)
      (block $caught (result i32 i64)
        (try_table (catch $e $caught)
          local.get 0
          call $callInner)
        i32.const -1
        i64.const -1)))
  )");
  Linker linker;
  std::optional<Instance> self;
  int seen = 0;
  linker.defineFunc(store, "host", "call_inner", FuncType{{ValType::I32}, {}},
                    [&](Caller&, std::span<const Val> params,
                        std::span<Val>) -> std::optional<Error> {
                      auto result = self->getFunc("inner")->call(std::vector{params[0]});
                      EXPECT_FALSE(result);
                      if (result) return std::nullopt;
                      const Error& error = result.error();
                      EXPECT_EQ(error.kind, ErrorKind::Exception);
                      EXPECT_TRUE(error.exception);
                      if (!error.exception) return error;
                      EXPECT_EQ(error.exception->tag(), *self->getExport("e")->tag());
                      EXPECT_EQ(error.exception->payload()[0], params[0]);
                      EXPECT_EQ(error.exception->payload()[1], Val::i64(77));
                      ++seen;
                      return error;  // throw it again
                    });
  self = instantiateOrFail(linker, store, module);
  auto caught = self->getFunc("outer")->call(std::vector{Val::i32(5)});
  ASSERT_TRUE(caught) << caught.error().message;
  EXPECT_EQ(*caught, (std::vector{Val::i32(5), Val::i64(77)}));
  EXPECT_EQ(seen, 1);
}

TEST(Exception, HostFunctionThrows) {
  Engine engine;
  Store store(engine);
  Tag tag = Tag::create(store, {ValType::F64});
  EXPECT_EQ(tag.type(), (FuncType{{ValType::F64}, {}}));
  Module module = compileWat(engine, R"((module
    (import "host" "tag" (tag $t (param f64)))
    (import "host" "throws" (func $throws))
    (tag $other (param f64))
    (func (export "run") (result f64)
      (block $caught (result f64)
        (try_table (catch $other $caught) (catch $t $caught)
          call $throws)
        f64.const -1)))
  )");
  Linker linker;
  linker.define("host", "tag", tag);
  linker.defineFunc(store, "host", "throws", FuncType{},
                    [&](Caller&, std::span<const Val>, std::span<Val>) -> std::optional<Error> {
                      return Exception(tag, {Val::f64(2.5)});
                    });
  Instance instance = instantiateOrFail(linker, store, module);
  auto caught = instance.getFunc("run")->call({});
  ASSERT_TRUE(caught) << caught.error().message;
  EXPECT_EQ(*caught, std::vector{Val::f64(2.5)});
}

TEST(Exception, TrapsAreNeverCaught) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, R"((module
    (func $trap unreachable)
    (func (export "direct") (result i32)
      (block $caught
        (try_table (catch_all $caught) unreachable))
      i32.const 1)
    (func (export "callee") (result i32)
      (block $caught
        (try_table (catch_all $caught) call $trap))
      i32.const 1)
    (func (export "legacy") (result i32)
      (try (do call $trap) (catch_all))
      i32.const 1))
  )");
  Instance instance = instantiateOrFail(Linker(), store, module);
  for (const char* name : {"direct", "callee", "legacy"}) {
    auto result = instance.getFunc(name)->call({});
    ASSERT_FALSE(result) << name;
    EXPECT_EQ(result.error().kind, ErrorKind::Trap) << name;
    EXPECT_EQ(result.error().trap->code, TrapCode::Unreachable) << name;
  }
}

// Every value type as a payload: through a catch into Wasm, and out to the host.
TEST(Exception, PayloadsOfEveryValueType) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, R"((module
    (tag $e (export "e") (param i32 i64 f32 f64 v128 funcref externref))
    (func $f (export "f"))
    (func $throw (param externref)
      i32.const -7
      i64.const 0x123456789
      f32.const 1.5
      f64.const -2.25
      v128.const i32x4 1 2 3 4
      ref.func $f
      local.get 0
      throw $e)
    (func (export "throw") (param externref) local.get 0 call $throw)
    (func (export "catch") (param externref)
                           (result i32 i64 f32 f64 v128 funcref externref)
      (block $caught (result i32 i64 f32 f64 v128 funcref externref)
        (try_table (catch $e $caught) local.get 0 call $throw)
        unreachable))
    (func (export "catch_ref") (param externref) (result i64)
      (block $caught (result exnref)
        (try_table (catch_all_ref $caught) local.get 0 call $throw)
        unreachable)
      (block $again (param exnref) (result i32 i64 f32 f64 v128 funcref externref)
        (try_table (param exnref) (catch $e $again) throw_ref)
        unreachable)
      drop drop drop drop drop
      return))
  )");
  Instance instance = instantiateOrFail(Linker(), store, module);
  int host = 0;
  Val externRef = Val::externRef(&host);
  V128 lanes{1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0};
  std::vector<Val> expected{Val::i32(-7), Val::i64(0x123456789), Val::f32(1.5f), Val::f64(-2.25),
                            Val::v128(lanes), instance.getFunc("f")->toVal(), externRef};
  auto caught = instance.getFunc("catch")->call(std::vector{externRef});
  ASSERT_TRUE(caught) << caught.error().message;
  EXPECT_EQ(*caught, expected);
  auto rethrown = instance.getFunc("catch_ref")->call(std::vector{externRef});
  ASSERT_TRUE(rethrown) << rethrown.error().message;
  EXPECT_EQ(*rethrown, std::vector{Val::i64(0x123456789)});
  auto uncaught = instance.getFunc("throw")->call(std::vector{externRef});
  ASSERT_FALSE(uncaught);
  ASSERT_TRUE(uncaught.error().exception);
  const Exception& exception = *uncaught.error().exception;
  EXPECT_EQ(exception.tag(), *instance.getExport("e")->tag());
  EXPECT_EQ(std::vector<Val>(exception.payload().begin(), exception.payload().end()), expected);
}

// What the compiler must get right at landing pads: locals read after a
// catch in a loop (no register survives unwinding), a clause branching to a
// loop, a v128 payload through legacy catch and rethrow, a delegate that
// skips the try around it, and catch_all_ref with throw_ref.
TEST(Exception, LandingPads) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, R"((module
  (tag $e (param i32))
  (tag $v (param v128 i64))
  (func $thrower (param i32) (local.get 0) (throw $e))
  (func $thrower_if (param i32)
    (if (i32.lt_u (local.get 0) (i32.const 3)) (then (throw $e (i32.const 33)))))
  (func (export "loop_sum") (param $n i32) (result i32)
    (local $i i32) (local $sum i32) (local $x i32)
    (loop $l
      (local.set $x (i32.mul (local.get $i) (i32.const 3)))
      (block $c (result i32)
        (try_table (result i32) (catch $e $c)
          (call $thrower (local.get $x))
          (i32.const -1000)))
      (local.set $sum (i32.add (local.get $sum)))
      (local.set $sum (i32.add (local.get $sum) (local.get $x)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $sum))
  (func (export "retry") (result i32)
    (local $k i32)
    (block $done
      (i32.const 0)
      (loop $again (param i32)
        (drop)
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (try_table (catch $e $again)
          (call $thrower_if (local.get $k)))
        (br $done)))
    (local.get $k))
  (func $vthrow (throw $v (v128.const i32x4 1 2 3 4) (i64.const 9)))
  (func (export "legacy_v") (result i64) (local $vec v128) (local $n i64)
    (try (result i64)
      (do
        (try (result i64)
          (do (call $vthrow) (i64.const 0))
          (catch $v (drop) (drop) (rethrow 0))))
      (catch $v
        (local.set $n)
        (local.set $vec)
        (i64.add (local.get $n) (i64x2.extract_lane 1 (local.get $vec))))))
  (func (export "delegate_out") (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (try (do (try (do (call $thrower (i32.const 5))) (delegate 1))) (catch_all))
        )
      (i32.const -1)))
  (func (export "catch_ref_rethrow") (result i32)
    (block $outer (result i32)
      (try_table (catch $e $outer)
        (block $h (result exnref)
          (try_table (catch_all_ref $h) (call $thrower (i32.const 77)))
          (unreachable))
        (throw_ref))
      (i32.const -1)))
))");
  Instance instance = instantiateOrFail(Linker(), store, module);
  auto call = [&](const char* name, std::vector<Val> args) {
    auto result = instance.getFunc(name)->call(args);
    EXPECT_TRUE(result) << name << ": " << result.error().message;
    return result ? *result : std::vector<Val>{};
  };
  EXPECT_EQ(call("loop_sum", {Val::i32(5)}), std::vector{Val::i32(60)});
  EXPECT_EQ(call("retry", {}), std::vector{Val::i32(3)});
  EXPECT_EQ(call("legacy_v", {}), std::vector{Val::i64(0x400000003 + 9)});
  EXPECT_EQ(call("delegate_out", {}), std::vector{Val::i32(5)});
  EXPECT_EQ(call("catch_ref_rethrow", {}), std::vector{Val::i32(77)});
}

TEST(Exception, TagsAreIdentities) {
  Engine engine;
  Store store(engine);
  Module exporter = compileWat(engine, R"((module (tag (export "t") (param i32))))");
  Instance a = instantiateOrFail(Linker(), store, exporter);
  Instance b = instantiateOrFail(Linker(), store, exporter);
  EXPECT_NE(*a.getExport("t")->tag(), *b.getExport("t")->tag());
  Module importer = compileWat(engine, R"((module
    (import "a" "t" (tag $t (param i32)))
    (tag $own (param i32))
    (func (export "own") (result i32)
      (block $caught (result i32)
        (try_table (catch $t $caught) i32.const 1 throw $own)
        i32.const 0)))
  )");
  Linker linker;
  linker.defineInstance("a", a);
  Instance c = instantiateOrFail(linker, store, importer);
  // Its own tag has the imported one's type but is not that tag.
  auto result = c.getFunc("own")->call({});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::Exception);
  // A tag of the wrong type does not link.
  Linker wrong;
  wrong.define("a", "t", Tag::create(store, {ValType::I64}));
  EXPECT_EQ(instantiationError(wrong, store, importer).kind, ErrorKind::Link);
}

}  // namespace
}  // namespace kiln::test
