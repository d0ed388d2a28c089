#include "binary/debug_line.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "binary/decoder.h"
#include "byte_builder.h"

namespace kiln {

// For readable failures.
void PrintTo(const SourceLocation& location, std::ostream* out) {
  *out << location.file << ":" << location.line << ":" << location.column;
}

namespace {

using test::Bytes;
using test::cat;
using test::uleb;

// ---------------------------------------------------------------------------
// Line tables built by hand.

Bytes le(uint64_t value, size_t size) {
  Bytes out;
  for (size_t i = 0; i < size; ++i) out.push_back(uint8_t(value >> (8 * i)));
  return out;
}
Bytes u16(uint64_t value) { return le(value, 2); }
Bytes u32(uint64_t value) { return le(value, 4); }

void append(Bytes& out, const Bytes& more) { out.insert(out.end(), more.begin(), more.end()); }

Bytes sleb(int64_t value) {
  Bytes out;
  while (true) {
    const uint8_t byte = value & 0x7f;
    value >>= 7;
    if ((value == 0 && !(byte & 0x40)) || (value == -1 && (byte & 0x40))) {
      out.push_back(byte);
      return out;
    }
    out.push_back(byte | 0x80);
  }
}

Bytes cstr(std::string_view text) {
  Bytes out(text.begin(), text.end());
  out.push_back(0);
  return out;
}

// Program opcodes.
Bytes setAddress(uint64_t address, size_t size = 4) {
  return cat({{0x00}, uleb(size + 1), {0x02}, le(address, size)});
}
const Bytes kEndSequence = {0x00, 0x01, 0x01};
const Bytes kCopy = {0x01};
Bytes advancePc(uint64_t operations) { return cat({{0x02}, uleb(operations)}); }
Bytes advanceLine(int64_t lines) { return cat({{0x03}, sleb(lines)}); }
Bytes setFile(uint64_t file) { return cat({{0x04}, uleb(file)}); }
Bytes setColumn(uint64_t column) { return cat({{0x05}, uleb(column)}); }
const Bytes kConstAddPc = {0x08};
Bytes fixedAdvancePc(uint64_t delta) { return cat({{0x09}, u16(delta)}); }

// The header fields after header_length that the tests vary.
struct Params {
  uint8_t minimumInstructionLength = 1;
  uint8_t maximumOperationsPerInstruction = 1;
  int8_t lineBase = -5;
  uint8_t lineRange = 14;
  uint8_t opcodeBase = 13;
};

Bytes headerFields(unsigned version, const Params& p) {
  Bytes out = {p.minimumInstructionLength};
  if (version >= 4) out.push_back(p.maximumOperationsPerInstruction);
  out.insert(out.end(), {0x01, uint8_t(p.lineBase), p.lineRange, p.opcodeBase});
  // Operand counts of the standard opcodes 1..12, then 0 for any later ones.
  const uint8_t counts[] = {0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1};
  for (unsigned opcode = 1; opcode < p.opcodeBase; ++opcode) {
    out.push_back(opcode <= 12 ? counts[opcode - 1] : 0);
  }
  return out;
}

// A unit: unit_length, version, (v5: address and selector sizes),
// header_length, the header fields, `tables`, `program`.
Bytes unit(unsigned version, const Bytes& tables, const Bytes& program, const Params& p = {}) {
  const Bytes header = cat({headerFields(version, p), tables});
  Bytes body = u16(version);
  if (version >= 5) body.insert(body.end(), {0x04, 0x00});
  body = cat({body, u32(header.size()), header, program});
  return cat({u32(body.size()), body});
}

// DWARF 2-4 tables: include directories, then files (name, directory).
Bytes tables4(std::initializer_list<std::string_view> directories,
              std::initializer_list<std::pair<std::string_view, uint64_t>> files) {
  Bytes out;
  for (auto directory : directories) out = cat({out, cstr(directory)});
  out.push_back(0);
  for (auto [name, directory] : files) out = cat({out, cstr(name), uleb(directory), {0, 0}});
  out.push_back(0);
  return out;
}

// A DWARF 4 unit with directory "src" and files 1 "a.c" (in src), 2 "b.h".
Bytes unit4(const Bytes& program, const Params& p = {}) {
  return unit(4, tables4({"src"}, {{"a.c", 1}, {"b.h", 0}}), program, p);
}

Expected<LineTable, std::string> parse(const Bytes& section, const Bytes& lineStr = {},
                                       const Bytes& str = {}) {
  return LineTable::parse(section, lineStr, str);
}

LineTable parseOk(const Bytes& section, const Bytes& lineStr = {}, const Bytes& str = {}) {
  auto table = parse(section, lineStr, str);
  EXPECT_TRUE(table.hasValue()) << table.error();
  return table ? std::move(table).value() : LineTable();
}

std::string parseError(const Bytes& section, const Bytes& lineStr = {}) {
  auto table = parse(section, lineStr);
  EXPECT_FALSE(table.hasValue());
  return table ? "" : table.error();
}

// The file or line at `address`, or a value no row has when none covers it.
std::string fileAt(const LineTable& table, uint64_t address) {
  const auto location = table.find(address);
  return location ? location->file : "<nothing>";
}
uint32_t lineAt(const LineTable& table, uint64_t address) {
  const auto location = table.find(address);
  return location ? location->line : UINT32_MAX;
}

SourceLocation at(std::string file, uint32_t line, uint32_t column = 0) {
  return {std::move(file), line, column};
}

TEST(DebugLineTest, RowsCoverTheirAddressesUpToTheNextRow) {
  const LineTable table = parseOk(unit4(cat({
      setAddress(0x10), advanceLine(4), setColumn(7), kCopy,  // 0x10: line 5
      advancePc(4), advanceLine(1), kCopy,                   // 0x14: line 6
      advancePc(2), kEndSequence,                            // ends at 0x16
  })));
  EXPECT_EQ(table.find(0x0f), std::nullopt);
  EXPECT_EQ(table.find(0x10), at("src/a.c", 5, 7));
  EXPECT_EQ(table.find(0x13), at("src/a.c", 5, 7));
  EXPECT_EQ(table.find(0x14), at("src/a.c", 6, 7));
  EXPECT_EQ(table.find(0x15), at("src/a.c", 6, 7));
  EXPECT_EQ(table.find(0x16), std::nullopt);
  EXPECT_EQ(table.find(UINT64_MAX), std::nullopt);
  EXPECT_EQ(table.rowCount(), 3u);
}

TEST(DebugLineTest, EmptySectionGivesEmptyTable) {
  const LineTable table = parseOk({});
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(table.find(0), std::nullopt);
}

TEST(DebugLineTest, SpecialOpcodesAndConstAddPc) {
  // opcode 0x4b: adjusted 0x4b - 13 = 62: address += 62 / 14 = 4,
  // line += -5 + 62 % 14 = 1. const_add_pc: address += (255 - 13) / 14 = 17.
  // With minimum_instruction_length 2 every address advance doubles.
  Params p;
  p.minimumInstructionLength = 2;
  const LineTable table = parseOk(unit4(
      cat({setAddress(0x100), advanceLine(9), kCopy,  // 0x100: line 10
           {0x4b},                                     // 0x108: line 11
           kConstAddPc, {0x0d},                        // 0x12a: line 6 (adjusted 0)
           fixedAdvancePc(3), kCopy,                   // 0x12d: line 6
           advancePc(1), kEndSequence}),               // ends at 0x12f
      p));
  EXPECT_EQ(lineAt(table, 0x107), 10u);
  EXPECT_EQ(lineAt(table, 0x108), 11u);
  EXPECT_EQ(lineAt(table, 0x129), 11u);
  EXPECT_EQ(lineAt(table, 0x12a), 6u);
  EXPECT_EQ(lineAt(table, 0x12d), 6u);
  EXPECT_EQ(lineAt(table, 0x12e), 6u);
  EXPECT_EQ(table.find(0x12f), std::nullopt);
}

TEST(DebugLineTest, FilesDirectoriesAndDefineFile) {
  const LineTable table = parseOk(unit4(cat({
      setAddress(0x10), kCopy,              // file 1: src/a.c
      advancePc(1), setFile(2), kCopy,      // file 2: b.h (compilation directory)
      advancePc(1), setFile(3), kCopy,      // no file 3 yet: no path
      {0x00, 0x08, 0x03}, cstr("d.c"), {0x01, 0x00, 0x00},  // define_file 3: src/d.c
      advancePc(1), kCopy,                  // file 3
      advancePc(1), setFile(0), kCopy,      // file 0 does not exist before DWARF 5
      advancePc(1), kEndSequence,
  })));
  EXPECT_EQ(fileAt(table, 0x10), "src/a.c");
  EXPECT_EQ(fileAt(table, 0x11), "b.h");
  EXPECT_EQ(table.find(0x12), at("", 1));
  EXPECT_EQ(fileAt(table, 0x13), "src/d.c");
  EXPECT_EQ(fileAt(table, 0x14), "");
}

TEST(DebugLineTest, AbsoluteNamesAndDirectoriesAreNotJoined) {
  const LineTable table = parseOk(unit(
      3, tables4({"/abs", "rel/"}, {{"/x/a.c", 1}, {"b.c", 1}, {"c.c", 2}}),
      cat({setAddress(0x10), kCopy, advancePc(1), setFile(2), kCopy, advancePc(1), setFile(3),
           kCopy, advancePc(1), kEndSequence})));
  EXPECT_EQ(fileAt(table, 0x10), "/x/a.c");
  EXPECT_EQ(fileAt(table, 0x11), "/abs/b.c");
  EXPECT_EQ(fileAt(table, 0x12), "rel/c.c");
}

// A DWARF 5 table naming its directories and files in every string form:
// directory 0 (the compilation directory) inline, directory 1 relative in
// .debug_line_str; file 0 in .debug_line_str with an MD5, file 1 in .debug_str.
TEST(DebugLineTest, Version5EntryFormats) {
  const Bytes lineStr = cat({cstr("inc"), cstr("main.c")});
  const Bytes str = cat({cstr("junk"), cstr("util.h")});
  const Bytes directories = cat({
      {0x02},              // directory_entry_format_count
      {0x01, 0x08},        // DW_LNCT_path, DW_FORM_string
      {0x03, 0x0f},        // DW_LNCT_timestamp, DW_FORM_udata (skipped)
      {0x02},              // directories_count
      cstr("/build"), {0x05},
      cstr("inc"), {0x06},
  });
  const Bytes files = cat({
      {0x03},              // file_name_entry_format_count
      {0x01, 0x1f},        // DW_LNCT_path, DW_FORM_line_strp
      {0x02, 0x0b},        // DW_LNCT_directory_index, DW_FORM_data1
      {0x05, 0x1e},        // DW_LNCT_MD5, DW_FORM_data16
      {0x02},              // file_names_count
      u32(4), {0x00}, Bytes(16, 0xaa),
      u32(4), {0x01}, Bytes(16, 0xbb),  // the same string again
  });
  // File 1's path in .debug_str instead: a second unit whose file format
  // uses DW_FORM_strp.
  const Bytes strFiles = cat({
      {0x02}, {0x01, 0x0e}, {0x02, 0x0f},
      {0x01}, u32(5), {0x01},
  });
  const Bytes section = cat({
      unit(5, cat({directories, files}),
           cat({setAddress(0x10), setFile(0), kCopy, advancePc(1), setFile(1), kCopy, advancePc(1),
                setFile(2), kCopy, advancePc(1), kEndSequence})),
      unit(5, cat({directories, strFiles}),
           cat({setAddress(0x20), setFile(0), kCopy, advancePc(1), kEndSequence})),
  });
  const LineTable table = parseOk(section, lineStr, str);
  EXPECT_EQ(fileAt(table, 0x10), "/build/main.c");  // file 0 counts since DWARF 5
  EXPECT_EQ(fileAt(table, 0x11), "/build/inc/main.c");
  EXPECT_EQ(fileAt(table, 0x12), "");                // no file 2
  EXPECT_EQ(fileAt(table, 0x20), "/build/inc/util.h");
  // The same unit without its string sections.
  EXPECT_NE(parseError(section).find("past the end of .debug_line_str"), std::string::npos);
}

TEST(DebugLineTest, Version5RefusesStringIndexPaths) {
  const Bytes tables = cat({{0x01, 0x01, 0x25, 0x01, 0x00}, {0x00, 0x00}});
  EXPECT_NE(parseError(unit(5, tables, {})).find("DW_FORM_strx"), std::string::npos);
}

TEST(DebugLineTest, TombstoneSequencesDoNotShadowCode) {
  // Sequences of removed functions start at 0, 0xfffffffe or 0xffffffff;
  // the one starting at 0 would otherwise cover the live code at 0x10.
  const Bytes program = cat({
      setAddress(0), advanceLine(99), kCopy, advancePc(0x100), kEndSequence,
      setAddress(0xffffffff), kCopy, advancePc(0x10), kEndSequence,
      setAddress(0xfffffffe), kCopy, advancePc(0x10), kEndSequence,
      setAddress(0x10), kCopy, advancePc(8), kEndSequence,
  });
  const LineTable table = parseOk(unit4(program));
  EXPECT_EQ(table.find(0), std::nullopt);
  EXPECT_EQ(table.find(0x8), std::nullopt);
  EXPECT_EQ(table.find(0x10), at("src/a.c", 1));
  EXPECT_EQ(table.find(0x18), std::nullopt);
  EXPECT_EQ(table.find(0xffffffff), std::nullopt);
  EXPECT_EQ(table.find(0x100000005), std::nullopt);
  EXPECT_EQ(table.rowCount(), 2u);
  // 8-byte addresses: the tombstones are the all-ones value and the one below.
  const LineTable wide = parseOk(unit4(cat({
      setAddress(UINT64_MAX - 1, 8), kCopy, advancePc(1), kEndSequence,
      setAddress(0xffffffff, 8), kCopy, advancePc(2), kEndSequence,
  })));
  EXPECT_EQ(wide.find(0xffffffff), at("src/a.c", 1));
  EXPECT_EQ(wide.rowCount(), 2u);
}

TEST(DebugLineTest, SequencesAreSortedAndTheLastRowAtAnAddressWins) {
  const LineTable table = parseOk(unit4(cat({
      setAddress(0x40), advanceLine(39), kCopy, advancePc(4), kEndSequence,  // line 40
      setAddress(0x10), kCopy, advanceLine(1), kCopy,  // two rows at 0x10: line 2 wins
      advancePc(4), kEndSequence,
      // Ends where the next one starts: 0x14 belongs to the next.
      setAddress(0x14), advanceLine(19), kCopy, advancePc(4), kEndSequence,
  })));
  EXPECT_EQ(lineAt(table, 0x10), 2u);
  EXPECT_EQ(lineAt(table, 0x13), 2u);
  EXPECT_EQ(lineAt(table, 0x14), 20u);
  EXPECT_EQ(table.find(0x18), std::nullopt);
  EXPECT_EQ(lineAt(table, 0x43), 40u);
}

TEST(DebugLineTest, BrokenSequencesAreDropped) {
  const LineTable table = parseOk(unit4(cat({
      setAddress(0x10), kCopy, advancePc(0x10), kEndSequence,          // kept: 0x10..0x20
      setAddress(0x18), advanceLine(5), kCopy, advancePc(0x10), kEndSequence,  // overlaps
      setAddress(0x30), kCopy, setAddress(0x28), kCopy, kEndSequence,  // goes backwards
      setAddress(0x40), kCopy, kEndSequence,                           // covers nothing
      setAddress(0x50), kCopy, advancePc(4), kCopy,                    // never ended
  })));
  EXPECT_EQ(lineAt(table, 0x1f), 1u);
  EXPECT_EQ(table.find(0x20), std::nullopt);
  EXPECT_EQ(table.find(0x2a), std::nullopt);
  EXPECT_EQ(table.find(0x30), std::nullopt);
  EXPECT_EQ(table.find(0x40), std::nullopt);
  EXPECT_EQ(table.find(0x52), std::nullopt);
  EXPECT_EQ(table.rowCount(), 2u);
}

TEST(DebugLineTest, EveryVersionFromTwoToFive) {
  for (unsigned version : {2u, 3u, 4u}) {
    const LineTable table = parseOk(unit(version, tables4({}, {{"a.c", 0}}),
                                         cat({setAddress(8), advanceLine(2), kCopy, advancePc(1),
                                              kEndSequence})));
    EXPECT_EQ(table.find(8), at("a.c", 3)) << "version " << version;
  }
  const Bytes tables5 = cat({{0x01, 0x01, 0x08, 0x01}, cstr("/d"),
                             {0x01, 0x01, 0x08, 0x01}, cstr("a.c")});
  // The file register starts at 1 in every version, though DWARF 5 counts from 0.
  const LineTable table5 = parseOk(unit(
      5, tables5, cat({setAddress(8), kCopy, advancePc(1), setFile(0), kCopy, advancePc(1),
                       kEndSequence})));
  EXPECT_EQ(table5.find(8), at("", 1));
  EXPECT_EQ(table5.find(9), at("/d/a.c", 1));
  const Bytes v6 = unit(5, tables5, {});
  Bytes patched = v6;
  patched[4] = 6;
  EXPECT_NE(parseError(patched).find("unsupported line table version 6"), std::string::npos);
  patched[4] = 1;
  EXPECT_NE(parseError(patched).find("version 1"), std::string::npos);
}

TEST(DebugLineTest, VendorStandardOpcodesAreSkippedByTheirOperandCount) {
  Params p;
  p.opcodeBase = 15;  // opcodes 13 and 14 exist, with 0 operands (headerFields)
  Bytes section = unit4(cat({setAddress(0x10), {13, 14}, kCopy, advancePc(1), kEndSequence}), p);
  EXPECT_EQ(parseOk(section).find(0x10), at("src/a.c", 1));
  // Opcode base 10: 10 to 12 are special opcodes, not prologue_end and so on.
  p.opcodeBase = 10;
  section = unit4(cat({setAddress(0x10), {10}, advancePc(1), kEndSequence}), p);
  EXPECT_EQ(parseOk(section).find(0x10), at("src/a.c", 1 - 5));
}

// ---------------------------------------------------------------------------
// Hostile tables: an error or a partial table, never a crash.

TEST(DebugLineTest, EveryTruncationIsAnErrorUnlessAtAUnitBoundary) {
  const Bytes first = unit4(cat({setAddress(0x10), kCopy, advancePc(4), kEndSequence}));
  const Bytes section = cat({first, unit(5, cat({{0x01, 0x01, 0x08, 0x01}, cstr("/d"),
                                                 {0x01, 0x01, 0x08, 0x01}, cstr("a.c")}),
                                         cat({setAddress(0x20), kCopy, advancePc(1),
                                              kEndSequence}))});
  for (size_t size = 0; size <= section.size(); ++size) {
    const Bytes prefix(section.begin(), section.begin() + ptrdiff_t(size));
    const auto table = parse(prefix);
    const bool boundary = size == 0 || size == first.size() || size == section.size();
    EXPECT_EQ(table.hasValue(), boundary) << "prefix of " << size << " bytes";
  }
}

TEST(DebugLineTest, LengthsPastTheEnd) {
  Bytes section = unit4({});
  // unit_length one past the end; the 64-bit escape; a reserved value.
  Bytes patched = section;
  patched[0] += 1;
  EXPECT_NE(parseError(patched).find("unit_length 0x"), std::string::npos);
  patched = cat({u32(0xffffffff), le(section.size() - 4, 8),
                 Bytes(section.begin() + 4, section.end())});
  EXPECT_NE(parseError(patched).find("64-bit DWARF"), std::string::npos);
  patched = cat({u32(0xfffffff0), Bytes(section.begin() + 4, section.end())});
  EXPECT_NE(parseError(patched).find("reserved unit_length"), std::string::npos);
  // header_length wrapping around and just past the end.
  for (uint32_t length : {0xffffffffu, 0xfffffff8u, uint32_t(section.size() - 9)}) {
    patched = section;
    const Bytes field = u32(length);
    std::copy(field.begin(), field.end(), patched.begin() + 6);
    EXPECT_NE(parseError(patched).find("header_length"), std::string::npos) << length;
  }
}

TEST(DebugLineTest, BadHeaderFields) {
  Params p;
  p.opcodeBase = 0;
  EXPECT_NE(parseError(unit4({}, p)).find("opcode_base is 0"), std::string::npos);
  p = {};
  p.maximumOperationsPerInstruction = 0;
  EXPECT_NE(parseError(unit4({}, p)).find("maximum_operations_per_instruction"),
            std::string::npos);
  // line_range 0 is fine until a special opcode or const_add_pc needs it.
  p = {};
  p.lineRange = 0;
  EXPECT_TRUE(parse(unit4(cat({setAddress(4), kCopy, advancePc(1), kEndSequence}), p)));
  EXPECT_NE(parseError(unit4(cat({setAddress(4), {0x20}}), p)).find("line_range 0"),
            std::string::npos);
  EXPECT_NE(parseError(unit4(kConstAddPc, p)).find("line_range 0"), std::string::npos);
  // A file in a directory that does not exist; a name without its NUL.
  EXPECT_NE(parseError(unit(4, tables4({}, {{"a.c", 1}}), {})).find("directory index"),
            std::string::npos);
  EXPECT_NE(parseError(unit(4, cat({{0x00}, {'a', '.', 'c'}}), {})).find("NUL"),
            std::string::npos);
}

TEST(DebugLineTest, HugeEntryCounts) {
  // 2^60 files; a file format with no fields at all (each entry 0 bytes).
  const Bytes directories = cat({{0x01, 0x01, 0x08, 0x01}, cstr("/d")});
  EXPECT_NE(parseError(unit(5, cat({directories, {0x01, 0x01, 0x08}, uleb(uint64_t(1) << 60)}), {}))
                .find("cannot fit"),
            std::string::npos);
  EXPECT_NE(parseError(unit(5, cat({directories, {0x00}, uleb(UINT64_MAX)}), {}))
                .find("no DW_LNCT_path"),
            std::string::npos);
  EXPECT_NE(parseError(unit(5, cat({{0x00}, uleb(UINT64_MAX)}), {})).find("no DW_LNCT_path"),
            std::string::npos);
  // An unknown form.
  EXPECT_NE(parseError(unit(5, cat({{0x01, 0x01, 0x7f, 0x01}, {0x00}}), {}))
                .find("unsupported form 0x7f"),
            std::string::npos);
}

TEST(DebugLineTest, ManyReferencesIntoOneLongStringHitTheBudget) {
  // 20,000 files named by offsets into the middle of one 100,000-byte string
  // would copy 2 GB; the copy is bounded by the input's size instead.
  const Bytes lineStr = cat({Bytes(100'000, 'a'), {0x00}});
  Bytes files = cat({{0x01, 0x01, 0x08, 0x01}, cstr("/d"), {0x01, 0x01, 0x1f}, uleb(20'000)});
  for (uint32_t i = 0; i < 20'000; ++i) append(files, u32(i));
  const auto table = parse(unit(5, files, {}), lineStr);
  ASSERT_FALSE(table.hasValue());
  EXPECT_NE(table.error().find("larger than the input allows"), std::string::npos);
  // The same offset many times is one copy.
  files = cat({{0x01, 0x01, 0x08, 0x01}, cstr("/d"), {0x01, 0x01, 0x1f}, uleb(20'000)});
  for (uint32_t i = 0; i < 20'000; ++i) append(files, u32(7));
  EXPECT_TRUE(parse(unit(5, files, {}), lineStr));
}

TEST(DebugLineTest, BadLeb128s) {
  // An advance_pc operand running past the end, one of 11 bytes whose bits
  // go beyond 64, and a padded one (allowed).
  EXPECT_NE(parseError(unit4({0x02, 0x80, 0x80})).find("LEB128 runs past the end"),
            std::string::npos);
  const Bytes tooWide = {0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02};
  EXPECT_NE(parseError(unit4(tooWide)).find("does not fit in 64 bits"), std::string::npos);
  const Bytes eleven = {0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
  EXPECT_NE(parseError(unit4(eleven)).find("does not fit in 64 bits"), std::string::npos);
  const Bytes padded = cat({setAddress(0x10), {0x02, 0x84, 0x80, 0x80, 0x00}, {0x01},
                            advancePc(1), kEndSequence});
  EXPECT_EQ(parseOk(unit4(padded)).find(0x14), at("src/a.c", 1));
  // advance_line: the most negative value, then too wide a negative one.
  EXPECT_TRUE(parse(unit4(cat({advanceLine(INT64_MIN)}))));
  const Bytes badSigned = {0x03, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f};
  EXPECT_NE(parseError(unit4(badSigned)).find("does not fit in 64 bits"), std::string::npos);
}

TEST(DebugLineTest, ExtendedOpcodeLengths) {
  // A length that wraps a 64-bit offset, one past the end, and 0.
  EXPECT_NE(parseError(unit4(cat({{0x00}, uleb(UINT64_MAX), {0x01}}))).find("extended opcode"),
            std::string::npos);
  EXPECT_NE(parseError(unit4({0x00, 0x03, 0x01})).find("extended opcode length"),
            std::string::npos);
  EXPECT_NE(parseError(unit4({0x00, 0x00})).find("length 0"), std::string::npos);
  // set_address with 3 bytes; define_file whose name runs past its length.
  EXPECT_NE(parseError(unit4({0x00, 0x04, 0x02, 0x01, 0x02, 0x03})).find("3-byte address"),
            std::string::npos);
  EXPECT_NE(parseError(unit4({0x00, 0x03, 0x03, 'a', 'b', 0x00, 0x00, 0x00})).find("NUL"),
            std::string::npos);
  // An unknown extended opcode is skipped whole, operands and all.
  const LineTable table = parseOk(unit4(cat({{0x00, 0x04, 0x80, 0x01, 0x01, 0x01},
                                             setAddress(0x10), kCopy, advancePc(1),
                                             kEndSequence})));
  EXPECT_EQ(table.find(0x10), at("src/a.c", 1));
}

TEST(DebugLineTest, AddressOverflowIsAnError) {
  EXPECT_NE(parseError(unit4(cat({setAddress(UINT64_MAX - 4, 8), advancePc(5)})))
                .find("overflows"),
            std::string::npos);
  EXPECT_NE(parseError(unit4(cat({setAddress(UINT64_MAX, 8), fixedAdvancePc(1)})))
                .find("overflows"),
            std::string::npos);
  Params p;
  p.minimumInstructionLength = 255;
  EXPECT_NE(parseError(unit4(advancePc(UINT64_MAX / 2), p)).find("overflows"), std::string::npos);
  // Lines wrap as 32-bit numbers and columns saturate: wrong, but harmless.
  const LineTable table = parseOk(unit4(cat({setAddress(0x10), advanceLine(-2),
                                             setColumn(UINT64_MAX), kCopy, advancePc(1),
                                             kEndSequence})));
  EXPECT_EQ(table.find(0x10), at("src/a.c", UINT32_MAX, UINT32_MAX));
}

TEST(DebugLineTest, RowsAreBoundedByTheInput) {
  // Every row costs at least one byte of program.
  Bytes program = setAddress(0x10);
  for (int i = 0; i < 100'000; ++i) program.push_back(0x01);
  program = cat({program, advancePc(1), kEndSequence});
  const Bytes section = unit4(program);
  const LineTable table = parseOk(section);
  EXPECT_EQ(table.rowCount(), 100'001u);
  EXPECT_LE(table.rowCount(), section.size());
  EXPECT_EQ(table.find(0x10), at("src/a.c", 1));
}

TEST(DebugLineTest, RandomMutationsNeverCrash) {
  const Bytes lineStr = cat({cstr("inc"), cstr("main.c")});
  const Bytes directories = cat({{0x01, 0x01, 0x08, 0x02}, cstr("/b"), cstr("inc")});
  const Bytes files = cat({{0x02, 0x01, 0x1f, 0x02, 0x0b, 0x01}, u32(4), {0x01}});
  const Bytes seed = cat({
      unit4(cat({setAddress(0x10), advanceLine(3), kCopy, {0x4b}, kConstAddPc, setFile(2),
                 kCopy, fixedAdvancePc(3), setColumn(4), kCopy, advancePc(2), kEndSequence})),
      unit(5, cat({directories, files}),
           cat({setAddress(0x80), kCopy, {0x30, 0x40}, advancePc(2), kEndSequence})),
  });
  std::mt19937_64 random(20);
  size_t parsed = 0;
  for (int round = 0; round < 20'000; ++round) {
    Bytes mutant = seed;
    const int edits = 1 + int(random() % 4);
    for (int e = 0; e < edits; ++e) {
      const size_t where = random() % mutant.size();
      switch (random() % 4) {
        case 0: mutant[where] = uint8_t(random()); break;
        case 1: mutant[where] ^= uint8_t(1u << (random() % 8)); break;
        case 2: mutant.erase(mutant.begin() + ptrdiff_t(where)); break;
        default: mutant.insert(mutant.begin() + ptrdiff_t(where), uint8_t(random())); break;
      }
      if (mutant.empty()) mutant.push_back(0);
    }
    const auto table = parse(mutant, lineStr);
    if (!table) {
      EXPECT_FALSE(table.error().empty());
      continue;
    }
    ++parsed;
    EXPECT_LE(table->rowCount(), mutant.size());
    for (uint64_t address : {uint64_t(0), uint64_t(0x10), uint64_t(0x11), uint64_t(0x85),
                             uint64_t(random())}) {
      (void)table->find(address);
    }
  }
  // Some mutants still parse (most edits land in the program or names).
  EXPECT_GT(parsed, 100u);
}

// ---------------------------------------------------------------------------
// A C program built with clang, checked against llvm-dwarfdump.

#ifdef KILN_DWARF_FIXTURES

Bytes readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// llvm-dwarfdump --debug-line's report of one unit.
struct OracleRow {
  uint64_t address = 0;
  uint32_t line = 0;
  uint32_t column = 0;
  uint64_t file = 0;
  bool endSequence = false;
};
struct OracleUnit {
  unsigned version = 0;
  std::map<uint64_t, std::string> directories;
  std::map<uint64_t, std::pair<std::string, uint64_t>> files;  // name, directory
  std::vector<OracleRow> rows;

  // The path as llvm-symbolizer joins it from the unit alone: a relative
  // directory (other than DWARF 5's directory 0, the compilation directory)
  // is relative to directory 0, which before DWARF 5 the table omits.
  std::string path(uint64_t file) const {
    const auto& [name, directory] = files.at(file);
    if (name.starts_with("/")) return name;
    const std::string dir = directories.count(directory) ? directories.at(directory) : "";
    std::string path = dir.empty() ? name : dir + "/" + name;
    if (version >= 5 && directory != 0 && !dir.starts_with("/")) {
      path = directories.at(0) + "/" + path;
    }
    return path;
  }
};

std::string unquote(const std::string& line) {
  const size_t open = line.find('"');
  const size_t close = line.rfind('"');
  return line.substr(open + 1, close - open - 1);
}

uint64_t bracketed(const std::string& line) {
  return std::stoull(line.substr(line.find('[') + 1));
}

std::vector<OracleUnit> readOracle(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::vector<OracleUnit> units;
  uint64_t file = 0;
  for (std::string line; std::getline(in, line);) {
    const size_t text = line.find_first_not_of(' ');
    const std::string trimmed = text == std::string::npos ? "" : line.substr(text);
    if (line.starts_with("debug_line[")) {
      units.emplace_back();
    } else if (units.empty()) {
      continue;
    } else if (trimmed.starts_with("version:")) {
      units.back().version = unsigned(std::stoul(trimmed.substr(8)));
    } else if (line.starts_with("include_directories[")) {
      units.back().directories[bracketed(line)] = unquote(line);
    } else if (line.starts_with("file_names[")) {
      file = bracketed(line);
    } else if (trimmed.starts_with("name:")) {
      units.back().files[file].first = unquote(trimmed);
    } else if (trimmed.starts_with("dir_index:")) {
      units.back().files[file].second = std::stoull(trimmed.substr(10));
    } else if (line.starts_with("0x")) {
      std::istringstream fields(line);
      OracleRow row;
      fields >> std::hex >> row.address >> std::dec >> row.line >> row.column >> row.file;
      row.endSequence = line.find("end_sequence") != std::string::npos;
      units.back().rows.push_back(row);
    }
  }
  return units;
}

class DebugLineOracleTest : public ::testing::TestWithParam<int> {};

// Every row llvm-dwarfdump lists is found, at its first and last address,
// with the same file, line and column; addresses where a sequence ends and no
// other starts find nothing.
TEST_P(DebugLineOracleTest, EveryRowMatchesLlvmDwarfdump) {
  const std::string base = std::string(KILN_DWARF_FIXTURES) + "/dwarf" + std::to_string(GetParam());
  auto module = decodeModule(readFile(base + ".wasm"));
  ASSERT_TRUE(module.hasValue());
  auto table = LineTable::fromModule(*module);
  ASSERT_TRUE(table.hasValue()) << table.error();
  const std::vector<OracleUnit> units = readOracle(base + ".debug_line.txt");

  std::set<unsigned> versions;
  std::set<uint64_t> starts;
  size_t rows = 0;
  for (const OracleUnit& unit : units) {
    versions.insert(unit.version);
    rows += unit.rows.size();
    for (const OracleRow& row : unit.rows) {
      if (!row.endSequence) starts.insert(row.address);
    }
  }
  // The program's units have the requested version, wasi-libc's crt1 has 4.
  EXPECT_TRUE(versions.count(unsigned(GetParam())));
  EXPECT_GT(rows, 50u);
  // llvm-dwarfdump leaves out the sequences at tombstones too.
  EXPECT_EQ(table->rowCount(), rows);

  size_t checked = 0;
  for (const OracleUnit& unit : units) {
    for (size_t i = 0; i < unit.rows.size(); ++i) {
      const OracleRow& row = unit.rows[i];
      if (row.endSequence) {
        if (!starts.count(row.address)) {
          EXPECT_EQ(table->find(row.address), std::nullopt) << std::hex << row.address;
        }
        continue;
      }
      const OracleRow& next = unit.rows.at(i + 1);  // a sequence ends with end_sequence
      if (next.address == row.address) continue;   // the last row at an address wins
      const SourceLocation expected{unit.path(row.file), row.line, row.column};
      EXPECT_EQ(table->find(row.address), expected) << std::hex << row.address;
      EXPECT_EQ(table->find(next.address - 1), expected) << std::hex << next.address - 1;
      ++checked;
    }
  }
  EXPECT_GT(checked, 50u);
}

// The first instruction of each of the program's functions is on the line
// that declares it, in the file that defines it, at the address its body has
// in the code section.
TEST_P(DebugLineOracleTest, FunctionsStartOnTheirDeclaringLine) {
  const std::string base = std::string(KILN_DWARF_FIXTURES) + "/dwarf" + std::to_string(GetParam());
  auto module = decodeModule(readFile(base + ".wasm"));
  ASSERT_TRUE(module.hasValue());
  auto table = LineTable::fromModule(*module);
  ASSERT_TRUE(table.hasValue()) << table.error();
  // DWARF 5 tables carry the compilation directory; before, files in it
  // have relative paths.
  const std::string dir = GetParam() >= 5 ? std::string(KILN_DWARF_FIXTURE_SOURCES) + "/" : "";
  const std::map<std::string, SourceLocation> expected = {
      {"__original_main", {dir + "main.c", 7, 0}},
      {"twice", {dir + "main.c", 3, 0}},
      {"sum_squares", {dir + "util.c", 3, 0}},
      {"square", {dir + "./util.h", 3, 0}},
  };
  size_t found = 0;
  for (const auto& [index, name] : module->names.functionNames) {
    const auto it = expected.find(name);
    if (it == expected.end()) continue;
    ASSERT_GE(index, module->importedFunctionCount());
    const FunctionDefinition& function = module->functions[index - module->importedFunctionCount()];
    const auto address = dwarfAddressOf(*module, function.codeOffset);
    ASSERT_TRUE(address.has_value());
    EXPECT_EQ(table->find(*address), it->second) << name;
    // The body's size LEB128 is no code of the function.
    EXPECT_NE(table->find(*dwarfAddressOf(*module, function.bodyOffset)), it->second) << name;
    ++found;
  }
  EXPECT_EQ(found, 5u);  // square twice: one copy per unit
  // Outside the code section there are no DWARF addresses.
  EXPECT_EQ(dwarfAddressOf(*module, 0), std::nullopt);
  EXPECT_EQ(dwarfAddressOf(*module, module->bytes.size()), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(Dwarf, DebugLineOracleTest, ::testing::Values(4, 5),
                         [](const auto& info) { return "Version" + std::to_string(info.param); });

#else

TEST(DebugLineOracleTest, NeedsClangWasiLibcAndLlvmDwarfdump) {
  GTEST_SKIP() << "install clang, wasi-libc and llvm-14 (scripts/install-deps.sh)";
}

#endif

}  // namespace
}  // namespace kiln
