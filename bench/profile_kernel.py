#!/usr/bin/env python3
"""Profiles one benchmark kernel under Kiln, instruction by instruction.

Usage: bench/profile_kernel.py [--build-dir build] [--min-percent 0.5] KERNEL [N]

Builds KERNEL (any kernel of bench/suite/suite.py, scalar or SIMD, with the
suite's compiler flags) as a freestanding wasm32 module exporting run(n), runs
run(N) under `perf record` through bench_kernels --perf-map, and prints the
generated code of the function with the most samples (`kiln inspect --asm`),
each instruction that got at least --min-percent of them with its Wasm
opcode, then the samples per Wasm opcode and per x86 mnemonic. N defaults to
the suite's full size. Needs perf and a build configured with
-DKILN_BENCH=ON (bench_kernels).

Samples are mapped onto the listing by code offset: the listing's encodings
(`; 660FDB05........`, a dot pair per relocated byte) give each instruction's
length. Without hardware counters (a VM) perf samples cpu-clock, whose samples
land on or just after the instruction that stalls.
"""

import argparse
import collections
import re
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR / "suite"))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import suite  # noqa: E402  (kernel sizes, sources and compiler flags)

LISTING_WASM = re.compile(r"^; wasm 0x([0-9a-f]+) (.*)$")
LISTING_INSTRUCTION = re.compile(r"^(.*?)\s*;\s*([0-9A-F.]+)\s*$")
PERF_SAMPLE = re.compile(r"^\s*(\d+)\s+([0-9a-f]+)\s+(.*)$")


def build_freestanding(clang, kernel, out_dir):
    """K.wasm: the kernel with kernel_support.c, no WASI, exporting run."""
    kind = "simd" if kernel in suite.SIMD_KERNEL_SIZES else "scalar"
    _, wasm_flags, _ = suite.KERNEL_BUILDS[kind]
    wasm = out_dir / f"{kernel}.wasm"
    suite.run_checked([clang, "--target=wasm32", *wasm_flags, "-nostdlib", "-Wl,--no-entry",
                       "-Wl,--export=run", "-Wl,-z,stack-size=1048576",
                       f"-I{suite.KERNELS_DIR}", "-o", wasm, suite.kernel_source(kernel),
                       suite.KERNELS_DIR / "kernel_support.c"])
    return wasm


def record(runner, wasm, n, data):
    """Runs run(n) under perf; returns {symbol: [instruction addresses]} and the pid."""
    suite.run_checked(["perf", "record", "-q", "-o", data, "--", runner, "--perf-map", wasm,
                       str(n)])
    script = suite.run_checked(["perf", "script", "-i", data, "-F", "pid,ip,sym"])
    samples, pid = collections.defaultdict(list), None
    for line in script.splitlines():
        match = PERF_SAMPLE.match(line)
        if match:
            pid = int(match.group(1))
            samples[match.group(3).strip()].append(int(match.group(2), 16))
    return samples, pid


def function_start(pid, symbol):
    """The address of `symbol` in the perf map Kiln wrote for process `pid`."""
    for line in Path(f"/tmp/perf-{pid}.map").read_text().splitlines():
        address, _, name = line.split(" ", 2)
        if name == symbol:
            return int(address, 16)
    raise suite.SuiteError(f"{symbol} is not in /tmp/perf-{pid}.map")


def listing_rows(listing):
    """[(offset, length, instruction text, Wasm opcode)] of a `kiln inspect --asm` listing."""
    rows, offset, opcode = [], 0, "(prologue)"
    for line in listing.splitlines()[1:]:  # the first line names the function
        wasm = LISTING_WASM.match(line)
        if wasm:
            opcode = wasm.group(2)
            continue
        instruction = LISTING_INSTRUCTION.match(line)
        if instruction:
            length = len(instruction.group(2)) // 2
            rows.append((offset, length, instruction.group(1), opcode))
            offset += length
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kernel")
    parser.add_argument("n", type=int, nargs="?")
    parser.add_argument("--build-dir", type=Path, default=BENCH_DIR.parent / "build")
    parser.add_argument("--min-percent", type=float, default=0.5)
    args = parser.parse_args()
    sizes = {**suite.KERNEL_SIZES, **suite.SIMD_KERNEL_SIZES}
    if args.kernel not in sizes:
        parser.error(f"unknown kernel {args.kernel}; one of {', '.join(sizes)}")
    build_dir = args.build_dir.resolve()
    kiln, runner = build_dir / "kiln", build_dir / "bench/kernels/bench_kernels"
    for tool in (kiln, runner):
        if not tool.exists():
            parser.error(f"{tool} is missing: build it (bench_kernels needs -DKILN_BENCH=ON)")
    clang = suite.Tools(build_dir, build_dir).clang

    with tempfile.TemporaryDirectory() as work:
        wasm = build_freestanding(clang, args.kernel, Path(work))
        samples, pid = record(runner, wasm, args.n or sizes[args.kernel][0],
                              Path(work) / "perf.data")
        try:
            symbol = max((s for s in samples if s.startswith("wasm-function[")),
                         key=lambda s: len(samples[s]))
            start = function_start(pid, symbol)
        finally:
            Path(f"/tmp/perf-{pid}.map").unlink(missing_ok=True)
        index = symbol[len("wasm-function["):-1]
        listing = suite.run_checked([kiln, "inspect", "--asm", wasm, index])

    total = len(samples[symbol])
    share = 100 * total / sum(len(s) for s in samples.values())
    print(f"{args.kernel}: {symbol} has {total} samples ({share:.0f}% of the process)")
    hits = collections.Counter(ip - start for ip in samples[symbol])
    by_opcode, by_mnemonic = collections.Counter(), collections.Counter()
    for offset, length, text, opcode in listing_rows(listing):
        count = sum(hits[o] for o in range(offset, offset + length))
        by_opcode[opcode.split()[0]] += count
        words = text.split()
        by_mnemonic[words[1] if words[0] == "short" else words[0]] += count  # "short jne L3"
        if 100 * count / total >= args.min_percent:
            print(f"{100 * count / total:5.1f}%  {offset:5x}  {text:50}  {opcode}")

    def summary(counter):
        return ", ".join(f"{name} {100 * c / total:.0f}%" for name, c in counter.most_common(10))
    print(f"per Wasm opcode: {summary(by_opcode)}")
    print(f"per x86 mnemonic: {summary(by_mnemonic)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
