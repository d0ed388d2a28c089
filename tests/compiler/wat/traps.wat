;; Traps deep in calls, for backtraces (built with a name section).
(module
  (memory 1)
  (func $divide (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func $calls_divide (export "calls_divide") (param i32) (result i32)
    (i32.add (call $divide (i32.const 10) (local.get 0)) (i32.const 1)))
  (func $load (param i32) (result i32)
    (i32.load offset=8 (local.get 0)))
  (func $calls_load (export "calls_load") (param i32) (result i32)
    (call $load (local.get 0)))
  (func $fill (param i32)
    (memory.fill (local.get 0) (i32.const 0) (i32.const 16)))
  (func $calls_fill (export "calls_fill") (param i32)
    (call $fill (local.get 0)))
  ;; The load starts at the return address of the call before it, which
  ;; names the call when the pc is a return address: a fault there must name
  ;; the load.
  (func $address (param i32) (result i32) (local.get 0))
  (func $load_after_call (export "load_after_call") (param i32) (result i32)
    (i32.load8_u offset=2 (call $address (local.get 0))))
)
