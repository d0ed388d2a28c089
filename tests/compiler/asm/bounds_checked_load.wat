;; kiln inspect --asm --bounds-checks: an explicit check of address + offset +
;; size against the memory's current length, then the load.
(module
  (memory 1)
  (func $load (param i32) (result i32)
    (i32.load offset=4 (local.get 0))))
