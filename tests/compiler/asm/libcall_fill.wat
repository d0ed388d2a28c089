;; kiln inspect --asm --force-libcalls: memory.fill through its libcall, then
;; the check of its sentinel that raises the trap it recorded.
(module
  (memory 1)
  (func $fill (param i32 i32)
    (memory.fill (local.get 0) (i32.const 0) (local.get 1))))
