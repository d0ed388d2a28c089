#include "compiler/x64/source_position_table.h"

#include <algorithm>
#include <utility>

#include "binary/binary_reader.h"
#include "binary/module_error.h"

namespace kiln::x64 {

SourcePositionTable::SourcePositionTable(SourcePositionList positions)
    : positions_(std::move(positions)) {}

SourcePositionTable SourcePositionTable::encoded(std::vector<uint8_t> bytes, uint64_t count,
                                                 uint64_t codeSize) {
  SourcePositionTable table;
  table.encoded_ = std::make_shared<Encoded>();
  table.encoded_->bytes = std::move(bytes);
  table.encoded_->count = count;
  table.encoded_->codeSize = codeSize;
  return table;
}

const SourcePositionList& SourcePositionTable::list() const {
  if (!encoded_) return positions_;
  Encoded& encoded = *encoded_;
  std::call_once(encoded.decodedOnce, [&encoded] { decode(encoded); });
  return encoded.decoded;
}

void SourcePositionTable::encode(const SourcePositionList& positions, text::ByteWriter& out) {
  uint32_t previousCode = 0;
  int64_t previousWasm = 0;
  for (const SourcePosition& position : positions) {
    out.u32(position.codeOffset - previousCode);
    out.s64(int64_t(position.wasmOffset) - previousWasm);
    previousCode = position.codeOffset;
    previousWasm = position.wasmOffset;
  }
}

void SourcePositionTable::decode(Encoded& encoded) {
  BinaryReader in(encoded.bytes, 0, encoded.bytes.size(), true);
  // Each position takes two bytes at least.
  encoded.decoded.reserve(size_t(std::min<uint64_t>(encoded.count, encoded.bytes.size() / 2)));
  // Offsets are summed in 64 bits, so that no difference wraps them.
  uint64_t code = 0;
  int64_t wasm = 0;
  try {
    for (uint64_t k = 0; k < encoded.count; ++k) {
      code += in.readU32();
      wasm += in.readS64();
      if (code >= encoded.codeSize || wasm < 0 || wasm > int64_t(UINT32_MAX)) break;
      encoded.decoded.push_back({uint32_t(code), uint32_t(wasm)});
    }
  } catch (const DecodeFailure&) {
    // Cut short: the positions before stay.
  }
  encoded.bytes = {};
}

}  // namespace kiln::x64
