#!/usr/bin/env python3
"""Runs bench/wasi/wasi_bench.c natively, in Kiln (`kiln run`) and under
Node's `wasi`, interleaved, and prints a table of median phase times with
their spread and the ratios to native and to Node. Called by bench/run-wasi.sh.

Usage: wasi_bench.py --kiln KILN --wasm WASM --native NATIVE --node-runner MJS
                     --data DIR --report FILE [--reps N] [--writes N] [--files N]
                     [--passes N] [--size-mb N]
"""
import argparse
import os
import statistics
import subprocess
import sys


def parse_args():
    parser = argparse.ArgumentParser()
    for name in ("kiln", "wasm", "native", "node-runner", "data", "report"):
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--writes", type=int, default=1000000)
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--size-mb", type=int, default=100)
    return parser.parse_args()


def run(argv):
    """Runs one phase; returns (stdout, seconds as the program measured)."""
    result = subprocess.run(argv, capture_output=True, text=True, env={}, timeout=600)
    if result.returncode != 0:
        sys.exit(f"wasi_bench: {' '.join(argv)} failed ({result.returncode}):\n{result.stderr}")
    times = [line for line in result.stderr.splitlines() if line.startswith("time_ns: ")]
    return result.stdout, int(times[-1].split()[1]) / 1e9


def main():
    args = parse_args()
    data = args.data
    subprocess.run([args.native, "setup", data, str(args.files), str(args.size_mb)], check=True)
    # Guest paths are relative to the preopen "data"; native ones are absolute.
    phases = {
        f"{args.writes:,} writes of 16 B": ["writes", "{}/writes.bin", str(args.writes)],
        f"walk + stat {args.files:,} files x{args.passes}": ["walk", "{}/tree", str(args.passes)],
        f"read {args.size_mb} MB in 64 KiB chunks": ["read", "{}/big.bin"],
    }
    engines = {
        "native": lambda phase: [args.native] + [a.format(data) for a in phase],
        "kiln": lambda phase: [args.kiln, "run", "--no-cache", "--dir", data + "::data", args.wasm]
        + [a.format("data") for a in phase],
        "node": lambda phase: ["node", "--no-warnings", "--no-turbo-fast-api-calls",
                               args.node_runner, "--dir", data + "::data", args.wasm]
        + [a.format("data") for a in phase],
    }
    times = {(p, e): [] for p in phases for e in engines}
    for rep in range(args.reps):
        for phase, phase_args in phases.items():
            outputs = {}
            for engine, command in engines.items():  # interleaved: one of each per round
                outputs[engine], seconds = run(command(phase_args))
                times[(phase, engine)].append(seconds)
            if len(set(outputs.values())) != 1:
                sys.exit(f"wasi_bench: outputs differ for {phase}: {outputs}")
        print(f"round {rep + 1}/{args.reps} done", file=sys.stderr)

    lines = ["| phase | native | Kiln | Node | Kiln / native | Kiln / Node |",
             "|---|---|---|---|---|---|"]
    for phase in phases:
        med = {e: statistics.median(times[(phase, e)]) for e in engines}
        cell = lambda e: "%.3f s ±%.0f%%" % (
            med[e], 100 * (max(times[(phase, e)]) - min(times[(phase, e)])) / 2 / med[e])
        lines.append(f"| {phase} | {cell('native')} | {cell('kiln')} | {cell('node')} | "
                     f"{med['kiln'] / med['native']:.2f}x | {med['kiln'] / med['node']:.2f}x |")
    table = "\n".join(lines)
    print(table)
    with open(args.report, "w") as f:
        f.write("# WASI benchmark\n\n"
                f"Median of {args.reps} interleaved runs; ± is half the range. Times are the "
                "phase as the program measures it (start-up and compilation excluded). Goal: "
                "Kiln within 1.5x of native and faster than Node "
                "(Kiln / Node below 1).\n\n" + table + "\n")


if __name__ == "__main__":
    main()
