// Nesting that recurses: a function body nested a million blocks deep (the
// binary format has no limit of its own) validates, compiles and runs in
// both memory modes without exhausting the host stack, and a branch out of
// the innermost block to the outermost lands where it should.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kiln/kiln.h"

namespace kiln::test {
namespace {

constexpr uint32_t kDepth = 1'000'000;

void putLeb(std::vector<uint8_t>& out, uint32_t value) {
  do {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    out.push_back(byte | (value ? 0x80 : 0));
  } while (value);
}

void putSection(std::vector<uint8_t>& out, uint8_t id, const std::vector<uint8_t>& payload) {
  out.push_back(id);
  putLeb(out, uint32_t(payload.size()));
  out.insert(out.end(), payload.begin(), payload.end());
}

// (func (export "f") (result i32) `open`*kDepth `middle` `end`*kDepth `tail`)
std::vector<uint8_t> nestedModule(std::vector<uint8_t> open, std::vector<uint8_t> middle,
                                  std::vector<uint8_t> tail) {
  std::vector<uint8_t> body = {0x00};  // no locals
  for (uint32_t i = 0; i < kDepth; ++i) body.insert(body.end(), open.begin(), open.end());
  body.insert(body.end(), middle.begin(), middle.end());
  body.insert(body.end(), kDepth, 0x0B);
  body.insert(body.end(), tail.begin(), tail.end());
  body.push_back(0x0B);
  std::vector<uint8_t> code = {0x01};
  putLeb(code, uint32_t(body.size()));
  code.insert(code.end(), body.begin(), body.end());
  std::vector<uint8_t> module = {0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00};
  putSection(module, 1, {0x01, 0x60, 0x00, 0x01, 0x7F});  // () -> i32
  putSection(module, 3, {0x01, 0x00});
  putSection(module, 7, {0x01, 0x01, 'f', 0x00, 0x00});
  putSection(module, 10, code);
  return module;
}

class DeepNestingTest : public ::testing::TestWithParam<MemoryMode> {
 protected:
  // Expected: valid, and calling "f" returns `expected` in this mode.
  void expectRuns(const std::vector<uint8_t>& bytes, int32_t expected) {
    Config config;
    config.memoryMode = GetParam();
    Engine engine(config);
    EXPECT_EQ(Module::validate(engine, bytes), std::nullopt);
    auto module = Module::fromBytes(engine, bytes);
    ASSERT_TRUE(module) << module.error().toString();
    Store store(engine);
    auto instance = Linker().instantiate(store, *module);
    ASSERT_TRUE(instance) << instance.error().toString();
    auto result = instance->getFunc("f")->call({});
    ASSERT_TRUE(result) << result.error().toString();
    EXPECT_EQ(result->at(0), Val::i32(expected));
  }
};

TEST_P(DeepNestingTest, AMillionEmptyBlocks) {
  expectRuns(nestedModule({0x02, 0x40}, {}, {0x41, 0x07}), 7);
}

TEST_P(DeepNestingTest, BranchFromTheInnermostToTheOutermostBlock) {
  // (block (result i32))*kDepth (i32.const 7) (br kDepth-1) ...
  std::vector<uint8_t> middle = {0x41, 0x07, 0x0C};
  putLeb(middle, kDepth - 1);
  expectRuns(nestedModule({0x02, 0x7F}, middle, {}), 7);
}

TEST_P(DeepNestingTest, AMillionIfs) {
  expectRuns(nestedModule({0x41, 0x01, 0x04, 0x40}, {}, {0x41, 0x07}), 7);
}

INSTANTIATE_TEST_SUITE_P(Modes, DeepNestingTest,
                         ::testing::Values(MemoryMode::GuardPages, MemoryMode::BoundsChecks),
                         [](const auto& info) {
                           return info.param == MemoryMode::GuardPages ? "GuardPages"
                                                                       : "BoundsChecks";
                         });

}  // namespace
}  // namespace kiln::test
