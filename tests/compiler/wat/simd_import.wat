;; Calls simd_values.wat's "swap" across instances (simd_values_test.cpp).
(module
  (import "simd_values" "swap" (func $swap (param v128 i32 v128) (result v128 i32 v128)))
  (func (export "go") (param i32) (result i32) (local $a v128) (local $s i32) (local $b v128)
    (call $swap (i32x4.splat (local.get 0)) (i32.const 7) (i32x4.splat (i32.const 100)))
    (local.set $b) (local.set $s) (local.set $a)
    (i32.add (i32.add (i32x4.extract_lane 0 (local.get $a)) (local.get $s))
             (i32.mul (i32x4.extract_lane 3 (local.get $b)) (i32.const 1000)))))
