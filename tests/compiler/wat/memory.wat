(module
  (memory 1 4)
  (data (i32.const 16) "\01\02\03\04\05\06\07\08")
  (func (export "load8_s") (param i32) (result i32) (i32.load8_s (local.get 0)))
  (func (export "load_i64") (param i32) (result i64) (i64.load offset=16 (local.get 0)))
  (func (export "load_f32") (param i32) (result f32) (f32.load (local.get 0)))
  (func (export "store_i32") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "store16_const") (param i32) (i32.store16 offset=2 (local.get 0) (i32.const 0x12345)))
  (func (export "load_i32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load_big_offset") (param i32) (result i32) (i32.load offset=0xFFFFFFF0 (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func $deep (export "deep_copy") (param i32) 
    (if (local.get 0)
      (then (call $deep (i32.sub (local.get 0) (i32.const 1))))
      (else (memory.copy (i32.const 70000) (i32.const 0) (i32.const 100)))))
  ;; A float load feeding add, sub, mul or div is read from memory by the op
  ;; itself (floatOpReadingLoad): x op m[a] for a local x, which must stay as
  ;; it was, and for a computed value; the last op's operand can be out of
  ;; bounds.
  (func (export "store_f64") (param i32 f64) (f64.store (local.get 0) (local.get 1)))
  (func (export "store_f32") (param i32 f32) (f32.store (local.get 0) (local.get 1)))
  (func (export "f64_load_ops") (param $a i32) (param $x f64) (result f64)
    (f64.add
      (f64.add
        (f64.sub (local.get $x) (f64.load (local.get $a)))
        (f64.mul (f64.add (local.get $x) (f64.const 1)) (f64.load offset=8 (local.get $a))))
      (f64.add (f64.div (local.get $x) (f64.load offset=16 (local.get $a))) (local.get $x))))
  (func (export "f32_load_ops") (param $a i32) (param $x f32) (result f32)
    (f32.add
      (f32.add
        (f32.sub (local.get $x) (f32.load (local.get $a)))
        (f32.mul (f32.add (local.get $x) (f32.const 1)) (f32.load offset=4 (local.get $a))))
      (f32.add (f32.div (local.get $x) (f32.load offset=8 (local.get $a))) (local.get $x))))
)
