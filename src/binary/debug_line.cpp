#include "binary/debug_line.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "binary/section_id.h"

namespace kiln {
namespace {

// Standard opcodes (DWARF 5, section 6.2.5.2; the same numbers since DWARF 2,
// 10 to 12 since DWARF 3).
enum StandardOpcode : uint8_t {
  kExtendedOpcode = 0,
  DW_LNS_copy = 1,
  DW_LNS_advance_pc = 2,
  DW_LNS_advance_line = 3,
  DW_LNS_set_file = 4,
  DW_LNS_set_column = 5,
  DW_LNS_negate_stmt = 6,
  DW_LNS_set_basic_block = 7,
  DW_LNS_const_add_pc = 8,
  DW_LNS_fixed_advance_pc = 9,
  DW_LNS_set_prologue_end = 10,
  DW_LNS_set_epilogue_begin = 11,
  DW_LNS_set_isa = 12,
};

// Extended opcodes (section 6.2.5.3). define_file exists up to DWARF 4.
enum ExtendedOpcode : uint8_t {
  DW_LNE_end_sequence = 1,
  DW_LNE_set_address = 2,
  DW_LNE_define_file = 3,
  DW_LNE_set_discriminator = 4,
};

// Content types of DWARF 5 directory and file entries (section 6.2.4.1).
enum ContentType : uint64_t {
  DW_LNCT_path = 1,
  DW_LNCT_directory_index = 2,
};

// The attribute forms (section 7.5.6) allowed in DWARF 5 entry formats.
enum Form : uint64_t {
  DW_FORM_block2 = 0x03,
  DW_FORM_block4 = 0x04,
  DW_FORM_data2 = 0x05,
  DW_FORM_data4 = 0x06,
  DW_FORM_data8 = 0x07,
  DW_FORM_string = 0x08,
  DW_FORM_block = 0x09,
  DW_FORM_block1 = 0x0a,
  DW_FORM_data1 = 0x0b,
  DW_FORM_flag = 0x0c,
  DW_FORM_sdata = 0x0d,
  DW_FORM_strp = 0x0e,
  DW_FORM_udata = 0x0f,
  DW_FORM_strx = 0x1a,
  DW_FORM_data16 = 0x1e,
  DW_FORM_line_strp = 0x1f,
  DW_FORM_strx1 = 0x25,
  DW_FORM_strx2 = 0x26,
  DW_FORM_strx3 = 0x27,
  DW_FORM_strx4 = 0x28,
};

// unit_length values from 0xfffffff0 up are not lengths: 0xffffffff
// introduces the 64-bit format, the others are reserved.
constexpr uint64_t kFirstReservedLength = 0xfffffff0;
constexpr uint64_t kDwarf64Escape = 0xffffffff;
// Offsets in the 32-bit format (header_length, DW_FORM_line_strp, DW_FORM_strp).
constexpr unsigned kOffsetSize = 4;
// Kept strings are addressed with 32-bit offsets and bounded by twice the
// input, so the input is bounded below that.
constexpr size_t kMaxInputSize = size_t(1) << 30;

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

// A malformed or unsupported table; thrown by the readers, caught by
// LineTable::parse. `offset` is a byte offset in .debug_line.
struct DwarfFailure {
  size_t offset;
  std::string message;
};

[[noreturn]] void fail(size_t offset, std::string message) {
  throw DwarfFailure{offset, std::move(message)};
}

// Reads bytes[pos, end) of one section: little-endian fixed-size integers,
// LEB128s of any length whose value fits in 64 bits, NUL-terminated strings.
// Every read checks the bound first.
class Cursor {
 public:
  Cursor(std::span<const uint8_t> bytes, size_t begin, size_t end)
      : bytes_(bytes), pos_(begin), end_(end) {}

  size_t offset() const { return pos_; }
  bool atEnd() const { return pos_ >= end_; }
  size_t remaining() const { return end_ - pos_; }

  uint8_t u8() {
    need(1);
    return bytes_[pos_++];
  }
  uint64_t fixed(size_t size) {
    need(size);
    uint64_t value = 0;
    for (size_t i = 0; i < size; ++i) value |= uint64_t(bytes_[pos_ + i]) << (8 * i);
    pos_ += size;
    return value;
  }
  void skip(uint64_t size) {
    need(size);
    pos_ += size_t(size);
  }

