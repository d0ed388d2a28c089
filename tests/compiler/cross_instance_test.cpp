// Calls across instances: the callee's instance may never have been entered
// from the host, yet its recursion must hit the caller's stack limit.
#include <gtest/gtest.h>

#include "compiler_harness.h"

namespace kiln::test {
namespace {

class CrossInstanceTest : public ::testing::TestWithParam<CompilerMode> {
 protected:
  CompiledInstance callee{"recursion", GetParam()};
  CompiledInstance caller{"calls_import", GetParam(), importsFromCallee()};

  InstanceImports importsFromCallee() {
    InstanceImports imports;
    imports.functions.push_back(callee.functionImport("rec"));
    return imports;
  }
};

TEST_P(CrossInstanceTest, RecursionInCalleeInstanceTrapsStackOverflow) {
  auto outcome = caller.call("go", {i32(1000)});
  ASSERT_FALSE(outcome.trap);
  EXPECT_EQ(outcome.results[0].i32, 1000);

  outcome = caller.call("go", {i32(1 << 30)});
  ASSERT_TRUE(outcome.trap);
  EXPECT_EQ(outcome.trap->code, TrapCode::StackOverflow);

  // The host keeps running, and so do both instances.
  outcome = caller.call("go", {i32(7)});
  ASSERT_FALSE(outcome.trap);
  EXPECT_EQ(outcome.results[0].i32, 7);
  outcome = callee.call("rec", {i32(1 << 30)});
  ASSERT_TRUE(outcome.trap);
  EXPECT_EQ(outcome.trap->code, TrapCode::StackOverflow);
}

INSTANTIATE_TEST_SUITE_P(Modes, CrossInstanceTest, ::testing::ValuesIn(kCompilerModes),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kiln::test
