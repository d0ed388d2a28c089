#include "binary/binary_reader.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "kiln/utf8.h"

namespace kiln {

void BinaryReader::fail(size_t offset, std::string message) {
  throw DecodeFailure{offset, std::move(message)};
}

void BinaryReader::failUnexpectedEnd() const {
  fail(pos_, endIsSection_ ? "unexpected end of section or function" : "unexpected end");
}

// LEB128 with the spec's limits: at most ceil(kBits / 7) bytes ("integer
// representation too long"), and in the last byte the bits beyond kBits must
// be zero (unsigned) or copies of the sign bit (signed) ("integer too large").
template <class T, unsigned kBits>
T BinaryReader::readLeb() {
  constexpr unsigned kMaxBytes = (kBits + 6) / 7;
  using U = std::make_unsigned_t<T>;
  const size_t start = pos_;
  U result = 0;
  unsigned shift = 0;
  for (unsigned i = 0;; ++i) {
    if (pos_ >= end_) failLebAtEnd<T, kBits>(start);
    const uint8_t byte = data_[pos_++];
    if (i == kMaxBytes - 1) {
      if (byte & 0x80) fail(start, "integer representation too long");
      const unsigned usedBits = kBits - shift;  // payload bits this byte may carry
      const uint8_t extra = uint8_t(byte & 0x7F) >> usedBits;
      if constexpr (std::is_signed_v<T>) {
        const bool negative = (byte >> (usedBits - 1)) & 1;
        const uint8_t allOnes = uint8_t(0x7F >> usedBits);
        if (extra != (negative ? allOnes : 0)) fail(start, "integer too large");
      } else {
        if (extra != 0) fail(start, "integer too large");
      }
    }
    result |= U(byte & 0x7F) << shift;
    shift += 7;
    if (!(byte & 0x80)) {
      if constexpr (std::is_signed_v<T>) {
        if (shift < sizeof(T) * 8 && (byte & 0x40)) result |= ~U(0) << shift;
        // Sign-extend from kBits when the type is wider (s33 in int64_t).
        if constexpr (kBits < sizeof(T) * 8) {
          const unsigned unused = sizeof(T) * 8 - kBits;
          return T(U(result << unused)) >> unused;
        }
      }
      return T(result);
    }
  }
}

// A LEB128 cut off by the end of the window. The spec's reference decoder
// reads on into the following bytes, so an integer that would be too long or
// too large there is reported as such; otherwise the window simply ended.
template <class T, unsigned kBits>
void BinaryReader::failLebAtEnd(size_t start) const {
  if (pos_ < limit_ && pos_ > start) {
    BinaryReader rest(std::span<const uint8_t>(data_, limit_), start, limit_, endIsSection_);
    try {
      rest.readLeb<T, kBits>();
    } catch (const DecodeFailure& failure) {
      if (failure.message.starts_with("integer")) throw;
    }
  }
  failUnexpectedEnd();
}

uint32_t BinaryReader::readU32Slow() { return readLeb<uint32_t, 32>(); }
uint64_t BinaryReader::readU64Slow() { return readLeb<uint64_t, 64>(); }

int32_t BinaryReader::readS32Slow() { return readLeb<int32_t, 32>(); }
int64_t BinaryReader::readS33() { return readLeb<int64_t, 33>(); }
int64_t BinaryReader::readS64Slow() { return readLeb<int64_t, 64>(); }

uint32_t BinaryReader::readF32Bits() {
  const size_t at = skipBytes(4);
  uint32_t bits;
  std::memcpy(&bits, data_ + at, 4);
  return bits;
}

uint64_t BinaryReader::readF64Bits() {
  const size_t at = skipBytes(8);
  uint64_t bits;
  std::memcpy(&bits, data_ + at, 8);
  return bits;
}

size_t BinaryReader::skipBytes(size_t count) {
  if (count > remaining()) {
    pos_ = end_;
    failUnexpectedEnd();
  }
  const size_t at = pos_;
  pos_ += count;
  return at;
}

std::string BinaryReader::readName() {
  // A name whose length lies past the end of the window but inside the
  // buffer is out of bounds, as the spec's reference decoder sees it.
  if (atEnd() && pos_ < limit_) fail(pos_, "length out of bounds");
  const uint32_t length = readU32();
  if (length > remaining()) fail(pos_, "length out of bounds: unexpected end");
  const size_t at = skipBytes(length);
  std::span<const uint8_t> bytes(data_ + at, length);
  if (!isValidUtf8(bytes)) fail(at, "malformed UTF-8 encoding");
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

HeapType BinaryReader::readHeapType() {
  const size_t at = pos_;
  const uint8_t first = peekByte();
  // One-byte negative s33 values are the abstract heap types.
  if (first >= 0x40 && first < 0x80) {
    ++pos_;
    if (HeapType::isAbstractByte(first)) return HeapType(HeapType::Code(first));
    if (first == kExactPrefix) {
      throw unsupportedFailure(at, Feature::CustomDescriptors, "exact heap type");
    }
    if (first == kContByte || first == kNoContByte) {
      throw unsupportedFailure(at, Feature::StackSwitching, "continuation heap type");
    }
    fail(at, "malformed heap type");
  }
  const int64_t index = readS33();
  if (index < 0) fail(at, "malformed heap type");
  // No module has more types than kMaxIndex (the decoder's limit is lower),
  // so a larger index is out of range whatever its exact value.
  return HeapType::defined(uint32_t(std::min<int64_t>(index, HeapType::kMaxIndex)));
}

ValType BinaryReader::readValTypeSlow() {
  const size_t at = pos_;
  const uint8_t byte = readByte();
  if (byte >= uint8_t(ValKind::V128) && byte <= uint8_t(ValKind::I32)) {
    return ValType::fromBits(byte);
  }
  pos_ = at;
  if (!isRefTypeByte(byte)) fail(at, "malformed value type");
  return readRefType();
}

bool BinaryReader::isRefTypeByte(uint8_t byte) {
  // Abstract shorthands, (ref null ht), (ref ht), and the prefixes of the
  // proposals Kiln knows (readRefType rejects those as unsupported).
  return HeapType::isAbstractByte(byte) || byte == kRefNullPrefix || byte == kRefPrefix ||
         byte == kExactPrefix || byte == kContByte || byte == kNoContByte;
}

ValType BinaryReader::readRefType() {
  const size_t at = pos_;
  const uint8_t byte = readByte();
  if (HeapType::isAbstractByte(byte)) return ValType::ref(HeapType::Code(byte), true);
  switch (byte) {
    case kRefNullPrefix:
      return ValType::ref(readHeapType(), true);
    case kRefPrefix:
      return ValType::ref(readHeapType(), false);
    case kExactPrefix:
      throw unsupportedFailure(at, Feature::CustomDescriptors, "exact reference type");
    case kContByte:
    case kNoContByte:
      throw unsupportedFailure(at, Feature::StackSwitching, "continuation type");
    default:
      fail(at, "malformed reference type");
  }
}

}  // namespace kiln
