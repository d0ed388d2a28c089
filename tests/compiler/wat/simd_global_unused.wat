(module
  (global (export "g") v128 (v128.const i64x2 1 2))
  (func (export "f") (result i32) (i32.const 0)))
