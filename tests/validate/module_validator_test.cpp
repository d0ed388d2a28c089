// WasmModule-level validation: limits, constant expressions, exports, start
// function and element segments.
#include <gtest/gtest.h>

#include "binary/decoder.h"
#include "module_builder.h"
#include "validate/validator.h"

namespace kiln {
namespace {

using test::Bytes;
using test::cat;
using test::i32ConstExpr;
using test::ModuleBuilder;
using test::uleb;

std::optional<ModuleError> validate(const ModuleBuilder& builder) {
  auto decoded = decodeModule(builder.build());
  if (!decoded) return decoded.error();
  return validateModule(*decoded);
}

void expectInvalid(const std::optional<ModuleError>& error, const std::string& text) {
  ASSERT_TRUE(error.has_value()) << "expected an error containing: " << text;
  EXPECT_EQ(error->kind, ModuleErrorKind::Invalid) << error->message;
  EXPECT_NE(error->message.find(text), std::string::npos) << error->message;
  EXPECT_FALSE(error->function.has_value());
}

TEST(ModuleValidator, AcceptsAnEmptyModule) { EXPECT_FALSE(validate(ModuleBuilder()).has_value()); }

// Bodies::Skip (a .kwasm's module, whose bodies were compiled and cut out)
// leaves the bodies alone, malformed or invalid, but still checks the rest.
TEST(ModuleValidator, SkippingBodiesChecksTheRestOnly) {
  auto check = [](const ModuleBuilder& builder, Bodies bodies) {
    auto decoded = decodeModule(builder.build());
    EXPECT_TRUE(decoded);
    return validateModule(*decoded, bodies);
  };
  ModuleBuilder invalidBody;
  invalidBody.addFunction(invalidBody.addType({}, {ValType::I32}), {0x0B});  // no result
  EXPECT_TRUE(check(invalidBody, Bodies::Validate));
  EXPECT_FALSE(check(invalidBody, Bodies::Skip));
  ModuleBuilder badOpcode;
  badOpcode.addFunction(badOpcode.addType({}, {}), {0xFF, 0x0B});
  EXPECT_EQ(check(badOpcode, Bodies::Validate)->kind, ModuleErrorKind::Malformed);
  EXPECT_FALSE(check(badOpcode, Bodies::Skip));
  ModuleBuilder badExport;
  badExport.addFunction(badExport.addType({}, {}), {0x0B});
  badExport.addExport("f", ExternKind::Func, 7);
  auto error = check(badExport, Bodies::Skip);
  expectInvalid(error, "unknown function 7");
}

TEST(ModuleValidator, MemoryLimits) {
  ModuleBuilder tooLarge;
  tooLarge.addMemory(65537);
  expectInvalid(validate(tooLarge), "memory size must be at most 65536 pages (4GiB)");

  ModuleBuilder largest;
  largest.addMemory(65536, 65536);
  EXPECT_FALSE(validate(largest).has_value());

  ModuleBuilder inverted;
  inverted.addMemory(2, 1);
  expectInvalid(validate(inverted), "size minimum must not be greater than maximum");

  // Multiple memories are 3.0.
  ModuleBuilder two;
  two.addMemory(1);
  two.addMemory(1);
  EXPECT_FALSE(validate(two).has_value());
}

TEST(ModuleValidator, TableLimitsAndMultipleTables) {
  ModuleBuilder inverted;
  inverted.addTable(ValType::FuncRef, 3, 2);
  expectInvalid(validate(inverted), "size minimum must not be greater than maximum");

  ModuleBuilder two;
  two.addTable(ValType::FuncRef, 1);
  two.addTable(ValType::ExternRef, 1);
  EXPECT_FALSE(validate(two).has_value());
}

TEST(ModuleValidator, GlobalInitialisersAreConstantAndWellTyped) {
  ModuleBuilder wrongType;
  wrongType.addGlobal(ValType::I64, false, i32ConstExpr(0));
  expectInvalid(validate(wrongType), "type mismatch");

  ModuleBuilder notConstant;
  notConstant.addGlobal(ValType::I32, false,
                        cat({{0x41, 0x00, 0x41, 0x00, 0x6D}, {0x0B}}));  // i32.div_s
  expectInvalid(validate(notConstant), "constant expression required");

  // Extended constant expressions: i32/i64 add, sub and mul.
  ModuleBuilder extended;
  extended.addGlobal(ValType::I32, false, {0x41, 0x02, 0x41, 0x03, 0x6C, 0x41, 0x01, 0x6A, 0x0B});
  extended.addGlobal(ValType::I64, false, {0x42, 0x02, 0x42, 0x03, 0x7D, 0x0B});
  EXPECT_FALSE(validate(extended).has_value());

  ModuleBuilder mixed;
  mixed.addGlobal(ValType::I32, false, {0x41, 0x02, 0x42, 0x03, 0x6A, 0x0B});
  expectInvalid(validate(mixed), "type mismatch");

  ModuleBuilder twoValues;
  twoValues.addGlobal(ValType::I32, false, {0x41, 0x00, 0x41, 0x00, 0x0B});
  expectInvalid(validate(twoValues), "type mismatch");

  ModuleBuilder empty;
  empty.addGlobal(ValType::I32, false, {0x0B});
  expectInvalid(validate(empty), "type mismatch");
}

TEST(ModuleValidator, GlobalGetInConstantExpressionsSeesEarlierImmutableGlobals) {
  ModuleBuilder imported;
  imported.importGlobal(ValType::I32, false);
  imported.addGlobal(ValType::I32, false, {0x23, 0x00, 0x0B});
  EXPECT_FALSE(validate(imported).has_value());

  // 3.0: a global's initialiser sees the globals defined before it...
  ModuleBuilder defined;
  defined.addGlobal(ValType::I32, false, i32ConstExpr(0));
  defined.addGlobal(ValType::I32, false, {0x23, 0x00, 0x0B});
  EXPECT_FALSE(validate(defined).has_value());

  // ...but not itself or later ones.
  ModuleBuilder itself;
  itself.addGlobal(ValType::I32, false, {0x23, 0x00, 0x0B});
  expectInvalid(validate(itself), "unknown global 0");

  ModuleBuilder mutableImport;
  mutableImport.importGlobal(ValType::I32, true);
  mutableImport.addGlobal(ValType::I32, false, {0x23, 0x00, 0x0B});
  expectInvalid(validate(mutableImport), "constant expression required");
}

TEST(ModuleValidator, RefFuncInAGlobalDeclaresTheFunction) {
  ModuleBuilder builder;
  const uint32_t type = builder.addType({}, {});
  builder.addFunction(type, {0xD2, 0x00, 0x1A, 0x0B});  // ref.func 0; drop
  builder.addGlobal(ValType::FuncRef, false, {0xD2, 0x00, 0x0B});
  EXPECT_FALSE(validate(builder).has_value());
}

TEST(ModuleValidator, ExportNamesAreUniqueAndIndicesValid) {
  ModuleBuilder duplicate;
  const uint32_t type = duplicate.addType({}, {});
  duplicate.addFunction(type, {0x0B});
  duplicate.addExport("f", ExternKind::Func, 0);
  duplicate.addExport("f", ExternKind::Func, 0);
  expectInvalid(validate(duplicate), "duplicate export name");

  ModuleBuilder distinct;
  distinct.addFunction(distinct.addType({}, {}), {0x0B});
  distinct.addExport("f", ExternKind::Func, 0);
  distinct.addExport("g", ExternKind::Func, 0);
  EXPECT_FALSE(validate(distinct).has_value());

  ModuleBuilder unknown;
  unknown.addExport("m", ExternKind::Memory, 0);
  expectInvalid(validate(unknown), "unknown memory 0");

  ModuleBuilder unknownFunction;
  unknownFunction.addExport("f", ExternKind::Func, 2);
  expectInvalid(validate(unknownFunction), "unknown function 2");
}

TEST(ModuleValidator, StartFunctionMustExistAndTakeNothing) {
  ModuleBuilder good;
  good.addFunction(good.addType({}, {}), {0x0B});
  good.setStart(0);
  EXPECT_FALSE(validate(good).has_value());

  ModuleBuilder withResult;
  withResult.addFunction(withResult.addType({}, {ValType::I32}), {0x41, 0x00, 0x0B});
  withResult.setStart(0);
  expectInvalid(validate(withResult), "start function");

  ModuleBuilder missing;
  missing.setStart(0);
  expectInvalid(validate(missing), "unknown function 0");
}

TEST(ModuleValidator, ElementSegmentsCheckTableAndFunctions) {
  ModuleBuilder noTable;
  noTable.addFunction(noTable.addType({}, {}), {0x0B});
  noTable.addActiveElements({0});
  expectInvalid(validate(noTable), "unknown table 0");

  ModuleBuilder externTable;
  externTable.addTable(ValType::ExternRef, 1);
  externTable.addFunction(externTable.addType({}, {}), {0x0B});
  externTable.addActiveElements({0});
  expectInvalid(validate(externTable), "type mismatch");

  ModuleBuilder unknownFunction;
  unknownFunction.addTable(ValType::FuncRef, 1);
  unknownFunction.addActiveElements({4});
  expectInvalid(validate(unknownFunction), "unknown function 4");

  // Items are kept as bare indices; an error still points at its item.
  ModuleBuilder farItem;
  farItem.addTable(ValType::FuncRef, 4);
  farItem.addFunction(farItem.addType({}, {}), {0x0B});
  farItem.addActiveElements({0, 200, 0, 4});
  const std::vector<uint8_t> bytes = farItem.build();
  auto decoded = decodeModule(bytes);
  ASSERT_TRUE(decoded);
  auto error = validateModule(*decoded);
  expectInvalid(error, "unknown function 200");
  ASSERT_LT(error->offset + 1, bytes.size());
  EXPECT_EQ(bytes[error->offset], 0xC8);  // 200 as LEB128: C8 01
  EXPECT_EQ(bytes[error->offset + 1], 0x01);
  EXPECT_EQ(bytes[error->offset - 1], 0x00);  // after item 0

  ModuleBuilder good;
  good.addTable(ValType::FuncRef, 1);
  good.addFunction(good.addType({}, {}), {0x0B});
  good.addActiveElements({0});
  EXPECT_FALSE(validate(good).has_value());
}

TEST(ModuleValidator, ImportedFunctionTypeMustExist) {
  ModuleBuilder builder;
  builder.importFunction(3);
  expectInvalid(validate(builder), "unknown type 3");
}

}  // namespace
}  // namespace kiln
