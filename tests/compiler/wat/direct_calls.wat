;; Direct calls between functions of one instance skip the vmctx arguments
;; and the reloads of r14 and r15 after the call: the callee must return
;; with both current, even when it moved memory by growing it.
(module
  (memory 1)
  (global $counter (mut i32) (i32.const 0))
  (func $grow_and_mark (param $pages i32) (param $at i32) (result i32)
    (local $old i32)
    (local.set $old (memory.grow (local.get $pages)))
    (i32.store (local.get $at) (i32.const 77))
    (local.get $old))
  ;; Touches memory (so its base is in r15), grows it in a callee (past any
  ;; pool slot, so a bounds-checked memory moves), then reads what the callee
  ;; wrote at the new top and what it wrote itself before.
  (func (export "grow_in_callee") (param $pages i32) (param $at i32) (result i32)
    (i32.store (i32.const 8) (i32.const 0x1234))
    (drop (call $grow_and_mark (local.get $pages) (local.get $at)))
    (i32.add (i32.load (local.get $at)) (i32.load (i32.const 8))))
  ;; Recursion through direct calls, reading a global (through r14) and
  ;; memory (through r15) after every return.
  (func $count (export "count") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (global.get $counter))
      (else
        (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
        (i32.store (i32.const 0) (local.get $n))
        (i32.add
          (call $count (i32.sub (local.get $n) (i32.const 1)))
          (i32.add (global.get $counter) (i32.load (i32.const 0)))))))
)
