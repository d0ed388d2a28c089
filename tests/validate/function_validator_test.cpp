// Function-body validation: operand and control stacks, unreachable code,
// block types, branches, select, references, immediates and error reporting.
#include <gtest/gtest.h>

#include "binary/decoder.h"
#include "module_builder.h"
#include "validate/validator.h"

namespace kiln {
namespace {

using test::Bytes;
using test::cat;
using test::ModuleBuilder;
using test::uleb;

constexpr ValType kI32 = ValType::I32;
constexpr ValType kI64 = ValType::I64;

// Instruction bytes used below.
constexpr uint8_t kUnreachable = 0x00, kBlock = 0x02, kLoop = 0x03, kIf = 0x04, kElse = 0x05,
                  kEnd = 0x0B, kBr = 0x0C, kBrTable = 0x0E, kDrop = 0x1A, kSelect = 0x1B,
                  kSelectTyped = 0x1C, kLocalGet = 0x20, kGlobalSet = 0x24, kI32Load = 0x28,
                  kI32Const = 0x41, kI64Const = 0x42, kI32Add = 0x6A, kRefNull = 0xD0,
                  kRefIsNull = 0xD1, kRefFunc = 0xD2, kEmptyBlock = 0x40;

struct Validated {
  std::optional<WasmModule> module;
  std::optional<ModuleError> error;
};

Validated validate(const Bytes& bytes) {
  auto decoded = decodeModule(bytes);
  if (!decoded) return {std::nullopt, decoded.error()};
  Validated result{std::move(*decoded), std::nullopt};
  result.error = validateModule(*result.module);
  return result;
}

// A module with one function of type [params] -> [results] and body `code`.
Validated validateBody(std::vector<ValType> params, std::vector<ValType> results, Bytes code) {
  ModuleBuilder builder;
  builder.addFunction(builder.addType(std::move(params), std::move(results)), std::move(code));
  return validate(builder.build());
}

void expectInvalid(const Validated& result, const std::string& text) {
  ASSERT_TRUE(result.error.has_value()) << "expected an error containing: " << text;
  EXPECT_EQ(result.error->kind, ModuleErrorKind::Invalid) << result.error->message;
  EXPECT_NE(result.error->message.find(text), std::string::npos) << result.error->message;
}

void expectValid(const Validated& result) {
  EXPECT_FALSE(result.error.has_value()) << result.error->toString();
}

TEST(FunctionValidator, AcceptsWellTypedArithmeticAndRecordsDepths) {
  const auto result = validateBody({}, {kI32},
                                   {kI32Const, 1, kBlock, 0x7F, kI32Const, 2, kI32Const, 3, kI32Add,
                                    kEnd, kI32Add, kEnd});
  expectValid(result);
  const FunctionFacts& function = result.module->functionFacts[0];
  EXPECT_EQ(function.maxOperandDepth, 3u);
  EXPECT_EQ(function.maxControlDepth, 2u);
}

TEST(FunctionValidator, ResultListsGrowTheOperandStackBeyondTheBodySize) {
  // A call or an `end` pushes a whole result list from a byte or two, so the
  // stack must grow past one value per byte of the body.
  constexpr uint8_t kCall = 0x10;
  const std::vector<ValType> manyResults(1000, kI32);
  ModuleBuilder calls;
  calls.addFunction(calls.addType({}, manyResults), {kCall, 0, kEnd});
  const auto called = validate(calls.build());
  expectValid(called);
  EXPECT_EQ(called.module->functionFacts[0].maxOperandDepth, 1000u);

  // In unreachable code every such `end` adds a full list to the last.
  ModuleBuilder blocks;
  const uint32_t function = blocks.addType({}, {});
  const uint8_t manyResultsBlock = uint8_t(blocks.addType({}, manyResults));
  Bytes body;
  for (int i = 0; i < 5; ++i) body = cat({body, {kBlock, manyResultsBlock, kUnreachable, kEnd}});
  blocks.addFunction(function, cat({body, {kEnd}}));
  expectInvalid(validate(blocks.build()), "5000 value(s) left on the stack");
}

TEST(FunctionValidator, WeighsLocalAccessesAndCallsByTheLoopsAroundThem) {
  constexpr uint8_t kLocalSet = 0x21, kLocalTee = 0x22, kCall = 0x10, kBrIf = 0x0D;
  ModuleBuilder builder;
  const uint32_t type = builder.addType({kI32}, {});
  const uint32_t callee = builder.addType({}, {});
  // Local 0 once outside any loop; local 1 set inside one loop, then read and
  // teed inside a second, nested loop; a call (to function 1) in each loop;
  // local 2 unused.
  builder.addFunction(
      type,
      {kLocalGet, 0, kLocalSet, 1,
       kLoop, kEmptyBlock,
         kI32Const, 7, kLocalSet, 1, kCall, 1,
         kLoop, kEmptyBlock,
           kLocalGet, 1, kLocalTee, 1, kCall, 1, kBrIf, 0,
         kEnd,
       kEnd,
       kEnd},
      {{2, kI32}});
  builder.addFunction(callee, {kEnd});
  const auto result = validate(builder.build());
  expectValid(result);
  const FunctionFacts& function = result.module->functionFacts[0];
  constexpr uint64_t kW = FunctionFacts::kEntryWeight;
  EXPECT_EQ(function.localAccessWeights,
            (std::vector<uint64_t>{kW, kW * (1 + 8 + 64 + 64), 0}));
  EXPECT_EQ(function.callWeight, kW * (8 + 64));

  // Straight-line code records no weights: no local would earn a register.
  ModuleBuilder straight;
  straight.addFunction(straight.addType({kI32}, {}), {kLocalGet, 0, kDrop, kEnd});
  const auto flat = validate(straight.build());
  expectValid(flat);
  EXPECT_TRUE(flat.module->functionFacts[0].localAccessWeights.empty());
}

// Beyond loops: each arm of an `if` runs half the time, each entry of a
// br_table (an interpreter's dispatch) as often as the others, dead code
// never, and what follows a block is what reaches its end, a branch out of a
// loop counting once per entry, not per iteration.
TEST(FunctionValidator, WeighsEachAccessByHowOftenItsInstructionRuns) {
  constexpr uint8_t kBrIf = 0x0D, kReturn = 0x0F;
  ModuleBuilder builder;
  const uint32_t type = builder.addType({kI32}, {});
  auto read = [](uint8_t local) { return Bytes{kLocalGet, local, kDrop}; };
  builder.addFunction(
      type,
      cat({{kLocalGet, 0, kIf, kEmptyBlock}, read(1), {kElse}, read(2), {kEnd},
          {kLocalGet, 0, kIf, kEmptyBlock}, read(3), {kEnd},
          read(4),
          // br_table over four entries, two to the first handler, which
          // branches past the second.
          {kBlock, kEmptyBlock, kBlock, kEmptyBlock, kBlock, kEmptyBlock,
           kLocalGet, 0, kBrTable, 3, 0, 1, 0, 2, kEnd},
          read(5), {kBr, 1, kEnd},
          read(6), {kEnd},
          read(7),
          // A loop left only by a br_if to the block around it: taken half the
          // time per iteration, 8 iterations per entry.
          {kBlock, kEmptyBlock, kLoop, kEmptyBlock, kLocalGet, 0, kBrIf, 1, kBr, 0, kEnd, kEnd},
          read(8),
          {kReturn}, read(9), {kEnd}}),
      {{9, kI32}});
  const auto result = validate(builder.build());
  expectValid(result);
  constexpr uint64_t kW = FunctionFacts::kEntryWeight;
  const std::vector<uint64_t>& weights = result.module->functionFacts[0].localAccessWeights;
  ASSERT_EQ(weights.size(), 10u);
  EXPECT_EQ(weights[0], kW + kW + kW + 8 * kW);  // the ifs, the br_table and the loop's br_if
  EXPECT_EQ(weights[1], kW / 2);                 // then arm
  EXPECT_EQ(weights[2], kW / 2);                 // else arm
  EXPECT_EQ(weights[3], kW / 2);                 // then arm without else
  EXPECT_EQ(weights[4], kW);                     // after both ifs
  EXPECT_EQ(weights[5], kW / 2);                 // two br_table entries
  EXPECT_EQ(weights[6], kW / 4);                 // one, not reached by the first handler
  EXPECT_EQ(weights[7], kW);                     // all entries meet
  EXPECT_EQ(weights[8], kW / 2);                 // the loop's exit: half of 8x, over 8
  EXPECT_EQ(weights[9], 0u);                     // after return
}

// The compiler zeroes only the declared locals some local.get may read
// before a set, by the spec's rule for initialized locals: a set lasts to
// the end of the block it is in.
TEST(FunctionValidator, RecordsLocalsReadBeforeTheyAreSet) {
  constexpr uint8_t kLocalSet = 0x21, kLocalTee = 0x22, kBrIf = 0x0D;
  ModuleBuilder builder;
  const uint32_t type = builder.addType({kI32}, {});
  builder.addFunction(
      type,
      {// Local 1: set at the top, read later: never read unset.
       kI32Const, 1, kLocalSet, 1, kLocalGet, 1, kDrop,
       // Local 2: set and read in a block, then read after its end: the set
       // does not outlive the block.
       kBlock, kEmptyBlock, kI32Const, 2, kLocalSet, 2, kLocalGet, 2, kDrop, kEnd,
       kLocalGet, 2, kDrop,
       // Local 3: set in the then arm, read in the else arm.
       kLocalGet, 0, kIf, kEmptyBlock, kI32Const, 3, kLocalSet, 3,
       kElse, kLocalGet, 3, kDrop, kEnd,
       // Local 4: read at the top of a loop, set below it.
       kLoop, kEmptyBlock, kLocalGet, 4, kDrop, kI32Const, 4, kLocalSet, 4, kLocalGet, 0,
       kBrIf, 0, kEnd,
       // Local 5: teed, then read in a nested block.
       kI32Const, 5, kLocalTee, 5, kDrop, kBlock, kEmptyBlock, kLocalGet, 5, kDrop, kEnd,
       kEnd},
      {{5, kI32}});
  const auto result = validate(builder.build());
  expectValid(result);
  // Declared locals 0 to 4 are locals 1 to 5: 1 and 5 are always set first.
  EXPECT_EQ(result.module->functionFacts[0].setBeforeRead, 0b10001u);

  // Past the 64th declared local nothing is spared: the 65th is set first
  // but not marked.
  ModuleBuilder many;
  many.addFunction(many.addType({}, {}), {kI32Const, 1, kLocalSet, 64, kLocalGet, 64, kDrop, kEnd},
                   {{65, kI32}});
  const auto wide = validate(many.build());
  expectValid(wide);
  EXPECT_EQ(wide.module->functionFacts[0].setBeforeRead, ~uint64_t(0));
}

TEST(FunctionValidator, ReportsExpectedAndFoundTypesWithOffsetAndFunctionIndex) {
  ModuleBuilder builder;
  const uint32_t type = builder.addType({}, {kI32});
  builder.importFunction(type);
  builder.addFunction(type, {kI32Const, 1, kI64Const, 2, kI32Add, kEnd});
  const Bytes bytes = builder.build();
  const auto result = validate(bytes);
  expectInvalid(result, "type mismatch: expected i32, found i64 (in i32.add)");
  ASSERT_TRUE(result.error->function.has_value());
  EXPECT_EQ(*result.error->function, 1u);  // the import is function 0
  // The body is the last thing in the module: i32.add is 2 bytes before its end.
  EXPECT_EQ(result.error->offset, bytes.size() - 2);
  EXPECT_EQ(bytes[result.error->offset], kI32Add);
}

TEST(FunctionValidator, RejectsMissingOperandsAndLeftoverValues) {
  expectInvalid(validateBody({}, {}, {kI32Add, kEnd}), "type mismatch");
  expectInvalid(validateBody({}, {}, {kI32Const, 1, kEnd}), "type mismatch");
  expectInvalid(validateBody({}, {kI32}, {kEnd}), "type mismatch");
}

TEST(FunctionValidator, UnreachableCodeIsStackPolymorphic) {
  expectValid(validateBody({}, {kI32}, {kUnreachable, kI32Add, kEnd}));
  expectValid(validateBody({}, {kI64}, {kUnreachable, kEnd}));
  expectValid(validateBody({}, {}, {kBlock, kEmptyBlock, kBr, 0, kI32Add, kDrop, kEnd, kEnd}));
}

TEST(FunctionValidator, UnreachableCodeStillChecksKnownTypes) {
  expectInvalid(validateBody({}, {kI32}, {kUnreachable, kI64Const, 0, kI32Add, kEnd}),
                "type mismatch: expected i32, found i64");
  // The polymorphic stack yields values of any type, but a pushed i32 stays i32.
  expectInvalid(validateBody({}, {kI64}, {kUnreachable, kI32Const, 0, kEnd}), "type mismatch");
}

TEST(FunctionValidator, MultiValueBlockParametersAndResults) {
  ModuleBuilder builder;
  const uint32_t function = builder.addType({}, {kI32});
  const uint32_t binary = builder.addType({kI32, kI32}, {kI32});
  builder.addFunction(function, {kI32Const, 1, kI32Const, 2, kBlock, uint8_t(binary), kI32Add, kEnd,
                                 kEnd});
  expectValid(validate(builder.build()));

  ModuleBuilder missing;
  missing.addType({}, {kI32});
  missing.addType({kI32, kI32}, {kI32});
  missing.addFunction(0, {kI32Const, 1, kBlock, 1, kI32Add, kEnd, kEnd});
  expectInvalid(validate(missing.build()), "type mismatch");
}

TEST(FunctionValidator, LoopLabelTakesParameters) {
  ModuleBuilder builder;
  const uint32_t function = builder.addType({}, {});
  const uint32_t loopType = builder.addType({kI32}, {});
  // br 0 inside the loop jumps to its start and must supply its i32 parameter.
  builder.addFunction(function, {kI32Const, 1, kLoop, uint8_t(loopType), kBr, 0, kEnd, kEnd});
  expectValid(validate(builder.build()));
}

TEST(FunctionValidator, IfWithoutElseMustPassParametersThrough) {
  expectInvalid(validateBody({}, {kI32}, {kI32Const, 1, kIf, 0x7F, kI32Const, 2, kEnd, kEnd}),
                "type mismatch");
  expectValid(validateBody({}, {kI32}, {kI32Const, 1, kIf, 0x7F, kI32Const, 2, kElse, kI32Const, 3,
                                        kEnd, kEnd}));
}

TEST(FunctionValidator, BrTableTargetsMustAgreeOnArity) {
  // Outer block yields i32, inner block yields nothing: inconsistent targets.
  expectInvalid(validateBody({}, {kI32},
                             {kBlock, 0x7F, kBlock, kEmptyBlock, kI32Const, 0, kBrTable, 1, 0, 1,
                              kEnd, kI32Const, 0, kEnd, kEnd}),
                "type mismatch");
  expectValid(validateBody({}, {kI32},
                           {kBlock, 0x7F, kI32Const, 7, kI32Const, 0, kBrTable, 1, 0, 0, kEnd,
                            kEnd}));
  // In unreachable code the operands are unknown and fit every target.
  expectValid(validateBody({}, {},
                           {kBlock, 0x7F, kBlock, 0x7E, kUnreachable, kBrTable, 1, 0, 1, kEnd,
                            kDrop, kI32Const, 0, kEnd, kDrop, kEnd}));
}

TEST(FunctionValidator, UnknownLabel) {
  expectInvalid(validateBody({}, {}, {kBr, 1, kEnd}), "unknown label");
}

TEST(FunctionValidator, UntypedSelectOnlyOnNumericOrVectorOperands) {
  expectValid(validateBody({}, {kI64}, {kI64Const, 1, kI64Const, 2, kI32Const, 0, kSelect, kEnd}));
  expectInvalid(validateBody({}, {},
                             {kRefNull, 0x70, kRefNull, 0x70, kI32Const, 0, kSelect, kDrop, kEnd}),
                "type mismatch");
  expectValid(validateBody({}, {},
                           {kRefNull, 0x70, kRefNull, 0x70, kI32Const, 0, kSelectTyped, 1, 0x70,
                            kRefIsNull, kDrop, kEnd}));
  expectInvalid(
      validateBody({}, {}, {kI32Const, 1, kI64Const, 2, kI32Const, 0, kSelect, kDrop, kEnd}),
      "type mismatch");
  expectInvalid(validateBody({}, {}, {kI32Const, 1, kI32Const, 2, kI32Const, 0, kSelectTyped, 2,
                                      0x7F, 0x7F, kDrop, kEnd}),
                "invalid result arity");
}

TEST(FunctionValidator, RefFuncNeedsADeclaredFunction) {
  ModuleBuilder undeclared;
  undeclared.addFunction(undeclared.addType({}, {}), {kRefFunc, 0, kDrop, kEnd});
  expectInvalid(validate(undeclared.build()), "undeclared function reference");

  ModuleBuilder declared;
  declared.addFunction(declared.addType({}, {}), {kRefFunc, 0, kDrop, kEnd});
  declared.declareFunctions({0});
  expectValid(validate(declared.build()));

  ModuleBuilder exported;
  exported.addFunction(exported.addType({}, {}), {kRefFunc, 0, kDrop, kEnd});
  exported.addExport("f", ExternKind::Func, 0);
  expectValid(validate(exported.build()));

  ModuleBuilder unknown;
  unknown.addFunction(unknown.addType({}, {}), {kRefFunc, 5, kDrop, kEnd});
  expectInvalid(validate(unknown.build()), "unknown function 5");
}

TEST(FunctionValidator, LocalsFollowParameters) {
  ModuleBuilder builder;
  const uint32_t type = builder.addType({kI32}, {kI64});
  builder.addFunction(type, {kLocalGet, 0, kDrop, kLocalGet, 2, kEnd}, {{1, kI32}, {1, kI64}});
  expectValid(validate(builder.build()));

  ModuleBuilder wrongType;
  wrongType.addFunction(wrongType.addType({kI32}, {kI64}), {kLocalGet, 1, kEnd},
                        {{1, kI32}, {1, kI64}});
  expectInvalid(validate(wrongType.build()), "type mismatch: expected i64, found i32");

  ModuleBuilder beyond;
  beyond.addFunction(beyond.addType({kI32}, {}), {kLocalGet, 3, kDrop, kEnd},
                     {{1, kI32}, {1, kI64}});
  expectInvalid(validate(beyond.build()), "unknown local 3");
}

TEST(FunctionValidator, LocalsAreFoundInLargeRuns) {
  ModuleBuilder builder;
  const uint32_t type = builder.addType({kI32}, {kI64});
  builder.addFunction(type, cat({{kLocalGet}, uleb(40000), {kEnd}}),
                      {{10, kI32}, {40000, kI64}});
  expectValid(validate(builder.build()));

  ModuleBuilder beyond;
  beyond.addFunction(beyond.addType({kI32}, {kI64}), cat({{kLocalGet}, uleb(40011), {kEnd}}),
                     {{10, kI32}, {40000, kI64}});
  expectInvalid(validate(beyond.build()), "unknown local 40011");
}

TEST(FunctionValidator, GlobalSetNeedsAMutableGlobal) {
  ModuleBuilder builder;
  builder.addGlobal(kI32, false, test::i32ConstExpr(0));
  builder.addFunction(builder.addType({}, {}), {kI32Const, 1, kGlobalSet, 0, kEnd});
  expectInvalid(validate(builder.build()), "global is immutable");
}

TEST(FunctionValidator, MemoryImmediates) {
  ModuleBuilder noMemory;
  noMemory.addFunction(noMemory.addType({}, {kI32}), {kI32Const, 0, kI32Load, 2, 0, kEnd});
  expectInvalid(validate(noMemory.build()), "unknown memory");

  ModuleBuilder overAligned;
  overAligned.addMemory(1);
  overAligned.addFunction(overAligned.addType({}, {kI32}), {kI32Const, 0, kI32Load, 3, 0, kEnd});
  expectInvalid(validate(overAligned.build()), "alignment must not be larger than natural");
}

TEST(FunctionValidator, LaneIndexMustBeInRange) {
  const Bytes v128Zero = cat({{0xFD}, uleb(12), Bytes(16, 0)});
  // i32x4.extract_lane has 4 lanes.
  expectValid(validateBody({}, {kI32}, cat({v128Zero, {0xFD}, uleb(0x1B), {3, kEnd}})));
  expectInvalid(validateBody({}, {kI32}, cat({v128Zero, {0xFD}, uleb(0x1B), {4, kEnd}})),
                "invalid lane index");
}

TEST(FunctionValidator, BulkMemoryNeedsTheDataCountSection) {
  ModuleBuilder builder;
  builder.addMemory(1);
  builder.addFunction(builder.addType({}, {}), {0xFC, 0x09, 0x00, kEnd});  // data.drop 0
  const auto result = validate(builder.build());
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->kind, ModuleErrorKind::Malformed);
  EXPECT_NE(result.error->message.find("data count section required"), std::string::npos);

