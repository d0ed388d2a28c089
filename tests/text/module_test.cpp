// Module fields in the binary format they encode to.

#include <gtest/gtest.h>

#include "text_test_util.h"

namespace kiln::text::test {
namespace {

TEST(Module, EmptyModuleIsTheHeader) {
  EXPECT_EQ(hex(wat("(module)")), "00 61 73 6d 01 00 00 00");
  EXPECT_EQ(hex(wat("")), "00 61 73 6d 01 00 00 00");  // no fields at all
  EXPECT_EQ(hex(wat("(module $m)")), "00 61 73 6d 01 00 00 00");
}

TEST(Module, TypeDefinitions) {
  EXPECT_EQ(sections("(type (func (param i32 i64) (param $x f32) (result f64)))"),
            "01 08 01 60 03 7f 7e 7d 01 7c");
  EXPECT_EQ(sections("(type (func (param funcref externref v128)))"),
            "01 07 01 60 03 70 6f 7b 00");
}

TEST(Module, FunctionsGetImplicitTypesAndRunsOfLocals) {
  EXPECT_EQ(sections("(func (param i32) (result i32) (local i64 i64) (local $x i64) (local f32)"
                     " local.get 0)"),
            "01 06 01 60 01 7f 01 7f "  // type
            "03 02 01 00 "              // function
            "0a 0a 01 08 02 03 7e 01 7d 20 00 0b");  // code: 3 x i64, 1 x f32
}

TEST(Module, ImplicitTypesReuseAnExplicitOneAndGoLast) {
  // (func) matches type 1, defined later in the text; (param i32) has no
  // match and is appended after both explicit types.
  EXPECT_EQ(sections("(type (func (result i32))) (func (param i32)) (func) (type (func))"),
            "01 0c 03 60 00 01 7f 60 00 00 60 01 7f 00 "
            "03 03 02 02 01 "
            "0a 07 02 02 00 0b 02 00 0b");
}

TEST(Module, TypeUseWithTypeAndMatchingSignature) {
  EXPECT_EQ(sections("(type $t (func (param i32))) (func (type $t) (param $p i32) local.get $p)"),
            sections("(type $t (func (param i32))) (func (type 0) local.get 0)"));
}

TEST(Module, SubtypesAndRecursionGroups) {
  EXPECT_EQ(sections("(type $a (sub (struct (field i32)))) (type (sub final $a (struct (field "
                     "i32 (mut i8)))))"),
            "01 10 02 50 00 5f 01 7f 00 4f 01 00 5f 02 7f 00 78 01");
  EXPECT_EQ(sections("(rec (type $l (struct (field (ref null $l)))) (type (array (mut i16))))"),
            "01 0b 01 4e 02 5f 01 63 00 00 5e 77 01");
  // A group of one is written as its type alone.
  EXPECT_EQ(sections("(rec (type (func)))"), sections("(type (func))"));
}

TEST(Module, ReferenceTypeAbbreviations) {
  EXPECT_EQ(sections("(type (func (param (ref null func) (ref extern) (ref null any) (ref $t))))"
                     "(type $t (func))"),
            "01 0d 02 60 04 70 64 6f 6e 64 01 00 60 00 00");
  EXPECT_EQ(sections("(type (func (param anyref eqref i31ref structref arrayref nullref "
                     "nullfuncref nullexternref exnref nullexnref)))"),
            "01 0e 01 60 0a 6e 6d 6c 6b 6a 71 73 72 69 74 00");
}

TEST(Module, Imports) {
  EXPECT_EQ(sections("(import \"m\" \"f\" (func (param i32)))"
                     "(import \"m\" \"t\" (table 1 2 funcref))"
                     "(import \"m\" \"mem\" (memory i64 1))"
                     "(import \"m\" \"g\" (global (mut i32)))"),
            "01 05 01 60 01 7f 00 "
            "02 20 04 01 6d 01 66 00 00 "
            "01 6d 01 74 01 70 01 01 02 "
            "01 6d 03 6d 65 6d 02 04 01 "
            "01 6d 01 67 03 7f 01");
}

TEST(Module, InlineImportsAndExports) {
  EXPECT_EQ(sections("(func $f (export \"a\") (export \"b\") (import \"m\" \"f\"))"),
            sections("(import \"m\" \"f\" (func $f)) (export \"a\" (func $f)) (export \"b\" "
                     "(func $f))"));
  EXPECT_EQ(sections("(global (export \"g\") i32 (i32.const 7))"),
            sections("(global $g i32 (i32.const 7)) (export \"g\" (global $g))"));
  EXPECT_EQ(sections("(memory (import \"m\" \"mem\") 1)"),
            sections("(import \"m\" \"mem\" (memory 1))"));
}

TEST(Module, MemoriesTablesGlobals) {
  EXPECT_EQ(sections("(memory 1) (memory i64 2 3) (memory 0 1 shared)"),
            "05 09 03 00 01 05 02 03 03 00 01");
  EXPECT_EQ(sections("(table 1 funcref) (table i64 2 10 externref)"),
            "04 08 02 70 00 01 6f 05 02 0a");
  EXPECT_EQ(sections("(type (func)) (table 1 (ref null 0) (ref.null 0))"),
            "01 04 01 60 00 00 04 0a 01 40 00 63 00 00 01 d0 00 0b");
  EXPECT_EQ(sections("(global f64 (f64.const 1.5)) (global (mut i64) (i64.const -1))"),
            "06 12 02 7c 00 44 00 00 00 00 00 00 f8 3f 0b 7e 01 42 7f 0b");
}

TEST(Module, CustomPageSizes) {
  EXPECT_EQ(sections("(memory 1 2 (pagesize 1))"), "05 05 01 09 01 02 00");
  EXPECT_EQ(sections("(memory (pagesize 65536) (data \"x\"))"),
            sections("(memory 1 1 (pagesize 65536)) (data (i32.const 0) \"x\")"));
}

TEST(Module, InlineDataAndElements) {
  EXPECT_EQ(sections("(memory (data \"ab\" \"c\"))"),
            sections("(memory 1 1) (data (i32.const 0) \"abc\")"));
  EXPECT_EQ(sections("(memory i64 (data))"), sections("(memory i64 0 0) (data (i64.const 0))"));
  EXPECT_EQ(sections("(func $f) (table funcref (elem $f $f))"),
            sections("(func $f) (table 2 2 funcref) (elem (i32.const 0) func $f $f)"));
  // Inline segments count in their index space.
  EXPECT_EQ(sections("(memory (data \"a\")) (data $d \"b\") (func (data.drop $d))"),
            sections("(memory (data \"a\")) (data \"b\") (func (data.drop 1))"));
}

TEST(Module, ElementSegmentEncodings) {
  // func indices: flags 0 (table 0), 1 (passive), 2 (other table), 3 (declarative)
  EXPECT_EQ(sections("(table 1 funcref) (func $f) (elem (i32.const 0) $f)"),
            sections("(table 1 funcref) (func $f) (elem (table 0) (offset (i32.const 0)) func "
                     "$f)"));
  const std::string elems =
      sections("(table 1 funcref) (table 1 funcref) (func $f)"
               "(elem (i32.const 0) func $f) (elem func $f) (elem (table 1) (i32.const 0) func $f)"
               "(elem declare func $f)");
  EXPECT_NE(elems.find("09 17 04 00 41 00 0b 01 00 01 00 01 00 02 01 41 00 0b 00 01 00 03 00 01 "
                       "00"),
            std::string::npos)
      << elems;
  // expressions: flags 4, 5, 6, 7
  const std::string exprs =
      sections("(table 1 funcref) (func $f)"
               "(elem (i32.const 0) funcref (ref.func $f) (item ref.null func))"
               "(elem funcref (item (ref.func $f))) (elem (table 0) (i32.const 0) externref)"
               "(elem declare funcref (ref.func $f))");
  EXPECT_NE(exprs.find("09 1f 04 04 41 00 0b 02 d2 00 0b d0 70 0b 05 70 01 d2 00 0b "
                       "06 00 41 00 0b 6f 00 07 70 01 d2 00 0b"),
            std::string::npos)
      << exprs;
}

TEST(Module, DataSegments) {
  EXPECT_EQ(sections("(memory 1) (memory 1) (data (i32.const 8) \"a\") (data \"bc\")"
                     "(data (memory 1) (offset (i32.const 0)) \"\\ff\")"),
            "05 05 02 00 01 00 01 "
            "0b 12 03 00 41 08 0b 01 61 01 02 62 63 02 01 41 00 0b 01 ff");
}

TEST(Module, StartAndTags) {
  EXPECT_EQ(sections("(func $main) (start $main)"), "01 04 01 60 00 00 03 02 01 00 08 01 00 0a "
                                                    "04 01 02 00 0b");
  EXPECT_EQ(sections("(tag $e (param i32)) (tag (export \"t\") (type 0))"),
            "01 05 01 60 01 7f 00 0d 05 02 00 00 00 00 07 05 01 01 74 04 01");
}

TEST(Module, DataCountOnlyWhenCodeNeedsIt) {
  EXPECT_EQ(sections("(memory 1) (data \"a\")").find("0c 01"), std::string::npos);
  EXPECT_NE(sections("(memory 1) (data $d \"a\") (func (data.drop $d))").find("0c 01 01"),
            std::string::npos);
}

TEST(Module, NameSection) {
  WatOptions options;
  auto bytes = parseWat("(module $m (func $f (param $x i32) (local $y i64)) (func (@name \"λ\")))",
                        options);
  ASSERT_TRUE(bytes);
  const std::string tail = hex(*bytes);
  // "name": module "m", functions 0 "f" and 1 "λ", locals of function 0.
  EXPECT_NE(tail.find("04 6e 61 6d 65 00 02 01 6d 01 08 02 00 01 66 01 02 ce bb "
                      "02 09 01 00 02 00 01 78 01 01 79"),
            std::string::npos)
      << tail;
}

TEST(Module, CustomAnnotationsPlaceSections) {
  EXPECT_EQ(sections("(@custom \"a\" \"x\") (type (func)) (@custom \"b\" (before type) \"y\")"
                     "(@custom \"c\" (after func) \"\")"),
            "00 03 01 62 79 "  // before type
            "01 04 01 60 00 00 "
            "00 02 01 63 "     // after func (which is absent: in its place)
            "00 03 01 61 78");  // after the last section
}

TEST(Module, BranchHints) {
  const std::string bytes =
      sections("(func (param i32) (@metadata.code.branch_hint \"\\01\") (if (local.get 0) (then))"
               " local.get 0 (@metadata.code.branch_hint \"\\00\") br_if 0)");
  // Hints for function 0: the if at offset 3 and the br_if at offset 8 of
  // the body (from its locals), before the code section.
  EXPECT_NE(bytes.find("00 23 19 6d 65 74 61 64 61 74 61 2e 63 6f 64 65 2e 62 72 61 6e 63 68 5f "
                       "68 69 6e 74 01 00 02 03 01 01 08 01 00 0a"),
            std::string::npos)
      << bytes;
}

TEST(Module, CustomDescriptorTypes) {
  EXPECT_EQ(sections("(rec (type $a (descriptor $b) (struct)) (type $b (describes $a) (struct)))"
                     "(global (ref null (exact $a)) (ref.null none))"),
            "01 0b 01 4e 02 4d 01 5f 00 4c 00 5f 00 "
            "06 08 01 63 62 00 00 d0 71 0b");
  EXPECT_EQ(sections("(type $f (func)) (import \"m\" \"f\" (func (exact (type $f))))"),
            "01 04 01 60 00 00 02 07 01 01 6d 01 66 20 00");
}

}  // namespace
}  // namespace kiln::text::test
