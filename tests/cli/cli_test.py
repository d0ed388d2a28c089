#!/usr/bin/env python3
"""End-to-end tests of the kiln command-line tool.

Usage: cli_test.py KILN DEMO_WASM VERSION DWARF_TRAP_WASM
"""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import unittest_totals  # noqa: E402  (tests/unittest_totals.py)

KILN, DEMO_WASM, VERSION, DWARF_TRAP_WASM = sys.argv[1:5]

# `kiln run` caches compiled code by default: these tests cache in a
# directory of their own, never in the user's ~/.cache.
CACHE_HOME = tempfile.TemporaryDirectory()
os.environ["XDG_CACHE_HOME"] = CACHE_HOME.name

HEADER = b"\0asm\x01\0\0\0"
# A function typed [] -> [i32] whose body is just `end`: well-formed, invalid.
INVALID = HEADER + bytes([
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F,  # type section: [] -> [i32]
    0x03, 0x02, 0x01, 0x00,                    # function section: one of type 0
    0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,        # code section: no locals, `end`
])
# Not a module at all: the magic number is wrong.
MALFORMED = b"\0asx\x01\0\0\0"
# A type section that announces 5 bytes and has none: malformed at 0xa.
TRUNCATED = HEADER + bytes([0x01, 0x05])


def kiln(*args):
    """Runs kiln; returns (exit code, stdout, stderr)."""
    result = subprocess.run([KILN, *args], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=300)
    return result.returncode, result.stdout, result.stderr


class CliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.files = {}
        for name, data in [("empty", HEADER), ("invalid", INVALID), ("malformed", MALFORMED),
                           ("truncated", TRUNCATED)]:
            path = os.path.join(cls.dir.name, name + ".wasm")
            with open(path, "wb") as f:
                f.write(data)
            cls.files[name] = path
        cls.missing = os.path.join(cls.dir.name, "missing.wasm")

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_version(self):
        code, out, _ = kiln("--version")
        self.assertEqual(code, 0)
        self.assertEqual(out.strip(), "kiln " + VERSION)

    def test_help_lists_subcommands(self):
        code, out, _ = kiln("--help")
        self.assertEqual(code, 0)
        self.assertIn("validate", out)
        self.assertIn("inspect", out)

    def test_usage_errors_exit_2(self):
        self.assertEqual(kiln()[0], 2)
        self.assertEqual(kiln("no-such-command")[0], 2)
        self.assertEqual(kiln("validate")[0], 2)
        self.assertEqual(kiln("inspect", "--no-such-flag", DEMO_WASM)[0], 2)

    def test_validate_valid_modules(self):
        code, out, err = kiln("validate", DEMO_WASM, self.files["empty"])
        self.assertEqual(code, 0, err)
        self.assertEqual(out.splitlines(),
                         [DEMO_WASM + ": ok", self.files["empty"] + ": ok"])

    def assert_rejected(self, name, spec_message):
        path = self.files[name]
        code, out, err = kiln("validate", path)
        self.assertEqual(code, 1, out + err)
        self.assertEqual(out, "")
        self.assertRegex(err.strip(), "^" + re.escape(path) + r": error: 0x[0-9a-f]+: .+")
        self.assertIn(spec_message, err)

    def test_validate_invalid_module(self):
        self.assert_rejected("invalid", "type mismatch")

    def test_validate_malformed_module(self):
        self.assert_rejected("malformed", "magic header not detected")

    def test_validate_reports_every_file(self):
        code, out, err = kiln("validate", self.files["invalid"], DEMO_WASM)
        self.assertEqual(code, 1)
        self.assertEqual(out.strip(), DEMO_WASM + ": ok")
        self.assertTrue(err.startswith(self.files["invalid"] + ": error: "), err)

    def test_validate_unreadable_file_exits_2(self):
        code, _, err = kiln("validate", self.files["invalid"], self.missing)
        self.assertEqual(code, 2)
        self.assertIn(self.missing + ": error: cannot read: No such file or directory", err)
        code, _, err = kiln("validate", self.dir.name)
        self.assertEqual(code, 2)
        self.assertIn(self.dir.name + ": error: cannot read: ", err)

    def test_inspect_json_describes_demo(self):
        code, out, err = kiln("inspect", "--json", DEMO_WASM)
        self.assertEqual(code, 0, err)
        info = json.loads(out)
        counts = info["counts"]
        self.assertEqual(counts["types"], 6)
        self.assertEqual(counts["functions"], {"imported": 1, "defined": 8, "total": 9})
        self.assertEqual(counts["tables"], {"imported": 0, "defined": 1, "total": 1})
        self.assertEqual(counts["memories"], {"imported": 0, "defined": 1, "total": 1})
        self.assertEqual(counts["globals"], {"imported": 1, "defined": 2, "total": 3})
        self.assertEqual(counts["elements"], 1)
        self.assertEqual(counts["data"], 1)
        self.assertEqual(info["moduleName"], "demo")
        self.assertEqual(info["start"], 8)
        self.assertEqual([(i["module"], i["name"], i["kind"]) for i in info["imports"]],
                         [("env", "log", "func"), ("env", "start_count", "global")])
        exports = {e["name"]: (e["kind"], e["index"]) for e in info["exports"]}
        self.assertEqual(exports["apply"], ("func", 4))
        self.assertEqual(exports["memory"], ("memory", 0))
        self.assertEqual(exports["calls"], ("global", 1))
        names = {n["index"]: n["name"] for n in info["functionNames"]}
        self.assertEqual(names[0], "log")
        self.assertEqual(names[8], "init")
        section_names = [s["name"] for s in info["sections"]]
        self.assertEqual(section_names[:3], ["type", "import", "function"])
        self.assertEqual(info["sections"][-1]["customName"], "name")
        self.assertEqual(info["size"], os.path.getsize(DEMO_WASM))

    def test_inspect_text_names_functions(self):
        code, out, err = kiln("inspect", DEMO_WASM)
        self.assertEqual(code, 0, err)
        self.assertIn("env.log func", out)
        self.assertIn("start: func 8 $init", out)
        self.assertIn("functions 9 (1 imported, 8 defined)", out)

    def test_validate_names_the_file_once(self):
        path = self.files["truncated"]
        code, out, err = kiln("validate", path)
        self.assertEqual((code, out), (1, ""))
        self.assertEqual(err, path + ": error: 0xa: length out of bounds\n")

    def test_inspect_rejects_like_validate(self):
        code, out, err = kiln("inspect", "--json", self.files["malformed"])
        self.assertEqual(code, 1)
        self.assertEqual(out, "")
        self.assertTrue(err.startswith(self.files["malformed"] + ": error: 0x"), err)
        self.assertEqual(kiln("inspect", self.missing)[0], 2)


