;; Locals kept in registers for the whole function (the hot locals of loops):
;; values read from a local before it changes, calls of every kind while
;; locals live in caller-saved registers, parameters, branches carrying them.
(module
  (type $binop (func (param i64 i64) (result i64)))
  (memory 1)
  (table 1 funcref)
  (elem (i32.const 0) $mix)

  ;; Clobbers every register it can: its own hot locals and many temporaries.
  (func $mix (type $binop) (param $a i64) (param $b i64) (result i64)
    (local $i i32) (local $x i64) (local $y i64) (local $f f64) (local $g f64)
    (loop $l
      (local.set $x (i64.add (local.get $x) (i64.mul (local.get $a) (i64.extend_i32_u (local.get $i)))))
      (local.set $y (i64.xor (local.get $y) (i64.add (local.get $b) (local.get $x))))
      (local.set $f (f64.add (local.get $f) (f64.convert_i64_s (local.get $y))))
      (local.set $g (f64.mul (local.get $f) (f64.const 0.5)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 4))))
    (i64.add (i64.add (local.get $x) (local.get $y)) (i64.trunc_sat_f64_s (local.get $g))))

  ;; Each iteration adds old x + 10 * new x: the old value is on the stack
  ;; while x changes. n = 3 gives (0 + 10) + (1 + 20) + (2 + 30) = 63.
  (func (export "old_value") (param $n i32) (result i32) (local $x i32) (local $acc i32)
    (loop $l
      local.get $acc
      local.get $x
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      local.get $x
      i32.const 10
      i32.mul
      i32.add
      i32.add
      local.set $acc
      (br_if $l (i32.lt_u (local.get $x) (local.get $n))))
    (local.get $acc))

  ;; The same through local.tee and with the value below a block that
  ;; writes the local: old + 1000 * tee'd + 100 * (set in the block).
  (func (export "old_value_tee_block") (param $n i32) (result i64)
    (local $x i64) (local $acc i64) (local $i i32)
    (loop $l
      local.get $acc
      local.get $x
      (local.tee $x (i64.add (local.get $x) (i64.const 2)))
      i64.const 1000
      i64.mul
      i64.add
      local.get $x
      (block (local.set $x (i64.const 7)))
      i64.const 100
      i64.mul
      i64.add
      i64.add
      local.set $acc
      (local.set $x (i64.add (local.get $x) (i64.extend_i32_u (local.get $i))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i64.add (local.get $acc) (local.get $x)))

  ;; Floats: the old value survives a set, a tee and a block, f32 and f64.
  (func (export "old_value_float") (param $n i32) (result f64)
    (local $x f64) (local $y f32) (local $acc f64) (local $i i32)
    (loop $l
      local.get $acc
      local.get $x
      (local.set $x (f64.add (local.get $x) (f64.const 1.5)))
      local.get $x
      f64.const 10
      f64.mul
      f64.add
      f64.add
      local.get $y
      (local.tee $y (f32.add (local.get $y) (f32.const 0.25)))
      (block (local.set $y (f32.const 3)))
      f32.mul
      f64.promote_f32
      f64.add
      local.set $acc
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (f64.add (local.get $acc) (f64.promote_f32 (local.get $y))))

  ;; More hot locals than registers of each class, updated around a direct
  ;; call, a call_indirect, a libcall (memory.grow) and rounding (a libcall
  ;; under --force-libcalls), with parameters among them.
  (func (export "across_calls") (param $n i32) (param $seed i64) (param $scale f64) (result f64)
    (local $i i32) (local $a i64) (local $b i64) (local $c i32) (local $d i32) (local $e i64)
    (local $f i32)
    (local $p f64) (local $q f64) (local $r f32) (local $s f64) (local $t f64) (local $u f32)
    (local $v f64)
    (local $k i32)
    (local.set $a (local.get $seed))
    (loop $l
      (local.set $b (i64.add (local.get $b) (local.get $a)))
      (local.set $p (f64.add (local.get $p) (local.get $scale)))
      (local.set $c (i32.add (local.get $c) (local.get $i)))
      (local.set $q (f64.sub (local.get $q) (f64.convert_i32_s (local.get $c))))
      (local.set $a (call $mix (local.get $a) (local.get $b)))
      (local.set $d (i32.xor (local.get $d) (i32.wrap_i64 (local.get $a))))
      (local.set $r (f32.add (local.get $r) (f32.const 1.25)))
      (local.set $s (f64.floor (f64.mul (local.get $p) (f64.const 1.75))))
      (local.set $e (call_indirect (type $binop) (local.get $e) (i64.extend_i32_s (local.get $d))
                                   (i32.const 0)))
      (local.set $t (f64.add (local.get $t) (local.get $s)))
      (local.set $f (i32.add (local.get $f) (memory.grow (i32.const 0))))
      (local.set $u (f32.sub (local.get $u) (local.get $r)))
      (local.set $v (f64.add (local.get $v) (f64.promote_f32 (local.get $u))))
      ;; Heavier use than the calls': worth registers that calls clobber.
      (local.set $k (i32.const 0))
      (loop $inner
        (local.set $a (i64.add (local.get $a) (i64.const 1)))
        (local.set $b (i64.sub (local.get $b) (i64.const 3)))
        (local.set $c (i32.add (local.get $c) (i32.const 5)))
        (local.set $d (i32.xor (local.get $d) (i32.const 7)))
        (local.set $e (i64.add (local.get $e) (i64.const 9)))
        (local.set $f (i32.sub (local.get $f) (i32.const 11)))
        (local.set $p (f64.add (local.get $p) (f64.const 0.125)))
        (local.set $q (f64.sub (local.get $q) (f64.const 0.25)))
        (local.set $r (f32.add (local.get $r) (f32.const 0.5)))
        (local.set $s (f64.mul (local.get $s) (f64.const 0.75)))
        (local.set $t (f64.add (local.get $t) (f64.const 1.5)))
        (local.set $u (f32.sub (local.get $u) (f32.const 2)))
        (local.set $v (f64.add (local.get $v) (f64.const 3)))
        (br_if $inner (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 2))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (f64.add
      (f64.add
        (f64.add (f64.convert_i64_s (i64.add (local.get $a) (local.get $b)))
                 (f64.convert_i64_s (i64.add (local.get $e) (i64.extend_i32_u (local.get $c)))))
        (f64.add (f64.convert_i32_s (i32.add (local.get $d) (local.get $f))) (local.get $p)))
      (f64.add
        (f64.add (local.get $q) (f64.promote_f32 (local.get $r)))
        (f64.add (f64.add (local.get $s) (local.get $t))
                 (f64.add (f64.promote_f32 (local.get $u)) (local.get $v))))))

;; Homes that calls clobber ($x and $y in GP registers, $f in xmm6) are
  ;; stored before a call only when their slots do not already hold their
  ;; values, and loaded after it only where read (or at the next branch or
  ;; label). Each case below writes a local on one path to a label and not
  ;; on another, then calls: the store must not be skipped after the label.
  (func (export "call_edges") (param $n i32) (param $p i64) (result i64)
    (local $i i32) (local $k i32) (local $h1 i64) (local $h2 i64) (local $h3 i64)
    (local $x i64) (local $y i64) (local $f f64)
    ;; A call before the loop: every slot holds its local at the loop's entry,
    ;; not on its back-edge.
    (local.set $y (call $mix (local.get $p) (i64.const 9)))
    (loop $l
      ;; if/else: $x written after the call on one arm only.
      (if (i32.and (local.get $i) (i32.const 1))
        (then (local.set $y (call $mix (local.get $y) (i64.const 1)))
              (local.set $x (i64.add (local.get $x) (i64.const 5))))
        (else (local.set $y (call $mix (local.get $y) (i64.const 2)))))
      (local.set $y (call $mix (local.get $x) (local.get $y)))
      ;; if without else: $x and $f written on the then path only.
      (if (i32.and (local.get $i) (i32.const 2))
        (then (local.set $x (i64.mul (local.get $x) (i64.const 3)))
              (local.set $f (f64.add (local.get $f) (f64.const 0.5)))))
      (local.set $y (i64.add (local.get $y) (call $mix (local.get $p) (local.get $x))))
      ;; br_table: labels reached with $x or $f written or not.
      (block $out
        (block $b1
          (block $b0
            (br_table $b0 $b1 $out (i32.rem_u (local.get $i) (i32.const 3))))
          (local.set $x (i64.sub (local.get $x) (i64.const 11)))
          (br $out))
        (local.set $f (f64.mul (local.get $f) (f64.const 1.5))))
      ;; if without else: $x written before it, a call on the then path only.
      (local.set $x (i64.add (local.get $x) (i64.extend_i32_u (local.get $i))))
      (if (i32.and (local.get $i) (i32.const 4))
        (then (local.set $y (i64.xor (local.get $y) (call $mix (local.get $y) (i64.const 5))))))
      (local.set $y (i64.add (local.get $y) (call $mix (local.get $x) (i64.const 6))))
      ;; Two calls with nothing read between them, then reads.
      (drop (call $mix (local.get $y) (i64.const 3)))
      (drop (call $mix (local.get $y) (i64.const 4)))
      (local.set $x (i64.add (local.get $x) (i64.trunc_sat_f64_s (local.get $f))))
      ;; The callee-saved homes go to the hottest locals.
      (local.set $k (i32.const 0))
      (loop $inner
        (local.set $h1 (i64.add (local.get $h1) (i64.extend_i32_u (local.get $k))))
        (local.set $h2 (i64.xor (local.get $h2) (local.get $h1)))
        (local.set $h3 (i64.add (local.get $h3) (local.get $h2)))
        (br_if $inner (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 3))))
      ;; $x and $f written last: the next iteration's first call stores them.
      (local.set $x (i64.add (local.get $x) (local.get $h3)))
      (local.set $f (f64.add (local.get $f) (f64.const 0.25)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i64.add (i64.add (local.get $x) (local.get $y))
             (i64.add (local.get $h1) (i64.trunc_sat_f64_s (f64.mul (local.get $f) (f64.const 1000))))))

  ;; Branches carrying a local's value out of blocks while the local changes:
  ;; br_if, br_table, select and if with a parameter.
  (func (export "branches") (param $n i32) (result i32) (local $x i32) (local $acc i32) (local $i i32)
    (loop $l
      (local.set $x (i32.add (local.get $x) (i32.const 3)))
      (local.set $acc (i32.add (local.get $acc)
        (block $b (result i32)
          (local.get $x)
          (local.set $x (i32.add (local.get $x) (i32.const 1)))
          (br_if $b (i32.and (local.get $i) (i32.const 1)))
          (drop)
          (local.get $x)
          (local.set $x (i32.sub (local.get $x) (i32.const 1)))
          (br_table $b $b (i32.and (local.get $i) (i32.const 2))))))
      (local.set $acc (i32.add (local.get $acc)
        (select (local.get $x) (local.get $i) (i32.and (local.get $i) (i32.const 4)))))
      (local.set $acc (i32.add (local.get $acc)
        (local.get $x)
        (if (param i32) (result i32) (i32.and (local.get $i) (i32.const 8))
          (then (local.set $x (i32.const 1)) (i32.add (local.get $x)))
          (else (local.set $x (i32.const 2)) (i32.sub (local.get $x))))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i32.add (local.get $acc) (local.get $x)))

;; Operations on a local that leave it unchanged: three-operand lea and
  ;; imul forms (32-bit results zero-extended), and sub of INT32_MIN.
  (func (export "three_operand") (param $x i32) (param $y i64) (result i64)
    (local $i i32) (local $acc i64)
    (loop $l
      (local.set $acc (i64.add (local.get $acc)
        (i64.add
          (i64.extend_i32_u (i32.add (local.get $x) (i32.const 1)))
          (i64.add
            (i64.extend_i32_u (i32.sub (local.get $x) (i32.const -2147483648)))
            (i64.add
              (i64.sub (local.get $y) (i64.const -5))
              (i64.add (i64.extend_i32_u (i32.mul (local.get $x) (i32.const 3)))
                       (i64.mul (local.get $y) (i64.const -7))))))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 2))))
    (local.get $acc))

;; In-place updates with the local as the right operand of a commutative
  ;; operation (and a constant on the left), the old value below.
  (func (export "in_place_swapped") (param $n i32) (result i64)
    (local $x i32) (local $f f64) (local $i i32) (local $acc i64)
    (local.set $x (i32.const 0x9e3779b9))
    (local.set $f (f64.const 1))
    (loop $l
      local.get $acc
      local.get $x
      (local.set $x (i32.xor (i32.shl (local.get $x) (i32.const 13)) (local.get $x)))
      (local.set $x (i32.add (i32.const 7) (local.get $x)))
      local.get $x
      i32.xor
      i64.extend_i32_u
      i64.add
      local.set $acc
      local.get $f
      (local.set $f (f64.add (f64.const 0.5) (local.get $f)))
      (local.set $f (f64.mul (f64.convert_i32_u (local.get $i)) (local.get $f)))
      local.get $f
      f64.sub
      i64.trunc_sat_f64_s
      local.get $acc
      i64.add
      local.set $acc
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $acc))

;; A load, or a local plus a constant, straight into another local's home
  ;; (localSetTarget): a ring of 8 nodes in memory (next pointer, f64 value
  ;; at +8) walked with p = load(p), whose address is the local written,
  ;; with the old p below on the stack; a tee'd address into q's home; f64
  ;; loads into the homes of f and g.
  (func (export "set_from_load") (param $n i32) (result i64)
    (local $p i32) (local $q i32) (local $i i32) (local $acc i64) (local $f f64) (local $g f64)
    (loop $build
      (local.set $q (i32.add (i32.const 64) (i32.shl (local.get $i) (i32.const 4))))
      (i32.store (local.get $q) (i32.add (local.get $q) (i32.const 16)))
      (f64.store offset=8 (local.get $q)
        (f64.mul (f64.convert_i32_u (local.get $i)) (f64.const 1.5)))
      (br_if $build (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 8))))
    (i32.store (i32.const 176) (i32.const 64))
    (local.set $p (i32.const 64))
    (local.set $i (i32.const 0))
    (loop $walk
      local.get $acc
      i64.const 31
      i64.mul
      local.get $p
      (local.set $p (i32.load (local.get $p)))
      local.get $p
      i32.const 3
      i32.mul
      i32.add
      i64.extend_i32_u
      i64.add
      local.set $acc
      (local.set $f (f64.add (local.get $f)
        (f64.load (local.tee $q (i32.add (local.get $p) (i32.const 8))))))
      local.get $g
      (local.set $g (f64.load offset=8 (local.get $p)))
      local.get $g
      f64.sub
      local.get $f
      f64.add
      local.set $f
      (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $q))))
      (br_if $walk (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i64.add (local.get $acc) (i64.trunc_sat_f64_s (f64.mul (local.get $f) (f64.const 1000)))))

  ;; Values of locals left on the stack below a call, a block, an if and a
  ;; loop (spillAll, restoreLocals): $p (callee-saved home) stays in its
  ;; home across calls; $q below a block that does not write it is read
  ;; from its home again, $r below an if that may write it from the copy
  ;; spilled at the if; $s (caller-saved home) below a loop whose call
  ;; leaves the home stale at the loop's end, from its copy too.
  (func (export "values_below") (param $n i32) (result i64)
    (local $p i32) (local $q i32) (local $r i32) (local $s i32) (local $i i32)
    (loop $l
      (local.set $p (i32.add (local.get $p) (i32.const 3)))
      (local.set $q (i32.xor (local.get $q) (i32.mul (local.get $p) (local.get $p))))
      (local.set $r (i32.add (local.get $r) (i32.xor (local.get $q) (local.get $p))))
      (local.set $s (i32.add (local.get $s) (i32.add (local.get $r) (local.get $r))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    local.get $p
    (i32.wrap_i64 (call $mix (i64.extend_i32_u (local.get $q)) (i64.const 5)))
    i32.add
    (i32.trunc_sat_f64_s (f64.floor (f64.div (f64.convert_i32_s (local.get $p)) (f64.const 7))))
    i32.xor
    local.get $q
    (block (local.set $s (i32.add (local.get $s) (i32.const 1))))
    i32.add
    local.get $r
    (if (i32.and (local.get $n) (i32.const 1)) (then (local.set $r (i32.const 1000))))
    i32.sub
    local.get $s
    (loop $m
      (br_if $m (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                          (i32.add (local.get $n) (i32.const 2))))
      (drop (call $mix (i64.extend_i32_u (local.get $i)) (i64.const 9))))
    i32.mul
    i64.extend_i32_u
    (i64.shl (i64.extend_i32_u (i32.add (local.get $r) (local.get $p))) (i64.const 32))
    i64.xor)

  ;; A trap out of a function with locals in registers; the caller traps too.
  (func $trap_inner (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.div_u (i32.const 100) (i32.sub (local.get $n) (local.get $i)))))
      (br_if $l (i32.le_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $s))
  (func (export "trap_inside") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (call $trap_inner (local.get $i))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $s))

  ;; Zeroing: $dirty leaves -1 in the stack words where $maybe_set's frame
  ;; then lies. $maybe_set's $a and $b are read where the spec's rule says
  ;; they may be unset (after the `if` that set $a, and at a loop's top
  ;; before $b's set): they must read 0, not the leftover -1. $c, set
  ;; first, is not zeroed and must read what was set.
  (func $dirty (param $v i32) (result i32)
    (local $0 i32) (local $1 i32) (local $2 i32) (local $3 i32) (local $4 i32)
    (local $5 i32) (local $6 i32) (local $7 i32) (local $8 i32) (local $9 i32)
    (local.set $0 (local.get $v)) (local.set $1 (local.get $v)) (local.set $2 (local.get $v))
    (local.set $3 (local.get $v)) (local.set $4 (local.get $v)) (local.set $5 (local.get $v))
    (local.set $6 (local.get $v)) (local.set $7 (local.get $v)) (local.set $8 (local.get $v))
    (local.set $9 (local.get $v))
    (i32.add (i32.add (i32.add (local.get $0) (local.get $1)) (i32.add (local.get $2) (local.get $3)))
      (i32.add (i32.add (local.get $4) (local.get $5)) (i32.add (i32.add (local.get $6) (local.get $7))
        (i32.add (local.get $8) (local.get $9))))))
  (func $maybe_set (param $set i32) (result i32)
    (local $c i32) (local $pad1 i64) (local $a i32) (local $pad2 i64) (local $b i32) (local $n i32)
    (local.set $c (i32.const 1000))
    (if (local.get $set) (then (local.set $a (i32.const 7))))
    (loop $l
      (local.set $c (i32.add (local.get $c) (local.get $b)))
      (local.set $b (i32.const 100))
      (br_if $l (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (i32.const 2))))
    (i32.add (local.get $a) (local.get $c)))
  (func (export "unset_locals_read_zero") (param $set i32) (result i32)
    (drop (call $dirty (i32.const -1)))
    (call $maybe_set (local.get $set)))
)
