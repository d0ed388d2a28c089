#include "binary/decoder.h"

#include <gtest/gtest.h>

#include <string>

#include "byte_builder.h"

namespace kiln {
namespace {

using test::Bytes;
using test::cat;
using test::module;
using test::name;
using test::section;
using test::uleb;

const Bytes kTypeVoid = section(1, {0x01, 0x60, 0x00, 0x00});  // one type: [] -> []

// Decodes `bytes`, expecting success.
WasmModule decodeOk(const Bytes& bytes) {
  auto result = decodeModule(bytes);
  EXPECT_TRUE(result.hasValue()) << (result ? "" : result.error().toString());
  if (!result) return WasmModule{};
  return std::move(result).value();
}

// Decodes `bytes`, expecting failure of `kind`; returns the error.
ModuleError decodeError(const Bytes& bytes, ModuleErrorKind kind = ModuleErrorKind::Malformed) {
  auto result = decodeModule(bytes);
  EXPECT_FALSE(result.hasValue());
  if (result) return ModuleError{};
  EXPECT_EQ(result.error().kind, kind);
  return result.error();
}

std::string messageOf(const Bytes& bytes) { return decodeError(bytes).message; }

TEST(DecoderTest, EmptyModule) {
  const WasmModule m = decodeOk(module({}));
  EXPECT_TRUE(m.sections.empty());
  EXPECT_EQ(m.bytes.size(), 8u);
}

TEST(DecoderTest, HeaderErrors) {
  EXPECT_EQ(messageOf({}), "unexpected end");
  EXPECT_EQ(messageOf({0x00, 0x61, 0x73}), "unexpected end");
  EXPECT_EQ(messageOf({0x00, 0x61, 0x73, 0x6E, 1, 0, 0, 0}), "magic header not detected");
  const ModuleError version = decodeError({0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0});
  EXPECT_EQ(version.message, "unknown binary version");
  EXPECT_EQ(version.offset, 4u);
  EXPECT_EQ(messageOf({0x00, 0x61, 0x73, 0x6D, 1, 0}), "unexpected end");
}

TEST(DecoderTest, TypeSection) {
  const WasmModule m = decodeOk(module({section(1, {0x02, 0x60, 0x02, 0x7F, 0x7E, 0x01, 0x7B,
                                                0x60, 0x00, 0x02, 0x70, 0x6F})}));
  ASSERT_EQ(m.types.size(), 2u);
  EXPECT_EQ(m.types[0].func().params, (std::vector<ValType>{ValType::I32, ValType::I64}));
  EXPECT_EQ(m.types[0].func().results, (std::vector<ValType>{ValType::V128}));
  EXPECT_EQ(m.types[1].func().results, (std::vector<ValType>{ValType::FuncRef, ValType::ExternRef}));
  EXPECT_TRUE(m.types[1].isFinal);
  EXPECT_EQ(m.types[1].recGroupStart, 1u);
  EXPECT_EQ(m.types[1].recGroupSize, 1u);
  ASSERT_EQ(m.sections.size(), 1u);
  EXPECT_EQ(m.sections[0].id, 1);
  EXPECT_EQ(m.sections[0].offset, 8u);
  EXPECT_EQ(m.sections[0].payloadOffset, 10u);
}

TEST(DecoderTest, TypeSectionErrors) {
  EXPECT_EQ(messageOf(module({section(1, {0x01, 0x61, 0x00, 0x00})})),
            "malformed definition type");
  EXPECT_EQ(messageOf(module({section(1, {0x01, 0xE0, 0x7F, 0x00, 0x00})})),
            "integer representation too long");
  EXPECT_EQ(messageOf(module({section(1, {0x01, 0x60, 0x01, 0x40, 0x00})})),
            "malformed value type");
}

TEST(DecoderTest, HugeCountFailsWithoutAllocating) {
  const ModuleError error = decodeError(module({section(1, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F})}));
  EXPECT_EQ(error.message, "unexpected end of section or function");
  EXPECT_EQ(error.offset, 15u);
  // Same for a huge parameter list and a huge element item count.
  EXPECT_EQ(messageOf(module({section(1, {0x01, 0x60, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F})})),
            "unexpected end of section or function");
  EXPECT_EQ(messageOf(module({section(9, {0x01, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F})})),
            "unexpected end of section or function");
}

TEST(DecoderTest, ImportSection) {
  const WasmModule m = decodeOk(module({
      kTypeVoid,
      section(2, cat({{0x04},
                      name("env"), name("f"), {0x00, 0x00},
                      name("env"), name("t"), {0x01, 0x70, 0x01, 0x01, 0x02},
                      name("env"), name("m"), {0x02, 0x00, 0x01},
                      name("env"), name("g"), {0x03, 0x7E, 0x01}})),
  }));
  ASSERT_EQ(m.imports.size(), 4u);
  EXPECT_EQ(m.imports[0].module, "env");
  EXPECT_EQ(m.imports[0].kind, ExternKind::Func);
  EXPECT_EQ(m.imports[1].table.limits.max, std::optional<uint32_t>(2));
  EXPECT_EQ(m.imports[2].memory.limits.min, 1u);
  EXPECT_FALSE(m.imports[2].memory.limits.max.has_value());
  EXPECT_TRUE(m.imports[3].global.isMutable);
  EXPECT_EQ(m.imports[3].global.type, ValType::I64);
  EXPECT_EQ(m.importedFunctionCount(), 1u);
  EXPECT_EQ(m.importedGlobalCount(), 1u);
  EXPECT_EQ(m.importsByKind[size_t(ExternKind::Memory)], std::vector<uint32_t>{2});
}

TEST(DecoderTest, ImportErrors) {
  EXPECT_EQ(messageOf(module({section(2, cat({{0x01}, name(""), name(""), {0x05}}))})),
            "malformed import kind");
  // A tag's attribute byte must be zero.
  EXPECT_EQ(messageOf(module({section(2, cat({{0x01}, name(""), name(""), {0x04, 0x01, 0x00}}))})),
            "zero byte expected");
  EXPECT_EQ(messageOf(module({section(2, cat({{0x01}, name(""), name(""), {0x80, 0x00}}))})),
            "malformed import kind");
  EXPECT_EQ(messageOf(module({section(2, cat({{0x01}, name(""), name(""), {0x03, 0x7F, 0x02}}))})),
            "malformed mutability");
  EXPECT_EQ(messageOf(module({section(2, {0x01, 0x01, 0xC0, 0x00, 0x00, 0x00})})),
            "malformed UTF-8 encoding");
}

TEST(DecoderTest, TableAndMemoryLimits) {
  const WasmModule m = decodeOk(module({section(4, {0x01, 0x6F, 0x00, 0x05}),
                                    section(5, {0x01, 0x01, 0x01, 0x80, 0x80, 0x04})}));
  ASSERT_EQ(m.tables.size(), 1u);
  EXPECT_EQ(m.tables[0].element, ValType::ExternRef);
  EXPECT_EQ(m.tables[0].limits.min, 5u);
  ASSERT_EQ(m.memories.size(), 1u);
  EXPECT_EQ(m.memories[0].limits.max, std::optional<uint64_t>(65536));
  EXPECT_EQ(m.memories[0].addressType, AddressType::I32);
  EXPECT_FALSE(m.memories[0].shared);
  // Flags: 0x02 shared (memories only), 0x04 64-bit addresses, 0x08 a
  // custom page size (unsupported); nothing else.
  EXPECT_EQ(messageOf(module({section(5, {0x01, 0x10, 0x00})})), "malformed limits flags");
  EXPECT_EQ(messageOf(module({section(4, {0x01, 0x70, 0x02, 0x00})})), "malformed limits flags");
  EXPECT_EQ(messageOf(module({section(5, {0x01, 0x81, 0x00})})), "integer representation too long");
  const ModuleError pageSize =
      decodeError(module({section(5, {0x01, 0x08, 0x01, 0x10})}), ModuleErrorKind::Unsupported);
  EXPECT_EQ(pageSize.message, "custom page sizes (memory page size) is not supported by Kiln yet");
  // 64-bit and shared limits, with u64 bounds.
  const WasmModule wide = decodeOk(module(
      {section(4, {0x01, 0x70, 0x04, 0x80, 0x80, 0x80, 0x80, 0x20}),
       section(5, {0x02, 0x05, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x03, 0x01, 0x02})}));
  EXPECT_EQ(wide.tables[0].addressType, AddressType::I64);
  EXPECT_EQ(wide.tables[0].limits.min, uint64_t(1) << 33);
  EXPECT_EQ(wide.memories[0].addressType, AddressType::I64);
  EXPECT_EQ(wide.memories[0].limits.max, std::optional<uint64_t>(uint64_t(1) << 48));
  EXPECT_TRUE(wide.memories[1].shared);
  EXPECT_EQ(wide.memories[1].limits.max, std::optional<uint64_t>(2));
  EXPECT_EQ(messageOf(module({section(4, {0x01, 0x70, 0x81, 0x00, 0x00})})),
            "integer representation too long");
  EXPECT_EQ(messageOf(module({section(4, {0x01, 0x7F, 0x00, 0x00})})), "malformed reference type");
}

TEST(DecoderTest, GlobalSectionAndConstExprs) {
  const WasmModule m = decodeOk(module({section(6, {0x03,
                                                0x7F, 0x00, 0x41, 0x7F, 0x0B,
                                                0x70, 0x01, 0xD0, 0x70, 0x0B,
                                                0x7E, 0x00, 0x23, 0x02, 0x0B})}));
  ASSERT_EQ(m.globals.size(), 3u);
  EXPECT_EQ(m.globals[0].init.kind, ConstExpr::Kind::I32Const);
  EXPECT_EQ(m.globals[0].init.bits, 0xFFFFFFFFu);
  EXPECT_EQ(m.globals[0].init.offset, 13u);
  EXPECT_EQ(m.globals[0].init.endOffset, 16u);
  EXPECT_TRUE(m.globals[1].type.isMutable);
  EXPECT_EQ(m.globals[1].init.kind, ConstExpr::Kind::RefNull);
  EXPECT_EQ(m.globals[1].init.heapType, HeapType::kFunc);
  EXPECT_EQ(m.globals[2].init.kind, ConstExpr::Kind::GlobalGet);
  EXPECT_EQ(m.globals[2].init.index, 2u);
}

TEST(DecoderTest, ConstExprEndsAtMatchingEnd) {
  // A non-constant expression with a nested block still decodes; the
  // validator rejects it. The expression ends at the `end` at depth 0.
  const WasmModule m = decodeOk(module({section(6, {0x01, 0x7F, 0x00,
                                                0x02, 0x40, 0x0B, 0x41, 0x00, 0x0B})}));
  ASSERT_EQ(m.globals.size(), 1u);
  EXPECT_EQ(m.globals[0].init.endOffset - m.globals[0].init.offset, 6u);
  // Missing `end`: runs out of the section.
  EXPECT_EQ(messageOf(module({section(6, {0x01, 0x7F, 0x00, 0x41, 0x00})})),
            "unexpected end of section or function");
}

TEST(DecoderTest, ExportAndStartSections) {
  const WasmModule m = decodeOk(module({section(7, cat({{0x02}, name("run"), {0x00, 0x03},
                                                    name("mem"), {0x02, 0x00}})),
                                    section(8, {0x05})}));
  ASSERT_EQ(m.exports.size(), 2u);
  EXPECT_EQ(m.exports[0].name, "run");
  EXPECT_EQ(m.exports[0].index, 3u);
  EXPECT_EQ(m.exports[1].kind, ExternKind::Memory);
  ASSERT_TRUE(m.start.has_value());
  EXPECT_EQ(m.start->value, 5u);
  EXPECT_EQ(messageOf(module({section(7, cat({{0x01}, name("x"), {0x05, 0x00}}))})),
            "malformed export kind");
}

TEST(DecoderTest, ElementEncodings) {
  const Bytes offset0{0x41, 0x00, 0x0B};
  const Bytes refFunc1{0xD2, 0x01, 0x0B};
  const Bytes refNullExtern{0xD0, 0x6F, 0x0B};
  const WasmModule m = decodeOk(module({section(9, cat({
      {0x08},
      {0x00}, offset0, {0x02, 0x00, 0x01},                  // 0: active, table 0, indices
      {0x01, 0x00, 0x01, 0x02},                             // 1: passive, indices
      {0x02, 0x03}, offset0, {0x00, 0x01, 0x04},            // 2: active table 3, indices
      {0x03, 0x00, 0x01, 0x05},                             // 3: declarative, indices
      {0x04}, offset0, {0x01}, refFunc1,                    // 4: active, expressions
      {0x05, 0x6F, 0x01}, refNullExtern,                    // 5: passive, expressions
      {0x06, 0x01}, offset0, {0x70, 0x01}, refFunc1,        // 6: active table 1, expressions
      {0x07, 0x70, 0x00},                                   // 7: declarative, expressions
  }))}));
  ASSERT_EQ(m.elements.size(), 8u);
  using Mode = ElementSegment::Mode;
  EXPECT_EQ(m.elements[0].mode, Mode::Active);
  EXPECT_EQ(m.elements[0].table.value, 0u);
  EXPECT_EQ(m.elements[0].offset.kind, ConstExpr::Kind::I32Const);
  EXPECT_TRUE(m.elements[0].itemsAreFunctionIndices);
  EXPECT_TRUE(m.elements[0].items.empty());
  EXPECT_EQ(m.elements[0].functionIndices, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(m.elements[0].itemCount(), 2u);
  EXPECT_EQ(m.elements[1].mode, Mode::Passive);
  EXPECT_EQ(m.elements[1].functionIndices, std::vector<uint32_t>{2});
  EXPECT_EQ(m.elements[2].table.value, 3u);
  EXPECT_EQ(m.elements[2].functionIndices, std::vector<uint32_t>{4});
  EXPECT_EQ(m.elements[3].mode, Mode::Declarative);
  EXPECT_EQ(m.elements[4].items[0].kind, ConstExpr::Kind::RefFunc);
  EXPECT_FALSE(m.elements[4].itemsAreFunctionIndices);
  EXPECT_TRUE(m.elements[4].functionIndices.empty());
  EXPECT_EQ(m.elements[4].itemCount(), 1u);
  EXPECT_EQ(m.elements[5].type, ValType::ExternRef);
  EXPECT_EQ(m.elements[5].items[0].kind, ConstExpr::Kind::RefNull);
  EXPECT_EQ(m.elements[6].table.value, 1u);
  EXPECT_EQ(m.elements[6].mode, Mode::Active);
  EXPECT_EQ(m.elements[7].mode, Mode::Declarative);
  EXPECT_TRUE(m.elements[7].items.empty());
}

TEST(DecoderTest, ElementErrors) {
  EXPECT_EQ(messageOf(module({section(9, {0x01, 0x01, 0x01, 0x00})})), "malformed element kind");
  EXPECT_EQ(messageOf(module({section(9, {0x01, 0x05, 0x7F, 0x00})})),
            "malformed reference type");
  EXPECT_EQ(messageOf(module({section(9, {0x01, 0x08})})), "malformed elements segment kind");
}

TEST(DecoderTest, CodeSection) {
  const WasmModule m = decodeOk(module({
      kTypeVoid,
      section(3, {0x02, 0x00, 0x00}),
      section(10, {0x02,
                   0x02, 0x00, 0x0B,                          // no locals
                   0x07, 0x02, 0x03, 0x7F, 0x80, 0x01, 0x7C, 0x0B}),  // 3 x i32, 128 x f64
  }));
  ASSERT_EQ(m.functions.size(), 2u);
  EXPECT_EQ(m.functions[0].localCount, 0u);
  EXPECT_EQ(m.functions[0].codeEnd - m.functions[0].codeOffset, 1u);
  const FunctionDefinition& f = m.functions[1];
  const std::span<const LocalRun> runs = m.localRunsOf(f);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].count, 128u);
  EXPECT_EQ(runs[1].type, ValType::F64);
  EXPECT_EQ(f.localCount, 131u);
  EXPECT_EQ(m.bytes[f.bodyOffset], 0x07);
  EXPECT_EQ(m.bytes[f.codeOffset], 0x0B);
  EXPECT_EQ(f.codeEnd, f.codeOffset + 1);
}

