// The source positions of a compiled module's return addresses, sorted by
// code offset. Only backtraces read them (CompiledModule::frameAt, after a
// trap or during a stack walk, never in a signal handler), so a module
// loaded from a .kwasm keeps them encoded as the file has them and decodes
// them at the first lookup: pandoc has 1.15 million, 9 MB decoded.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "compiler/x64/function_compiler.h"
#include "text/byte_writer.h"

namespace kiln::x64 {

class SourcePositionTable {
 public:
  SourcePositionTable() = default;
  explicit SourcePositionTable(SourcePositionList positions);
  /// `count` positions as `encode` wrote them, each code offset below
  /// `codeSize`. An encoding that breaks those rules (only a corrupted file
  /// whose checksum still matches has one) decodes to the positions before
  /// the first break.
  static SourcePositionTable encoded(std::vector<uint8_t> bytes, uint64_t count, uint64_t codeSize);

  /// The positions; encoded ones are decoded at the first call, from
  /// whichever thread makes it.
  const SourcePositionList& list() const;

  /// Appends `positions` encoded: for each, the differences of its code
  /// offset (unsigned) and Wasm offset (signed) from the previous one's, in
  /// LEB128.
  static void encode(const SourcePositionList& positions, text::ByteWriter& out);

 private:
  struct Encoded {
    std::once_flag decodedOnce;
    std::vector<uint8_t> bytes;  // freed once decoded
    uint64_t count = 0;
    uint64_t codeSize = 0;
    SourcePositionList decoded;
  };
  static void decode(Encoded& encoded);

  SourcePositionList positions_;
  std::shared_ptr<Encoded> encoded_;  // set for positions kept encoded
};

}  // namespace kiln::x64
