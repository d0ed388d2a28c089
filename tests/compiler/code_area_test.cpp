// CodeArea: functions placed from several threads, while the mapping grows
// under them, keep their bytes and do not overlap; finishing trims the rest.
#include "compiler/x64/code_area.h"

#include <asmjit/x86.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <thread>
#include <vector>

#include "types/huge_pages.h"

namespace kiln::x64 {
namespace {

/// The code of function `id`: a length and bytes of its own.
void emitFunction(asmjit::CodeHolder& code, uint32_t id) {
  code.reset();
  code.init(asmjit::Environment::host());
  asmjit::x86::Assembler a(&code);
  for (uint32_t i = 0; i <= id % 97; ++i) a.mov(asmjit::x86::eax, id * 1000 + i);
  a.ret();
  code.flatten();
}

std::vector<uint8_t> bytesOf(asmjit::CodeHolder& code) {
  std::vector<uint8_t> bytes(code.codeSize());
  code.copyFlattenedData(bytes.data(), bytes.size());
  return bytes;
}

TEST(CodeArea, ConcurrentPlacementsSurviveGrowth) {
  constexpr uint32_t kThreads = 4;
  constexpr uint32_t kPerThread = 300;
  CodeArea area(1);  // far too small: it grows many times while threads place
  std::vector<uint32_t> offsets(kThreads * kPerThread);
  std::vector<std::thread> threads;
  for (uint32_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      asmjit::CodeHolder code;
      for (uint32_t i = 0; i < kPerThread; ++i) {
        uint32_t id = t * kPerThread + i;
        emitFunction(code, id);
        auto offset = area.place(code);
        ASSERT_TRUE(offset);
        offsets[id] = *offset;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const uint32_t end = area.nextOffset();
  std::unique_ptr<CodeMemory> memory = area.finish();
  ASSERT_TRUE(memory);
  ASSERT_GE(memory->size(), end);

  std::vector<std::pair<uint32_t, uint32_t>> ranges;  // [start, end) of each function
  asmjit::CodeHolder code;
  for (uint32_t id = 0; id < offsets.size(); ++id) {
    emitFunction(code, id);
    std::vector<uint8_t> expected = bytesOf(code);
    EXPECT_EQ(offsets[id] % 16, 0u);
    ASSERT_LE(offsets[id] + expected.size(), end);
    EXPECT_EQ(std::memcmp(memory->data() + offsets[id], expected.data(), expected.size()), 0)
        << "function " << id;
    ranges.push_back({offsets[id], uint32_t(offsets[id] + expected.size())});
  }
  std::sort(ranges.begin(), ranges.end());
  for (size_t i = 1; i < ranges.size(); ++i) EXPECT_LE(ranges[i - 1].second, ranges[i].first);
}

TEST(CodeArea, FinishTrimsToThePlacedCode) {
  // A large area is in huge pages and keeps whole ones (cutting one in part
  // would split it); a small one keeps whole small pages.
  for (size_t expected : {size_t(64) << 20, size_t(4096)}) {
    CodeArea area(expected);
    asmjit::CodeHolder code;
    emitFunction(code, 5);
    ASSERT_EQ(area.place(code), 0u);
    std::unique_ptr<CodeMemory> memory = area.finish();
    ASSERT_TRUE(memory);
    EXPECT_EQ(memory->size(), expected > kHugePageSize ? kHugePageSize : size_t(4096));
    EXPECT_TRUE(memory->makeExecutable());
  }
}

}  // namespace
}  // namespace kiln::x64
