;; Kiln's demo module: small, but it uses every kind of thing `kiln inspect`
;; reports. The build turns it into build/examples/demo.wasm with
;; `wat2wasm --debug-names`, so the binary carries a name section.
(module $demo
  ;; The host provides a logger and a starting value for the counter.
  (import "env" "log" (func $log (param $ptr i32) (param $len i32)))
  (import "env" "start_count" (global $start_count i32))

  (type $binop (func (param i32 i32) (result i32)))

  ;; One page to start with, growable to four; a greeting at address 16.
  (memory $mem 1 4)
  (data $greeting (i32.const 16) "Hello from Kiln!")

  (global $calls (mut i32) (i32.const 0))
  (global $scale f64 (f64.const 1.5))

  ;; Arithmetic operators reachable through `apply` by table slot.
  (table $ops 3 funcref)
  (elem $operators (table $ops) (i32.const 0) func $add $sub $mul)

  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  (func $mul (type $binop) (i32.mul (local.get 0) (local.get 1)))

  ;; Calls operator number `op` on `a` and `b`; traps if `op` is out of range.
  (func $apply (param $op i32) (param $a i32) (param $b i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (call_indirect $ops (type $binop) (local.get $a) (local.get $b) (local.get $op)))

  ;; n! with a loop, in 64 bits.
  (func $factorial (param $n i64) (result i64) (local $acc i64)
    (local.set $acc (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i64.le_u (local.get $n) (i64.const 1)))
        (local.set $acc (i64.mul (local.get $acc) (local.get $n)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $next)))
    (local.get $acc))

  ;; The sum of the four i32 lanes of a SIMD vector.
  (func $sum_lanes (param $v v128) (result i32)
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))))

  ;; Logs the greeting from linear memory.
  (func $greet
    (call $log (i32.const 16) (i32.const 16)))

  ;; Runs at instantiation: seeds the call counter from the host.
  (func $init
    (global.set $calls (global.get $start_count)))
  (start $init)

  (export "memory" (memory $mem))
  (export "ops" (table $ops))
  (export "calls" (global $calls))
  (export "scale" (global $scale))
  (export "apply" (func $apply))
  (export "factorial" (func $factorial))
  (export "sum_lanes" (func $sum_lanes))
  (export "greet" (func $greet)))