  ModuleBuilder counted;
  counted.addMemory(1);
  counted.setDataCount(1);
  counted.addFunction(counted.addType({}, {}), {0xFC, 0x09, 0x01, kEnd});  // data.drop 1
  expectInvalid(validate(counted.build()), "unknown data segment 1");
}

TEST(FunctionValidator, MalformedBodyTakesPrecedenceOverInvalidBody) {
  ModuleBuilder builder;
  const uint32_t type = builder.addType({}, {});
  builder.addFunction(type, {kI32Add, kEnd});      // invalid
  builder.addFunction(type, {0xFF, kEnd});          // illegal opcode
  const auto result = validate(builder.build());
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->kind, ModuleErrorKind::Malformed);
  EXPECT_NE(result.error->message.find("illegal opcode"), std::string::npos);
}

TEST(FunctionValidator, MalformedRestOfAnInvalidBodyIsReported) {
  const auto result = validateBody({}, {}, {kI32Add, 0xFF, kEnd});
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->kind, ModuleErrorKind::Malformed);
}

TEST(FunctionValidator, BodyMustEndWithItsFinalEnd) {
  // Messages follow the reference interpreter, which reads on past the body.
  ModuleBuilder beforeAnotherBody;
  const uint32_t type = beforeAnotherBody.addType({}, {});
  beforeAnotherBody.addFunction(type, {kI32Const, 1, kDrop});
  beforeAnotherBody.addFunction(type, {kEnd});
  const auto missingEnd = validate(beforeAnotherBody.build());
  ASSERT_TRUE(missingEnd.error.has_value());
  EXPECT_EQ(missingEnd.error->kind, ModuleErrorKind::Malformed);
  EXPECT_NE(missingEnd.error->message.find("END opcode expected"), std::string::npos);

  const auto atEndOfModule = validateBody({}, {}, {kI32Const, 1, kDrop});
  ASSERT_TRUE(atEndOfModule.error.has_value());
  EXPECT_EQ(atEndOfModule.error->kind, ModuleErrorKind::Malformed);
  EXPECT_NE(atEndOfModule.error->message.find("unexpected end"), std::string::npos);

  const auto trailing = validateBody({}, {}, {kEnd, kEnd});
  ASSERT_TRUE(trailing.error.has_value());
  EXPECT_EQ(trailing.error->kind, ModuleErrorKind::Malformed);
}

TEST(FunctionValidator, StrayElseIsMalformed) {
  const auto result = validateBody({}, {}, {kBlock, kEmptyBlock, kElse, kEnd, kEnd});
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->kind, ModuleErrorKind::Malformed);
}

TEST(FunctionValidator, ImmediateIndicesAreChecked) {
  expectInvalid(validateBody({}, {}, cat({{kI32Const, 0, 0x11}, uleb(0), uleb(0), {kEnd}})),
                "unknown table");  // call_indirect without a table
  expectInvalid(validateBody({}, {}, {0x10, 3, kEnd}), "unknown function 3");
  expectInvalid(validateBody({}, {}, {0x23, 0, kDrop, kEnd}), "unknown global 0");
  expectInvalid(validateBody({}, {}, {kBlock, 9, kEnd, kEnd}), "unknown type");
  expectInvalid(validateBody({}, {}, {0xFC, 13, 0, kEnd}), "unknown elem segment 0");
}

}  // namespace
}  // namespace kiln
