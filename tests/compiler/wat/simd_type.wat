(module
  (import "host" "f" (func (param v128))))
