#!/usr/bin/env python3
"""Writes COUNT random valid modules from binaryen (`wasm-opt --translate-to-fuzz`
over random bytes from SEED) to OUT: the seed corpus of fuzz_run and the
deterministic run of its contract in `make test` (run_replay).

  make_run_corpus.py --wasm-opt W --seed S --count N OUT

Every feature binaryen 108 generates except those Kiln's compiler does not
run yet (SIMD, threads, exception handling, GC, typed function references,
memory64): tail calls, extended constants, bulk memory, sign extension and
the rest stay on. Binaryen adds its own hang limits, so nearly every module
ends by itself. A module binaryen fails to generate is left out; the same
seed always gives the same files.
"""
import argparse
import pathlib
import random
import subprocess
import sys

FEATURES = [
    "--disable-simd", "--disable-threads", "--disable-exception-handling",
    "--disable-gc", "--disable-memory64", "--disable-typed-function-references",
    "--disable-relaxed-simd", "--disable-gc-nn-locals",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wasm-opt", default="wasm-opt")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("out", type=pathlib.Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    written = 0
    for case in range(args.count):
        seed_file = args.out / f"ttf-{args.seed}-{case}.dat"
        seed_file.write_bytes(rng.randbytes(rng.randint(64, 4096)))
        wasm = args.out / f"ttf-{args.seed}-{case}.wasm"
        result = subprocess.run([args.wasm_opt, str(seed_file), "-ttf", *FEATURES,
                                 "-o", str(wasm)], capture_output=True, timeout=60)
        seed_file.unlink()
        written += result.returncode == 0
    print(f"make_run_corpus: {written} modules in {args.out}")
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
