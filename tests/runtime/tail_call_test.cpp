// Tail calls (return_call, return_call_indirect, return_call_ref) and
// call_ref in both engine modes: constant stack over a billion steps when
// the callee has more parameters than the caller (some of its arguments in
// slots no caller's area had), across instances, to imported Wasm and host
// functions; traps of the checks; backtraces without the replaced frames.
#include <gtest/gtest.h>

#include <string>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

struct EngineMode {
  const char* name;
  Config config;
};

Config boundsChecksAndLibcalls() {
  Config config;
  config.memoryMode = MemoryMode::BoundsChecks;
  config.forceLibcalls = true;
  return config;
}

const EngineMode kModes[] = {{"GuardPages", Config{}},
                             {"BoundsChecksLibcalls", boundsChecksAndLibcalls()}};

class TailCallTest : public ::testing::TestWithParam<EngineMode> {
 protected:
  Engine engine{GetParam().config};
  Store store{engine};
  Linker linker;

  Instance instantiate(std::string_view wat) {
    return instantiateOrFail(linker, store, compileWat(engine, wat));
  }
  /// The i32 result of calling export `name` of `instance` with `args`.
  int32_t callI32(const Instance& instance, const std::string& name, std::vector<Val> args) {
    auto results = instance.getFunc(name)->call(args);
    EXPECT_TRUE(results) << (results ? "" : results.error().message);
    return results ? (*results)[0].i32() : -1;
  }
  /// The trap of calling export `name` with no arguments.
  Trap trapOf(const Instance& instance, const std::string& name) {
    auto results = instance.getFunc(name)->call({});
    EXPECT_FALSE(results);
    if (results || !results.error().trap) return Trap{};
    return *results.error().trap;
  }
};

constexpr int64_t kBillion = 1'000'000'000;

// $even has one parameter slot; $odd has eight, more than any caller's area
// but $even's first call's: the first tail call calls and returns, every
// later one reuses the grown area. $odd checks the arguments that live in
// the slots only the grown area has.
constexpr std::string_view kMutualRecursion = R"((module
  (func $even (export "even") (param $n i64) (result i32)
    (if (result i32) (i64.eqz (local.get $n))
      (then (i32.const 1))
      (else (return_call $odd (i64.sub (local.get $n) (i64.const 1))
              (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4)
              (i64.const 5) (i64.const 6) (i64.const 7)))))
  (func $odd (param $n i64) (param $a i64) (param $b i64) (param $c i64) (param $d i64)
             (param $e i64) (param $f i64) (param $g i64) (result i32)
    (if (i64.ne (local.get $g) (i64.const 7)) (then unreachable))
    (if (i64.ne (local.get $a) (i64.const 1)) (then unreachable))
    (if (result i32) (i64.eqz (local.get $n))
      (then (i32.const 0))
      (else (return_call $even (i64.sub (local.get $n) (local.get $a)))))))
)";

TEST_P(TailCallTest, BillionStepMutualRecursionWithMoreCalleeParametersRunsInConstantStack) {
  Instance instance = instantiate(kMutualRecursion);
  EXPECT_EQ(callI32(instance, "even", {Val::i64(kBillion)}), 1);
  EXPECT_EQ(callI32(instance, "even", {Val::i64(1001)}), 0);
}

TEST_P(TailCallTest, BillionStepRecursionAcrossInstancesThroughAnImportAndATable) {
  // $ping (instance a, one parameter) tail-calls $pong through a table;
  // $pong (instance b, eight parameters) tail-calls $ping, its import.
  Instance a = instantiate(R"((module
    (type $pong (func (param i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
    (table (export "table") 1 funcref)
    (func $ping (export "ping") (param $n i64) (result i64)
      (if (result i64) (i64.eqz (local.get $n))
        (then (i64.const 100))
        (else (return_call_indirect (type $pong)
                (i64.sub (local.get $n) (i64.const 1))
                (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4)
                (i64.const 5) (i64.const 6) (i64.const 7) (i32.const 0))))))
  )");
  linker.defineInstance("a", a);
  // Only reached through a's table, into which its element segment writes.
  [[maybe_unused]] Instance b = instantiate(R"((module
    (import "a" "ping" (func $ping (param i64) (result i64)))
    (import "a" "table" (table 1 funcref))
    (elem (i32.const 0) $pong)
    (memory 1)
    (func $pong (param $n i64) (param i64 i64 i64 i64 i64 i64) (param $g i64) (result i64)
      ;; b's own memory: r15 must be b's here, whoever returned to whom.
      (i64.store (i32.const 8) (local.get $g))
      (if (result i64) (i64.eqz (local.get $n))
        (then (i64.load (i32.const 8)))
        (else (return_call $ping (i64.sub (local.get $n) (i64.const 1)))))))
  )");
  auto even = a.getFunc("ping")->call(std::vector<Val>{Val::i64(kBillion)});
  ASSERT_TRUE(even) << even.error().message;
  EXPECT_EQ((*even)[0].i64(), 100);
  auto odd = a.getFunc("ping")->call(std::vector<Val>{Val::i64(1001)});
  ASSERT_TRUE(odd) << odd.error().message;
  EXPECT_EQ((*odd)[0].i64(), 7);
}

TEST_P(TailCallTest, ADirectCallerOfAFunctionThatTailCallsAnotherInstanceKeepsItsOwnRegisters) {
  // $inner is called directly from $outer, then tail-calls into instance
  // other, which returns to $outer with its own vmctx and memory in mind:
  // $outer must still read its own memory afterwards.
  Instance other = instantiate(R"((module
    (memory 1)
    (func (export "seven") (result i32) (i32.store (i32.const 0) (i32.const 7)) (i32.const 7)))
  )");
  linker.defineInstance("other", other);
  Instance instance = instantiate(R"((module
    (import "other" "seven" (func $seven (result i32)))
    (memory 1)
    (data (i32.const 0) "\2a")
    (func $inner (result i32) (return_call $seven))
    (func (export "outer") (result i32)
      (i32.add (call $inner) (i32.load8_u (i32.const 0)))))
  )");
  EXPECT_EQ(callI32(instance, "outer", {}), 7 + 42);
}