  uint64_t uleb() {
    const size_t start = pos_;
    uint64_t value = 0;
    unsigned shift = 0;
    uint8_t byte;
    do {
      if (pos_ >= end_) fail(start, "LEB128 runs past the end");
      byte = bytes_[pos_++];
      const uint64_t bits = byte & 0x7f;
      // Padding bytes (0x80 ...) are allowed; set bits beyond 64 are not.
      if (shift >= 64 ? bits != 0 : shift == 63 && bits > 1) {
        fail(start, "LEB128 value does not fit in 64 bits");
      }
      if (shift < 64) value |= bits << shift;
      shift = std::min(shift + 7, 64u);
    } while (byte & 0x80);
    return value;
  }

  int64_t sleb() {
    const size_t start = pos_;
    uint64_t value = 0;
    unsigned shift = 0;
    uint8_t byte;
    do {
      if (pos_ >= end_) fail(start, "LEB128 runs past the end");
      byte = bytes_[pos_++];
      const uint64_t bits = byte & 0x7f;
      if (shift < 64) value |= bits << shift;
      // Bits beyond the 64th must repeat the sign bit.
      const uint64_t sign = value >> 63;
      if (shift >= 63 && bits != (sign ? 0x7f : 0)) {
        fail(start, "LEB128 value does not fit in 64 bits");
      }
      shift = std::min(shift + 7, 64u);
    } while (byte & 0x80);
    if (shift < 64 && (byte & 0x40)) value |= ~uint64_t(0) << shift;
    return int64_t(value);
  }

  std::string_view cstring() {
    if (atEnd()) fail(pos_, "string without a terminating NUL");
    const uint8_t* begin = bytes_.data() + pos_;
    const void* nul = std::memchr(begin, 0, remaining());
    if (!nul) fail(pos_, "string without a terminating NUL");
    const size_t size = size_t(static_cast<const uint8_t*>(nul) - begin);
    pos_ += size + 1;
    return {reinterpret_cast<const char*>(begin), size};
  }

 private:
  void need(uint64_t size) const {
    if (size > remaining()) fail(pos_, "unexpected end of data");
  }

  std::span<const uint8_t> bytes_;
  size_t pos_;
  size_t end_;
};

// The fields of a unit's header that its line number program needs.
struct UnitHeader {
  unsigned version = 0;
  unsigned addressSize = 0;  // 0: not given (before DWARF 5)
  uint8_t minimumInstructionLength = 1;
  uint8_t maximumOperationsPerInstruction = 1;
  int8_t lineBase = 0;
  uint8_t lineRange = 0;
  uint8_t opcodeBase = 0;
  std::array<uint8_t, 256> operandCounts{};  // of each standard opcode
};

// A value read from a DWARF 5 entry: a number, a string, or neither (forms
// this reader skips).
struct FormValue {
  std::optional<uint64_t> number;
  std::optional<std::string_view> string;
  bool stringIsShared = false;  // in a string section, where others may refer to it too
};

}  // namespace

// Reads every unit of a section into a LineTable. Throws DwarfFailure.
class LineTableBuilder {
 public:
  LineTableBuilder(std::span<const uint8_t> debugLine, std::span<const uint8_t> debugLineStr,
                   std::span<const uint8_t> debugStr)
      : debugLine_(debugLine), debugLineStr_(debugLineStr), debugStr_(debugStr),
        stringBudget_(2 * (debugLine.size() + debugLineStr.size() + debugStr.size()) + 4096) {}

  LineTable build() {
    Cursor section(debugLine_, 0, debugLine_.size());
    while (!section.atEnd()) readUnit(section);
    keepSequences();
    return std::move(table_);
  }

 private:
  // A sequence's rows in staged_[begin, end), the last one its end.
  struct Sequence {
    size_t begin;
    size_t end;
    uint64_t startAddress;
    uint64_t endAddress;
  };
  // The state machine's registers that rows record (section 6.2.2); the
  // flags (is_stmt, basic_block, ...), isa and discriminator are not kept.
  struct Registers {
    uint64_t address = 0;
    unsigned opIndex = 0;
    uint64_t file = 1;
    uint32_t line = 1;
    uint32_t column = 0;
  };
  // What the program of the unit being read refers to.
  struct Unit {
    UnitHeader header;
    std::vector<LineTable::StringRef> directories;
    size_t firstFile = 0;  // the unit's files are table_.files_[firstFile, ...)
    unsigned addressSize = 4;
  };
  // Which string section a DW_FORM_*strp offset refers to.
  enum class StringSection : uint8_t { LineStr, Str };

