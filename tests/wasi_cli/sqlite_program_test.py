#!/usr/bin/env python3
"""SQLite, compiled by us from its amalgamation with bench/programs/sqlite_bench.c
(the "sqlite" program of `make bench`), to wasm32-wasi and natively: `kiln run`
must print what the native build prints. The sources come from npm
(scripts/fetch-bench-programs.sh, into the build tree); the build uses the
suite's SQLite options (bench/suite/suite.py's SQLITE_DEFINES) at -O1, which
compiles 9 MB of C in half the time of -O2 and is as good a test.

Usage: sqlite_program_test.py KILN CLANG FETCH_SCRIPT SOURCES_DIR WORK_DIR
Exits 77 (skipped) when the sources cannot be fetched, e.g. offline, or
wasi-libc is missing; under CI (CI set in the environment) a failed fetch is
a failure instead.
"""
import os
import pathlib
import subprocess
import sys
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench/suite"))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import suite  # noqa: E402  (bench/suite/suite.py: SQLITE_DEFINES)
import unittest_totals  # noqa: E402  (tests/unittest_totals.py)

KILN, CLANG, FETCH, SOURCES, WORK = map(os.path.abspath, sys.argv[1:6])
EXIT_SKIPPED = 77
WASM = os.path.join(WORK, "sqlite_bench.wasm")
NATIVE = os.path.join(WORK, "sqlite_bench.native")
SCALE = "400"  # customers: a database of a few hundred KiB, well under a second


def run(command):
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


class SqliteProgramTest(unittest.TestCase):
    def assert_same_as_native(self, *kiln_options):
        native = run([NATIVE, SCALE])
        kiln = run([KILN, "run", "--no-cache", *kiln_options, WASM, SCALE])
        self.assertEqual(native.returncode, 0, native.stderr)
        self.assertEqual(kiln.returncode, 0, kiln.stderr)
        self.assertEqual(kiln.stdout, native.stdout)
        # The workload really ran: every step reported, rows were found.
        lines = kiln.stdout.splitlines()
        self.assertEqual(lines[0], "populate     customers=400 products=41 orders=3200")
        self.assertIn("order-by     rows=3200", kiln.stdout)
        self.assertRegex(lines[-1], r"^checksum=[0-9a-f]{16}$")

    def test_same_output_as_native(self):
        self.assert_same_as_native()

    def test_same_output_with_bounds_checks(self):
        self.assert_same_as_native("--bounds-checks")

    def test_bad_scale_exits_2_like_native(self):
        native = run([NATIVE, "3"])
        kiln = run([KILN, "run", "--no-cache", WASM, "3"])
        self.assertEqual((kiln.returncode, kiln.stdout), (2, ""))
        self.assertEqual((kiln.returncode, kiln.stderr), (native.returncode, native.stderr))


def fetch_sources():
    result = subprocess.run([FETCH, SOURCES], capture_output=True, text=True)
    if result.returncode == 0:
        return
    message = "cannot fetch SQLite's sources:\n" + result.stdout + result.stderr
    if os.environ.get("CI"):
        sys.exit("sqlite_program_test: " + message)
    print("SKIPPED: sqlite_program_test: " + message)
    sys.exit(EXIT_SKIPPED)


def build():
    """Builds both at once (two cores); rebuilds only when a source is newer."""
    sources = [str(ROOT / "bench/programs/sqlite_bench.c"), os.path.join(SOURCES, "sqlite3.c")]
    newest = max(os.path.getmtime(s) for s in sources + [os.path.join(SOURCES, "sqlite3.h")])
    flags = ["-O1", *suite.SQLITE_DEFINES, f"-I{SOURCES}"]
    builds = {WASM: [CLANG, "--target=wasm32-wasi", *flags, "-o", WASM, *sources],
              NATIVE: [CLANG, *flags, "-o", NATIVE, *sources, "-lm"]}
    os.makedirs(WORK, exist_ok=True)
    running = [(output, subprocess.Popen(command, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, text=True))
               for output, command in builds.items()
               if not os.path.exists(output) or os.path.getmtime(output) < newest]
    for output, process in running:
        log = process.communicate()[0]
        if process.returncode != 0:
            sys.exit(f"sqlite_program_test: building {output} failed:\n{log}")


if __name__ == "__main__":
    if not os.path.exists("/usr/include/wasm32-wasi/stdio.h"):
        print("SKIPPED: sqlite_program_test: wasi-libc is not installed")
        sys.exit(EXIT_SKIPPED)
    fetch_sources()
    build()
    unittest_totals.main()
