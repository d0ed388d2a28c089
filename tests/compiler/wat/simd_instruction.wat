;; Function 0 uses only compiled SIMD; function 1 an instruction not
;; compiled yet (simd_refusal_test.cpp says which).
(module
  (func (export "f") (param i32) (result i32)
    (i32x4.extract_lane 0 (i32x4.splat (local.get 0))))
  (func (export "g") (param v128 v128) (result v128)
    (i32x4.dot_i16x8_s (local.get 0) (local.get 1))))
