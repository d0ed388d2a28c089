// Traps carry a backtrace: the trapping function with the Wasm offset of the
// trapping instruction, then its callers at their calls.
#include <gtest/gtest.h>

#include "compiler_harness.h"

namespace kiln::test {
namespace {

class TrapBacktraceTest : public ::testing::TestWithParam<CompilerMode> {
 protected:
  CompiledInstance wasm{"traps", GetParam()};

  /// The trap of calling `name`, checking that its backtrace is `functions`
  /// (index and name, innermost first) and each frame's offset points at
  /// an instruction starting with the opcode byte in `opcodes`.
  void expectBacktrace(const std::string& name, std::vector<ValRaw> args, TrapCode code,
                       std::vector<std::pair<uint32_t, std::string>> functions,
                       std::vector<uint8_t> opcodes) {
    auto outcome = wasm.call(name, std::move(args));
    ASSERT_TRUE(outcome.trap);
    EXPECT_EQ(outcome.trap->code, code);
    const std::vector<TrapFrame>& frames = outcome.trap->backtrace;
    ASSERT_EQ(frames.size(), functions.size());
    const std::vector<uint8_t>& bytes = wasm.module().bytes;
    for (size_t i = 0; i < frames.size(); ++i) {
      EXPECT_EQ(frames[i].functionIndex, functions[i].first) << "frame " << i;
      EXPECT_EQ(frames[i].functionName, functions[i].second) << "frame " << i;
      ASSERT_LT(frames[i].codeOffset, bytes.size());
      EXPECT_EQ(bytes[frames[i].codeOffset], opcodes[i]) << "frame " << i;
    }
  }
};

constexpr uint8_t kCall = 0x10;

TEST_P(TrapBacktraceTest, InlineTrapCheck) {
  expectBacktrace("calls_divide", {i32(0)}, TrapCode::IntegerDivisionByZero,
                  {{0, "divide"}, {1, "calls_divide"}}, {0x6D, kCall});
}

TEST_P(TrapBacktraceTest, MemoryFault) {
  // A guard-page fault in the default mode, an explicit check with --bounds-checks.
  expectBacktrace("calls_load", {i32(65530)}, TrapCode::HeapAccessOutOfBounds,
                  {{2, "load"}, {3, "calls_load"}}, {0x28, kCall});
}

TEST_P(TrapBacktraceTest, TrapInsideLibcall) {
  expectBacktrace("calls_fill", {i32(65530)}, TrapCode::HeapAccessOutOfBounds,
                  {{4, "fill"}, {5, "calls_fill"}}, {0xFC, kCall});
}

TEST_P(TrapBacktraceTest, FaultRightAfterACallNamesTheFaultingInstruction) {
  // Found by fuzz_run: the guard-page mode named the call (its return
  // address is the load's first byte), the bounds-check mode the load.
  expectBacktrace("load_after_call", {i32(-31666)}, TrapCode::HeapAccessOutOfBounds,
                  {{7, "load_after_call"}}, {0x2D});
}

TEST_P(TrapBacktraceTest, NextTrapHasItsOwnBacktrace) {
  expectBacktrace("calls_load", {i32(65530)}, TrapCode::HeapAccessOutOfBounds,
                  {{2, "load"}, {3, "calls_load"}}, {0x28, kCall});
  expectBacktrace("calls_divide", {i32(0)}, TrapCode::IntegerDivisionByZero,
                  {{0, "divide"}, {1, "calls_divide"}}, {0x6D, kCall});
}

INSTANTIATE_TEST_SUITE_P(Modes, TrapBacktraceTest, ::testing::ValuesIn(kCompilerModes),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kiln::test
