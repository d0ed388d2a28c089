// Calls: host -> Wasm, Wasm -> host, nesting with traps at every level, host
// functions called from the host, traps from start functions.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {


std::optional<Error> noError() { return std::nullopt; }

TEST(Call, WasmFunctionWithArgumentsAndResults) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, R"((module
    (func (export "add") (param i32 i64) (result i64)
      local.get 0 i64.extend_i32_s local.get 1 i64.add)
    (func (export "swap") (param f32 f64) (result f64 f32) local.get 1 local.get 0))
  )");
  Instance instance = instantiateOrFail(Linker(), store, module);
  auto sum = instance.getFunc("add")->call(std::vector{Val::i32(-2), Val::i64(10)});
  ASSERT_TRUE(sum) << sum.error().message;
  EXPECT_EQ(*sum, std::vector{Val::i64(8)});
  auto swapped = instance.getFunc("swap")->call(std::vector{Val::f32(1.5f), Val::f64(2.5)});
  ASSERT_TRUE(swapped) << swapped.error().message;
  EXPECT_EQ(*swapped, (std::vector{Val::f64(2.5), Val::f32(1.5f)}));
}

TEST(Call, ArgumentsAreTypeChecked) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, R"((module (func (export "f") (param i32))))");
  Instance instance = instantiateOrFail(Linker(), store, module);
  Func f = *instance.getFunc("f");
  auto tooFew = f.call({});
  ASSERT_FALSE(tooFew);
  EXPECT_EQ(tooFew.error().message, "expected 1 arguments, got 0");
  auto wrongType = f.call(std::vector{Val::i64(1)});
  ASSERT_FALSE(wrongType);
  EXPECT_EQ(wrongType.error().message, "argument 0 is i64, expected i32");
}

TEST(Call, HostFunctionFromTheHost) {
  Engine engine;
  Store store(engine);
  Func twice = Func::wrap(store, FuncType{{ValType::I32}, {ValType::I32}},
                          [](Caller& caller, std::span<const Val> params, std::span<Val> results) {
                            EXPECT_FALSE(caller.getExport("memory"));
                            EXPECT_FALSE(caller.instance());
                            results[0] = Val::i32(params[0].i32() * 2);
                            return noError();
                          });
  EXPECT_EQ(twice.type(), (FuncType{{ValType::I32}, {ValType::I32}}));
  auto result = twice.call(std::vector{Val::i32(21)});
  ASSERT_TRUE(result);
  EXPECT_EQ(*result, std::vector{Val::i32(42)});

  Func failing = Func::wrap(store, FuncType{}, [](Caller&, std::span<const Val>, std::span<Val>) {
    return std::optional<Error>(Trap{TrapCode::Unreachable, "host says no", {}});
  });
  auto trapped = failing.call({});
  ASSERT_FALSE(trapped);
  EXPECT_EQ(trapped.error().message, "host says no");

  Func throwing = Func::wrap(store, FuncType{}, [](Caller&, std::span<const Val>, std::span<Val>)
                                                    -> std::optional<Error> {
    throw std::runtime_error("boom");
  });
  auto thrown = throwing.call({});
  ASSERT_FALSE(thrown);
  EXPECT_EQ(thrown.error().message, "host function threw: boom");

  Func wrongResult = Func::wrap(store, FuncType{{}, {ValType::I64}},
                                [](Caller&, std::span<const Val>, std::span<Val> results) {
                                  results[0] = Val::i32(1);
                                  return noError();
                                });
  EXPECT_FALSE(wrongResult.call({}));
  EXPECT_EQ(Func::fromVal(store, twice.toVal())->call(std::vector{Val::i32(1)})->at(0),
            Val::i32(2));
  EXPECT_FALSE(Func::fromVal(store, Val::nullRef(ValType::FuncRef)));
}

