;; kiln inspect --asm: call_indirect's table bounds, null and signature checks.
(module
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (func $indirect (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 0) (local.get 1))))