  void readUnit(Cursor& section) {
    const size_t unitOffset = section.offset();
    const uint64_t length = section.fixed(4);
    if (length == kDwarf64Escape) fail(unitOffset, "64-bit DWARF line tables are not supported");
    if (length >= kFirstReservedLength) fail(unitOffset, "reserved unit_length " + hex(length));
    if (length > section.remaining()) {
      fail(unitOffset, "unit_length " + hex(length) + " runs past the end of the section");
    }
    const size_t unitEnd = section.offset() + size_t(length);
    Cursor unit(debugLine_, section.offset(), unitEnd);
    section.skip(length);

    Unit u;
    UnitHeader& h = u.header;
    const size_t versionOffset = unit.offset();
    h.version = unsigned(unit.fixed(2));
    if (h.version < 2 || h.version > 5) {
      fail(versionOffset, "unsupported line table version " + std::to_string(h.version));
    }
    if (h.version >= 5) {
      const size_t at = unit.offset();
      h.addressSize = unit.u8();
      if (!validAddressSize(h.addressSize)) {
        fail(at, "unsupported address_size " + std::to_string(h.addressSize));
      }
      u.addressSize = h.addressSize;
      if (unit.u8() != 0) fail(at + 1, "segment selectors are not supported");
    }
    const size_t headerLengthOffset = unit.offset();
    const uint64_t headerLength = unit.fixed(kOffsetSize);
    if (headerLength > unit.remaining()) {
      fail(headerLengthOffset,
           "header_length " + hex(headerLength) + " runs past the end of the unit");
    }
    const size_t programOffset = unit.offset() + size_t(headerLength);
    // The rest of the header may not be read beyond the program's start.
    Cursor header(debugLine_, unit.offset(), programOffset);
    h.minimumInstructionLength = header.u8();
    if (h.version >= 4) {
      const size_t at = header.offset();
      h.maximumOperationsPerInstruction = header.u8();
      if (h.maximumOperationsPerInstruction == 0) {
        fail(at, "maximum_operations_per_instruction is 0");
      }
    }
    header.u8();  // default_is_stmt: the flag is not kept
    h.lineBase = int8_t(header.u8());
    h.lineRange = header.u8();
    const size_t opcodeBaseOffset = header.offset();
    h.opcodeBase = header.u8();
    if (h.opcodeBase == 0) fail(opcodeBaseOffset, "opcode_base is 0");
    for (unsigned opcode = 1; opcode < h.opcodeBase; ++opcode) {
      h.operandCounts[opcode] = header.u8();
    }
    u.firstFile = table_.files_.size();
    if (h.version >= 5) {
      readEntries(header, u, /*directories=*/true);
      readEntries(header, u, /*directories=*/false);
    } else {
      readVersion4Tables(header, u);
    }
    // Vendor fields may follow the tables: the program starts where
    // header_length says.
    Cursor program(debugLine_, programOffset, unitEnd);
    runProgram(program, u);
  }

  static bool validAddressSize(unsigned size) {
    return size == 1 || size == 2 || size == 4 || size == 8;
  }

  // DWARF 2 to 4: include_directories then file_names, each list ended by an
  // empty string. Directory 0 is the compilation directory, which only
  // .debug_info records: its files get no directory here.
  void readVersion4Tables(Cursor& header, Unit& u) {
    u.directories.push_back({});
    while (true) {
      const std::string_view directory = header.cstring();
      if (directory.empty()) break;
      u.directories.push_back(keepString(header.offset(), directory));
    }
    while (true) {
      const size_t at = header.offset();
      const std::string_view name = header.cstring();
      if (name.empty()) break;
      readVersion4File(header, u, at, name);
    }
  }

