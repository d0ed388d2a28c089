;; Lazy compilation: each export reaches functions nothing has called yet.
(module
  (type $leaf (func (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $leaf0 $leaf1 $leaf2 $leaf3)
  (func $add1 (export "add1") (param i32) (result i32)
    (i32.add (call $plus1 (local.get 0)) (i32.const 0)))
  (func $plus1 (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $never (export "never") (result i32) (i32.const 7))
  (func $leaf0 (result i32) (i32.const 100))
  (func $leaf1 (result i32) (i32.const 101))
  (func $leaf2 (result i32) (i32.const 102))
  (func $leaf3 (result i32) (i32.const 103))
  ;; Recurses `depth` times, then calls leaf `which` through the table: the
  ;; leaf's first call happens with the stack as deep as the caller asks.
  (func $deep (export "deep") (param $depth i32) (param $which i32) (result i32)
    (if (result i32) (local.get $depth)
      (then (call $deep (i32.sub (local.get $depth) (i32.const 1)) (local.get $which)))
      (else (call_indirect (type $leaf) (local.get $which)))))
  ;; A trap two calls deep, for the backtrace.
  (func $divide (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func $calls_divide (export "calls_divide") (param i32) (result i32)
    (call $divide (local.get 0)))
  ;; Distinct fresh functions for threads to race on.
  (func (export "t0") (result i32) (call $leaf0))
  (func (export "t1") (result i32) (call $leaf1))
  (func (export "t2") (result i32) (call $leaf2))
  (func (export "t3") (result i32) (call $leaf3))
)
