#!/usr/bin/env python3
"""The programs that `make bench` fetches with scripts/fetch-bench-programs.sh
(from npm, into the build tree), so that CI exercises them outside the bench.

SQLite, compiled by us from its amalgamation with bench/programs/sqlite_bench.c
(the "sqlite" program), to wasm32-wasi and natively: `kiln run` must print
what the native build prints. QuickJS, quickjs-wasi's WASI reactor (the
"quickjs" program): bench_quickjs_run, on Kiln's C++ API, must print a
script's value as bench/suite/node_quickjs.mjs does in Node, and report an
uncaught exception.

SQLite is built with the suite's options (bench/suite/suite.py's
SQLITE_DEFINES) at -O0: 9 MB of C compile in seconds rather than the minute
or two of -O2, and unoptimised code, with its many locals and memory traffic,
tests the compiler as well.

Usage: bench_programs_test.py KILN CLANG FETCH_SCRIPT SOURCES_DIR WORK_DIR
                              [QUICKJS_RUN NODE]
(without QUICKJS_RUN, a build with KILN_BENCH=OFF, the QuickJS tests are
skipped; without NODE, the comparison with Node). Exits 77 (skipped) when the
programs cannot be fetched, e.g. offline, or wasi-libc is missing; under CI
(CI set in the environment) a failed fetch is a failure instead.
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
QUICKJS_RUN, NODE = (sys.argv[6:8] + [None, None])[:2]
QUICKJS = os.path.join(SOURCES, "quickjs.wasm")
NODE_QUICKJS = str(ROOT / "bench/suite/node_quickjs.mjs")
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


@unittest.skipUnless(QUICKJS_RUN, "bench_quickjs_run is not built (KILN_BENCH=OFF)")
class QuickjsProgramTest(unittest.TestCase):
    def script(self, text):
        path = os.path.join(WORK, f"{self.id().rsplit('.', 1)[-1]}.js")
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
        return path

    def test_prints_the_value_as_node_does(self):
        # Objects, closures, sorting, JSON and non-ASCII text through the
        # guest's strings.
        script = self.script(
            "const add = (k) => (x) => x + k;\n"
            "const people = [{n: 'Zoë', a: 31}, {n: 'Ana', a: 27}, {n: 'Ülf', a: 31}];\n"
            "people.sort((p, q) => p.a - q.a || (p.n < q.n ? -1 : 1));\n"
            "[[1, 2, 3].map(add(10)).join(), JSON.stringify(people.map((p) => p.n))].join(' ')\n")
        kiln = run([QUICKJS_RUN, QUICKJS, script])
        self.assertEqual((kiln.returncode, kiln.stderr), (0, ""))
        self.assertEqual(kiln.stdout, '11,12,13 ["Ana","Zoë","Ülf"]\n')
        if NODE:
            node = run([NODE, "--no-turbo-fast-api-calls", NODE_QUICKJS, QUICKJS, script])
            self.assertEqual(node.returncode, 0, node.stderr)
            self.assertEqual(node.stdout, kiln.stdout)

    def test_same_value_with_bounds_checks(self):
        script = self.script("let s = 0; for (let i = 0; i < 100000; i++) s += i % 7; s")
        kiln = run([QUICKJS_RUN, "--bounds-checks", QUICKJS, script])
        self.assertEqual((kiln.returncode, kiln.stdout), (0, "299995\n"))

    def test_uncaught_exception_exits_1(self):
        kiln = run([QUICKJS_RUN, QUICKJS, self.script("null.property")])
        self.assertEqual((kiln.returncode, kiln.stdout), (1, ""))
        self.assertIn("uncaught exception: TypeError", kiln.stderr)


def fetch_sources():
    result = subprocess.run([FETCH, SOURCES], capture_output=True, text=True)
    if result.returncode == 0:
        return
    message = "cannot fetch the programs:\n" + result.stdout + result.stderr
    if os.environ.get("CI"):
        sys.exit("bench_programs_test: " + message)
    print("SKIPPED: bench_programs_test: " + message)
    sys.exit(EXIT_SKIPPED)


def build():
    """Builds both at once (two cores); rebuilds only when a source, or what
    says how to build (this file, suite.py), is newer."""
    sources = [str(ROOT / "bench/programs/sqlite_bench.c"), os.path.join(SOURCES, "sqlite3.c")]
    newest = max(os.path.getmtime(s) for s in [*sources, os.path.join(SOURCES, "sqlite3.h"),
                                               __file__, suite.__file__])
    flags = ["-O0", *suite.SQLITE_DEFINES, f"-I{SOURCES}"]
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
            sys.exit(f"bench_programs_test: building {output} failed:\n{log}")


if __name__ == "__main__":
    if not os.path.exists("/usr/include/wasm32-wasi/stdio.h"):
        print("SKIPPED: bench_programs_test: wasi-libc is not installed")
        sys.exit(EXIT_SKIPPED)
    fetch_sources()
    build()
    unittest_totals.main()
