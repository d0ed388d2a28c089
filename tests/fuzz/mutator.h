// Structure-aware mutations of a Wasm binary: random byte edits plus edits of
// the LEB128 fields and sections the decoder relies on.
#pragma once

#include <cstdint>
#include <vector>

#include "deterministic_random.h"

namespace kiln::fuzz {

/// The kinds of mutation; one mutant may stack several.
enum class Mutation {
  BitFlip,           // flip one bit
  ByteReplace,       // overwrite one byte (random or a boundary value)
  Truncate,          // cut the module short
  Insert,            // insert 1-8 bytes
  Delete,            // delete 1-8 bytes
  LebOverlong,       // re-encode a LEB with more bytes (past 5: too long)
  LebTooLarge,       // 5-byte LEB with bits beyond 32 set
  LebMaximal,        // replace a LEB by 0xFFFFFFFF
  LebAdjust,         // change a LEB's value slightly or to a random u32
  DuplicateSection,  // repeat a section right after itself
  RemoveSection,     // drop a section
  SwapSections,      // exchange two adjacent sections
};
inline constexpr int kMutationCount = 12;

/// Name of a mutation, for the report.
const char* mutationName(Mutation mutation);

/// Applies one mutation of kind `mutation` to `bytes` in place, choosing
/// positions and values from `random`. A LEB or section mutation on input
/// without such structure falls back to editing bytes at random positions.
void applyMutation(Mutation mutation, std::vector<uint8_t>& bytes, DeterministicRandom& random);

}  // namespace kiln::fuzz