  // The rest of a DWARF 2-4 file entry (also DW_LNE_define_file's operand):
  // directory index, modification time, length.
  void readVersion4File(Cursor& cursor, Unit& u, size_t at, std::string_view name) {
    const uint64_t directory = cursor.uleb();
    cursor.uleb();
    cursor.uleb();
    if (directory >= u.directories.size()) {
      fail(at, "file's directory index " + std::to_string(directory) + " is out of range");
    }
    addFile({}, u.directories[size_t(directory)], keepString(at, name));
  }

  void addFile(LineTable::StringRef base, LineTable::StringRef directory,
               LineTable::StringRef name) {
    table_.files_.push_back({base, directory, name});
  }

  // DWARF 5: an entry format (pairs of content type and form), then the
  // entries. Directory 0 is the compilation directory; other relative
  // directories are relative to it.
  void readEntries(Cursor& header, Unit& u, bool directories) {
    const char* what = directories ? "directory" : "file name";
    std::vector<std::pair<uint64_t, uint64_t>> format(header.u8());
    bool hasPath = false;
    for (auto& [contentType, form] : format) {
      contentType = header.uleb();
      form = header.uleb();
      hasPath |= contentType == DW_LNCT_path;
    }
    const size_t countOffset = header.offset();
    const uint64_t count = header.uleb();
    if (count == 0) return;
    if (!hasPath) fail(countOffset, std::string(what) + " entry format has no DW_LNCT_path");
    // Every entry takes at least a byte (its path), which bounds what a
    // hostile count can make us allocate.
    if (count > header.remaining()) {
      fail(countOffset, std::to_string(count) + " " + what + " entries cannot fit in the header");
    }
    for (uint64_t i = 0; i < count; ++i) {
      const size_t at = header.offset();
      LineTable::StringRef path;
      uint64_t directory = 0;
      for (const auto& [contentType, form] : format) {
        const size_t formOffset = header.offset();
        const FormValue value = readForm(header, form, contentType == DW_LNCT_path);
        if (contentType == DW_LNCT_path) {
          if (!value.string) fail(formOffset, "path has a form that is not a string");
          path = keepString(formOffset, *value.string, value.stringIsShared);
        } else if (contentType == DW_LNCT_directory_index && !directories) {
          if (!value.number) fail(formOffset, "directory index has a form that is not a number");
          directory = *value.number;
        }
      }
      if (directories) {
        u.directories.push_back(path);
      } else {
        if (directory >= u.directories.size()) {
          fail(at, "file's directory index " + std::to_string(directory) + " is out of range");
        }
        const LineTable::StringRef base =
            directory == 0 ? LineTable::StringRef{} : u.directories[0];
        addFile(base, u.directories[size_t(directory)], path);
      }
    }
  }

  FormValue readForm(Cursor& c, uint64_t form, bool wantString) {
    const size_t at = c.offset();
    FormValue value;
    switch (form) {
      case DW_FORM_string:
        value.string = c.cstring();
        break;
      case DW_FORM_line_strp:
      case DW_FORM_strp: {
        const uint64_t offset = c.fixed(kOffsetSize);
        // Only paths are looked up: other strings are not kept.
        if (wantString) {
          value.string = referencedString(
              at, form == DW_FORM_line_strp ? StringSection::LineStr : StringSection::Str, offset);
          value.stringIsShared = true;
        }
        break;
      }
      case DW_FORM_strx:
      case DW_FORM_strx1:
      case DW_FORM_strx2:
      case DW_FORM_strx3:
      case DW_FORM_strx4:
        // The string offsets table's base is in .debug_info, which this
        // reader does not read.
        if (wantString) fail(at, "paths of form DW_FORM_strx* are not supported");
        if (form == DW_FORM_strx) {
          c.uleb();
        } else {
          c.skip(form - DW_FORM_strx1 + 1);
        }
        break;
      case DW_FORM_udata:
        value.number = c.uleb();
        break;
      case DW_FORM_data1:
        value.number = c.fixed(1);
        break;
      case DW_FORM_data2:
        value.number = c.fixed(2);
        break;
      case DW_FORM_data4:
        value.number = c.fixed(4);
        break;
      case DW_FORM_data8:
        value.number = c.fixed(8);
        break;
      case DW_FORM_sdata:
        c.sleb();
        break;
      case DW_FORM_flag:
        c.u8();
        break;
      case DW_FORM_data16:
        c.skip(16);
        break;
      case DW_FORM_block:
        c.skip(c.uleb());
        break;
      case DW_FORM_block1:
        c.skip(c.fixed(1));
        break;
      case DW_FORM_block2:
        c.skip(c.fixed(2));
        break;
      case DW_FORM_block4:
        c.skip(c.fixed(4));
        break;
      default:
        fail(at, "unsupported form " + hex(form) + " in an entry format");
    }
    return value;
  }

