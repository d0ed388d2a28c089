// Direct calls within an instance enter the callee past its instance check
// and do not reload the vmctx and memory base after the call (emit_call.cpp).
#include <gtest/gtest.h>

#include "compiler_harness.h"

namespace kiln::test {
namespace {

class DirectCallTest : public ::testing::TestWithParam<CompilerMode> {
 protected:
  CompiledInstance wasm{"direct_calls", GetParam()};
};

TEST_P(DirectCallTest, CallerSeesMemoryTheCalleeGrewAndMoved) {
  constexpr int32_t kPages = 40;  // more than a bounds-check pool slot holds
  const int32_t top = (1 + kPages) * 65536 - 4;
  auto outcome = wasm.call("grow_in_callee", {i32(kPages), i32(top)});
  ASSERT_FALSE(outcome.trap) << outcome.trap->message;
  EXPECT_EQ(outcome.results[0].i32, 77 + 0x1234);
}

TEST_P(DirectCallTest, RecursionKeepsVmctxAndMemoryBase) {
  // Going down, every level counts itself in the global and stores its n at
  // address 0, so the deepest store leaves 1. The bottom returns the global
  // (n); after its call every level adds the global and memory[0] again.
  constexpr int32_t n = 50;
  auto outcome = wasm.call("count", {i32(n)});
  ASSERT_FALSE(outcome.trap) << outcome.trap->message;
  EXPECT_EQ(outcome.results[0].i32, n + n * (n + 1));
}

INSTANTIATE_TEST_SUITE_P(Modes, DirectCallTest, ::testing::ValuesIn(kCompilerModes),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kiln::test
