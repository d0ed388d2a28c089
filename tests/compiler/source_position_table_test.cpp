// SourcePositionTable: positions kept encoded decode to what was encoded, at
// the first lookup from whichever thread, and an encoding that breaks its
// rules decodes to the positions before the break without reading past it.
#include "compiler/x64/source_position_table.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace kiln::x64 {
namespace {

/// Positions at increasing code offsets, with Wasm offsets that go back
/// and forth (inlined blocks, loops) and need several LEB128 bytes.
SourcePositionList samplePositions() {
  SourcePositionList positions;
  uint32_t code = 0;
  for (uint32_t i = 0; i < 5000; ++i) {
    code += 1 + (i * 7) % 300;
    positions.push_back({code, 1000 + (i * 7919) % 200000});
  }
  return positions;
}

std::vector<uint8_t> encode(const SourcePositionList& positions) {
  text::ByteWriter out;
  SourcePositionTable::encode(positions, out);
  return out.bytes();
}

bool equal(const SourcePositionList& a, const SourcePositionList& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].codeOffset != b[i].codeOffset || a[i].wasmOffset != b[i].wasmOffset) return false;
  }
  return true;
}

TEST(SourcePositionTable, EncodedPositionsDecodeToTheOriginal) {
  const SourcePositionList positions = samplePositions();
  SourcePositionTable table =
      SourcePositionTable::encoded(encode(positions), positions.size(), positions.back().codeOffset + 1);
  EXPECT_TRUE(equal(table.list(), positions));
  const SourcePositionTable decoded(samplePositions());
  EXPECT_TRUE(equal(decoded.list(), positions));
}

TEST(SourcePositionTable, ThreadsRacingToDecodeSeeTheSamePositions) {
  const SourcePositionList positions = samplePositions();
  for (int round = 0; round < 20; ++round) {
    const SourcePositionTable table =
        SourcePositionTable::encoded(encode(positions), positions.size(), UINT32_MAX);
    const SourcePositionList* seen[4] = {};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) threads.emplace_back([&, t] { seen[t] = &table.list(); });
    for (std::thread& thread : threads) thread.join();
    for (const SourcePositionList* list : seen) {
      ASSERT_EQ(list, seen[0]);
      EXPECT_TRUE(equal(*list, positions));
    }
  }
}

TEST(SourcePositionTable, ABrokenEncodingKeepsThePositionsBeforeTheBreak) {
  const SourcePositionList positions = samplePositions();
  const std::vector<uint8_t> bytes = encode(positions);
  auto prefix = [&](size_t n) { return SourcePositionList(positions.begin(), positions.begin() + n); };

  // Cut short: in the middle of a position's bytes.
  std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + bytes.size() / 2);
  const SourcePositionTable cutTable =
      SourcePositionTable::encoded(cut, positions.size(), UINT32_MAX);
  const SourcePositionList& fromCut = cutTable.list();
  ASSERT_LT(fromCut.size(), positions.size());
  EXPECT_TRUE(equal(fromCut, prefix(fromCut.size())));

  // A code offset at or past the code's end: the positions before it.
  const SourcePositionTable pastTheCode =
      SourcePositionTable::encoded(bytes, positions.size(), positions[100].codeOffset);
  EXPECT_TRUE(equal(pastTheCode.list(), prefix(100)));

  // A Wasm offset below zero: a first position whose difference is negative.
  text::ByteWriter negative;
  negative.u32(4);
  negative.s64(-1);
  EXPECT_TRUE(SourcePositionTable::encoded(negative.bytes(), 1, UINT32_MAX).list().empty());

  // More positions claimed than the bytes hold.
  EXPECT_TRUE(equal(SourcePositionTable::encoded(bytes, positions.size() + 10, UINT32_MAX).list(),
                    positions));
}

}  // namespace
}  // namespace kiln::x64
