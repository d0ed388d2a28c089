;; kiln inspect --asm: the hot locals of a loop live in registers for the
;; whole function: the counter in rbx and the parameter in r12 (callee-saved:
;; saved in the frame by the prologue, restored before returning), the f64
;; sum in xmm6, which goes to its frame slot around the call. Reads use the
;; registers directly.
(module
  (memory 1)
  (func $double (param f64) (result f64) (f64.add (local.get 0) (local.get 0)))
  (func $sum (param $n i32) (result f64) (local $i i32) (local $s f64)
    (loop $l
      (local.set $s (f64.add (local.get $s) (f64.load (local.get $i))))
      (local.set $s (call $double (local.get $s)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 8))) (local.get $n))))
    (local.get $s)))