// A module of one function () -> () whose body declares `runs` (count, i32)
// and is otherwise empty.
Bytes moduleWithLocals(std::initializer_list<uint32_t> runs) {
  Bytes body = uleb(runs.size());
  for (uint32_t count : runs) body = cat({body, uleb(count), {0x7F}});
  body.push_back(0x0B);
  return module({kTypeVoid, section(3, {0x01, 0x00}),
                 section(10, cat({{0x01}, uleb(body.size()), body}))});
}

TEST(DecoderTest, TooManyLocals) {
  EXPECT_EQ(decodeOk(moduleWithLocals({kMaxFunctionLocals})).functions[0].localCount,
            kMaxFunctionLocals);
  EXPECT_EQ(decodeOk(moduleWithLocals({kMaxFunctionLocals - 1, 1})).functions[0].localCount,
            kMaxFunctionLocals);
  const std::string over = "too many locals: 50001 declared, over Kiln's limit of 50000";
  EXPECT_EQ(messageOf(moduleWithLocals({kMaxFunctionLocals + 1})), over);
  EXPECT_EQ(messageOf(moduleWithLocals({kMaxFunctionLocals, 1})), over);
  // Counts whose frame size wraps 32 bits once multiplied by an 8-byte slot
  // (2^29, 2^31) or whose sum wraps 32 bits (two of 2^31) never get that far.
  EXPECT_EQ(messageOf(moduleWithLocals({1u << 29})).rfind("too many locals", 0), 0u);
  EXPECT_EQ(messageOf(moduleWithLocals({1u << 31})).rfind("too many locals", 0), 0u);
  EXPECT_EQ(messageOf(moduleWithLocals({UINT32_MAX})).rfind("too many locals", 0), 0u);
  EXPECT_EQ(messageOf(moduleWithLocals({1u << 31, 1u << 31})).rfind("too many locals", 0), 0u);
}

