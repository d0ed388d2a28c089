// Compiling on several threads places functions in the order they finish,
// not by index: calls between them, their results and the backtraces of
// their traps must come out the same for any number of compile threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

constexpr int kFunctions = 400;
constexpr size_t kKeptFrames = 64;  // CallState::kInnermostTraceFrames + kOutermostTraceFrames

/// "f<index>", appended: GCC 12's -O3 inlining of `"f" + std::to_string(index)`
/// gives a -Wrestrict false positive (a one-character literal prepended),
/// which broke Release builds.
std::string functionName(int index) {
  std::string name = "f";
  name += std::to_string(index);
  return name;
}

/// f0(x) = 1 / x (traps on 0); f<i>(x) = f<i-1>(x) + i, each with a body of
/// its own length, so threads finish them out of order.
std::string chainModule() {
  std::string wat = "(module (memory 1)\n";
  wat += "(func $f0 (export \"f0\") (param i32) (result i32) i32.const 1 local.get 0 i32.div_u)\n";
  for (int i = 1; i < kFunctions; ++i) {
    std::string name = functionName(i);
    wat += "(func $" + name + " (export \"" + name + "\") (param i32) (result i32)\n";
    // Filler that the compiler cannot skip: stores and loads of memory.
    for (int k = 0; k < (i * 37) % 61; ++k) {
      wat += "  i32.const " + std::to_string(4 * k) + " local.get 0 i32.store\n";
    }
    wat += "  local.get 0 call $f" + std::to_string(i - 1) + " i32.const " + std::to_string(i) +
           " i32.add)\n";
  }
  return wat + ")";
}

class ParallelCompile : public ::testing::TestWithParam<unsigned> {};

TEST_P(ParallelCompile, CallsResultsAndBacktracesDoNotDependOnPlacement) {
  Config config;
  config.compileThreads = GetParam();
  Engine engine(config);
  Store store(engine);
  Module module = compileWat(engine, chainModule());
  Instance instance = instantiateOrFail(Linker(), store, module);
  const int last = kFunctions - 1;
  auto sum = instance.getFunc(functionName(last))->call(std::vector{Val::i32(1)});
  ASSERT_TRUE(sum) << sum.error().message;
  EXPECT_EQ(*sum, std::vector{Val::i32(1 + last * (last + 1) / 2)});
  for (int top : {0, 1, 57, 200, last}) {
    auto trapped = instance.getFunc(functionName(top))->call(std::vector{Val::i32(0)});
    ASSERT_FALSE(trapped);
    ASSERT_TRUE(trapped.error().trap);
    const Trap& trap = *trapped.error().trap;
    EXPECT_EQ(trap.code, TrapCode::IntegerDivisionByZero);
    // Backtraces keep the innermost and the outermost kKeptFrames / 2
    // frames and count those in between.
    // The outermost frames walked include the entry stub, no Wasm function.
    const size_t depth = size_t(top) + 1;
    ASSERT_LE(trap.backtrace.size(), std::min(depth, kKeptFrames));
    ASSERT_GE(trap.backtrace.size(), std::min(depth, kKeptFrames - 4));
    EXPECT_EQ(trap.elidedFrames, depth - trap.backtrace.size());
    if (trap.elidedFrames != 0) {
      EXPECT_EQ(trap.elidedAt, kKeptFrames / 2);
    }
    for (size_t i = 0; i < trap.backtrace.size(); ++i) {
      const size_t frameDepth = trap.elidedFrames != 0 && i >= trap.elidedAt ? i + trap.elidedFrames : i;
      EXPECT_EQ(trap.backtrace[i].functionIndex, uint32_t(frameDepth));
      EXPECT_EQ(trap.backtrace[i].functionName, functionName(int(frameDepth)));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Threads, ParallelCompile, ::testing::Values(1u, 2u, 4u),
                         [](const auto& info) { return std::to_string(info.param) + "Threads"; });

}  // namespace
}  // namespace kiln::test
