// v128 values through the compiler's machinery rather than its SIMD
// instructions: the native calling convention (a v128 in two slots), the
// array entry, multiple results, locals, globals, spill slots, control flow
// and vector accesses at the end of memory (simd_values.wat).
#include <gtest/gtest.h>

#include <cstring>

#include "compiler_harness.h"

namespace kiln::test {
namespace {

ValRaw v128(uint64_t low, uint64_t high) {
  ValRaw r{};
  std::memcpy(r.v128, &low, 8);
  std::memcpy(r.v128 + 8, &high, 8);
  return r;
}

uint64_t half(const ValRaw& v, int i) {
  uint64_t bits;
  std::memcpy(&bits, v.v128 + 8 * i, 8);
  return bits;
}

class SimdValuesTest : public CompilerTest {
 protected:
  SimdValuesTest() : CompilerTest("simd_values") {}
};

TEST_P(SimdValuesTest, CallsPassVectorsAmongScalars) {
  EXPECT_EQ(callI32("call_direct", {i32(3), i32(4)}), 30407);
  EXPECT_EQ(callI32("call_direct", {i32(-1), i32(9)}), -10000 + 900 + 7);
  EXPECT_EQ(callI32("call_indirect", {i32(3), i32(4)}), 30407);
}

TEST_P(SimdValuesTest, ArrayEntryPassesAndReturnsVectors) {
  ValRaw x = v128(0x0706050403020100, 0x0F0E0D0C0B0A0908);
  ValRaw y = v128(0x1716151413121110, 0x1F1E1D1C1B1A1918);
  ValRaw result = call("identity", {x});
  EXPECT_EQ(half(result, 0), half(x, 0));
  EXPECT_EQ(half(result, 1), half(x, 1));
  auto outcome = wasm.call("swap", {x, i32(42), y});
  ASSERT_FALSE(outcome.trap);
  ASSERT_EQ(outcome.results.size(), 3u);
  EXPECT_EQ(half(outcome.results[0], 0), half(y, 0));
  EXPECT_EQ(half(outcome.results[0], 1), half(y, 1));
  EXPECT_EQ(outcome.results[1].i32, 42);
  EXPECT_EQ(half(outcome.results[2], 0), half(x, 0));
  EXPECT_EQ(half(outcome.results[2], 1), half(x, 1));
}

TEST_P(SimdValuesTest, MoreVectorsThanRegistersSpill) {
  EXPECT_EQ(callI32("spill", {i32(1)}), 55);
  EXPECT_EQ(callI32("spill", {i32(-3)}), -165);
}

TEST_P(SimdValuesTest, DeclaredVectorLocalsStartAtZero) {
  EXPECT_EQ(callI32("zeroed_locals", {}), 0);
}

TEST_P(SimdValuesTest, GlobalHoldsAllSixteenBytes) {
  EXPECT_EQ(callI32("global", {i32(9)}), 4009);
  EXPECT_EQ(callI32("global", {i32(-2)}), 3998);
}

TEST_P(SimdValuesTest, ControlFlowCarriesVectors) {
  EXPECT_EQ(callI32("control", {i32(0)}), 3003);   // br_if taken, select's second
  EXPECT_EQ(callI32("control", {i32(1)}), 20001);  // loop to 20, else arm
  EXPECT_EQ(callI32("control", {i32(7)}), 20100);  // then arm
  EXPECT_EQ(callI32("control", {i32(25)}), 26100); // one pass of the loop
}

TEST_P(SimdValuesTest, LocalHomedInXmmSurvivesCalls) {
  // Lanes 0 and 3 each sum 0..n-1; lane 3 also loses 1 per iteration.
  EXPECT_EQ(callI32("home_across_calls", {i32(10)}), 45 + 45 - 10);
  EXPECT_EQ(callI32("home_across_calls", {i32(1)}), -1);
}

TEST_P(SimdValuesTest, VectorAccessStraddlingTheEndTraps) {
  const int32_t end = 65536;
  EXPECT_EQ(callI32("load", {i32(end - 16)}), 0);
  EXPECT_EQ(trapOf("load", {i32(end - 15)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(trapOf("load", {i32(end - 1)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(trapOf("load", {i32(-1)}), TrapCode::HeapAccessOutOfBounds);

  wasm.call("write", {i32(end - 8), i32(0x11111111)});
  wasm.call("write", {i32(end - 4), i32(0x22222222)});
  EXPECT_EQ(trapOf("store", {i32(end - 8)}), TrapCode::HeapAccessOutOfBounds);
  // A trapping store writes nothing, not even its bytes in bounds.
  EXPECT_EQ(callI32("read", {i32(end - 8)}), 0x11111111);
  EXPECT_EQ(callI32("read", {i32(end - 4)}), 0x22222222);
  EXPECT_FALSE(trapOf("store", {i32(end - 16)}));
  EXPECT_EQ(callI32("read", {i32(end - 4)}), -1);
}

TEST_P(SimdValuesTest, LaneAccessesCheckOnlyTheirLane) {
  const int32_t end = 65536;
  wasm.call("write", {i32(end - 4), i32(1234)});
  EXPECT_EQ(callI32("load_lane", {i32(end - 4)}), 1234);
  EXPECT_EQ(trapOf("load_lane", {i32(end - 3)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_FALSE(trapOf("store_lane", {i32(end - 8)}));
  EXPECT_EQ(callI32("read", {i32(end - 4)}), -1);
  EXPECT_EQ(trapOf("store_lane", {i32(end - 7)}), TrapCode::HeapAccessOutOfBounds);
}

INSTANTIATE_TEST_SUITE_P(Modes, SimdValuesTest, ::testing::ValuesIn(kCompilerModes),
                         [](const auto& info) { return std::string(info.param.name); });

// Through an import of another instance: the callee's vmctx and the
// vectors' two slots each.
class SimdImportTest : public ::testing::TestWithParam<CompilerMode> {
 protected:
  CompiledInstance callee{"simd_values", GetParam()};
  CompiledInstance caller{"simd_import", GetParam(), importsFromCallee()};

  InstanceImports importsFromCallee() {
    InstanceImports imports;
    imports.functions.push_back(callee.functionImport("swap"));
    return imports;
  }
};

TEST_P(SimdImportTest, VectorsCrossInstances) {
  EXPECT_EQ(caller.result("go", {i32(3)}).i32, 100 + 7 + 3000);
  EXPECT_EQ(caller.result("go", {i32(-2)}).i32, 100 + 7 - 2000);
}

INSTANTIATE_TEST_SUITE_P(Modes, SimdImportTest, ::testing::ValuesIn(kCompilerModes),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kiln::test