  // The NUL-terminated string at `offset` in .debug_line_str or .debug_str.
  std::string_view referencedString(size_t at, StringSection which, uint64_t offset) {
    const std::span<const uint8_t> bytes =
        which == StringSection::LineStr ? debugLineStr_ : debugStr_;
    const char* name = which == StringSection::LineStr ? ".debug_line_str" : ".debug_str";
    if (offset >= bytes.size()) {
      fail(at, "string offset " + hex(offset) + " is past the end of " + name);
    }
    Cursor cursor(bytes, size_t(offset), bytes.size());
    try {
      return cursor.cstring();
    } catch (const DwarfFailure&) {
      fail(at, std::string("string at ") + hex(offset) + " in " + name + " has no terminating NUL");
    }
  }

  // Copies a string into the table. A string in .debug_line itself is read
  // once; one in a string section is copied once however many entries refer
  // to it, but many references into the middle of one long string could
  // still copy it over and over: a budget proportional to the input stops
  // that.
  LineTable::StringRef keepString(size_t at, std::string_view text, bool shared = false) {
    if (text.empty()) return {};
    const auto key = std::pair(text.data(), text.size());
    if (shared) {
      if (const auto it = kept_.find(key); it != kept_.end()) return it->second;
    }
    if (text.size() > stringBudget_ - table_.strings_.size()) {
      fail(at, "file and directory names are larger than the input allows");
    }
    const LineTable::StringRef ref{uint32_t(table_.strings_.size()), uint32_t(text.size())};
    table_.strings_.append(text);
    if (shared) kept_.emplace(key, ref);
    return ref;
  }

  void runProgram(Cursor& program, Unit& u) {
    const UnitHeader& h = u.header;
    Registers r;
    size_t sequenceBegin = staged_.size();
    while (!program.atEnd()) {
      const size_t at = program.offset();
      const uint8_t opcode = program.u8();
      if (opcode >= h.opcodeBase) {
        const unsigned adjusted = opcode - h.opcodeBase;
        requireLineRange(h, at);
        advance(r, h, adjusted / h.lineRange, at);
        r.line += uint32_t(int32_t(h.lineBase) + int32_t(adjusted % h.lineRange));
        emitRow(r, u, false);
        continue;
      }
      switch (opcode) {
        case kExtendedOpcode:
          if (runExtended(program, u, r, at)) {
            finishSequence(sequenceBegin, u.addressSize);
            sequenceBegin = staged_.size();
            r = Registers{};
          }
          break;
        case DW_LNS_copy:
          emitRow(r, u, false);
          break;
        case DW_LNS_advance_pc:
          advance(r, h, program.uleb(), at);
          break;
        case DW_LNS_advance_line:
          // The line register wraps as a 32-bit number, as in LLVM's
          // tables: a hostile program gets wrong lines, nothing worse.
          r.line += uint32_t(uint64_t(program.sleb()));
          break;
        case DW_LNS_set_file:
          r.file = program.uleb();
          break;
        case DW_LNS_set_column:
          r.column = uint32_t(std::min<uint64_t>(program.uleb(), UINT32_MAX));
          break;
        case DW_LNS_negate_stmt:
        case DW_LNS_set_basic_block:
        case DW_LNS_set_prologue_end:
        case DW_LNS_set_epilogue_begin:
          break;
        case DW_LNS_const_add_pc:
          requireLineRange(h, at);
          advance(r, h, (255u - h.opcodeBase) / h.lineRange, at);
          break;
        case DW_LNS_fixed_advance_pc:
          addToAddress(r, program.fixed(2), at);
          r.opIndex = 0;
          break;
        case DW_LNS_set_isa:
          program.uleb();
          break;
        default:
          // An opcode of a later version or a vendor's: the header says how
          // many LEB128 operands to skip.
          for (unsigned i = 0; i < h.operandCounts[opcode]; ++i) program.uleb();
          break;
      }
    }
    // Rows after the last end_sequence belong to no complete sequence.
    staged_.resize(sequenceBegin);
  }