TEST(Call, WasmCallsHostWhichSeesTheCallersExports) {
  Engine engine;
  Store store(engine);
  Linker linker;
  std::optional<Instance> calledFrom;
  linker.defineFunc(store, "env", "peek", FuncType{{ValType::I32}, {ValType::I32}},
                    [&](Caller& caller, std::span<const Val> params, std::span<Val> results) {
                      std::optional<Instance> instance = caller.instance();
                      calledFrom = instance;
                      std::optional<Extern> memory = caller.getExport("memory");
                      if (!memory || !memory->memory()) {
                        return std::optional<Error>(Trap{TrapCode::Unreachable, "no memory", {}});
                      }
                      results[0] = Val::i32(memory->memory()->data()[params[0].i32()]);
                      return noError();
                    });
  Module module = compileWat(engine, R"((module
    (import "env" "peek" (func $peek (param i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 5) "\2a")
    (func (export "run") (result i32) (i32.add (call $peek (i32.const 5)) (i32.const 1))))
  )");
  Instance instance = instantiateOrFail(linker, store, module);
  auto result = instance.getFunc("run")->call({});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(*result, std::vector{Val::i32(43)});
  EXPECT_EQ(calledFrom, instance);
}

// v128 values cross both ways: a v128 takes two native slots among the
// scalars and comes back in xmm0 alone or in the slots with others.
TEST(Call, VectorsCrossBetweenWasmAndHost) {
  Engine engine;
  Store store(engine);
  Linker linker;
  V128 bytes;
  for (uint8_t i = 0; i < 16; ++i) bytes[i] = i;
  // Swaps the vectors, reverses the first one's bytes, adds the scalars.
  linker.defineFunc(store, "env", "mix",
                    FuncType{{ValType::I32, ValType::V128, ValType::F64, ValType::V128},
                             {ValType::V128, ValType::I32, ValType::V128}},
                    [](Caller&, std::span<const Val> params, std::span<Val> results) {
                      V128 reversed = params[1].v128();
                      std::reverse(reversed.begin(), reversed.end());
                      results[0] = params[3];
                      results[1] = Val::i32(params[0].i32() + int32_t(params[2].f64()));
                      results[2] = Val::v128(reversed);
                      return noError();
                    });
  linker.defineFunc(store, "env", "flip", FuncType{{ValType::V128}, {ValType::V128}},
                    [](Caller&, std::span<const Val> params, std::span<Val> results) {
                      V128 flipped = params[0].v128();
                      for (uint8_t& b : flipped) b = uint8_t(~b);
                      results[0] = Val::v128(flipped);
                      return noError();
                    });
  Module module = compileWat(engine, R"((module
    (import "env" "mix" (func $mix (param i32 v128 f64 v128) (result v128 i32 v128)))
    (import "env" "flip" (func $flip (param v128) (result v128)))
    (func (export "run") (param $v v128) (result v128 i32 v128) (local $s i32) (local $w v128)
      (call $mix (i32.const 40) (local.get $v) (f64.const 2) (call $flip (local.get $v)))
      (local.set $w) (local.set $s)
      (i32.add (local.get $s) (i32.const 100))
      (local.get $w))))");
  Instance instance = instantiateOrFail(linker, store, module);
  auto result = instance.getFunc("run")->call(std::vector{Val::v128(bytes)});
  ASSERT_TRUE(result) << result.error().message;
  V128 flipped = bytes;
  for (uint8_t& b : flipped) b = uint8_t(~b);
  V128 reversed = bytes;
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(*result, (std::vector{Val::v128(flipped), Val::i32(142), Val::v128(reversed)}));
}

