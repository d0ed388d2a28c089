#!/usr/bin/env python3
"""End-to-end tests of `kiln wast` and `kiln run`.

    run_wast_cli_test.py KILN WAT2WASM SOURCE_DIR WORK_DIR
"""
import os
import pathlib
import re
import subprocess
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import unittest_totals  # noqa: E402  (tests/unittest_totals.py)

KILN = WAT2WASM = SOURCE = WORK = None

TEST_MODULE = """
(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "mix") (param i64 f32 f64) (result i64 f32 f64)
    local.get 0 local.get 1 local.get 2)
  (func $inner (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func $outer (export "outer") (param i32) (result i32) (call $inner (i32.const 1) (local.get 0)))
  (func (export "spin") (loop (br 0)))
  (func (export "lanes") (param v128 i32) (result v128)
    (i32x4.add (local.get 0) (i32x4.splat (local.get 1))))
  (func (export "_start"))
)
"""
IMPORTING_MODULE = '(module (import "env" "missing_fn" (func)) (func (export "_start")))'


def kiln(*args):
    return subprocess.run([KILN, *map(str, args)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=60, check=False)


def build(name, text):
    wat = WORK / f"{name}.wat"
    wasm = WORK / f"{name}.wasm"
    wat.write_text(text)
    subprocess.run([WAT2WASM, "--debug-names", wat, "-o", wasm], check=True)
    return wasm


class WastTest(unittest.TestCase):
    def test_every_wrong_command_is_a_failure(self):
        script = SOURCE / "detects_failures.wast"
        result = kiln("wast", "--timeout", "1", script)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(lines[-1], "1 passed, 17 failed")
        failed_lines = [int(m[1]) for m in map(re.compile(rf"^{re.escape(str(script))}:(\d+): ").match,
                                             lines) if m]
        self.assertEqual(failed_lines, list(range(12, 29)))
        self.assertIn(':12: assert_return: "one": expected (i32:2), got (i32:1)', result.stdout)
        self.assertIn("expected (f32:nan:canonical), got (f32:nan:0x400001 (0x7fc00001))",
                      result.stdout)
        self.assertIn('assert_return: "spin": trapped: "interrupted"', result.stdout)
        # Rejected, but as invalid: a malformed module must be rejected as malformed.
        self.assertIn(':28: assert_malformed: expected malformed "type mismatch", got invalid error',
                      result.stdout)

    def test_every_right_command_passes(self):
        result = kiln("wast", "--verbose", SOURCE / "passes.wast")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(lines[-1], "19 passed, 0 failed")
        self.assertTrue(lines[-2].endswith("passes.wast: 19 passed, 0 failed"), lines)

    def test_both_memory_modes(self):
        result = kiln("wast", "--bounds-checks", "--force-libcalls", SOURCE / "passes.wast")
        self.assertEqual(result.stdout.splitlines()[-1], "19 passed, 0 failed", result.stdout)

    def test_shuffle_lowerings(self):
        for flags in ([], ["--bounds-checks", "--force-libcalls"], ["--cpu", "baseline"]):
            result = kiln("wast", *flags, SOURCE / "shuffles.wast")
            self.assertEqual(result.stdout.splitlines()[-1], "18 passed, 0 failed",
                             result.stdout + result.stderr)

    def test_atomics(self):
        for flags in ([], ["--bounds-checks", "--force-libcalls"], ["--fuel", "1000000"]):
            result = kiln("wast", *flags, SOURCE / "atomics.wast")
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertEqual(result.stdout.splitlines()[-1], "38 passed, 0 failed", flags)

    def test_label_results_from_landing_pads(self):
        for flags in ([], ["--bounds-checks", "--force-libcalls"], ["--fuel", "1000000"],
                      ["--compile", "lazy"]):
            result = kiln("wast", *flags, SOURCE / "label_results.wast")
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertEqual(result.stdout.splitlines()[-1], "12 passed, 0 failed", flags)

    def test_deterministic_profile(self):
        script = SOURCE / "deterministic.wast"
        for flags in ([], ["--bounds-checks", "--force-libcalls"], ["--cpu", "baseline"]):
            result = kiln("wast", "--deterministic", *flags, script)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertEqual(result.stdout.splitlines()[-1], "31 passed, 0 failed", flags)
        # Without the profile x86-64's own NaNs and relaxed results show.
        result = kiln("wast", script)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertEqual(result.stdout.splitlines()[-1], "9 passed, 22 failed", result.stdout)

    def test_totals_add_up_over_files(self):
        result = kiln("wast", SOURCE / "passes.wast", SOURCE / "detects_failures.wast",
                      "--timeout", "1")
        self.assertEqual(result.stdout.splitlines()[-1], "20 passed, 17 failed")

    def test_unparsable_script_is_a_failure(self):
        script = WORK / "broken.wast"
        script.write_text("(module\n  (func (i32.bogus)))\n")
        result = kiln("wast", script)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"{script}:2:10: parse error: unknown operator i32.bogus", result.stdout)
        self.assertEqual(result.stdout.splitlines()[-1], "0 passed, 1 failed")


class RunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.module = build("run_test", TEST_MODULE)

    def test_prints_results_one_per_line(self):
        result = kiln("run", "--invoke", "add", self.module, "2", "40")
        self.assertEqual((result.returncode, result.stdout), (0, "42\n"), result.stderr)
        result = kiln("run", "--invoke", "add", self.module, "-1", "0x10")
        self.assertEqual(result.stdout, "15\n")
        result = kiln("run", "--invoke", "mix", self.module, "0xffffffffffffffff", "1.5", "-inf")
        self.assertEqual((result.returncode, result.stdout), (0, "-1\n1.5\n-inf\n"))

    def test_vectors_in_and_out_as_i32x4_lanes(self):
        result = kiln("run", "--invoke", "lanes", self.module, "i32x4 1 2 3 -17", "16")
        self.assertEqual((result.returncode, result.stdout),
                         (0, "i32x4 0x00000011 0x00000012 0x00000013 0xffffffff\n"), result.stderr)
        self.assertEqual(kiln("run", "--invoke", "lanes", self.module, "1", "16").returncode, 2)

    def test_invoke_may_follow_the_file(self):
        result = kiln("run", self.module, "--invoke", "add", "2", "40")
        self.assertEqual((result.returncode, result.stdout), (0, "42\n"), result.stderr)

    def test_trap_exits_134_with_message_and_backtrace(self):
        result = kiln("run", "--invoke", "outer", self.module, "0")
        self.assertEqual(result.returncode, 134)
        self.assertEqual(result.stdout, "")
        self.assertIn("error: integer divide by zero", result.stderr)
        self.assertRegex(result.stderr, r"\nwasm backtrace:\n  #0 run_test!inner @ 0x[0-9a-f]+\n"
                                        r"  #1 run_test!outer @ 0x[0-9a-f]+\n")

    def test_timeout_interrupts(self):
        result = kiln("run", "--invoke", "spin", "--timeout", "0.5", self.module)
        self.assertEqual(result.returncode, 134)
        self.assertIn("error: interrupted", result.stderr)

    def test_missing_import_fails_to_link(self):
        module = build("importing", IMPORTING_MODULE)
        result = kiln("run", module)
        self.assertEqual(result.returncode, 1)
        self.assertIn("env", result.stderr)
        self.assertIn("missing_fn", result.stderr)

    def test_start_is_the_default(self):
        result = kiln("run", self.module)
        self.assertEqual((result.returncode, result.stdout), (0, ""), result.stderr)

    def test_usage_errors(self):
        self.assertEqual(kiln("run", "--invoke", "add", self.module, "1", "x").returncode, 2)
        self.assertEqual(kiln("run", "--invoke", "add", self.module, "1").returncode, 2)
        self.assertEqual(kiln("run", "--invoke", "add", self.module, "4294967296", "0").returncode, 2)
        self.assertEqual(kiln("run", "--invoke", "nope", self.module).returncode, 1)
        self.assertEqual(kiln("run", WORK / "absent.wasm").returncode, 2)


if __name__ == "__main__":
    KILN, WAT2WASM = sys.argv[1], sys.argv[2]
    SOURCE, WORK = pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
    # `kiln run` caches compiled code by default: here in the work
    # directory, never in the user's ~/.cache.
    os.environ["XDG_CACHE_HOME"] = str(WORK / "cache")
    WORK.mkdir(parents=True, exist_ok=True)
    unittest_totals.main()