TEST_P(TailCallTest, TailCallsToAHostFunctionWithFewerAndMoreParameters) {
  linker.defineFunc(store, "host", "twice", FuncType{{ValType::I32}, {ValType::I32}},
                    [](Caller&, std::span<const Val> params, std::span<Val> results) {
                      results[0] = Val::i32(2 * params[0].i32());
                      return std::optional<Error>();
                    });
  std::vector<ValType> eight(8, ValType::I32);
  linker.defineFunc(store, "host", "sum", FuncType{eight, {ValType::I32, ValType::I32}},
                    [](Caller&, std::span<const Val> params, std::span<Val> results) {
                      int32_t sum = 0;
                      for (const Val& param : params) sum += param.i32();
                      results[0] = Val::i32(sum);
                      results[1] = Val::i32(params[7].i32());
                      return std::optional<Error>();
                    });
  Instance instance = instantiate(R"((module
    (import "host" "twice" (func $twice (param i32) (result i32)))
    (import "host" "sum" (func $sum (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32 i32)))
    (func (export "twice") (param i32 i32) (result i32)
      (return_call $twice (i32.add (local.get 0) (local.get 1))))
    (func $sum8 (param i32) (result i32 i32)
      (return_call $sum (local.get 0) (i32.const 1) (i32.const 2) (i32.const 3)
                        (i32.const 4) (i32.const 5) (i32.const 6) (i32.const 7)))
    (func (export "sum") (param i32) (result i32)
      (call $sum8 (local.get 0))
      (i32.mul (i32.const 1000))
      (i32.add)))
  )");
  EXPECT_EQ(callI32(instance, "twice", {Val::i32(20), Val::i32(1)}), 42);
  // (10 + 28) + 1000 * 7
  EXPECT_EQ(callI32(instance, "sum", {Val::i32(10)}), 7038);
}

TEST_P(TailCallTest, ReturnCallIndirectWithAnotherSignatureTraps) {
  Instance instance = instantiate(R"((module
    (type $i32 (func (result i32)))
    (type $i64 (func (result i64)))
    (table 1 funcref)
    (elem (i32.const 0) $one)
    (func $one (result i64) (i64.const 1))
    (func (export "mismatch") (result i32) (return_call_indirect (type $i32) (i32.const 0)))
    (func (export "null") (result i32) (return_call_indirect (type $i32) (i32.const 1))))
  )");
  EXPECT_EQ(trapOf(instance, "mismatch").code, TrapCode::BadSignature);
  EXPECT_EQ(trapOf(instance, "null").code, TrapCode::TableAccessOutOfBounds);
}

TEST_P(TailCallTest, CallRefAndReturnCallRefOnNullTrap) {
  Instance instance = instantiate(R"((module
    (type $t (func (result i32)))
    (func (export "call") (result i32) (call_ref $t (ref.null $t)))
    (func (export "tail") (result i32) (return_call_ref $t (ref.null $t)))
    (func $nine (result i32) (i32.const 9))
    (elem declare func $nine)
    (func (export "nine") (result i32) (return_call_ref $t (ref.func $nine))))
  )");
  Trap call = trapOf(instance, "call");
  EXPECT_EQ(call.code, TrapCode::NullFunctionReference);
  EXPECT_EQ(trapOf(instance, "tail").code, TrapCode::NullFunctionReference);
  EXPECT_EQ(callI32(instance, "nine", {}), 9);
}

TEST_P(TailCallTest, BacktraceOfATrapAfterTailCallsLacksOnlyTheReplacedFrames) {
  // $outer calls $middle, which tail-calls $replaced, which tail-calls
  // $inner: $middle and $replaced are gone when $inner traps.
  Instance instance = instantiate(R"((module
    (func $inner (param i32) (if (local.get 0) (then unreachable)))
    (func $replaced (param i32) (return_call $inner (local.get 0)))
    (func $middle (param i32) (return_call $replaced (local.get 0)))
    (func $outer (export "outer") (call $middle (i32.const 1)) (call $middle (i32.const 1))))
  )");
  Trap trap = trapOf(instance, "outer");
  EXPECT_EQ(trap.code, TrapCode::Unreachable);
  ASSERT_EQ(trap.backtrace.size(), 2u);
  EXPECT_EQ(trap.backtrace[0].functionName, "inner");
  EXPECT_EQ(trap.backtrace[1].functionName, "outer");
}

INSTANTIATE_TEST_SUITE_P(Modes, TailCallTest, ::testing::ValuesIn(kModes),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kiln::test
