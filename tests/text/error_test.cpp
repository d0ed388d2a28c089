// Text errors: the spec's wording, with line and column.

#include <gtest/gtest.h>

#include "text_test_util.h"

namespace kiln::text::test {
namespace {

TEST(Errors, NamesMustResolveAndBeUnique) {
  EXPECT_EQ(watError("(func $f)\n(func $f)"), "2:7: duplicate function $f");
  EXPECT_EQ(watError("(func (local $x i32) (local $x i64))"), "1:29: duplicate local $x");
  EXPECT_EQ(watError("(func (param $x i32) (local $x i32))"), "1:29: duplicate local $x");
  EXPECT_EQ(watError("(global $g i32 (i32.const 0)) (global $g i32 (i32.const 0))"),
            "1:39: duplicate global $g");
  EXPECT_EQ(watError("(type (struct (field $a i32) (field $a i64)))"), "1:37: duplicate field $a");
  EXPECT_EQ(watError("(func (call $nope))"), "1:13: unknown function $nope");
  EXPECT_EQ(watError("(func (br $l))"), "1:11: unknown label $l");
  EXPECT_EQ(watError("(func (local.get $x))"), "1:18: unknown local $x");
  EXPECT_EQ(watError("(func (type $t))"), "1:13: unknown type $t");
}

TEST(Errors, Syntax) {
  EXPECT_EQ(watError("(func (i32.add 1))"), "1:16: unexpected token");
  EXPECT_EQ(watError("(func nop"), "1:10: unexpected end of text: unclosed \"(\"");
  EXPECT_EQ(watError("(module (func) junk)"), "1:16: unknown operator junk");
  EXPECT_EQ(watError("(func block nop)"), "1:16: unexpected token");
  EXPECT_EQ(watError("(func end)"), "1:7: unexpected token");
  EXPECT_EQ(watError("(func (if (i32.const 0)))"), "1:24: unexpected token");
  EXPECT_EQ(watError("(func (get_local 0))"), "1:8: unknown operator get_local");
  EXPECT_EQ(watError("(type (func (result i32) (param i32)))"), "1:27: unexpected token");
  EXPECT_EQ(watError("(func block (param $x i32) end)"), "1:20: unexpected token");
}

TEST(Errors, Labels) {
  EXPECT_EQ(watError("(func block $a end $b)"), "1:20: mismatching label");
  EXPECT_EQ(watError("(func block end $a)"), "1:17: mismatching label");
  EXPECT_EQ(watError("(func (i32.const 0) if $a else $b end $a)"), "1:32: mismatching label");
}

TEST(Errors, Literals) {
  EXPECT_EQ(watError("(func (i32.const 4294967296) drop)"), "1:18: constant out of range");
  EXPECT_EQ(watError("(func (f32.const 1e39) drop)"), "1:18: constant out of range");
  EXPECT_EQ(watError("(func (i64.const 0x) drop)"), "1:18: unknown operator 0x");
  EXPECT_EQ(watError("(func (v128.const i32x4 0 0 0) drop)"), "1:19: wrong number of lane "
                                                              "literals");
  EXPECT_EQ(watError("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))"),
            "1:34: alignment must be a power of two");
  EXPECT_EQ(watError("(func (i8x16.extract_lane_s 16x (v128.const i64x2 0 0)))"),
            "1:29: unknown operator 16x");
  EXPECT_EQ(watError("(table 0x1_0000_0000_0000_0000 funcref)"), "1:8: i64 constant out of range");
  EXPECT_EQ(watError("(memory 0 (pagesize 3))"), "1:21: invalid custom page size");
  EXPECT_EQ(watError("(func (br 0x1_0000_0000))"), "1:11: i32 constant out of range");
}

TEST(Errors, TheTextFormatsOwnRules) {
  EXPECT_EQ(watError("(type $t (func (param i32))) (func (type $t) (param i64))"),
            "1:42: inline function type does not match explicit type");
  EXPECT_EQ(watError("(func) (import \"m\" \"f\" (func))"), "1:8: import after function "
                                                            "definition");
  EXPECT_EQ(watError("(memory 1) (global (import \"m\" \"g\") i32)"),
            "1:12: import after memory definition");
  EXPECT_EQ(watError("(func $f) (start $f) (start $f)"), "1:29: multiple start sections");
  EXPECT_EQ(watError("(func (type 5) (local $x i32))"), "1:13: unknown type 5");
}

TEST(Errors, Annotations) {
  EXPECT_EQ(watError("(func (@custom \"x\"))"), "1:7: misplaced @custom annotation");
  EXPECT_EQ(watError("(@custom 4)"), "1:10: @custom annotation: missing section name");
  EXPECT_EQ(watError("(@custom \"x\" (before code2))"),
            "1:22: @custom annotation: malformed section kind");
  EXPECT_EQ(watError("(module (func) (@name \"M\"))"), "1:16: misplaced @name annotation");
  EXPECT_EQ(watError("(@metadata.code.branch_hint \"\\00\")"),
            "1:1: @metadata.code.branch_hint annotation: not in a function");
  EXPECT_EQ(watError("(func (@metadata.code.branch_hint \"\\00\") (@metadata.code.branch_hint "
                     "\"\\00\") nop)"),
            "1:42: @metadata.code.branch_hint annotation: duplicate annotation");
}

TEST(Errors, BadInputNeverCrashes) {
  EXPECT_EQ(watError("(module (func \xff))"), "1:15: malformed UTF-8 encoding");
  EXPECT_EQ(watError(std::string("(func \0 )", 9)), "1:7: illegal character \\00");
  EXPECT_EQ(watError("(data \"" + std::string(100000, 'a')), "1:7: unclosed string literal");
  EXPECT_EQ(watError("(func (i32.const " + std::string(10000, '9') + "))"),
            "1:18: constant out of range");
  EXPECT_EQ(watError(std::string(100000, '(')), "1:2: unexpected token");
  EXPECT_EQ(watError(std::string(100000, ')')), "1:1: unexpected token");
}

}  // namespace
}  // namespace kiln::text::test
