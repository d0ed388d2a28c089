(module
  (global $g (mut v128) (v128.const i64x2 1 2))
  (global $h (export "h") v128 (v128.const i64x2 3 4))
  (func (export "f") (result i32) (i32.const 0))
  (func (export "g") (global.set $g (global.get $g))))
