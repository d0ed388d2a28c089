// A small seeded generator (splitmix64). The mutation test uses it instead of
// <random> distributions, whose output differs between standard libraries,
// so a seed names the same mutants under g++ and clang.
#pragma once

#include <cstdint>

namespace kiln::fuzz {

/// A deterministic pseudo-random sequence.
class DeterministicRandom {
 public:
  explicit DeterministicRandom(uint64_t seed) : state_(seed) {}

  /// The next 64 random bits.
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  /// A number in [0, bound); bound must be non-zero. The slight bias of the
  /// modulo does not matter for mutation.
  uint64_t below(uint64_t bound) { return next() % bound; }

  /// True with probability 1/n.
  bool oneIn(uint64_t n) { return below(n) == 0; }

 private:
  uint64_t state_;
};

}  // namespace kiln::fuzz
