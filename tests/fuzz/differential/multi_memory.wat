;; Initial content for binaryen's generator (wasm-opt -ttf --initial-fuzz)
;; in every other case of differential.py --reference binaryen: binaryen 132
;; generates a single memory, so multiple memories (one of them 64-bit),
;; copies between them, and data segments in each come from here; the
;; generator keeps these functions, mutates them and calls them from its own.
;; (binaryen 132 cannot copy between a 32-bit and a 64-bit memory.)
(module
  (memory $a 1 2)
  (memory $b i64 1 3)
  (memory $c 1)
  (data (memory $b) (i64.const 65530) "\01\02\03\04\05\06")
  (data (memory $c) (i32.const 65530) "\11\12\13\14\15\16")
  (func (export "copy_ac") (param i32) (result i64)
    (memory.copy $c $a (i32.const 65528) (local.get 0) (i32.const 8))
    (i32.store $a (i32.const 4) (i32.const 0xdeadbeef))
    (memory.copy $a $c (i32.const 100) (i32.const 65526) (i32.const 10))
    (memory.copy $c $c (i32.const 65529) (i32.const 65530) (i32.const 6))
    (i64.add (i64.load $a (i32.const 100)) (i64.load $b offset=65520 (i64.const 8))))
  (func (export "grow_b") (param i64) (result i64)
    (drop (memory.grow $b (i64.add (local.get 0) (i64.const 1))))
    (i64.store $b (i64.const 131064) (i64.const -1))
    (memory.fill $b (i64.const 65536) (i32.const 7) (i64.const 65536))
    ;; Past 4 GiB: out of bounds, unless a wrapping address bug hides it.
    (if (i64.ne (local.get 0) (i64.const 0))
      (then (i64.store8 $b offset=4294967296 (local.get 0) (i64.const 1))))
    (i64.add (memory.size $b) (i64.load $b (i64.const 131064))))
  (func (export "mix") (param i32 i64) (result i32)
    (i32.store16 $c offset=3 (local.get 0) (i32.load8_u $b (local.get 1)))
    (memory.fill $a (local.get 0) (i32.const 0x55) (i32.const 3))
    (i32.add (i32.load $a (local.get 0))
      (i32.add (i32.load16_s $c offset=3 (local.get 0)) (i32.wrap_i64 (memory.size $b)))))
)