  // Runs the extended opcode at `at`; true when it ended a sequence.
  bool runExtended(Cursor& program, Unit& u, Registers& r, size_t at) {
    const uint64_t length = program.uleb();
    if (length == 0) fail(at, "extended opcode of length 0");
    if (length > program.remaining()) {
      fail(at, "extended opcode length " + hex(length) + " runs past the end of the unit");
    }
    // Operands are read within the stated length, and the program goes on
    // after it whatever they hold.
    Cursor operands(debugLine_, program.offset(), program.offset() + size_t(length));
    program.skip(length);
    const uint8_t opcode = operands.u8();
    switch (opcode) {
      case DW_LNE_end_sequence:
        emitRow(r, u, true);
        return true;
      case DW_LNE_set_address: {
        const size_t size = operands.remaining();
        if (!validAddressSize(unsigned(size))) {
          fail(at, "DW_LNE_set_address with a " + std::to_string(size) + "-byte address");
        }
        if (u.header.addressSize != 0 && size != u.header.addressSize) {
          fail(at, "DW_LNE_set_address size differs from the header's address_size");
        }
        u.addressSize = unsigned(size);
        r.address = operands.fixed(size);
        r.opIndex = 0;
        return false;
      }
      case DW_LNE_define_file:
        if (u.header.version < 5) {
          const size_t fileOffset = operands.offset();
          readVersion4File(operands, u, fileOffset, operands.cstring());
        }
        return false;
      default:  // set_discriminator, vendor opcodes: nothing to keep
        return false;
    }
  }

  static void requireLineRange(const UnitHeader& h, size_t at) {
    if (h.lineRange == 0) fail(at, "special opcode or DW_LNS_const_add_pc with line_range 0");
  }

  // Advances the address and op_index by `operations` operations (section
  // 6.2.5.1), failing instead of wrapping around.
  static void advance(Registers& r, const UnitHeader& h, uint64_t operations, size_t at) {
    const unsigned maxOps = h.maximumOperationsPerInstruction;
    uint64_t instructions = operations / maxOps;
    const unsigned opIndex = r.opIndex + unsigned(operations % maxOps);  // < 2 * maxOps
    instructions += opIndex / maxOps;
    r.opIndex = opIndex % maxOps;
    uint64_t bytes;
    if (__builtin_mul_overflow(instructions, uint64_t(h.minimumInstructionLength), &bytes)) {
      fail(at, "address advance overflows");
    }
    addToAddress(r, bytes, at);
  }

  static void addToAddress(Registers& r, uint64_t bytes, size_t at) {
    if (__builtin_add_overflow(r.address, bytes, &r.address)) fail(at, "address overflows");
  }

  void emitRow(const Registers& r, const Unit& u, bool endSequence) {
    // Files count from 1 before DWARF 5, from 0 since.
    const uint64_t first = u.header.version >= 5 ? 0 : 1;
    const uint64_t count = table_.files_.size() - u.firstFile;
    uint32_t file = LineTable::kNoFile;
    if (r.file >= first && r.file - first < count) file = uint32_t(u.firstFile + (r.file - first));
    staged_.push_back({r.address, file, r.line, r.column, endSequence});
  }

  // Keeps the sequence staged_[begin, end) unless it starts at a tombstone,
  // covers no address or goes backwards.
  void finishSequence(size_t begin, unsigned addressSize) {
    const size_t end = staged_.size();
    const uint64_t start = staged_[begin].address;
    const uint64_t last = staged_[end - 1].address;
    const uint64_t allOnes =
        addressSize >= 8 ? UINT64_MAX : (uint64_t(1) << (8 * addressSize)) - 1;
    bool keep = start != 0 && start < allOnes - 1 && start < last;
    for (size_t i = begin + 1; keep && i < end; ++i) {
      keep = staged_[i].address >= staged_[i - 1].address;
    }
    if (keep) {
      sequences_.push_back({begin, end, start, last});
    } else {
      staged_.resize(begin);
    }
  }