TEST(DecoderTest, FunctionAndCodeCountsMustAgree) {
  EXPECT_EQ(messageOf(module({kTypeVoid, section(3, {0x01, 0x00})})),
            "function and code section have inconsistent lengths");
  EXPECT_EQ(messageOf(module({kTypeVoid, section(10, {0x01, 0x02, 0x00, 0x0B})})),
            "function and code section have inconsistent lengths");
  decodeOk(module({section(3, {0x00})}));
}

// Bodies::Skip (a .kwasm's module, its bodies cut out) only counts them.
TEST(DecoderTest, SkippedBodiesAreOnlyCounted) {
  const Bytes overLimit = moduleWithLocals({kMaxFunctionLocals + 1});
  EXPECT_FALSE(decodeModule(overLimit));
  auto skipped = decodeModule(overLimit, Bodies::Skip);
  ASSERT_TRUE(skipped);
  ASSERT_EQ(skipped->functions.size(), 1u);
  EXPECT_EQ(skipped->functions[0].localCount, 0u);
  EXPECT_EQ(skipped->functions[0].codeEnd, 0u);
  auto miscounted = decodeModule(module({kTypeVoid, section(10, {0x01, 0x02, 0x00, 0x0B})}),
                                 Bodies::Skip);
  ASSERT_FALSE(miscounted);
  EXPECT_EQ(miscounted.error().message, "function and code section have inconsistent lengths");
}

