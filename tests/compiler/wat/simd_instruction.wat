;; A SIMD function, a relaxed SIMD one, and one without SIMD (simd_refusal_test.cpp).
(module
  (func (export "f") (param i32) (result i32)
    (i32x4.extract_lane 0 (i32x4.splat (local.get 0))))
  (func (export "g") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "h") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))
