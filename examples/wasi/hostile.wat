;; A module that makes hostile WASI calls: pointers and lengths past the end
;; of memory, an iovec count of 2^31, overlapping buffers, paths that are not
;; UTF-8, poll_oneoff with no subscriptions. Each export returns the errno the
;; call produced (tests/wasi asserts them); none of them may crash the host.
;; Expects a preopened directory as fd 3.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir"
    (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name"
    (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_renumber"
    (func $fd_renumber (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory"
    (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get"
    (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))

  (memory (export "memory") 1)
  (data (i32.const 1024) "ok\n")
  (data (i32.const 2048) "\ff\fe")      ;; not UTF-8
  (data (i32.const 2100) "a\00b")       ;; embedded NUL
  (data (i32.const 2200) "dir")

  ;; iovec {buf = 65530, len = 100}: the buffer runs past the end.
  (func (export "write_buffer_past_end") (result i32)
    (i32.store (i32.const 0) (i32.const 65530))
    (i32.store (i32.const 4) (i32.const 100))
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 64)))

  ;; The iovec array itself starts 4 bytes before the end.
  (func (export "write_iovecs_past_end") (result i32)
    (call $fd_write (i32.const 1) (i32.const 65532) (i32.const 1) (i32.const 64)))

  ;; 2^31 iovecs: must fail without trying to allocate for them.
  (func (export "write_iovec_count_2_31") (result i32)
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 0x80000000) (i32.const 64)))

  ;; nwritten would straddle the end of memory.
  (func (export "write_result_past_end") (result i32)
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 0))
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 65534)))

  ;; nwritten overwrites the iovec it was computed from; returns
  ;; errno * 65536 + nwritten.
  (func (export "write_overlapping") (result i32)
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 3))
    (i32.add
      (i32.mul (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 4))
               (i32.const 65536))
      (i32.load (i32.const 4))))

  ;; A read buffer that is also the iovec array (stdin at EOF reads nothing).
  (func (export "read_into_own_iovec") (result i32)
    (i32.store (i32.const 0) (i32.const 0))
    (i32.store (i32.const 4) (i32.const 8))
    (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))

  ;; argv pointers and strings in the same bytes.
  (func (export "args_overlapping") (result i32)
    (call $args_get (i32.const 512) (i32.const 512)))

  (func (export "args_sizes_past_end") (result i32)
    (call $args_sizes_get (i32.const 65535) (i32.const 0)))

  (func (export "random_past_end") (result i32)
    (call $random_get (i32.const 65000) (i32.const 1000)))

  ;; ptr + len wraps around 2^32.
  (func (export "random_wrapping") (result i32)
    (call $random_get (i32.const 0xffffffff) (i32.const 2)))

  (func (export "open_not_utf8") (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 2048) (i32.const 2) (i32.const 0)
      (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 64)))

  (func (export "open_embedded_nul") (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 2100) (i32.const 3) (i32.const 0)
      (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 64)))

  (func (export "open_path_past_end") (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 65535) (i32.const 10) (i32.const 0)
      (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 64)))

  ;; The new descriptor's number would be written past the end.
  (func (export "open_result_past_end") (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 2200) (i32.const 3)
      (i32.const 1) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 65533)))

  (func (export "open_through_stdout") (result i32)
    (call $path_open (i32.const 1) (i32.const 0) (i32.const 2200) (i32.const 3) (i32.const 0)
      (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 64)))

  (func (export "mkdir_not_utf8") (result i32)
    (call $path_create_directory (i32.const 3) (i32.const 2048) (i32.const 2)))

  (func (export "poll_no_subscriptions") (result i32)
    (call $poll_oneoff (i32.const 0) (i32.const 256) (i32.const 0) (i32.const 64)))

  (func (export "poll_subscriptions_past_end") (result i32)
    (call $poll_oneoff (i32.const 65500) (i32.const 0) (i32.const 1) (i32.const 64)))

  (func (export "poll_count_2_31") (result i32)
    (call $poll_oneoff (i32.const 0) (i32.const 0) (i32.const 0x80000000) (i32.const 64)))

  (func (export "readdir_buffer_past_end") (result i32)
    (call $fd_readdir (i32.const 3) (i32.const 65000) (i32.const 1000) (i64.const 0)
      (i32.const 64)))

  (func (export "prestat_name_past_end") (result i32)
    (call $fd_prestat_dir_name (i32.const 3) (i32.const 65535) (i32.const 100)))

  (func (export "clock_unknown") (result i32)
    (call $clock_time_get (i32.const 99) (i64.const 0) (i32.const 64)))

  (func (export "write_bad_fd") (result i32)
    (call $fd_write (i32.const 1234) (i32.const 0) (i32.const 0) (i32.const 64)))

  (func (export "renumber_to_closed") (result i32)
    (call $fd_renumber (i32.const 3) (i32.const 77)))
)