TEST(DecoderTest, DataEncodings) {
  const WasmModule m = decodeOk(module({
      section(12, {0x03}),
      section(11, {0x03,
                   0x00, 0x41, 0x10, 0x0B, 0x02, 'h', 'i',    // active, memory 0
                   0x01, 0x01, 'x',                           // passive
                   0x02, 0x01, 0x41, 0x00, 0x0B, 0x00}),      // active, memory 1, empty
  }));
  ASSERT_EQ(m.data.size(), 3u);
  EXPECT_EQ(m.dataCount, std::optional<uint32_t>(3));
  EXPECT_EQ(m.data[0].mode, DataSegment::Mode::Active);
  EXPECT_EQ(m.data[0].offset.bits, 16u);
  EXPECT_EQ(m.data[0].size, 2u);
  EXPECT_EQ(m.bytes[m.data[0].dataOffset], 'h');
  EXPECT_EQ(m.data[1].mode, DataSegment::Mode::Passive);
  EXPECT_EQ(m.bytes[m.data[1].dataOffset], 'x');
  EXPECT_EQ(m.data[2].memory.value, 1u);
  EXPECT_EQ(m.data[2].size, 0u);
}

TEST(DecoderTest, DataErrors) {
  EXPECT_EQ(messageOf(module({section(11, {0x01, 0x01, 0x05, 'a'})})),
            "unexpected end of section or function");
  EXPECT_EQ(messageOf(module({section(11, {0x01, 0x03, 0x00})})), "malformed data segment kind");
  EXPECT_EQ(messageOf(module({section(12, {0x02}), section(11, {0x01, 0x01, 0x00})})),
            "data count and data section have inconsistent lengths");
  EXPECT_EQ(messageOf(module({section(12, {0x01})})),
            "data count and data section have inconsistent lengths");
  decodeOk(module({section(12, {0x00})}));
}

