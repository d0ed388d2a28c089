// Instructions: plain and folded forms, block types, labels, immediates.

#include <gtest/gtest.h>

#include "text_test_util.h"

namespace kiln::text::test {
namespace {

// The code of the last function of `text`: its body after the (empty)
// locals vector, as hex.
std::string body(std::string_view text) {
  std::vector<uint8_t> bytes = wat(text);
  // Find the code section (id 10) and skip: id, size, count, body size, locals.
  size_t i = 8;
  while (i < bytes.size()) {
    const uint8_t id = bytes[i++];
    uint32_t size = 0;
    for (int shift = 0;; shift += 7) {
      const uint8_t byte = bytes[i++];
      size |= uint32_t(byte & 0x7F) << shift;
      if (!(byte & 0x80)) break;
    }
    if (id != 10) {
      i += size;
      continue;
    }
    // The last function's body.
    const size_t end = i + size;
    uint32_t count = bytes[i++];
    uint32_t bodySize = 0;
    while (count-- > 0) {
      bodySize = 0;
      for (int shift = 0;; shift += 7) {
        const uint8_t byte = bytes[i++];
        bodySize |= uint32_t(byte & 0x7F) << shift;
        if (!(byte & 0x80)) break;
      }
      if (count > 0) i += bodySize;
    }
    ++i;  // no local runs (the tests below declare none)
    return hex(std::vector<uint8_t>(bytes.begin() + i, bytes.begin() + end));
  }
  return "<no code>";
}

TEST(Instructions, FoldedIsPlain) {
  EXPECT_EQ(body("(func (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))"),
            body("(func (param i32) (result i32) local.get 0 i32.const 1 i32.add)"));
  EXPECT_EQ(body("(func (param i32) (result i32) local.get 0 i32.const 1 i32.add)"),
            "20 00 41 01 6a 0b");
  EXPECT_EQ(body("(func (result i32) (select (i32.const 1) (i32.const 2) (i32.const 0)))"),
            "41 01 41 02 41 00 1b 0b");
}

TEST(Instructions, FoldedIfThenElse) {
  EXPECT_EQ(body("(func (param i32) (result i32)"
                 "  (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))"),
            body("(func (param i32) (result i32)"
                 "  local.get 0 if (result i32) i32.const 1 else i32.const 2 end)"));
  EXPECT_EQ(body("(func (param i32) (if (local.get 0) (then)))"), "20 00 04 40 0b 0b");
  EXPECT_EQ(body("(func (param i32) (if $l (local.get 0) (local.get 0) (then (br $l)) (else)))"),
            "20 00 20 00 04 40 0c 00 05 0b 0b");
}

TEST(Instructions, BlockTypes) {
  EXPECT_EQ(body("(func block end)"), "02 40 0b 0b");
  EXPECT_EQ(body("(func (block (result f64) (f64.const 0)) drop)"),
            "02 7c 44 00 00 00 00 00 00 00 00 0b 1a 0b");
  // Several results or any parameter: a type index (here the second type).
  EXPECT_EQ(body("(func (block (result i32 i32) (i32.const 1) (i32.const 2)) drop drop)"),
            "02 01 41 01 41 02 0b 1a 1a 0b");
  EXPECT_EQ(body("(type $t (func (param i32))) (func (i32.const 0) (loop (type $t) drop))"),
            "41 00 03 00 1a 0b 0b");
}

TEST(Instructions, LabelsByNameAndDepth) {
  EXPECT_EQ(body("(func (block $a (block $b (br $a) (br $b) (br 0))))"),
            "02 40 02 40 0c 01 0c 00 0c 00 0b 0b 0b");
  // An inner label hides an outer one of the same name until it ends.
  EXPECT_EQ(body("(func (block $l (block $l (br $l)) (br $l)))"),
            "02 40 02 40 0c 00 0b 0c 00 0b 0b");
  EXPECT_EQ(body("(func block $x block $y br_table $x $y 0 end $y end $x)"),
            "02 40 02 40 0e 02 01 00 00 0b 0b 0b");
}

TEST(Instructions, LocalsAndGlobalsByName) {
  EXPECT_EQ(body("(global $g (mut i32) (i32.const 0)) (func (param $a i32) (param $b i32)"
                 " (global.set $g (local.get $b)) (local.set $a (global.get $g)))"),
            "20 01 24 00 23 00 21 00 0b");
}

TEST(Instructions, CallsAndIndirectCalls) {
  EXPECT_EQ(body("(table 1 funcref) (type $t (func (param i32)))"
                 "(func $f (param i32) (call_indirect (type $t) (local.get 0) (i32.const 0)))"),
            "20 00 41 00 11 00 00 0b");
  EXPECT_EQ(body("(table $a 1 funcref) (table $b 1 funcref)"
                 "(func (call_indirect $b (param i64) (result i32) (i64.const 1) (i32.const 0)) "
                 "drop)"),
            "42 01 41 00 11 01 01 1a 0b");
}

TEST(Instructions, MemoryArguments) {
  EXPECT_EQ(body("(memory 1) (func (drop (i32.load offset=4 align=2 (i32.const 0))))"),
            "41 00 28 01 04 1a 0b");
  EXPECT_EQ(body("(memory 1) (func (drop (i64.load8_u (i32.const 0))))"), "41 00 31 00 00 1a 0b");
  // Another memory: bit 6 of the alignment field, then the index.
  EXPECT_EQ(body("(memory 1) (memory $m 1) (func (i32.store $m offset=0x10 (i32.const 0) "
                 "(i32.const 1)))"),
            "41 00 41 01 36 42 01 10 0b");
  EXPECT_EQ(body("(memory 1) (memory 1) (func (drop (i32.load 1 (i32.const 0))))"),
            "41 00 28 42 01 00 1a 0b");
  EXPECT_EQ(body("(memory 1) (memory $b 1) (func (drop (memory.size $b)) (drop (memory.grow 1 "
                 "(i32.const 1))))"),
            "3f 01 1a 41 01 40 01 1a 0b");
  EXPECT_EQ(body("(memory $a 1) (memory $b 1) (data $d \"\")"
                 "(func (memory.copy $a $b (i32.const 0) (i32.const 0) (i32.const 0))"
                 " (memory.init $b $d (i32.const 0) (i32.const 0) (i32.const 0)))"),
            "41 00 41 00 41 00 fc 0a 00 01 41 00 41 00 41 00 fc 08 00 01 0b");
}

TEST(Instructions, TableInstructions) {
  EXPECT_EQ(body("(table $t 1 funcref) (table $u 1 funcref) (elem $e func) (func"
                 " (table.init $u $e (i32.const 0) (i32.const 0) (i32.const 0))"
                 " (table.init $e (i32.const 0) (i32.const 0) (i32.const 0))"
                 " (table.copy $t $u (i32.const 0) (i32.const 0) (i32.const 0))"
                 " (drop (table.size $u)))"),
            "41 00 41 00 41 00 fc 0c 00 01 41 00 41 00 41 00 fc 0c 00 00 "
            "41 00 41 00 41 00 fc 0e 00 01 fc 10 01 1a 0b");
}

TEST(Instructions, Constants) {
  EXPECT_EQ(body("(func (drop (i32.const 0xffff_ffff)) (drop (i64.const -0x8000_0000_0000_0000)))"),
            "41 7f 1a 42 80 80 80 80 80 80 80 80 80 7f 1a 0b");
  EXPECT_EQ(body("(func (drop (f32.const -nan:0x200000)) (drop (f64.const inf)))"),
            "43 00 00 a0 ff 1a 44 00 00 00 00 00 00 f0 7f 1a 0b");
  EXPECT_EQ(body("(func (drop (v128.const i16x8 1 2 3 4 5 6 7 -1)))"),
            "fd 0c 01 00 02 00 03 00 04 00 05 00 06 00 07 00 ff ff 1a 0b");
  EXPECT_EQ(body("(func (drop (v128.const f32x4 1 -0 nan inf)))"),
            "fd 0c 00 00 80 3f 00 00 00 80 00 00 c0 7f 00 00 80 7f 1a 0b");
}

TEST(Instructions, SimdLanes) {
  EXPECT_EQ(body("(memory 1) (func (param v128) (result v128)"
                 " (v128.load8_lane 1 (i32.const 0) (local.get 0)))"),
            "41 00 20 00 fd 54 00 00 01 0b");
  EXPECT_EQ(body("(memory 1) (memory 1) (func (param v128) (result v128)"
                 " (v128.load8_lane 1 2 (i32.const 0) (local.get 0)))"),
            "41 00 20 00 fd 54 40 01 00 02 0b");
  EXPECT_EQ(body("(func (param v128) (result v128) (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 "
                 "14 31 (local.get 0) (local.get 0)))"),
            "20 00 20 00 fd 0d 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 1f 0b");
}

TEST(Instructions, ReferencesAndTypedSelect) {
  EXPECT_EQ(body("(func $f (result funcref) (select (result funcref) (ref.func $f) (ref.null func)"
                 " (i32.const 1)))"),
            "d2 00 d0 70 41 01 1c 01 70 0b");
}

TEST(Instructions, GcInstructions) {
  EXPECT_EQ(body("(type $p (struct (field $x i32) (field $y (mut i64))))"
                 "(func (param (ref $p)) (result i64)"
                 " (struct.set $p $y (local.get 0) (i64.const 1))"
                 " (struct.get $p $y (local.get 0)))"),
            "20 00 42 01 fb 05 00 01 20 00 fb 02 00 01 0b");
  EXPECT_EQ(body("(type $a (array (mut i8))) (data $d \"\") (func (result (ref $a))"
                 " (array.new_data $a $d (i32.const 0) (i32.const 0)))"),
            "41 00 41 00 fb 09 00 00 0b");
  EXPECT_EQ(body("(type $a (array i32)) (func (result (ref $a))"
                 " (array.new_fixed $a 2 (i32.const 1) (i32.const 2)))"),
            "41 01 41 02 fb 08 00 02 0b");
  EXPECT_EQ(body("(func (param anyref) (result i32) (ref.test (ref i31) (local.get 0)))"),
            "20 00 fb 14 6c 0b");
  EXPECT_EQ(body("(type $t (struct)) (func (param anyref) (result (ref null $t))"
                 " (ref.cast (ref null $t) (local.get 0)))"),
            "20 00 fb 17 00 0b");
  EXPECT_EQ(body("(func (param anyref) (result anyref)"
                 " (block $l (result eqref) (br_on_cast $l anyref (ref null eq) (local.get 0))"
                 " (return)))"),
            "02 6d 20 00 fb 18 03 00 6e 6d 0f 0b 0b");
  EXPECT_EQ(body("(func (result i32) (i31.get_s (ref.i31 (i32.const 7))))"),
            "41 07 fb 1c fb 1d 0b");
}

TEST(Instructions, TypedFunctionReferencesAndTailCalls) {
  EXPECT_EQ(body("(type $f (func (result i32))) (func $g (result i32) (i32.const 1))"
                 "(func (result i32) (return_call_ref $f (ref.func $g)))"),
            "d2 00 15 00 0b");
  EXPECT_EQ(body("(func $g) (func (return_call $g))"), "12 00 0b");
  EXPECT_EQ(body("(func (param (ref null func)) (br_on_null 0 (local.get 0)) drop)"),
            "20 00 d5 00 1a 0b");
}

TEST(Instructions, ExceptionHandling) {
  EXPECT_EQ(body("(tag $e (param i32)) (func (result i32)"
                 " (block $h (result i32 exnref)"
                 "  (try_table (catch $e 0) (catch_ref $e $h) (catch_all 0) (catch_all_ref $h)"
                 "   (throw $e (i32.const 1))))"
                 " drop)"),
            "02 02 1f 40 04 00 00 00 01 00 00 02 00 03 00 41 01 08 00 0b 0b 1a 0b");
  // The plain form resolves its catch labels outside its own label too.
  EXPECT_EQ(body("(tag $e) (func block $out try_table $in (catch $e $out) br $in end end)"),
            "02 40 1f 40 01 00 00 00 0c 00 0b 0b 0b");
}

TEST(Instructions, LegacyExceptionHandling) {
  EXPECT_EQ(body("(tag $e (param i32)) (func (result i32)"
                 " (try $t (result i32) (do (throw $e (i32.const 1)))"
                 "  (catch $e) (catch_all (rethrow $t))))"),
            "06 7f 41 01 08 00 07 00 19 09 00 0b 0b");
  EXPECT_EQ(body("(tag $e) (func try $t (try (do nop) (delegate $t)) catch_all end)"),
            body("(tag $e) (func try $t try nop delegate $t catch_all end)"));
  EXPECT_EQ(body("(func try try nop delegate 0 end)"), "06 40 06 40 01 18 00 0b 0b");
}

TEST(Instructions, AtomicsAndWideArithmetic) {
  EXPECT_EQ(body("(memory 1 1 shared) (func (result i32)"
                 " (i32.atomic.rmw.add offset=8 (i32.const 0) (i32.const 1)))"),
            "41 00 41 01 fe 1e 02 08 0b");
  EXPECT_EQ(body("(func atomic.fence)"), "fe 03 00 0b");
  EXPECT_EQ(body("(func (param i64 i64 i64 i64) (result i64 i64)"
                 " (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))"),
            "20 00 20 01 20 02 20 03 fc 13 0b");
}

}  // namespace
}  // namespace kiln::text::test
