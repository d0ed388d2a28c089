// Reading of DWARF line tables (the `.debug_line` custom section that
// compilers write with -g, DWARF versions 2 to 5, 32-bit format) into a table
// from code addresses to source locations, for backtraces. The section is
// untrusted input: any malformed byte gives an error message, never a crash,
// and the table's size is bounded by the input's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "binary/module.h"
#include "kiln/trap.h"  // SourceLocation
#include "types/expected.h"

namespace kiln {

/// The rows of every line number program in a `.debug_line` section, sorted
/// by address, with the files they name.
///
/// Addresses are those of WebAssembly DWARF: byte offsets from the start of
/// the code section's payload (see `dwarfAddressOf`). A row covers the
/// addresses from its own up to the next row's in the same sequence.
/// Sequences of functions the linker removed start at a tombstone address
/// (0, or the all-ones value and the one below it, as lld writes them) and are
/// dropped, so they never shadow live code; so are sequences whose addresses
/// go backwards or overlap an earlier sequence.
class LineTable {
 public:
  /// An empty table: `find` finds nothing.
  LineTable() = default;

  /// Reads the payload of a `.debug_line` section. Version 5 tables name
  /// their files through string offsets into `.debug_line_str`
  /// (DW_FORM_line_strp, what clang writes) or `.debug_str` (DW_FORM_strp):
  /// pass those sections' payloads, or leave them empty when the module has
  /// none. The first malformed or unsupported unit (64-bit DWARF, versions
  /// outside 2..5, string index forms) makes the whole section an error,
  /// whose message gives the byte offset in `.debug_line`.
  static Expected<LineTable, std::string> parse(std::span<const uint8_t> debugLine,
                                                std::span<const uint8_t> debugLineStr = {},
                                                std::span<const uint8_t> debugStr = {});

  /// The line table of a decoded module, from its `.debug_line`,
  /// `.debug_line_str` and `.debug_str` custom sections (the first of each
  /// name). An empty table when the module has no `.debug_line`.
  static Expected<LineTable, std::string> fromModule(const WasmModule& module);

  /// The location of the code at `address`: the last row at or before it,
  /// when that row's sequence has not ended by then. Nothing for addresses
  /// no sequence covers.
  std::optional<SourceLocation> find(uint64_t address) const;

  /// Number of rows kept, sequence ends included.
  size_t rowCount() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }

 private:
  // A string in `strings_`.
  struct StringRef {
    uint32_t offset = 0;
    uint32_t size = 0;
  };
  // A file: its path is `base`/`directory`/`name`, each part left out when
  // empty or when a later part is absolute.
  struct File {
    StringRef base;
    StringRef directory;
    StringRef name;
  };
  struct Row {
    uint64_t address = 0;
    uint32_t file = 0;  // index in files_, or kNoFile
    uint32_t line = 0;
    uint32_t column = 0;
    bool endSequence = false;
  };
  static constexpr uint32_t kNoFile = UINT32_MAX;

  std::string path(uint32_t file) const;

  friend class LineTableBuilder;
  std::string strings_;      // every directory and file name, back to back
  std::vector<File> files_;  // files of all units
  std::vector<Row> rows_;    // sorted by address
};

/// The DWARF address of the byte at `moduleOffset` in `module`: its offset
/// from the start of the code section's payload. Nothing when the module has
/// no code section or the byte lies outside its payload.
std::optional<uint64_t> dwarfAddressOf(const WasmModule& module, size_t moduleOffset);

}  // namespace kiln