TEST(DecoderTest, SectionOrder) {
  // Data count sits between element and code.
  decodeOk(module({section(9, {0x00}), section(12, {0x00}), section(10, {0x00})}));
  EXPECT_EQ(messageOf(module({section(10, {0x00}), section(12, {0x00})})),
            "unexpected content after last section");
  EXPECT_EQ(messageOf(module({section(8, {0x00}), section(8, {0x00})})),
            "unexpected content after last section");
  EXPECT_EQ(messageOf(module({section(3, {0x00}), section(1, {0x00})})),
            "unexpected content after last section");
  // Custom sections may appear anywhere, any number of times.
  const WasmModule m = decodeOk(module({section(0, name("a")), kTypeVoid, section(0, name("a"))}));
  EXPECT_EQ(m.customSections.size(), 2u);
  EXPECT_EQ(m.sections.size(), 3u);
}

TEST(DecoderTest, SectionFraming) {
  EXPECT_EQ(messageOf(module({section(14, {})})), "malformed section id");
  EXPECT_EQ(messageOf(module({{0x80, 0x00, 0x01, 0x00}})), "malformed section id");
  EXPECT_EQ(messageOf(module({section(1, {0x01, 0x60, 0x00, 0x00, 0x00})})),
            "section size mismatch");
  EXPECT_EQ(messageOf(module({{0x01, 0x05, 0x00}})), "length out of bounds");
  EXPECT_EQ(messageOf(module({{0x01}})), "unexpected end");
  EXPECT_EQ(messageOf(module({{0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}})),
            "integer representation too long");
}