  // Moves the sequences into the table sorted by address, dropping any that
  // overlaps one before it, so that the rows are sorted too.
  void keepSequences() {
    std::stable_sort(sequences_.begin(), sequences_.end(),
                     [](const Sequence& a, const Sequence& b) {
                       return a.startAddress < b.startAddress;
                     });
    table_.rows_.reserve(staged_.size());
    uint64_t covered = 0;
    for (const Sequence& sequence : sequences_) {
      if (sequence.startAddress < covered) continue;
      table_.rows_.insert(table_.rows_.end(), staged_.begin() + ptrdiff_t(sequence.begin),
                          staged_.begin() + ptrdiff_t(sequence.end));
      covered = sequence.endAddress;
    }
  }

  struct PairHash {
    size_t operator()(const std::pair<const char*, size_t>& key) const {
      return std::hash<const char*>()(key.first) ^ (key.second * 0x9e3779b97f4a7c15ull);
    }
  };

  std::span<const uint8_t> debugLine_;
  std::span<const uint8_t> debugLineStr_;
  std::span<const uint8_t> debugStr_;
  size_t stringBudget_;
  LineTable table_;
  std::vector<LineTable::Row> staged_;  // rows of every sequence, in section order
  std::vector<Sequence> sequences_;
  // Strings of the string sections already kept, by their place.
  std::unordered_map<std::pair<const char*, size_t>, LineTable::StringRef, PairHash> kept_;
};

Expected<LineTable, std::string> LineTable::parse(std::span<const uint8_t> debugLine,
                                                  std::span<const uint8_t> debugLineStr,
                                                  std::span<const uint8_t> debugStr) {
  if (debugLine.size() + debugLineStr.size() + debugStr.size() > kMaxInputSize) {
    return Unexpected{std::string("DWARF sections too large for a line table")};
  }
  try {
    return LineTableBuilder(debugLine, debugLineStr, debugStr).build();
  } catch (const DwarfFailure& failure) {
    return Unexpected{".debug_line offset " + hex(failure.offset) + ": " + failure.message};
  }
}

Expected<LineTable, std::string> LineTable::fromModule(const WasmModule& module) {
  auto payload = [&](std::string_view name) -> std::optional<std::span<const uint8_t>> {
    for (const CustomSection& section : module.customSections) {
      if (section.name == name) {
        return std::span<const uint8_t>(module.bytes).subspan(section.payloadOffset,
                                                              section.payloadSize);
      }
    }
    return std::nullopt;
  };
  const auto debugLine = payload(".debug_line");
  if (!debugLine) return LineTable();
  return parse(*debugLine, payload(".debug_line_str").value_or(std::span<const uint8_t>()),
               payload(".debug_str").value_or(std::span<const uint8_t>()));
}

std::optional<SourceLocation> LineTable::find(uint64_t address) const {
  auto row = std::upper_bound(rows_.begin(), rows_.end(), address,
                              [](uint64_t a, const Row& r) { return a < r.address; });
  if (row == rows_.begin()) return std::nullopt;
  --row;
  if (row->endSequence) return std::nullopt;
  return SourceLocation{path(row->file), row->line, row->column};
}

std::string LineTable::path(uint32_t file) const {
  if (file == kNoFile) return {};
  const File& f = files_[file];
  const std::string_view strings(strings_);
  std::string result(strings.substr(f.name.offset, f.name.size));
  // Each part is joined in front until the path is absolute.
  for (const StringRef part : {f.directory, f.base}) {
    if (!result.empty() && result.front() == '/') break;
    const std::string_view prefix = strings.substr(part.offset, part.size);
    if (prefix.empty()) continue;
    const bool separator = !result.empty() && prefix.back() != '/';
    result = std::string(prefix) + (separator ? "/" : "") + result;
  }
  return result;
}

std::optional<uint64_t> dwarfAddressOf(const WasmModule& module, size_t moduleOffset) {
  for (const SectionInfo& section : module.sections) {
    if (section.id != kCodeSection) continue;
    if (moduleOffset < section.payloadOffset ||
        moduleOffset - section.payloadOffset >= section.payloadSize) {
      return std::nullopt;
    }
    return moduleOffset - section.payloadOffset;
  }
  return std::nullopt;
}

}  // namespace kiln
