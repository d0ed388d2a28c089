#!/usr/bin/env python3
"""End-to-end tests of `kiln run` as a WASI command runner.

Runs the examples in examples/wasi under `kiln run` and natively (the same C
built for the host) and compares stdout and exit codes; checks exit codes for
traps, link failures and timeouts, text-format input, the engine options and
the sandbox probe (against kiln_wasi_run, the embedding-API driver).

Usage: wasi_cli_test.py KILN KILN_WASI_RUN EXAMPLES_DIR WAT2WASM
"""
import os
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import unittest_totals  # noqa: E402  (tests/unittest_totals.py)

KILN, KILN_WASI_RUN, EXAMPLES, WAT2WASM = map(os.path.abspath, sys.argv[1:5])
# A wasi-threads program (see the file for what each argument count does).
THREADS_WAT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wasi", "programs",
                           "threads.wat")

# `kiln run` caches compiled code by default: a run given the host's
# environment caches in a directory of this test's, never in ~/.cache.
CACHE_HOME = tempfile.TemporaryDirectory()
os.environ["XDG_CACHE_HOME"] = CACHE_HOME.name

# Prints its arguments, each followed by NUL, with one fd_write: argv as the
# guest sees it, in text format.
ARGS_WAT = """
(module
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $args_get (i32.const 64) (i32.const 1024)))
    (i32.store (i32.const 16) (i32.const 1024))
    (i32.store (i32.const 20) (i32.load (i32.const 4)))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))))
"""
EXIT_42_WAT = """
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (call $proc_exit (i32.const 42)) (unreachable)))
"""
RETURNS_WAT = '(module (memory (export "memory") 1) (func (export "_start")))'
TRAP_WAT = """
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func $inner (result i32) (i32.div_u (i32.const 1) (i32.const 0)))
  (func $outer (drop (call $inner)))
  (func (export "_start") (call $outer)))
"""
NOT_WASI_WAT = """
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
  (import "env" "foo" (func (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")))
"""
LOOP_WAT = '(module (memory (export "memory") 1) (func (export "_start") (loop (br 0))))'
# WASI preview 0 (wasi_unstable), as old toolchains built it: opens data.txt
# in the first preopen, seeks 2 back from the end (whence 1 is END in preview
# 0, CUR in preview 1) and writes the new position (u64), then the file's
# size (u64 at 24) and link count (u32 at 20) from preview 0's 56-byte
# filestat. Each failing step exits with its own status.
PREVIEW0_WAT = """
(module
  (import "wasi_unstable" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_unstable" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "data.txt")
  ;; iovecs: the position (32, 8 bytes), size (88, 8) and nlink (84, 4)
  (data (i32.const 200) "\\20\\00\\00\\00\\08\\00\\00\\00\\58\\00\\00\\00\\08\\00\\00\\00"
                        "\\54\\00\\00\\00\\04\\00\\00\\00")
  (func (export "_start") (local $fd i32)
    ;; rights: fd_read, fd_seek, fd_tell, fd_filestat_get
    (if (call $path_open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 8) (i32.const 0)
                         (i64.const 0x200026) (i64.const 0) (i32.const 0) (i32.const 16))
      (then (call $proc_exit (i32.const 11))))
    (local.set $fd (i32.load (i32.const 16)))
    (if (call $fd_seek (local.get $fd) (i64.const -2) (i32.const 1) (i32.const 32))
      (then (call $proc_exit (i32.const 12))))
    (if (call $fd_filestat_get (local.get $fd) (i32.const 64))
      (then (call $proc_exit (i32.const 13))))
    (drop (call $fd_write (i32.const 1) (i32.const 200) (i32.const 3) (i32.const 240)))))
"""

ENGINE_OPTIONS = [[], ["--bounds-checks"], ["--force-libcalls"],
                  ["--bounds-checks", "--force-libcalls"]]


def example(name, native=False):
    return os.path.join(EXAMPLES, name + (".native" if native else ".wasm"))


def run(argv, stdin=subprocess.DEVNULL, env=None, input=None, cwd=None):
    """Runs argv in `cwd` with exactly `env` as its environment (none by
    default); returns (exit code, stdout bytes, stderr text)."""
    result = subprocess.run(argv, stdin=None if input is not None else stdin, input=input,
                            capture_output=True, env=env if env is not None else {}, cwd=cwd,
                            timeout=120)
    return result.returncode, result.stdout, result.stderr.decode(errors="replace")


def kiln_run(*args, **kwargs):
    return run([KILN, "run", *args], **kwargs)


def native(name, *args, **kwargs):
    return run([example(name, native=True), *args], **kwargs)


class WasiCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.wat = {}
        for name, text in [("args", ARGS_WAT), ("exit42", EXIT_42_WAT), ("returns", RETURNS_WAT),
                           ("trap", TRAP_WAT), ("not_wasi", NOT_WASI_WAT), ("loop", LOOP_WAT),
                           ("preview0", PREVIEW0_WAT)]:
            path = os.path.join(cls.tmp.name, name + ".wat")
            with open(path, "w") as f:
                f.write(text)
            cls.wat[name] = path
        cls.trap_wasm = os.path.join(cls.tmp.name, "trap.wasm")
        subprocess.run([WAT2WASM, "--debug-names", cls.wat["trap"], "-o", cls.trap_wasm],
                       check=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def make_dir(self, name):
        path = os.path.join(self.tmp.name, name)
        shutil.rmtree(path, ignore_errors=True)
        os.mkdir(path)
        return path

    def assert_same_as_native(self, name, wasm_options, args, native_args=None, native_cwd=None,
                              **kwargs):
        """Runs example `name` under kiln run and natively (in `native_cwd`);
        asserts the same exit code and stdout, and returns the stdout."""
        code, out, err = kiln_run(*wasm_options, example(name), *args, **kwargs)
        native_code, native_out, _ = native(name, *(native_args or args), cwd=native_cwd, **kwargs)
        self.assertEqual((code, out), (native_code, native_out), err)
        return out

    # ---- hello: arguments and environment -----------------------------------

    def test_hello_args_and_env_match_native(self):
        args = ["a", "b c", "\u00e9t\u00e9", ""]
        code, out, err = kiln_run("--env", "GREETING=hi there", "--env", "EMPTY=",
                                  example("hello"), *args, env={"SECRET": "leak"})
        native_code, native_out, _ = native("hello", *args,
                                            env={"GREETING": "hi there", "EMPTY": ""})
        self.assertEqual((code, out), (native_code, native_out), err)
        self.assertEqual(code, 0)
        self.assertIn(b"env: GREETING=hi there\nenv: EMPTY=\n", out)
        self.assertNotIn(b"SECRET", out)

    def test_env_name_passes_the_hosts_value(self):
        code, out, err = kiln_run("--env", "FROM_HOST", "--env", "UNSET_ON_HOST", example("hello"),
                                  env={"FROM_HOST": "value=with=equals", "OTHER": "x"})
        self.assertEqual(code, 0, err)
        self.assertEqual(out, b"Hello, world!\nargc = 1\nenv: FROM_HOST=value=with=equals\n")

    def test_no_environment_without_env(self):
        code, out, _ = kiln_run(example("hello"), env=dict(os.environ))
        self.assertEqual((code, out), (0, b"Hello, world!\nargc = 1\n"))

    def test_argv0_is_file_as_written_and_options_after_file_are_the_guests(self):
        relative = os.path.relpath(self.wat["args"])
        code, out, err = kiln_run(relative, "x", "--env", "A=1", "--dir", "/", "-h")
        self.assertEqual(code, 0, err)
        self.assertEqual(out.split(b"\0"),
                         [relative.encode(), b"x", b"--env", b"A=1", b"--dir", b"/", b"-h", b""])

    def test_wat_hello_prints_through_fd_write(self):
        code, out, err = kiln_run(self.wat["args"], "hello")
        self.assertEqual((code, out), (0, self.wat["args"].encode() + b"\0hello\0"), err)

    # ---- filetool: preopens -------------------------------------------------

    def fill(self, path):
        with open(os.path.join(path, "source.bin"), "wb") as f:
            f.write(bytes(i * 7 % 251 for i in range(100000)))
        os.mkdir(os.path.join(path, "nested"))
        with open(os.path.join(path, "nested", "inner.txt"), "w") as f:
            f.write("inner")

    def test_filetool_copies_and_lists_inside_preopen(self):
        wasm_dir, native_dir = self.make_dir("ft_wasm"), self.make_dir("ft_native")
        self.fill(wasm_dir)
        self.fill(native_dir)
        copy = self.assert_same_as_native(
            "filetool", ["--dir", wasm_dir + "::work"], ["copy", "work/source.bin", "work/copy.bin"],
            ["copy", native_dir + "/source.bin", native_dir + "/copy.bin"])
        self.assertEqual(copy, b"copied 100000 bytes\n")
        with open(os.path.join(wasm_dir, "copy.bin"), "rb") as copied, \
             open(os.path.join(wasm_dir, "source.bin"), "rb") as source:
            self.assertEqual(copied.read(), source.read())
        listing = self.assert_same_as_native("filetool", ["--dir", wasm_dir + "::work"],
                                             ["list", "work"], ["list", native_dir])
        self.assertEqual(listing,
                         b"f copy.bin 100000\nd nested/\nf source.bin 100000\n3 entries\n")
        # --dir HOST keeps the host path as the guest's name.
        code, out, err = kiln_run("--dir", wasm_dir, example("filetool"), "cat",
                                  wasm_dir + "/nested/inner.txt")
        self.assertEqual((code, out), (0, b"inner"), err)

    def test_nothing_visible_without_dir(self):
        wasm_dir = self.make_dir("ft_hidden")
        self.fill(wasm_dir)
        for args in (["list", "."], ["list", wasm_dir], ["cat", wasm_dir + "/nested/inner.txt"],
                     ["cat", "/etc/passwd"]):
            code, out, _ = kiln_run(example("filetool"), *args)
            self.assertNotEqual(code, 0, args)
            self.assertEqual(out, b"", args)
        code, out, _ = kiln_run("--dir", wasm_dir + "::work", example("filetool"), "cat",
                                "work/../../../etc/passwd")
        self.assertNotEqual(code, 0)
        self.assertEqual(out, b"")

    def test_preopens_get_fds_in_command_line_order(self):
        first, second = self.make_dir("order_a"), self.make_dir("order_b")
        code, out, err = kiln_run("--dir", first + "::sandbox", "--dir", second + "::other",
                                  example("sandbox_probe"))
        self.assertEqual(code, 0, err)
        self.assertTrue(out.endswith(b"preopen 3: sandbox\npreopen 4: other\n"), out)

    def test_dir_that_is_not_a_directory_fails_to_start(self):
        path = os.path.join(self.tmp.name, "plain_file")
        with open(path, "w") as f:
            f.write("x")
        for bad in (path, os.path.join(self.tmp.name, "absent")):
            code, out, err = kiln_run("--dir", bad, example("hello"))
            self.assertEqual((code, out), (1, b""))
            self.assertIn(bad, err)

    # ---- stdin_reader: files, pipes, /dev/null ------------------------------

    def test_stdin_from_file_pipe_and_dev_null(self):
        data = b"".join(b"line %d\n" % i for i in range(200000))
        path = os.path.join(self.tmp.name, "stdin.txt")
        with open(path, "wb") as f:
            f.write(data)
        with open(path, "rb") as wasm_in, open(path, "rb") as native_in:
            from_file = kiln_run(example("stdin_reader"), stdin=wasm_in)
            self.assertEqual(from_file[:2], native("stdin_reader", stdin=native_in)[:2])
        from_pipe = kiln_run(example("stdin_reader"), input=data)
        self.assertEqual(from_pipe[:2], from_file[:2])
        self.assertIn(b"bytes: %d\nlines: 200000\n" % len(data), from_pipe[1])
        self.assertEqual(kiln_run(example("stdin_reader"))[:2],
                         (0, b"bytes: 0\nlines: 0\nfnv1a: 811c9dc5\n"))

    # ---- compress: a bigger program -----------------------------------------

    def test_compress_round_trip_matches_native(self):
        # Natively the same relative paths, from the directory above "data".
        wasm_dir, native_cwd = self.make_dir("cz_wasm"), self.make_dir("cz_native")
        native_dir = os.path.join(native_cwd, "data")
        os.mkdir(native_dir)
        text = b"".join(b"%d bottles of beer on the wall, %d bottles of beer.\n" % (i, i)
                        for i in range(3000))
        for directory in (wasm_dir, native_dir):
            with open(os.path.join(directory, "input.txt"), "wb") as f:
                f.write(text)
        out = self.assert_same_as_native(
            "compress", ["--dir", wasm_dir + "::data"], ["data/input.txt", "data/out.lz"],
            native_cwd=native_cwd)
        self.assertIn(b"roundtrip: ok", out)
        with open(os.path.join(wasm_dir, "out.lz"), "rb") as a, \
             open(os.path.join(native_dir, "out.lz"), "rb") as b:
            compressed = a.read()
            self.assertEqual(compressed, b.read())
        self.assertLess(len(compressed), len(text) // 4)

    def test_engine_options_give_the_same_output(self):
        for options in ENGINE_OPTIONS:
            self.assert_same_as_native("compress", options, [])
            self.assert_same_as_native("hello", options, ["x", "y"])
            self.assert_same_as_native("clock_random", options, [])

    # ---- exit codes ----------------------------------------------------------

    def test_exit_codes(self):
        self.assertEqual(kiln_run(self.wat["exit42"])[0], 42)
        self.assertEqual(kiln_run(self.wat["returns"])[:2], (0, b""))
        self.assertEqual(kiln_run(example("filetool"))[0], 2)  # main returns 2
        self.assertEqual(native("filetool")[0], 2)

    def test_exit_status_that_cannot_be_passed_on_fails_with_1(self):
        # As wasmtime: proc_exit(126..2^32-1) is refused with a message and
        # status 1, never wrapped (256 would read as success, 257 as 1).
        for status, expected in [(0, 0), (125, 125), (126, 1), (256, 1), (257, 1), (-1, 1)]:
            path = os.path.join(self.tmp.name, "exit_%d.wat" % status)
            with open(path, "w") as f:
                f.write(EXIT_42_WAT.replace("42", str(status)))
            code, out, err = kiln_run(path)
            self.assertEqual((code, out), (expected, b""), err)
            if expected == 1:
                shown = status & 0xffffffff
                self.assertEqual(err, path + ": error: proc_exit status %d cannot be passed on: "
                                 "it must be 0 to 125\n" % shown)
            else:
                self.assertEqual(err, "")

    def test_wasi_unstable_preview0_program_runs(self):
        data = self.make_dir("preview0")
        with open(os.path.join(data, "data.txt"), "wb") as f:
            f.write(b"0123456789")
        code, out, err = kiln_run("--dir", data, self.wat["preview0"])
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, struct.pack("<QQI", 8, 10, 1))

    def test_trap_exits_134_with_message_and_backtrace(self):
        for module in (self.trap_wasm, self.wat["trap"]):
            code, out, err = kiln_run(module)
            self.assertEqual((code, out), (134, b""), err)
            self.assertIn("error: integer divide by zero", err)
            # The module has no name of its own: frames show the file's stem.
            self.assertRegex(err, r"\nwasm backtrace:\n  #0 trap!inner @ 0x[0-9a-f]+\n"
                                  r"  #1 trap!outer @ 0x[0-9a-f]+\n")

    def test_import_that_is_not_wasi_fails_to_link(self):
        code, out, err = kiln_run(self.wat["not_wasi"])
        self.assertEqual((code, out), (1, b""))
        self.assertIn("env.foo", err)

    def test_timeout_interrupts_an_infinite_loop(self):
        code, out, err = kiln_run("--timeout", "1", self.wat["loop"])
        self.assertEqual((code, out), (134, b""))
        self.assertIn("error: interrupted", err)

    # ---- wasi-threads --------------------------------------------------------

    def test_wasi_threads_program_runs_with_no_extra_flag(self):
        for options in ([], ["--bounds-checks"], ["--fuel", "100000000"]):
            code, out, err = kiln_run(*options, THREADS_WAT)
            self.assertEqual((code, out), (0, b"threads ok\n"), (options, err))

    def test_exit_or_trap_in_a_thread_ends_the_program(self):
        code, out, err = kiln_run(THREADS_WAT, "exit")
        self.assertEqual((code, out), (42, b""), err)
        code, out, err = kiln_run(THREADS_WAT, "trap", "please")
        self.assertEqual((code, out), (134, b""))
        self.assertIn("unreachable", err)
        self.assertIn("wasi_thread_start", err)

    def test_timeout_stops_every_thread(self):
        code, out, err = kiln_run("--timeout", "1", THREADS_WAT, "spin", "and", "wait")
        self.assertEqual((code, out), (134, b""))
        self.assertIn("error: interrupted", err)

    # ---- the sandbox probe ---------------------------------------------------

    def test_sandbox_probe_matches_the_embedding_driver(self):
        outputs = []
        for runner in ([KILN, "run"], [KILN_WASI_RUN]):
            outer = self.make_dir("probe_" + os.path.basename(runner[0]))
            root, other = os.path.join(outer, "root"), os.path.join(outer, "other")
            os.mkdir(root)
            os.mkdir(other)
            os.mkdir(os.path.join(root, "sub"))
            with open(os.path.join(outer, "outside.txt"), "w") as f:
                f.write("secret")
            with open(os.path.join(root, "file.txt"), "w") as f:
                f.write("inside")
            code, out, err = run([*runner, "--dir", root + "::sandbox", "--dir", other + "::other",
                                  example("sandbox_probe")])
            self.assertEqual(code, 0, err)
            with open(os.path.join(outer, "outside.txt")) as f:
                self.assertEqual(f.read(), "secret")
            self.assertFalse(os.path.exists(os.path.join(outer, "escape")))
            outputs.append(out)
        lines = outputs[0].decode().splitlines()
        self.assertEqual(outputs[0], outputs[1])
        self.assertEqual(len(lines), 29)
        for line in ("open ../outside.txt: ENOTCAPABLE", "open link_out (follow): ENOTCAPABLE",
                     "rename new.txt to other/moved.txt: ok", "mkdir ../escape: ENOTCAPABLE"):
            self.assertIn(line, lines)


if __name__ == "__main__":
    unittest_totals.main()
