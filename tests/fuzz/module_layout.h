// Where the sections and the structural LEB128 fields of a (possibly broken)
// module are, so mutations can target them rather than only random bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace kiln::fuzz {

/// An unsigned LEB128 field: its bytes and the value they encode.
struct LebField {
  size_t offset = 0;
  size_t length = 0;
  uint64_t value = 0;
};

/// A whole section, header included: bytes [begin, end).
struct SectionSpan {
  uint8_t id = 0;
  size_t begin = 0;
  size_t end = 0;
};

/// The sections found and the LEB fields that structure them: section
/// sizes, vector counts at the start of each section, and in the code
/// section each body's size and local-declaration count.
struct ModuleLayout {
  std::vector<SectionSpan> sections;
  std::vector<LebField> lebs;
};

/// Reads an unsigned LEB128 at `offset` (at most 10 bytes), or nullopt if it
/// is unterminated within the input or those 10 bytes.
std::optional<LebField> readLeb(const std::vector<uint8_t>& bytes, size_t offset);

/// Scans the section headers after the 8-byte preamble, stopping at the
/// first one that does not fit.
ModuleLayout scanLayout(const std::vector<uint8_t>& bytes);

}  // namespace kiln::fuzz
