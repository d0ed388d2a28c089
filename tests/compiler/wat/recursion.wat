;; rec(n) = n == 0 ? 0 : rec(n - 1) + 1: deep recursion inside one instance.
(module
  (func $rec (export "rec") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call $rec (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))
