;; Calls into another instance's function.
(module
  (import "other" "rec" (func $rec (param i32) (result i32)))
  (func (export "go") (param i32) (result i32) (call $rec (local.get 0))))
