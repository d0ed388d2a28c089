(module
  (func (export "f") (result i32) (local v128) (i32.const 0)))
