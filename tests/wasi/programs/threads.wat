;; A wasi-threads program (what wasm32-wasip1-threads builds look like): it
;; imports its shared memory and wasi.thread-spawn, and exports
;; wasi_thread_start. Used by wasi_threads_test and wasi_cli_test.
;;
;; _start, by argument count:
;;   1 (no argument): spawns threads 1 to 4; thread k adds k to a counter
;;     1000 times (atomically), then counts itself done and notifies. Once
;;     all are done, prints "threads ok" and exits 0 if the counter is 10000,
;;     else exits 1; 3 when a spawn failed.
;;   2: spawns a thread that calls proc_exit(42), then waits forever.
;;   3: spawns a thread that traps, then waits forever.
;;   4 or more: spawns a thread that spins forever, then waits forever (for
;;     --timeout, which must stop both).
;; spawn(arg) spawns one thread and returns what thread-spawn returned.
;; Memory: 0 counter, 4 threads done, 8 a word nobody changes, 16 an iovec,
;; 24 nwritten, 32 the text.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  (export "memory" (memory 0))
  (data (i32.const 32) "threads ok\n")

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (local $i i32)
    (if (i32.eqz (local.get $arg)) (then (call $exit (i32.const 42))))
    (if (i32.eq (local.get $arg) (i32.const -1)) (then unreachable))
    (if (i32.lt_s (local.get $arg) (i32.const 0)) (then (loop $spin (br $spin))))
    (loop $add
      (drop (i32.atomic.rmw.add (i32.const 0) (local.get $arg)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $add (i32.lt_u (local.get $i) (i32.const 1000))))
    (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 4) (i32.const 1))))

  (func (export "spawn") (param $arg i32) (result i32)
    (call $spawn (local.get $arg)))

  (func $waitForever
    (loop $forever
      (drop (memory.atomic.wait32 (i32.const 8) (i32.const 0) (i64.const -1)))
      (br $forever)))

  (func (export "_start")
    (local $n i32)
    (drop (call $args_sizes (i32.const 0) (i32.const 24)))
    (if (i32.eq (i32.load (i32.const 0)) (i32.const 2))
      (then (drop (call $spawn (i32.const 0))) (call $waitForever)))
    (if (i32.eq (i32.load (i32.const 0)) (i32.const 3))
      (then (drop (call $spawn (i32.const -1))) (call $waitForever)))
    (if (i32.ge_u (i32.load (i32.const 0)) (i32.const 4))
      (then (drop (call $spawn (i32.const -2))) (call $waitForever)))
    (i32.store (i32.const 0) (i32.const 0))
    (loop $spawnAll
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (if (i32.le_s (call $spawn (local.get $n)) (i32.const 0)) (then (call $exit (i32.const 3))))
      (br_if $spawnAll (i32.lt_u (local.get $n) (i32.const 4))))
    (block $done
      (loop $wait
        (local.set $n (i32.atomic.load (i32.const 4)))
        (br_if $done (i32.eq (local.get $n) (i32.const 4)))
        (drop (memory.atomic.wait32 (i32.const 4) (local.get $n) (i64.const -1)))
        (br $wait)))
    (if (i32.ne (i32.atomic.load (i32.const 0)) (i32.const 10000)) (then (call $exit (i32.const 1))))
    (i32.store (i32.const 16) (i32.const 32))
    (i32.store (i32.const 20) (i32.const 11))
    (drop (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))))
