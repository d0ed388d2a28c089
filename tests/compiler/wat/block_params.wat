;; Blocks, ifs and loops with parameters, whose values must survive being
;; constants (never stored) or being overwritten by the other arm.
(module
  ;; The else arm sees the if's parameters, not the then arm's results.
  (func (export "if_params") (param i32) (result i32)
    (i32.const 1) (i32.const 2)
    (if (param i32 i32) (result i32) (local.get 0)
      (then (i32.add))
      (else (i32.sub))))
  ;; As above with parameters in slots rather than constants.
  (func (export "if_params_slots") (param i32 i32 i32) (result i32)
    (local.get 1) (local.get 2)
    (if (param i32 i32) (result i32) (local.get 0)
      (then (i32.add))
      (else (i32.sub))))
  ;; A branch out of the then arm, then the else arm.
  (func (export "if_params_break") (param i32) (result i32)
    (i32.const 1) (i32.const 2)
    (if (param i32 i32) (result i32) (local.get 0)
      (then (br 0 (i32.add)))
      (else (i32.sub))))
  ;; With no else, the parameters pass through as results.
  (func (export "if_params_no_else") (param i32) (result i32)
    (i32.const 7)
    (if (param i32) (result i32) (local.get 0)
      (then (i32.const 3) (i32.mul))))
  ;; A loop whose parameters start as constants and are carried by br_if:
  ;; the sum of 1..n.
  (func (export "loop_params") (param i32) (result i32) (local $i i32)
    (i32.const 0) (i32.const 1)
    (loop $l (param i32 i32) (result i32)
      (local.set $i)
      (local.get $i) (i32.add)
      (local.get $i) (i32.const 1) (i32.add)
      (local.tee $i)
      (local.get $i) (local.get 0) (i32.le_s)
      (br_if $l)
      (drop)))
  ;; The same carried by br from an if inside the loop.
  (func (export "loop_params_br") (param i32) (result i32) (local $i i32)
    (i32.const 0) (i32.const 1)
    (loop $l (param i32 i32) (result i32)
      (local.set $i)
      (local.get $i) (i32.add)
      (local.get $i) (i32.const 1) (i32.add)
      (if (param i32 i32) (result i32 i32) (i32.lt_s (local.get $i) (local.get 0))
        (then (br $l)))
      (drop)))
)
