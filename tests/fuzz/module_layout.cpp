#include "module_layout.h"

#include "binary/section_id.h"

namespace kiln::fuzz {
namespace {

constexpr size_t kPreambleSize = 8;
constexpr size_t kMaxLebLength = 10;

// Records the function bodies' size and local-count fields of a code
// section whose payload is [begin, end).
void scanCodeBodies(const std::vector<uint8_t>& bytes, size_t begin, size_t end,
                    ModuleLayout& layout) {
  std::optional<LebField> count = readLeb(bytes, begin);
  if (!count) return;
  size_t position = begin + count->length;
  for (uint64_t i = 0; i < count->value && position < end; ++i) {
    std::optional<LebField> bodySize = readLeb(bytes, position);
    if (!bodySize) return;
    layout.lebs.push_back(*bodySize);
    size_t bodyBegin = position + bodySize->length;
    if (bodySize->value > end - bodyBegin) return;
    if (std::optional<LebField> localGroups = readLeb(bytes, bodyBegin)) {
      layout.lebs.push_back(*localGroups);
    }
    position = bodyBegin + bodySize->value;
  }
}

}  // namespace

std::optional<LebField> readLeb(const std::vector<uint8_t>& bytes, size_t offset) {
  LebField field;
  field.offset = offset;
  for (size_t i = 0; i < kMaxLebLength && offset + i < bytes.size(); ++i) {
    uint8_t byte = bytes[offset + i];
    field.value |= uint64_t(byte & 0x7f) << (7 * i);  // bits past 64 are dropped
    if ((byte & 0x80) == 0) {
      field.length = i + 1;
      return field;
    }
  }
  return std::nullopt;
}

ModuleLayout scanLayout(const std::vector<uint8_t>& bytes) {
  ModuleLayout layout;
  size_t position = kPreambleSize;
  while (position < bytes.size()) {
    uint8_t id = bytes[position];
    std::optional<LebField> size = readLeb(bytes, position + 1);
    if (!size) break;
    size_t payloadBegin = position + 1 + size->length;
    if (payloadBegin > bytes.size() || size->value > bytes.size() - payloadBegin) break;
    size_t payloadEnd = payloadBegin + size->value;
    layout.sections.push_back({id, position, payloadEnd});
    layout.lebs.push_back(*size);
    // Every section's payload starts with a LEB: a vector count, the start
    // function's index, the data count, or a custom section's name length.
    if (payloadBegin < payloadEnd) {
      if (std::optional<LebField> first = readLeb(bytes, payloadBegin)) {
        layout.lebs.push_back(*first);
      }
    }
    if (id == kCodeSection) scanCodeBodies(bytes, payloadBegin, payloadEnd, layout);
    position = payloadEnd;
  }
  return layout;
}

}  // namespace kiln::fuzz