TEST(Call, WasmCallsHostWithMoreValuesThanFitInline) {
  Engine engine;
  Store store(engine);
  Linker linker;
  FuncType wide{std::vector<ValType>(20, ValType::I64), std::vector<ValType>(20, ValType::I64)};
  linker.defineFunc(store, "env", "reverse", wide,
                    [](Caller&, std::span<const Val> params, std::span<Val> results) {
                      for (size_t i = 0; i < params.size(); ++i) {
                        results[i] = params[params.size() - 1 - i];
                      }
                      return noError();
                    });
  std::string params, pushes, weighted;
  for (int i = 0; i < 20; ++i) {
    params += " i64";
    pushes += " (i64.const " + std::to_string(i) + ")";
    // result i (value 19 - i) times 2^i, summed: the order matters.
    weighted += " (i64.shl (local.get " + std::to_string(i) + ") (i64.const " +
                std::to_string(19 - i) + ")) i64.add";
  }
  std::string locals;
  for (int i = 0; i < 20; ++i) locals += " (local.set " + std::to_string(19 - i) + ")";
  Module module = compileWat(engine, "(module (import \"env\" \"reverse\" (func $r (param" +
                                         params + ") (result" + params + ")))"
                                         "(func (export \"run\") (result i64) (local" + params +
                                         ")" + pushes + " call $r" + locals + " (i64.const 0)" +
                                         weighted + "))");
  Instance instance = instantiateOrFail(linker, store, module);
  auto result = instance.getFunc("run")->call({});
  ASSERT_TRUE(result) << result.error().message;
  int64_t expected = 0;
  for (int i = 0; i < 20; ++i) expected += int64_t(19 - i) << (19 - i);
  EXPECT_EQ(*result, std::vector{Val::i64(expected)});
}

/// host -> Wasm (outer) -> host (`middle`) -> Wasm (inner) -> host (`leaf`),
/// where each level can be told to trap.
class Nesting : public ::testing::Test {
 protected:
  Nesting() : store(engine) {
    linker.defineFunc(store, "env", "leaf", FuncType{{ValType::I32}, {ValType::I32}},
                      [](Caller&, std::span<const Val> params, std::span<Val> results) {
                        if (params[0].i32() == 4) {
                          return std::optional<Error>(Trap{TrapCode::Unreachable, "leaf trap", {}});
                        }
                        results[0] = Val::i32(params[0].i32() + 1000);
                        return noError();
                      });
    linker.defineFunc(store, "env", "middle", FuncType{{ValType::I32}, {ValType::I32}},
                      [this](Caller&, std::span<const Val> params, std::span<Val> results) {
                        if (params[0].i32() == 2) {
                          return std::optional<Error>(
                              Trap{TrapCode::Unreachable, "middle trap", {}});
                        }
                        auto inner = instance->getFunc("inner")->call(params);
                        ++innerCalls;
                        if (!inner) return std::optional<Error>(inner.error());
                        results[0] = Val::i32((*inner)[0].i32() + 100);
                        return noError();
                      });
    Module module = compileWat(engine, R"((module
      (import "env" "leaf" (func $leaf (param i32) (result i32)))
      (import "env" "middle" (func $middle (param i32) (result i32)))
      (func (export "outer") (param i32) (result i32)
        (if (i32.eq (local.get 0) (i32.const 1)) (then unreachable))
        (i32.add (call $middle (local.get 0)) (i32.const 10)))
      (func (export "inner") (param i32) (result i32)
        (if (i32.eq (local.get 0) (i32.const 3)) (then (drop (i32.div_u (i32.const 1) (i32.const 0)))))
        (i32.add (call $leaf (local.get 0)) (i32.const 1))))
    )");
    instance = instantiateOrFail(linker, store, module);
  }

  Expected<std::vector<Val>, Error> outer(int32_t level) {
    return instance->getFunc("outer")->call(std::vector{Val::i32(level)});
  }

  Engine engine;
  Store store;
  Linker linker;
  std::optional<Instance> instance;
  int innerCalls = 0;
};

TEST_F(Nesting, CompletesWithoutTraps) {
  auto result = outer(0);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(*result, std::vector{Val::i32(1111)});
}

TEST_F(Nesting, TrapAtEachLevelReachesTheOutermostCaller) {
  auto outerTrap = outer(1);
  ASSERT_FALSE(outerTrap);
  EXPECT_EQ(outerTrap.error().trap->code, TrapCode::Unreachable);
  EXPECT_EQ(outerTrap.error().message, "unreachable");

  auto middleTrap = outer(2);
  ASSERT_FALSE(middleTrap);
  EXPECT_EQ(middleTrap.error().message, "middle trap");

  auto innerTrap = outer(3);
  ASSERT_FALSE(innerTrap);
  EXPECT_EQ(innerTrap.error().trap->code, TrapCode::IntegerDivisionByZero);
  EXPECT_EQ(innerCalls, 1);  // the host saw the inner trap and passed it on

  auto leafTrap = outer(4);
  ASSERT_FALSE(leafTrap);
  EXPECT_EQ(leafTrap.error().message, "leaf trap");

  // Everything still works after the traps.
  auto result = outer(0);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(*result, std::vector{Val::i32(1111)});
}

