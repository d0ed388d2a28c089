#include "mutator.h"

#include <algorithm>
#include <iterator>

#include "module_layout.h"

namespace kiln::fuzz {
namespace {

using Bytes = std::vector<uint8_t>;

// Bytes that sit on boundaries the decoder tests: zero, LEB continuation,
// sign bits, `end`, the instruction prefixes, a section id past the last.
constexpr uint8_t kInterestingBytes[] = {0x00, 0x01, 0x0b, 0x0c, 0x40, 0x7f, 0x80,
                                         0x81, 0xfc, 0xfd, 0xfe, 0xff};

uint8_t randomByte(DeterministicRandom& random) {
  if (random.oneIn(2)) return kInterestingBytes[random.below(std::size(kInterestingBytes))];
  return uint8_t(random.next());
}

// Unsigned LEB128 of `value`, padded with continuation bytes to at least
// `minLength` bytes.
Bytes encodeLeb(uint64_t value, size_t minLength) {
  Bytes out;
  do {
    uint8_t byte = value & 0x7f;
    value >>= 7;
    if (value != 0 || out.size() + 1 < minLength) byte |= 0x80;
    out.push_back(byte);
  } while (value != 0 || out.size() < minLength);
  return out;
}

void replaceRange(Bytes& bytes, size_t offset, size_t length, const Bytes& with) {
  bytes.erase(bytes.begin() + offset, bytes.begin() + offset + length);
  bytes.insert(bytes.begin() + offset, with.begin(), with.end());
}

// A LEB to edit: usually a structural one, sometimes whatever LEB-shaped
// bytes start at a random position.
std::optional<LebField> pickLeb(const Bytes& bytes, DeterministicRandom& random) {
  ModuleLayout layout = scanLayout(bytes);
  if (!layout.lebs.empty() && !random.oneIn(4)) {
    return layout.lebs[random.below(layout.lebs.size())];
  }
  if (bytes.empty()) return std::nullopt;
  return readLeb(bytes, random.below(bytes.size()));
}

Bytes mutatedLeb(Mutation mutation, const LebField& leb, DeterministicRandom& random) {
  switch (mutation) {
    case Mutation::LebOverlong:
      return encodeLeb(leb.value, leb.length + 1 + random.below(5));
    case Mutation::LebTooLarge: {
      Bytes out = encodeLeb(leb.value & 0x0fffffff, 5);
      out[4] = uint8_t(((leb.value >> 28) & 0x0f) | ((1 + random.below(7)) << 4));
      return out;
    }
    case Mutation::LebMaximal:
      return encodeLeb(0xffffffff, 5);
    default: {
      int64_t delta = int64_t(random.below(7)) - 3;
      uint64_t value = random.oneIn(4) ? random.next() & 0xffffffff : leb.value + delta;
      return encodeLeb(value & 0xffffffff, 1);
    }
  }
}

void mutateSections(Mutation mutation, Bytes& bytes, DeterministicRandom& random) {
  ModuleLayout layout = scanLayout(bytes);
  if (layout.sections.empty()) {
    applyMutation(Mutation::ByteReplace, bytes, random);
    return;
  }
  size_t pick = random.below(layout.sections.size());
  const SectionSpan& section = layout.sections[pick];
  Bytes copy(bytes.begin() + section.begin, bytes.begin() + section.end);
  if (mutation == Mutation::DuplicateSection) {
    bytes.insert(bytes.begin() + section.end, copy.begin(), copy.end());
  } else if (mutation == Mutation::RemoveSection) {
    bytes.erase(bytes.begin() + section.begin, bytes.begin() + section.end);
  } else if (pick + 1 < layout.sections.size()) {
    const SectionSpan& next = layout.sections[pick + 1];
    Bytes nextCopy(bytes.begin() + next.begin, bytes.begin() + next.end);
    replaceRange(bytes, section.begin, next.end - section.begin, nextCopy);
    bytes.insert(bytes.begin() + section.begin + nextCopy.size(), copy.begin(), copy.end());
  }
}

}  // namespace

const char* mutationName(Mutation mutation) {
  switch (mutation) {
    case Mutation::BitFlip: return "bit flip";
    case Mutation::ByteReplace: return "byte replace";
    case Mutation::Truncate: return "truncate";
    case Mutation::Insert: return "insert";
    case Mutation::Delete: return "delete";
    case Mutation::LebOverlong: return "LEB overlong";
    case Mutation::LebTooLarge: return "LEB too large";
    case Mutation::LebMaximal: return "LEB maximal";
    case Mutation::LebAdjust: return "LEB adjust";
    case Mutation::DuplicateSection: return "duplicate section";
    case Mutation::RemoveSection: return "remove section";
    case Mutation::SwapSections: return "swap sections";
  }
  return "?";
}

void applyMutation(Mutation mutation, Bytes& bytes, DeterministicRandom& random) {
  switch (mutation) {
    case Mutation::BitFlip:
      if (!bytes.empty()) bytes[random.below(bytes.size())] ^= uint8_t(1u << random.below(8));
      return;
    case Mutation::ByteReplace:
      if (!bytes.empty()) bytes[random.below(bytes.size())] = randomByte(random);
      return;
    case Mutation::Truncate:
      if (!bytes.empty()) bytes.resize(random.below(bytes.size()));
      return;
    case Mutation::Insert: {
      size_t at = random.below(bytes.size() + 1);
      size_t count = 1 + random.below(8);
      for (size_t i = 0; i < count; ++i) bytes.insert(bytes.begin() + at, randomByte(random));
      return;
    }
    case Mutation::Delete: {
      if (bytes.empty()) return;
      size_t at = random.below(bytes.size());
      size_t count = std::min<size_t>(1 + random.below(8), bytes.size() - at);
      bytes.erase(bytes.begin() + at, bytes.begin() + at + count);
      return;
    }
    case Mutation::LebOverlong:
    case Mutation::LebTooLarge:
    case Mutation::LebMaximal:
    case Mutation::LebAdjust: {
      std::optional<LebField> leb = pickLeb(bytes, random);
      if (!leb) {
        applyMutation(Mutation::ByteReplace, bytes, random);
        return;
      }
      replaceRange(bytes, leb->offset, leb->length, mutatedLeb(mutation, *leb, random));
      return;
    }
    case Mutation::DuplicateSection:
    case Mutation::RemoveSection:
    case Mutation::SwapSections:
      mutateSections(mutation, bytes, random);
      return;
  }
}

}  // namespace kiln::fuzz
