;; v128 values through everything that is not a SIMD instruction: calls
;; (direct, indirect, through the array entry), multiple results, locals,
;; globals, spills, blocks, loops, if, select, and vector memory accesses at
;; the end of memory.
(module
  (memory 1)
  (table 1 funcref)
  (elem (i32.const 0) $pick)
  (global $g (mut v128) (v128.const i32x4 1 2 3 4))
  (type $pickType (func (param i32 v128 f64 v128) (result v128 i32 v128)))

  ;; Vectors and scalars interleaved: each v128 takes two native slots.
  (func $pick (type $pickType)
    (local.get 3)
    (i32.add (local.get 0) (i32.trunc_f64_s (local.get 2)))
    (local.get 1))

  ;; p1 * 100 + p0 * 10000 + 7, when $pick swapped the vectors and added.
  (func $check (param $r1 v128) (param $s i32) (param $r2 v128) (result i32)
    (i32.add
      (i32.add (i32.mul (i32x4.extract_lane 2 (local.get $r1)) (i32.const 100))
               (i32.mul (i32x4.extract_lane 1 (local.get $r2)) (i32.const 10000)))
      (local.get $s)))

  (func (export "call_direct") (param i32 i32) (result i32)
    (call $check
      (call $pick (i32.const 5) (i32x4.splat (local.get 0)) (f64.const 2)
                  (i32x4.splat (local.get 1)))))

  (func (export "call_indirect") (param i32 i32) (result i32)
    (call $check
      (call_indirect (type $pickType)
        (i32.const 5) (i32x4.splat (local.get 0)) (f64.const 2) (i32x4.splat (local.get 1))
        (i32.const 0))))

  ;; Through the array entry: v128 arguments and results in ValRaw slots.
  (func (export "swap") (param v128 i32 v128) (result v128 i32 v128)
    (local.get 2) (local.get 1) (local.get 0))
  (func (export "identity") (param v128) (result v128) (local.get 0))

  ;; Ten vectors live at once: more than the allocatable XMM registers.
  (func $sum10 (param v128 v128 v128 v128 v128 v128 v128 v128 v128 v128) (result i32)
    (i32.add (i32.add (i32.add (i32.add (i32.add
      (i32.add (i32.add (i32.add (i32.add
        (i32x4.extract_lane 0 (local.get 0)) (i32x4.extract_lane 1 (local.get 1)))
        (i32x4.extract_lane 2 (local.get 2))) (i32x4.extract_lane 3 (local.get 3)))
        (i32x4.extract_lane 0 (local.get 4))) (i32x4.extract_lane 1 (local.get 5)))
        (i32x4.extract_lane 2 (local.get 6))) (i32x4.extract_lane 3 (local.get 7)))
        (i32x4.extract_lane 0 (local.get 8))) (i32x4.extract_lane 1 (local.get 9))))
  (func (export "spill") (param $x i32) (result i32)
    (call $sum10
      (i32x4.splat (local.get $x))
      (i32x4.splat (i32.mul (local.get $x) (i32.const 2)))
      (i32x4.splat (i32.mul (local.get $x) (i32.const 3)))
      (i32x4.splat (i32.mul (local.get $x) (i32.const 4)))
      (i32x4.splat (i32.mul (local.get $x) (i32.const 5)))
      (i32x4.splat (i32.mul (local.get $x) (i32.const 6)))
      (i32x4.splat (i32.mul (local.get $x) (i32.const 7)))
      (i32x4.splat (i32.mul (local.get $x) (i32.const 8)))
      (i32x4.splat (i32.mul (local.get $x) (i32.const 9)))
      (i32x4.splat (i32.mul (local.get $x) (i32.const 10)))))

  ;; Declared v128 locals start as zero, in the short prologue (few locals)
  ;; and in the rep stosq one (many), even on a stack dirtied just before.
  (func $fewLocals (result i32) (local i32 v128 i64 v128)
    (i32.or (i32x4.extract_lane 3 (local.get 1)) (i32x4.extract_lane 0 (local.get 3))))
  (func $manyLocals (result i32)
    (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 v128 i64 v128)
    (i32.or (i32x4.extract_lane 1 (local.get 16)) (i32x4.extract_lane 2 (local.get 18))))
  (func (export "zeroed_locals") (result i32)
    (drop (call $sum10 (v128.const i32x4 -1 -1 -1 -1) (v128.const i32x4 -1 -1 -1 -1)
                       (v128.const i32x4 -1 -1 -1 -1) (v128.const i32x4 -1 -1 -1 -1)
                       (v128.const i32x4 -1 -1 -1 -1) (v128.const i32x4 -1 -1 -1 -1)
                       (v128.const i32x4 -1 -1 -1 -1) (v128.const i32x4 -1 -1 -1 -1)
                       (v128.const i32x4 -1 -1 -1 -1) (v128.const i32x4 -1 -1 -1 -1)))
    (i32.or (call $fewLocals) (call $manyLocals)))

  ;; A global's 16 bytes: lane 1 replaced, the others kept.
  (func (export "global") (param i32) (result i32)
    (global.set $g (i32x4.replace_lane 1 (global.get $g) (local.get 0)))
    (i32.add (i32x4.extract_lane 1 (global.get $g))
             (i32.mul (i32x4.extract_lane 3 (global.get $g)) (i32.const 1000))))

  ;; Control flow carrying vectors: block results through br_if, loop
  ;; parameters, if/else results, select.
  (func (export "control") (param $n i32) (result i32) (local $v v128)
    (local.set $v
      (block (result v128)
        (br_if 0 (i32x4.splat (i32.const 7)) (i32.eqz (local.get $n)))
        (drop)
        (i32x4.splat (local.get $n))))
    (local.set $v
      (local.get $v)
      (loop (param v128) (result v128)
        (local.set $v)
        (i32x4.replace_lane 0 (local.get $v)
          (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32.const 1)))
        (local.set $v)
        (br_if 0 (local.get $v)
                 (i32.lt_s (i32x4.extract_lane 0 (local.get $v)) (i32.const 20)))))
    (if (result v128) (i32.gt_s (local.get $n) (i32.const 5))
      (then (i32x4.replace_lane 2 (local.get $v) (i32.const 100)))
      (else (local.get $v)))
    (select (i32x4.splat (i32.const 3)) (i32.and (local.get $n) (i32.const 1)))
    (local.set $v)
    (i32.add (i32.mul (i32x4.extract_lane 0 (local.get $v)) (i32.const 1000))
             (i32x4.extract_lane 2 (local.get $v))))

  ;; A v128 local used often in a loop gets an XMM home, which the call in
  ;; the loop clobbers: it is stored around the call and reloaded.
  (func $same (param i32) (result i32) (local.get 0))
  (func (export "home_across_calls") (param $n i32) (result i32) (local $acc v128) (local $i i32)
    (loop $l
      (local.set $acc (i32x4.add (local.get $acc) (i32x4.splat (call $same (local.get $i)))))
      (local.set $acc (i32x4.sub (local.get $acc) (v128.const i32x4 0 0 0 1)))
      (br_if $l (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc))))

  ;; Vector accesses near the end of the 64 KiB memory.
  (func (export "load") (param i32) (result i32)
    (i32x4.extract_lane 3 (v128.load (local.get 0))))
  (func (export "store") (param i32)
    (v128.store (local.get 0) (v128.const i32x4 -1 -1 -1 -1)))
  (func (export "read") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "write") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "load_lane") (param i32) (result i32)
    (i32x4.extract_lane 1 (v128.load32_lane 1 (local.get 0) (v128.const i64x2 0 0))))
  (func (export "store_lane") (param i32)
    (v128.store64_lane 1 (local.get 0) (v128.const i64x2 0 -1))))