TEST(DecoderTest, CustomSections) {
  const WasmModule m = decodeOk(module({section(0, cat({name("hello"), {1, 2, 3}}))}));
  ASSERT_EQ(m.customSections.size(), 1u);
  EXPECT_EQ(m.customSections[0].name, "hello");
  EXPECT_EQ(m.customSections[0].payloadSize, 3u);
  EXPECT_EQ(m.bytes[m.customSections[0].payloadOffset], 1);
  EXPECT_EQ(m.sections[0].customName, "hello");
  EXPECT_EQ(messageOf(module({section(0, {0x01, 0xFF})})), "malformed UTF-8 encoding");
  EXPECT_EQ(messageOf(module({section(0, {})})), "unexpected end of section or function");
  EXPECT_NE(messageOf(module({section(0, {0x05, 'a'})})).find("length out of bounds"),
            std::string::npos);
}

TEST(DecoderTest, NameSectionIsDecodedAndMalformedOneIgnored) {
  const Bytes functionNames = cat({{0x01, 0x00}, name("main")});
  const WasmModule m = decodeOk(module({section(
      0, cat({name("name"), section(0, name("mod")), section(1, functionNames)}))}));
  EXPECT_EQ(m.names.moduleName, std::optional<std::string>("mod"));
  ASSERT_EQ(m.names.functionNames.count(0), 1u);
  EXPECT_EQ(m.names.functionNames.at(0), "main");

  // A subsection size one short: the module still decodes, without names.
  const Bytes shortSize = cat({{0x01}, uleb(functionNames.size() - 1), functionNames});
  const WasmModule ignored = decodeOk(module({section(
      0, cat({name("name"), section(0, name("mod")), shortSize}))}));
  EXPECT_FALSE(ignored.names.moduleName.has_value());
  EXPECT_TRUE(ignored.names.functionNames.empty());
  EXPECT_EQ(ignored.customSections.size(), 1u);
}

}  // namespace
}  // namespace kiln
