#!/usr/bin/env python3
"""C programs on wasi-threads under `kiln run`: the parallel kernels of
bench/kernels/threads, built for wasm32 with a shared memory and natively with
POSIX threads (bench/kernels/threads/build.sh), each run with 1, 2 and 4
threads in both memory modes. Every run must print the native build's
checksum, which does not depend on the thread count; pcounter's checksum is -1
unless its mutex (memory.atomic.wait32/notify in Wasm) kept every increment.

Usage: parallel_kernels_test.py KILN CLANG BUILD_SCRIPT [NODE]
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest
import pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import unittest_totals  # noqa: E402  (tests/unittest_totals.py)

KILN, CLANG, BUILD = sys.argv[1:4]
NODE = sys.argv[4] if len(sys.argv) > 4 else None
NODE_SHIM = pathlib.Path(BUILD).resolve().parents[2] / "suite/node_wasi_threads.mjs"
# Small sizes: a run takes milliseconds, but still crosses threads many times.
KERNELS = {"psum": 2, "psort": 200_000, "pcounter": 20_000}
OUTPUT = re.compile(r"^checksum=(-?\d+) ns=\d+\n$")
WORK = tempfile.TemporaryDirectory()


def checksum(command):
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise AssertionError(f"{command} exited {result.returncode}: {result.stderr}")
    match = OUTPUT.match(result.stdout)
    if not match:
        raise AssertionError(f"{command} printed {result.stdout!r}")
    return int(match.group(1))


class ParallelKernelsTest(unittest.TestCase):
    built = {}

    @classmethod
    def setUpClass(cls):
        for kernel in KERNELS:
            subprocess.run(["bash", BUILD, kernel, WORK.name, CLANG], check=True)

    def path(self, kernel, suffix):
        return os.path.join(WORK.name, f"{kernel}.{suffix}")

    def check_kernel(self, kernel):
        n = str(KERNELS[kernel])
        expected = checksum([self.path(kernel, "native"), n, "1"])
        self.assertNotEqual(expected, -1)
        for threads in ["1", "2", "4"]:
            self.assertEqual(checksum([self.path(kernel, "native"), n, threads]), expected)
            for mode in [[], ["--bounds-checks"]]:
                with self.subTest(threads=threads, mode=mode):
                    command = [KILN, "run", "--no-cache", *mode, self.path(kernel, "wasm"), n, threads]
                    self.assertEqual(checksum(command), expected)
        if NODE:
            command = [NODE, "--no-turbo-fast-api-calls", str(NODE_SHIM), self.path(kernel, "wasm"), n, "2"]
            self.assertEqual(checksum(command), expected)

    def test_psum(self):
        self.check_kernel("psum")

    def test_psort(self):
        self.check_kernel("psort")

    def test_pcounter(self):
        self.check_kernel("pcounter")

    def test_bad_arguments_exit_2(self):
        result = subprocess.run([KILN, "run", "--no-cache", self.path("psum", "wasm"), "1", "0"],
                                capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 2)
        self.assertIn("usage", result.stderr)


if __name__ == "__main__":
    unittest_totals.main()
