#!/usr/bin/env python3
"""Differential fuzzing of Kiln against wabt's interpreter.

Each case: random bytes -> `wasm-opt --translate-to-fuzz` with every post-2.0
feature disabled (SIMD too unless --simd), and NaNs turned into 0 (--denan) -> a valid module -> kiln_differential, which runs every
exported function in Kiln (both memory modes) and in wabt and compares the
results, traps and logging calls. Modules that either side rejects are
skipped and counted. Mismatching modules are kept in WORK/mismatches.

  differential.py --driver D --wasm-opt W --work DIR --seed S (--count N | --seconds T)
                  [--simd] [--features30] [--min-calls M]
Exit status 1 when any case mismatched or crashed, or when fewer than M
exported calls were compared: a harness that compares nothing (every module
skipped, a driver that checks nothing) must not pass.
"""
import argparse
import collections
import pathlib
import random
import re
import shutil
import subprocess
import sys
import time

# Everything after WebAssembly 2.0 that binaryen 108 can generate, and SIMD
# unless --simd is given (relaxed SIMD stays off: its results may differ
# between engines by design, and wabt does not run it).
DISABLED_FEATURES = [
    "--disable-threads", "--disable-exception-handling",
    "--disable-tail-call", "--disable-gc", "--disable-memory64",
    "--disable-typed-function-references", "--disable-relaxed-simd",
    "--disable-extended-const", "--disable-gc-nn-locals",
]
# With --features30: the 3.0 features binaryen 108 generates and wabt 1.0.32
# runs. Its generator emits tail calls, tags and extended constants, but
# rarely try/throw and never a 64-bit memory.
FEATURES_30 = [
    "--disable-threads", "--disable-gc", "--disable-gc-nn-locals", "--disable-relaxed-simd",
    "--enable-exception-handling", "--enable-tail-call", "--enable-extended-const",
    "--enable-memory64", "--enable-typed-function-references",
]


def generate(wasm_opt, rng, work, name, simd, features30):
    seed_file = work / f"{name}.dat"
    seed_file.write_bytes(rng.randbytes(rng.randint(256, 16384)))
    wasm = work / f"{name}.wasm"
    # --denan: a NaN's sign and payload are left to the implementation, and
    # once stored to memory or reinterpreted they change hashes and branches.
    features = (FEATURES_30 if features30 else DISABLED_FEATURES) + \
        (["--enable-simd"] if simd else ["--disable-simd"])
    result = subprocess.run([wasm_opt, str(seed_file), "-ttf", *features, "--denan",
                             "-o", str(wasm)],
                            capture_output=True, timeout=60)
    seed_file.unlink()
    return wasm if result.returncode == 0 else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--driver", required=True)
    parser.add_argument("--wasm-opt", required=True)
    parser.add_argument("--work", required=True, type=pathlib.Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--simd", action="store_true",
                        help="let the generator use SIMD instructions and v128 values")
    parser.add_argument("--features30", action="store_true",
                        help="let the generator use the 3.0 features wabt runs (FEATURES_30)")
    parser.add_argument("--min-calls", type=int, default=1,
                        help="fail unless at least this many exported calls were compared")
    args = parser.parse_args()
    if (args.count is None) == (args.seconds is None):
        parser.error("give exactly one of --count and --seconds")

    args.work.mkdir(parents=True, exist_ok=True)
    # A private copy, so that rebuilding the driver does not disturb a long run.
    driver = args.work / "kiln_differential"
    shutil.copy2(args.driver, driver)
    mismatch_dir = args.work / "mismatches"
    # --denan cannot reach NaNs inside vectors (a lane's NaN is only seen
    # once another lane shape reads its bits), and their sign and payload
    # are the implementation's choice: with SIMD, Kiln runs in the
    # deterministic profile, whose canonical NaNs are what wabt produces.
    driver_flags = ["--deterministic"] if args.simd else []
    rng = random.Random(args.seed)
    deadline = time.monotonic() + args.seconds if args.seconds else None
    counts = collections.Counter()
    skips = collections.Counter()
    calls = 0
    case = 0
    while (case < args.count) if args.count is not None else (time.monotonic() < deadline):
        name = f"case-{args.seed}-{case}"
        case += 1
        wasm = generate(args.wasm_opt, rng, args.work, name, args.simd, args.features30)
        if wasm is None:
            counts["not generated"] += 1
            continue
        try:
            result = subprocess.run([str(driver), *driver_flags, str(wasm)], capture_output=True,
                                    text=True, timeout=120)
            status, output = result.returncode, result.stdout + result.stderr
        except subprocess.TimeoutExpired:
            status, output = "timeout", "timed out after 120 s\n"
        if status == 0:
            counts["same"] += 1
            match = re.search(r"same: (\d+) calls", output)
            calls += int(match.group(1)) if match else 0
            wasm.unlink()
        elif status == 2:
            counts["skipped"] += 1
            skips[output.strip().split(":", 2)[1].strip() if ":" in output else output.strip()] += 1
            wasm.unlink()
        else:
            counts["mismatch" if status == 1 else f"failed ({status})"] += 1
            mismatch_dir.mkdir(exist_ok=True)
            kept = mismatch_dir / wasm.name
            shutil.move(str(wasm), kept)
            print(f"{kept}: status {status}\n{output}", flush=True)
    compared = counts["same"] + counts["mismatch"]
    print(f"differential: {case} cases, {compared} modules compared, {calls} exported calls "
          f"matched, {counts['skipped']} skipped, {counts['not generated']} not generated")
    for reason, n in skips.most_common():
        print(f"  skipped {n}: {reason}")
    bad = {k: v for k, v in counts.items() if k not in ("same", "skipped", "not generated")}
    print(f"differential: {sum(bad.values())} mismatches {dict(bad) if bad else ''}".rstrip())
    too_few = calls < args.min_calls
    if too_few:
        print(f"differential: FAIL: only {calls} exported calls compared, fewer than the "
              f"minimum of {args.min_calls}")
    sys.exit(1 if bad or too_few else 0)


if __name__ == "__main__":
    main()