TEST(Call, ElementSegmentFunctionsAreCallable) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, R"((module
    (type $r (func (result i32)))
    (table (export "table") 2 funcref)
    (func $seven (result i32) i32.const 7)
    (func $eight (result i32) i32.const 8)
    (elem (i32.const 0) $seven $eight)
    (func (export "call") (param i32) (result i32) (call_indirect (type $r) (local.get 0))))
  )");
  Instance instance = instantiateOrFail(Linker(), store, module);
  Table table = *instance.getTable("table");
  auto second = Func::fromVal(store, *table.get(1));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->call({})->at(0), Val::i32(8));
  EXPECT_EQ(instance.getFunc("call")->call(std::vector{Val::i32(0)})->at(0), Val::i32(7));
  auto outOfBounds = instance.getFunc("call")->call(std::vector{Val::i32(2)});
  ASSERT_FALSE(outOfBounds);
  EXPECT_EQ(outOfBounds.error().trap->code, TrapCode::TableAccessOutOfBounds);
}

TEST(Call, ImportedFunctionsInTablesOfAnotherInstance) {
  Engine engine;
  Store store(engine);
  Linker linker;
  Module exporter = compileWat(engine, R"((module
    (func (export "nine") (result i32) i32.const 9)
    (table (export "table") 1 funcref))
  )");
  Instance first = instantiateOrFail(linker, store, exporter);
  linker.defineInstance("first", first);
  Module importer = compileWat(engine, R"((module
    (import "first" "nine" (func $nine (result i32)))
    (import "first" "table" (table 1 funcref))
    (elem (i32.const 0) $nine))
  )");
  instantiateOrFail(linker, store, importer);
  auto nine = Func::fromVal(store, *first.getTable("table")->get(0));
  ASSERT_TRUE(nine);
  EXPECT_EQ(nine->call({})->at(0), Val::i32(9));
}

TEST(Call, StartFunctionTraps) {
  Engine engine;
  Store store(engine);
  Linker linker;
  auto memory = Memory::create(store, MemoryType{{1, std::nullopt}});
  linker.define("env", "memory", *memory);
  Module module = compileWat(engine, R"((module
    (import "env" "memory" (memory 1))
    (data (i32.const 0) "written")
    (func $start unreachable)
    (start $start))
  )");
  Error error = instantiationError(linker, store, module);
  EXPECT_EQ(error.kind, ErrorKind::Trap);
  EXPECT_EQ(error.message, "unreachable");
  ASSERT_TRUE(error.trap);
  EXPECT_EQ(error.trap->code, TrapCode::Unreachable);
  EXPECT_EQ(memory->data()[0], 'w');  // segments ran before the start function

  linker.defineFunc(store, "env", "fail", FuncType{},
                    [](Caller&, std::span<const Val>, std::span<Val>) {
                      return std::optional<Error>(Trap{TrapCode::Unreachable, "host start", {}});
                    });
  Module hostStart = compileWat(engine, R"((module
    (import "env" "fail" (func $fail))
    (start $fail))
  )");
  EXPECT_EQ(instantiationError(linker, store, hostStart).message, "host start");
}

TEST(Call, StackOverflowTraps) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, R"((module
    (func $down (export "down") (param i32) (result i32)
      (i32.add (call $down (i32.add (local.get 0) (i32.const 1))) (i32.const 1))))
  )");
  Instance instance = instantiateOrFail(Linker(), store, module);
  for (int i = 0; i < 3; ++i) {
    auto result = instance.getFunc("down")->call(std::vector{Val::i32(0)});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().trap->code, TrapCode::StackOverflow);
  }
}

}  // namespace
}  // namespace kiln::test