class ScratchFilesTest(unittest.TestCase):
    """A test class whose modules are files written into one temporary
    directory, removed when the class is done."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def write(self, name, data):
        """Writes `data` (bytes, or text) to NAME in the directory; its path."""
        path = os.path.join(self.dir.name, name)
        with open(path, "wb" if isinstance(data, bytes) else "w") as f:
            f.write(data)
        return path


class TextFormatTest(ScratchFilesTest):
    """.wat is accepted wherever a .wasm is: one loader for every subcommand."""

    def test_validate_and_inspect_read_text(self):
        path = self.write("text.wat", '(module (func $f (export "f") (result i32) i32.const 7))')
        code, out, err = kiln("validate", path)
        self.assertEqual((code, out, err), (0, path + ": ok\n", ""))
        code, out, err = kiln("inspect", "--json", path)
        self.assertEqual(code, 0, err)
        info = json.loads(out)
        self.assertEqual(info["counts"]["functions"]["defined"], 1)
        self.assertEqual(info["exports"], [{"name": "f", "kind": "func", "index": 0}])
        self.assertEqual(info["functionNames"], [{"index": 0, "name": "f"}])
        code, out, err = kiln("inspect", "--asm", path, "f")
        self.assertEqual(code, 0, err)
        self.assertIn("func[0] $f () -> (i32):", out)
        code, out, _ = kiln("run", "--invoke", "f", path)
        self.assertEqual((code, out), (0, "7\n"))

    def test_text_that_does_not_parse_is_malformed(self):
        path = self.write("broken.wat", "(module\n  (func (resul i32)))")
        for command in ("validate", "inspect", "run"):
            code, out, err = kiln(command, path)
            self.assertEqual((code, out), (1, ""), command)
            self.assertTrue(err.startswith(path + ": error: 2:10: "), err)
            self.assertEqual(err.count(path), len(err.splitlines()), err)


class ErrorKindTest(ScratchFilesTest):
    """Every kind of kiln::Error as `kiln run` reports it: its exit status
    and its message, with the file named once per line."""

    def run_module(self, name, data, *args):
        path = self.write(name, data)
        return (path, *kiln("run", *args, path))

    def test_malformed(self):
        path, code, out, err = self.run_module("truncated.wasm", TRUNCATED)
        self.assertEqual((code, out, err), (1, "", path + ": error: 0xa: length out of bounds\n"))

    def test_invalid(self):
        path, code, out, err = self.run_module("invalid.wasm", INVALID)
        self.assertEqual((code, out), (1, ""))
        self.assertRegex(err, "^" + re.escape(path) +
                         r": error: 0x18: in function 0: type mismatch[^\n]*\n$")

    def test_unsupported(self):
        path, code, _, err = self.run_module(
            "gc.wat", '(module (func (export "_start") (drop (ref.i31 (i32.const 0)))))')
        self.assertEqual(code, 1)
        # The offset is the instruction's.
        self.assertRegex(err, "^" + re.escape(path) +
                         r": error: 0x[0-9a-f]+: in function 0: garbage collection \(ref.i31\) "
                         r"is not supported by Kiln yet\n$")
        self.assertEqual(kiln("validate", path)[0], 0)  # valid, only not runnable

    def test_link_lists_every_unresolved_import_with_its_type(self):
        path, code, _, err = self.run_module("imports.wat", """(module
            (import "env" "puts" (func (param i32) (result i32)))
            (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
            (import "env" "memory" (memory 1))
            (import "wasi_snapshot_preview1" "proc_exit" (func (param i64)))
            (func (export "_start")))""")
        self.assertEqual(code, 1)
        self.assertEqual(err.splitlines(), [
            path + ": error: unknown import: env.puts: expected func (i32) -> (i32)",
            path + ": error: unknown import: env.memory: expected memory {min 1}",
            path + ": error: incompatible import type: wasi_snapshot_preview1.proc_exit: "
                   "expected func (i64) -> (), found func (i32) -> ()",
        ])

    def test_resource(self):
        # Valid (a table may have 2^32-1 elements), over the engine's limit.
        path, code, _, err = self.run_module(
            "table.wat", '(module (table 20000000 funcref) (func (export "_start")))')
        self.assertEqual(code, 1)
        self.assertEqual(err, path + ": error: table 0: minimum over the limit or out of memory\n")

    def test_trap(self):
        _, code, out, err = self.run_module(
            "trap.wat", '(module (func $boom (export "_start") unreachable))')
        self.assertEqual((code, out), (134, ""))
        self.assertEqual(err.splitlines()[:2], ["error: unreachable", "wasm backtrace:"])
        # The module has no name of its own: the file's stem stands for it.
        self.assertEqual(err.splitlines()[2:], ["  #0 trap!boom @ 0x23"])

    def test_uncaught_exception(self):
        # Exits as a trap does, naming the tag by its export and the payload.
        module = """(module
            (tag $oops (export "oops") (param i32 f64))
            (func (export "_start") (throw $oops (i32.const 42) (f64.const 1.5))))"""
        _, code, out, err = self.run_module("throws.wat", module)
        self.assertEqual((code, out), (134, ""))
        self.assertEqual(err, 'error: uncaught exception: tag "oops" with values '
                              '(i32:42, f64:1.5 (0x3ff8000000000000))\n')
        # A tag the module keeps to itself, no payload; from --invoke too.
        module = """(module (tag $t)
            (func (export "f") (result i32) (throw $t)))"""
        _, code, out, err = self.run_module("throws_unexported.wat", module, "--invoke", "f")
        self.assertEqual((code, out), (134, ""))
        self.assertEqual(err, "error: uncaught exception: a tag the module does not export "
                              "with no values\n")

    def test_exit(self):
        module = """(module
            (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
            (func (export "_start") (call $exit (i32.const 7)) unreachable))"""
        _, code, out, err = self.run_module("exit.wat", module)
        self.assertEqual((code, out, err), (7, "", ""))
        # From the start function, before _start is looked up.
        module = """(module
            (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
            (func $start (call $exit (i32.const 3)))
            (start $start))"""
        _, code, out, err = self.run_module("exit_in_start.wat", module)
        self.assertEqual((code, out, err), (3, "", ""))

    def test_invoke_argument_mismatch_is_a_usage_error(self):
        module = '(module (func (export "f") (param i32) (result i32) local.get 0))'
        path, code, out, err = self.run_module("f.wat", module, "--invoke", "f")
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, path + ': error: "f" has type (i32) -> (i32): expected 1 '
                              "arguments, got 0\n")
        code, _, err = kiln("run", "--invoke", "f", path, "1.5")
        self.assertEqual(code, 2)
        self.assertEqual(err, path + ": error: argument 1: expected an i32, got '1.5'\n")

    def test_host(self):
        # A WASI exit status a process cannot carry (kind Host): refused, 1.
        module = """(module
            (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
            (func (export "_start") (call $exit (i32.const 256)) unreachable))"""
        path, code, out, err = self.run_module("exit256.wat", module)
        self.assertEqual((code, out), (1, ""))
        self.assertEqual(err, path + ": error: proc_exit status 256 cannot be passed on: "
                                     "it must be 0 to 125\n")


COUNT_DOWN_WAT = """(module
  (func (export "count") (param i32) (result i32)
    (loop (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br_if 0 (local.get 0)))
    (local.get 0))
  (func (export "spin") (loop (br 0))))"""


class MessagesTest(ScratchFilesTest):
    """The exact text of what kiln says when a module cannot run, when it
    traps (backtraces), and of run's own command line (issue #20)."""

    # ---- features Kiln does not support yet, named with where they are ----

    def test_unsupported_instruction_of_a_proposal_names_it_and_the_function(self):
        path = self.write("wide.wat", """(module (func (export "_start")
            (drop (drop (i64.add128 (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4))))))""")
        for command in ("run", "validate"):
            code, _, err = kiln(command, path)
            self.assertEqual((code, err), (1, path + ": error: 0x2b: in function 0: wide arithmetic "
                                              "(i64.add128) is not supported by Kiln yet\n"))

    def test_unsupported_opcode_in_a_binary_is_not_called_malformed(self):
        # `resume` (0xE3) of stack switching, which opcodes.def declares as
        # a known proposal Kiln does not support.
        path = self.write("resume.wasm", HEADER + bytes([
            0x01, 0x04, 0x01, 0x60, 0x00, 0x00,  # type section: [] -> []
            0x03, 0x02, 0x01, 0x00,              # function section
            0x0A, 0x05, 0x01, 0x03, 0x00, 0xE3, 0x0B]))
        code, _, err = kiln("validate", path)
        self.assertEqual((code, err), (1, path + ": error: 0x17: in function 0: stack switching "
                                          "(resume) is not supported by Kiln yet\n"))

    def test_unsupported_module_constructs_name_their_feature(self):
        for name, text, message in [
                ("struct.wat", "(module (type (struct)))", "garbage collection (type 0 is a struct type)")]:
            path = self.write(name, text)
            code, _, err = kiln("run", path)
            self.assertEqual(code, 1, err)
            self.assertEqual(err, path + ": error: " + message + " is not supported by Kiln yet\n")
            self.assertEqual(kiln("validate", path)[0], 0, name)  # valid, only not runnable

    # ---- backtraces ----

    def test_backtrace_demangles_cxx_and_rust_names(self):
        path = self.write("names.wat", """(module $app
            (func $_ZN6cowsay4main17h1ef71ab5110f2c24E (export "_start") (call $_Z3addii))
            (func $_Z3addii unreachable))""")
        code, out, err = kiln("run", path)
        self.assertEqual((code, out), (134, ""))
        self.assertEqual(err.splitlines(), [
            "error: unreachable", "wasm backtrace:",
            "  #0 app!add(int, int) @ 0x%x" % self.offset_of_unreachable(path),
            "  #1 app!cowsay::main @ 0x%x" % self.offset_of_call(path)])

    def offset_of_unreachable(self, path):
        return self.inspect_offsets(path)["unreachable"]

    def offset_of_call(self, path):
        return self.inspect_offsets(path)["call"]

    def inspect_offsets(self, path):
        """The byte offset of the first `call` and `unreachable` in the module."""
        binary = self.write("names.wasm", b"")
        subprocess.run(["wat2wasm", "--debug-names", path, "-o", binary], check=True)
        with open(binary, "rb") as f:
            data = f.read()
        # Both bodies are tiny: the code section holds "10 <index>" (call)
        # and a lone 0x00 (unreachable) right after their local counts.
        code = data.index(bytes([0x0A]), data.index(b"_start"))
        call = data.index(bytes([0x10, 0x01]), code)
        unreachable = data.index(bytes([0x00, 0x0B]), call + 2)
        return {"call": call, "unreachable": unreachable}

    def test_deep_recursion_shows_both_ends_and_the_true_depth(self):
        path = self.write("deep.wat", """(module
            (func $down (param i32)
              (if (i32.eqz (local.get 0)) (then unreachable))
              (call $down (i32.sub (local.get 0) (i32.const 1))))
            (func (export "_start") (call $down (i32.const 499))))""")
        code, _, err = kiln("run", path)
        self.assertEqual(code, 134)
        lines = err.splitlines()
        # Offsets as wasm-objdump -d shows them: unreachable at 0x2d, the
        # call in $down at 0x34, the one in _start at 0x3c.
        self.assertEqual(lines[:3], ["error: unreachable", "wasm backtrace:",
                                     "  #0 deep!down @ 0x2d"])
        elided = [line for line in lines if "elided" in line]
        self.assertEqual(len(elided), 1)
        count = int(re.fullmatch(r"  \.\.\. (\d+) frames elided \.\.\.", elided[0]).group(1))
        frames = [line for line in lines[2:] if "elided" not in line]
        self.assertEqual(len(frames) + count, 501)
        self.assertEqual(frames[31], "  #31 deep!down @ 0x34")
        self.assertEqual(frames[-2], "  #499 deep!down @ 0x34")
        self.assertEqual(frames[-1], "  #500 deep!_start @ 0x3c")

    def test_host_trap_shows_the_wasm_frames_that_called_the_host(self):
        # A WASI function called by an instance exporting no memory traps in
        # the host; the frames are those of the Wasm code that called it: the
        # call in $say at 0x5d, the one in _start at 0x65.
        path = self.write("nomem.wat", """(module
            (import "wasi_snapshot_preview1" "fd_write"
              (func $fd_write (param i32 i32 i32 i32) (result i32)))
            (func $say (param i32)
              (drop (call $fd_write (i32.const 1) (local.get 0) (i32.const 1) (i32.const 0))))
            (func $main (export "_start") (call $say (i32.const 8))))""")
        code, out, err = kiln("run", path)
        self.assertEqual((code, out), (134, ""))
        self.assertEqual(err.splitlines(), [
            "error: wasi_snapshot_preview1.fd_write called from an instance that exports no "
            "memory named \"memory\"",
            "wasm backtrace:", "  #0 nomem!say @ 0x5d", "  #1 nomem!main @ 0x65"])

    def test_backtrace_shows_source_lines_from_dwarf(self):
        # tests/cli/dwarf/dwarf_trap.c, built with -g: the division on line 4,
        # the calls on lines 8 and 13 (main is __original_main to wasi-libc,
        # whose start code below it may have lines of its own).
        code, out, err = kiln("run", DWARF_TRAP_WASM)
        self.assertEqual((code, out), (134, ""))
        lines = err.splitlines()
        self.assertEqual(lines[:2], ["error: integer divide by zero", "wasm backtrace:"])
        self.assertRegex(lines[2], r"^  #0 dwarf_trap!divide @ 0x[0-9a-f]+ at dwarf_trap\.c:4:\d+$")
        self.assertRegex(lines[3], r"^  #1 dwarf_trap!average @ 0x[0-9a-f]+ at dwarf_trap\.c:8:\d+$")
        self.assertRegex(lines[4], r"^  #2 dwarf_trap!__original_main @ 0x[0-9a-f]+ at dwarf_trap\.c:13:\d+$")
        self.assertRegex(lines[-1], r"^  #\d+ dwarf_trap!_start\S* @ 0x[0-9a-f]+( at \S+:\d+:\d+)?$")

    # ---- the command line of kiln run ----

    def test_every_subcommand_prints_the_version(self):
        for command in ("run", "validate", "inspect", "wast"):
            code, out, _ = kiln(command, "--version")
            self.assertEqual((code, out.strip()), (0, "kiln " + VERSION), command)

    def test_run_usage_names_file_and_args(self):
        code, out, _ = kiln("run", "--help")
        self.assertEqual(code, 0)
        self.assertIn("Usage: kiln run [OPTIONS] FILE [ARGS]...\n", out)

    def test_double_dash_ends_kilns_options(self):
        path = self.write("neg.wat",
                          '(module (func (export "neg") (param i32) (result i32) local.get 0))')
        for args in (["--invoke", "neg", "--", path, "-7"],   # before FILE: FILE may follow
                     ["--invoke", "neg", path, "--", "-7"],   # after FILE: skipped for --invoke
                     ["--invoke", "neg", path, "-7"]):
            self.assertEqual(kiln("run", *args)[:2], (0, "-7\n"), args)
        # Without --invoke, what follows FILE is the guest's, `--` included.
        code, _, err = kiln("run", "--", path, "--", "x")
        self.assertEqual(code, 1)
        self.assertIn('no exported function "_start"', err)


class CountDownModuleTest(unittest.TestCase):
    """Tests of run's and wast's engine options on COUNT_DOWN_WAT, written to
    `module` in a scratch directory `dir`."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.module = os.path.join(cls.dir.name, "count.wat")
        with open(cls.module, "w") as f:
            f.write(COUNT_DOWN_WAT)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()


class TimeoutOptionTest(CountDownModuleTest):
    """--timeout SECONDS of run and wast: a finite number, 0 or more; huge
    values saturate (no timeout in practice), tiny ones still time out."""

    def script(self, name, commands):
        path = os.path.join(self.dir.name, name)
        with open(path, "w") as f:
            f.write(COUNT_DOWN_WAT + "\n" + commands + "\n")
        return path

    def test_values_that_are_not_finite_non_negative_numbers_are_usage_errors(self):
        script = self.script("empty.wast", "")
        for value in ["nan", "NaN", "-nan", "inf", "-inf", "1e400", "-1", "-0.001", "abc", "",
                      "1s", "0x"]:
            for args in (["run", "--timeout", value, "--invoke", "count", self.module, "1"],
                         ["wast", "--timeout", value, script]):
                code, out, err = kiln(*args)
                self.assertEqual((code, out), (2, ""), (args, err))
                self.assertIn('--timeout: expected a finite number of seconds, 0 or more, got "'
                              + value + '"', err)

    def test_huge_timeouts_saturate_instead_of_interrupting_at_once(self):
        # 1e300 s used to overflow an int64 of milliseconds and fire at once.
        for value in ["1e300", "1.7e308", "9.3e15", "1e12"]:
            code, out, err = kiln("run", "--timeout", value, "--invoke", "count", self.module,
                                  "30000000")
            self.assertEqual((code, out, err), (0, "0\n", ""), value)
        script = self.script("count.wast",
                             '(assert_return (invoke "count" (i32.const 30000000)) (i32.const 0))')
        code, out, err = kiln("wast", "--timeout", "1e300", script)
        self.assertEqual((code, err), (0, ""), out)
        self.assertEqual(out.splitlines()[-1], "2 passed, 0 failed")  # module + assertion

    def test_tiny_timeouts_still_time_out(self):
        # Under a millisecond rounds up to 1 ms rather than down to "none".
        code, out, err = kiln("run", "--timeout", "1e-9", "--invoke", "spin", self.module)
        self.assertEqual((code, out), (134, ""))
        self.assertEqual(err.splitlines()[0], "error: interrupted")
        script = self.script("spin.wast", '(assert_trap (invoke "spin") "interrupted")')
        code, out, err = kiln("wast", "--timeout", "0.0001", script)
        self.assertEqual((code, err), (0, ""), out)
        self.assertEqual(out.splitlines()[-1], "2 passed, 0 failed")  # module + assertion
        # 0 means no timeout.
        code, out, err = kiln("run", "--timeout", "0", "--invoke", "count", self.module, "5")
        self.assertEqual((code, out, err), (0, "0\n", ""))


class FuelOptionTest(CountDownModuleTest):
    """--fuel N of run and wast: the code stops, with a trap, where its fuel
    runs out, the same on every run (docs/fuel.md)."""

    def test_runs_exactly_as_far_as_its_fuel_goes(self):
        # count(n) costs 6 per iteration (local.get, i32.const, i32.sub,
        # local.set, local.get, br_if), then 1 for the final local.get.
        code, out, err = kiln("run", "--fuel", "61", "--invoke", "count", self.module, "10")
        self.assertEqual((code, out, err), (0, "0\n", ""))
        code, out, err = kiln("run", "--fuel", "60", "--invoke", "count", self.module, "10")
        self.assertEqual((code, out), (134, ""))
        self.assertEqual(err.splitlines()[0], "error: all fuel consumed")
        code, out, err = kiln("run", "--fuel", "1000", "--invoke", "spin", self.module)
        self.assertEqual((code, out), (134, ""))
        self.assertEqual(err.splitlines()[0], "error: all fuel consumed")

    def test_wast_gives_its_store_the_fuel(self):
        path = os.path.join(self.dir.name, "fuel.wast")
        with open(path, "w") as f:
            f.write(COUNT_DOWN_WAT + """
(assert_return (invoke "count" (i32.const 10)) (i32.const 0))
(assert_trap (invoke "spin") "all fuel consumed")
(assert_trap (invoke "count" (i32.const 1)) "all fuel consumed")""")
        code, out, err = kiln("wast", "--fuel", "100000", path)
        self.assertEqual((code, err), (0, ""), out)
        self.assertEqual(out.splitlines()[-1], "4 passed, 0 failed")

    def test_values_that_are_not_counts_are_usage_errors(self):
        for value in ["-1", "abc", "", "1.5", "18446744073709551616"]:
            code, out, err = kiln("run", "--fuel", value, "--invoke", "spin", self.module)
            self.assertEqual((code, out), (2, ""), (value, err))
            self.assertIn('--fuel: expected a number of fuel units, 0 to 18446744073709551615, '
                          'got "' + value + '"', err)


def limited_memory(limit_bytes):
    """A preexec_fn capping the child's address space."""
    import resource
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))


class ModuleSizeLimitTest(unittest.TestCase):
    """Module files are read in bounded chunks up to --max-module-size
    (default 1 GiB, Config::maxModuleBytes): an endless or oversized file is
    refused with a message and status 1, never read until memory runs out."""

    LIMIT_MESSAGE = ": error: module over the size limit of %d bytes\n"

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.wat = os.path.join(cls.dir.name, "big.wat")
        with open(cls.wat, "w") as f:
            f.write('(module (func (export "_start")))' + " " * 5000)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_endless_file_is_refused(self):
        # Used to read until std::bad_alloc and abort with 134. Reading the
        # default 1 GiB takes a minute here (longer under ASan), so both are
        # checked at lower limits (the limit itself: runtime_test, Error.*).
        code, out, err = kiln("validate", "--max-module-size", "32m", "/dev/zero")
        self.assertEqual((code, out), (1, ""), err)
        self.assertEqual(err, "/dev/zero" + self.LIMIT_MESSAGE % (32 << 20))
        code, out, err = kiln("run", "--max-module-size", "16m", "/dev/zero")
        self.assertEqual((code, out), (1, ""), err)
        self.assertEqual(err, "/dev/zero" + self.LIMIT_MESSAGE % (16 << 20))

    def test_every_subcommand_that_loads_modules_takes_the_limit(self):
        for args in (["validate"], ["run"], ["inspect"], ["inspect", "--json"]):
            code, out, err = kiln(*args, "--max-module-size", "64k", "/dev/zero")
            self.assertEqual((code, out), (1, ""), (args, err))
            self.assertEqual(err, "/dev/zero" + self.LIMIT_MESSAGE % 65536)
        code, out, err = kiln("wast", "--max-module-size", "100", self.wat)
        self.assertEqual(code, 1, err)
        self.assertIn(self.wat + ": error: script over the size limit of 100 bytes\n", out)

    def test_a_file_over_a_small_limit_is_refused_and_one_at_it_accepted(self):
        size = os.path.getsize(DEMO_WASM)
        code, out, err = kiln("validate", "--max-module-size", str(size - 1), DEMO_WASM)
        self.assertEqual((code, out, err), (1, "", DEMO_WASM + self.LIMIT_MESSAGE % (size - 1)))
        code, out, err = kiln("validate", "--max-module-size", str(size), DEMO_WASM)
        self.assertEqual((code, out, err), (0, DEMO_WASM + ": ok\n", ""))
        # Text is limited by its own size, and refused rather than parsed cut off.
        size = os.path.getsize(self.wat)
        code, out, err = kiln("run", "--max-module-size", str(size - 1), self.wat)
        self.assertEqual((code, out, err), (1, "", self.wat + self.LIMIT_MESSAGE % (size - 1)))
        self.assertEqual(kiln("run", "--max-module-size", str(size), self.wat)[:2], (0, ""))

    def test_bad_limits_are_usage_errors(self):
        for value in ["abc", "-1", "1x", ""]:
            code, _, err = kiln("validate", "--max-module-size", value, DEMO_WASM)
            self.assertEqual(code, 2, (value, err))
            self.assertIn("--max-module-size", err)

    @unittest.skipIf(os.environ.get("KILN_SANITIZED"), "ASan cannot run under an address-space limit")
    def test_running_out_of_memory_is_an_error_not_a_trap(self):
        # With a limit the address space cannot hold, reading /dev/zero runs
        # out of memory: a clear error and status 2 (the file could not be
        # read), never 134 (the status of a guest trap).
        result = subprocess.run([KILN, "validate", "--max-module-size", "64g", "/dev/zero"],
                                capture_output=True, text=True, stdin=subprocess.DEVNULL,
                                timeout=60, preexec_fn=limited_memory(512 << 20))
        self.assertEqual((result.returncode, result.stdout), (2, ""), result.stderr)
        self.assertEqual(result.stderr, "/dev/zero: error: cannot read: Cannot allocate memory\n")


class PrecompiledTest(ScratchFilesTest):
    """kiln compile, kiln run FILE.kwasm and the compiled-code cache."""
    WAT = """(module
      (func (export "f") (result i32) (i32.const 42))
      (func $inner (result i32) (unreachable))
      (func $outer (export "boom") (result i32) (call $inner)))"""

    def setUp(self):
        self.wat = self.write("m.wat", self.WAT)

    def entries(self, directory):
        return sorted(os.listdir(directory)) if os.path.isdir(directory) else []

    def test_compile_then_run(self):
        self.assertEqual(kiln("compile", self.wat), (0, "", ""))
        kwasm = os.path.join(self.dir.name, "m.kwasm")
        self.assertTrue(os.path.exists(kwasm))
        self.assertEqual(kiln("run", "--invoke", "f", kwasm), (0, "42\n", ""))
        code, _, err = kiln("inspect", kwasm)
        self.assertEqual((code, err), (1, f"{kwasm}: error: a precompiled module (kiln compile): "
                                          "inspect the .wasm it was compiled from (`kiln run "
                                          "--perf-map` names its functions' code)\n"))
        # The trap's backtrace is the compiled module's.
        code, _, from_kwasm = kiln("run", "--invoke", "boom", kwasm)
        self.assertEqual(code, 134)
        _, _, from_wat = kiln("run", "--no-cache", "--invoke", "boom", self.wat)
        self.assertIn("inner", from_kwasm)
        self.assertEqual(from_kwasm.replace(kwasm, "M"), from_wat.replace(self.wat, "M"))
        other = os.path.join(self.dir.name, "other.kwasm")
        self.assertEqual(kiln("compile", "--fuel", "1", "-o", other, self.wat), (0, "", ""))
        self.assertEqual(kiln("run", "--fuel", "100", "--invoke", "f", other), (0, "42\n", ""))

    def large_module(self):
        """A module of 900 KB of function body (300,000 x i32.const 0, drop; f
        returns 7): over the size from which `kiln run` compiles lazily."""
        body = bytes([0x00]) + bytes([0x41, 0x00, 0x1A]) * 300_000 + bytes([0x41, 0x07, 0x0B])
        def leb(n):
            out = bytearray()
            while True:
                byte, n = n & 0x7F, n >> 7
                out.append(byte | (0x80 if n else 0))
                if not n:
                    return bytes(out)
        def section(code, payload):
            return bytes([code]) + leb(len(payload)) + payload
        module = (b"\0asm\1\0\0\0" + section(1, b"\x01\x60\x00\x01\x7f") +
                  section(3, b"\x01\x00") + section(7, b"\x01\x01f\x00\x00") +
                  section(10, b"\x01" + leb(len(body)) + body))
        return self.write("large.wasm", module)

    def test_compile_takes_a_module_large_enough_to_run_lazily(self):
        wasm = self.large_module()
        kwasm = os.path.join(self.dir.name, "large.kwasm")
        self.assertEqual(kiln("compile", "-o", kwasm, wasm), (0, "", ""))
        self.assertEqual(kiln("run", "--invoke", "f", kwasm), (0, "7\n", ""))
        self.assertEqual(kiln("run", "--no-cache", "--invoke", "f", wasm), (0, "7\n", ""))

    def test_compile_into_the_cache(self):
        cache = os.path.join(self.dir.name, "filled")
        self.assertEqual(kiln("compile", "--cache", cache, self.wat), (0, "", ""))
        self.assertEqual(len(self.entries(cache)), 1)
        self.assertFalse(os.path.exists(os.path.join(self.dir.name, "m.kwasm")))
        code, _, err = kiln("compile", "--cache", cache, "-o", "x.kwasm", self.wat)
        self.assertEqual(code, 2, err)  # one or the other

    def perf_map_of(self, *args):
        """The lines `kiln run --perf-map ARGS` wrote to /tmp/perf-PID.map."""
        process = subprocess.run([KILN, "run", "--perf-map", *args], capture_output=True, text=True)
        self.assertEqual(process.returncode, 0, process.stderr)
        # The pid is the map's name: the newest map this test's run wrote.
        maps = sorted(pathlib.Path("/tmp").glob("perf-*.map"), key=lambda p: p.stat().st_mtime)
        self.assertTrue(maps)
        path = maps[-1]
        lines = path.read_text().splitlines()
        path.unlink()
        return lines

    def test_perf_map_names_compiled_and_loaded_functions(self):
        # Compiled eagerly, lazily, or loaded from a .kwasm or the cache, the
        # code of every defined function gets a line `START SIZE name`.
        kwasm = os.path.join(self.dir.name, "m.kwasm")
        self.assertEqual(kiln("compile", self.wat), (0, "", ""))
        cache = os.path.join(self.dir.name, "perf-cache")
        self.assertEqual(kiln("run", "--cache", cache, "--invoke", "f", self.wat), (0, "42\n", ""))
        for args in (["--no-cache", "--compile", "eager", self.wat],
                     ["--no-cache", "--compile", "lazy", self.wat], [kwasm],
                     ["--cache", cache, self.wat]):
            with self.subTest(args=args):
                lines = self.perf_map_of(*args[:-1], "--invoke", "f", args[-1])
                names = {line.split(" ", 2)[2] for line in lines}
                # f has no name in the name section: its index names it.
                every = {"wasm-function[0]", "inner", "outer"}
                if "lazy" in args:
                    # What ran is named; the rest only if the background
                    # compiled it before the end.
                    self.assertIn("wasm-function[0]", names)
                    self.assertLessEqual(names, every)
                else:
                    self.assertEqual(names, every)
                for line in lines:
                    start, size, _ = line.split(" ", 2)
                    self.assertGreater(int(start, 16), 0)
                    self.assertGreater(int(size, 16), 0)

    def test_a_lazily_compiled_run_fills_the_cache_after_it(self):
        wasm = self.large_module()
        cache = os.path.join(self.dir.name, "lazy-cache")
        self.assertEqual(kiln("run", "--cache", cache, "--invoke", "f", wasm), (0, "7\n", ""))
        # The run compiled lazily, so nothing it could store: a background
        # `kiln compile --cache` compiles the module whole once it has ended.
        deadline = time.monotonic() + 60
        while not [e for e in self.entries(cache) if e.endswith(".kwasm")]:
            self.assertLess(time.monotonic(), deadline, self.entries(cache))
            time.sleep(0.1)
        entry = os.path.join(cache, [e for e in self.entries(cache) if e.endswith(".kwasm")][0])
        # The next run loads it: a cache hit records its use on the entry.
        os.utime(entry, (1_000_000_000, 1_000_000_000))
        self.assertEqual(kiln("run", "--cache", cache, "--invoke", "f", wasm), (0, "7\n", ""))
        self.assertGreater(os.stat(entry).st_mtime, 1_000_000_000)

    def test_mismatch_and_corruption_are_refused(self):
        kwasm = os.path.join(self.dir.name, "mismatch.kwasm")
        self.assertEqual(kiln("compile", "-o", kwasm, self.wat)[0], 0)
        code, out, err = kiln("run", "--bounds-checks", "--invoke", "f", kwasm)
        self.assertEqual((code, out), (1, ""))
        self.assertIn("other engine options: bounds checks", err)
        code, _, err = kiln("run", "--timeout", "5", "--invoke", "f", kwasm)
        self.assertIn("interruption checks", err)
        with open(kwasm, "rb") as f:
            data = bytearray(f.read())
        for position in [10, 40, len(data) // 2, len(data) - 1]:
            corrupt = bytearray(data)
            corrupt[position] ^= 0x20
            path = self.write("corrupt.kwasm", bytes(corrupt))
            code, out, err = kiln("run", "--invoke", "f", path)
            self.assertEqual((code, out), (1, ""), position)
            self.assertIn("error:", err)
        path = self.write("cut.kwasm", bytes(data[:len(data) // 3]))
        code, _, err = kiln("run", "--invoke", "f", path)
        self.assertEqual(code, 1)
        self.assertIn("corrupted or truncated .kwasm", err)

    def test_run_caches_by_default(self):
        home = tempfile.mkdtemp(dir=self.dir.name)
        env = dict(os.environ, XDG_CACHE_HOME=home)
        run = lambda *args: subprocess.run([KILN, "run", *args], capture_output=True, text=True,
                                           env=env, timeout=60)
        self.assertEqual(run("--no-cache", "--invoke", "f", self.wat).stdout, "42\n")
        self.assertEqual(self.entries(home), [])
        self.assertEqual(run("--invoke", "f", self.wat).stdout, "42\n")
        cache = os.path.join(home, "kiln")
        self.assertEqual(len(self.entries(cache)), 1)
        self.assertEqual(run("--invoke", "f", self.wat).stdout, "42\n")
        self.assertEqual(len(self.entries(cache)), 1)
        # Other code options are another entry.
        self.assertEqual(run("--bounds-checks", "--invoke", "f", self.wat).stdout, "42\n")
        self.assertEqual(len(self.entries(cache)), 2)
        # A corrupted entry is replaced.
        for name in self.entries(cache):
            with open(os.path.join(cache, name), "r+b") as f:
                f.seek(-1, os.SEEK_END)
                f.write(b"\xcc")
        self.assertEqual(run("--invoke", "f", self.wat).stdout, "42\n")
        self.assertEqual(kiln("--help")[0], 0)
        self.assertEqual(kiln("run", "--cache", home, "--no-cache", "--invoke", "f", self.wat)[0], 2)

    def test_concurrent_runs_share_the_cache(self):
        cache = os.path.join(self.dir.name, "shared-cache")
        runs = [subprocess.Popen([KILN, "run", "--cache", cache, "--invoke", "f", self.wat],
                                 stdout=subprocess.PIPE, text=True) for _ in range(6)]
        outputs = [run.communicate(timeout=60)[0] for run in runs]
        self.assertEqual(outputs, ["42\n"] * 6)
        self.assertEqual([run.returncode for run in runs], [0] * 6)
        entries = self.entries(cache)
        self.assertEqual(len(entries), 1, entries)
        self.assertTrue(entries[0].endswith(".kwasm"))


if __name__ == "__main__":
    unittest_totals.main()
