#!/usr/bin/env python3
"""Runs the compiler benchmarks and writes their report.

Two groups, each run interleaved (every repetition runs every engine once, in
a rotating order) so that the load of a shared, noisy machine falls on all
engines alike; only ratios between engines measured side by side are reported:

  compile   compile throughput (MB/s of code section) on large real modules:
            Kiln (bench_compile) on one thread and on all cores, against
            V8's Liftoff (node --liftoff-only) on one thread and two tasks.
  kernels   run time of the C kernels in bench/kernels: native (clang -O2),
            Kiln default / --bounds-checks / --force-libcalls / fuel, Liftoff and
            TurboFan, as ratios to native. Every engine must produce the same
            checksum, or the run fails.

bench/run-compiler.sh builds what this needs and calls it; see there for usage.
"""

import argparse
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent

# Argument n of each kernel's run(n): full runs take roughly 0.3-0.6 s natively
# here; quick runs (for smoke tests) a few milliseconds.
KERNEL_SIZES = {
    "fannkuch": (20, 1),
    "nbody": (5_000_000, 10_000),
    "matmul": (1200, 60),
    "sha256": (1000, 4),
    "crc32": (150, 1),
    "sort": (2_000_000, 10_000),
    "hashmap": (3_000_000, 10_000),
    "bulk_copy": (1_500_000, 5_000),
}

# V8 flags shared by every Node engine: compile every function before the
# timed part instead of lazily on first call.
NODE_EAGER = ["--no-wasm-lazy-compilation"]


def kernel_engines(build_dir, kernels_dir):
    """Engine name -> function(kernel name, n) -> command line."""
    runner = str(build_dir / "bench/kernels/bench_kernels")
    driver = str(BENCH_DIR / "kernels/node_driver.mjs")

    def wasm(kernel):
        return str(kernels_dir / f"{kernel}.wasm")

    return {
        "native": lambda k, n: [str(kernels_dir / f"{k}.native"), str(n)],
        "kiln": lambda k, n: [runner, wasm(k), str(n)],
        "kiln-bounds": lambda k, n: [runner, "--bounds-checks", wasm(k), str(n)],
        "kiln-libcalls": lambda k, n: [runner, "--force-libcalls", wasm(k), str(n)],
        "kiln-fuel": lambda k, n: [runner, "--fuel", wasm(k), str(n)],
        "liftoff": lambda k, n: ["node", "--liftoff-only", *NODE_EAGER, driver, wasm(k), str(n)],
        "turbofan": lambda k, n: ["node", "--no-liftoff", *NODE_EAGER, driver, wasm(k), str(n)],
    }


def compile_engines(build_dir):
    """Engine name -> function(module path) -> command line printing one JSON line."""
    bench_compile = str(build_dir / "bench/compile/bench_compile")
    v8 = ["node", "--liftoff-only", *NODE_EAGER]
    script = str(BENCH_DIR / "compile/v8_compile.mjs")
    return {
        "kiln-1t": lambda m: [bench_compile, "--threads", "1", str(m)],
        "kiln-all": lambda m: [bench_compile, "--threads", "0", str(m)],
        # --single-threaded: no background tasks, the main thread compiles
        # everything. (--wasm-num-compilation-tasks=1 still lets the main
        # thread compile next to one background task.)
        "liftoff-1t": lambda m: [*v8, "--single-threaded", script, str(m)],
        "liftoff-2t": lambda m: [*v8, "--wasm-num-compilation-tasks=2", script, str(m)],
    }


class BenchError(Exception):
    """A benchmark failed: an engine crashed, refused input or disagreed."""


def run_command(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"{' '.join(command)} exited with {result.returncode}:\n{result.stderr}")
    return result.stdout


def rotated(items, shift):
    shift %= len(items)
    return items[shift:] + items[:shift]


def median_spread(values):
    """(median, half the min-max range as a fraction of the median)."""
    middle = statistics.median(values)
    spread = (max(values) - min(values)) / 2 / middle if middle else 0.0
    return middle, spread


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


def fmt_ratio(values):
    middle, spread = median_spread(values)
    return f"{middle:.2f} ±{spread * 100:.0f}%"


def progress(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- compile


def run_compile(build_dir, modules, reps):
    """{engine: {module: [measurement dict per repetition]}}."""
    engines = compile_engines(build_dir)
    names = list(engines)
    results = {e: {m.stem: [] for m in modules} for e in names}
    for rep in range(reps):
        for module in modules:
            order = rotated(names, rep)
            progress(f"compile [{rep + 1}/{reps}] {module.stem}: {' '.join(order)}")
            for engine in order:
                line = run_command(engines[engine](module)).strip().splitlines()[-1]
                results[engine][module.stem].append(json.loads(line))
    return results


def compile_report(results, modules):
    first = {m.stem: results["kiln-1t"][m.stem][0] for m in modules}
    refused = {name: r["error"] for name, r in first.items() if r["error"]}
    v8_errors = {m.stem: results["liftoff-1t"][m.stem][0]["error"] for m in modules
                 if results["liftoff-1t"][m.stem][0]["error"]}
    compiled = [m.stem for m in modules if m.stem not in refused]

    def mbps(engine, module, *fields):
        """Per-repetition MB/s of code section over the sum of `fields`."""
        code = first[module]["code_bytes"]
        return [code / 1e6 / (sum(r[f] for f in fields) / 1e9) for r in results[engine][module]]

    def cell(values):
        middle, spread = median_spread(values)
        return f"{middle:.1f} ±{spread * 100:.0f}%"

    def table(header, rows):
        return (["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] +
                ["| " + " | ".join(row) + " |" for row in rows])

    def versus_liftoff(kiln, liftoff):
        """Per-repetition ratios and their median."""
        per_rep = [k / v for k, v in zip(kiln, liftoff)]
        return per_rep, statistics.median(per_rep)

    lines = ["MB/s of code section, median of the repetitions ± half the min-max range. "
             "V8 decodes and validates while it compiles, so the fair comparison is Kiln "
             "validate+compile against Liftoff. Kiln compile alone excludes validation.", "",
             "**Single thread, by CPU time** of the process (the goal's measure; wall time on a "
             "busy shared machine also counts time spent waiting for a core):", ""]
    rows, ratios = [], []
    for name in compiled:
        full = mbps("kiln-1t", name, "parse_cpu_ns", "compile_cpu_ns")
        per_rep, middle = versus_liftoff(full, mbps("liftoff-1t", name, "compile_cpu_ns"))
        ratios.append(middle)
        rows.append([name, f"{first[name]['code_bytes'] / 1e6:.1f}",
                     cell(mbps("kiln-1t", name, "parse_cpu_ns")),
                     cell(mbps("kiln-1t", name, "compile_cpu_ns")), cell(full),
                     cell(mbps("liftoff-1t", name, "compile_cpu_ns")), fmt_ratio(per_rep)])
    lines += table(["module", "code MB", "Kiln validate", "Kiln compile", "Kiln validate+compile",
                    "Liftoff", "Kiln / Liftoff"], rows)
    if ratios:
        lines += ["", f"Geometric mean of Kiln validate+compile / Liftoff on one thread: "
                  f"**{geomean(ratios):.2f}x** (goal: at least 2x)."]

    lines += ["", "**By wall time**, one thread and all cores (Liftoff: `--single-threaded`, "
              "and `--wasm-num-compilation-tasks=2`):", ""]
    rows = []
    for name in compiled:
        full = mbps("kiln-1t", name, "parse_ns", "compile_ns")
        per_rep, _ = versus_liftoff(full, mbps("liftoff-1t", name, "compile_ns"))
        rows.append([name, cell(full), cell(mbps("kiln-all", name, "parse_ns", "compile_ns")),
                     cell(mbps("kiln-all", name, "compile_ns")),
                     cell(mbps("liftoff-1t", name, "compile_ns")),
                     cell(mbps("liftoff-2t", name, "compile_ns")), fmt_ratio(per_rep)])
    lines += table(["module", "Kiln validate+compile 1t", "Kiln validate+compile all cores",
                    "Kiln compile all cores", "Liftoff 1t", "Liftoff 2 tasks",
                    "Kiln 1t / Liftoff 1t"], rows)
    lines.append("")
    if refused:
        lines += [f"- Kiln refused **{name}**: {error}" for name, error in refused.items()]
    else:
        lines.append("- Kiln's compiler refused none of the modules (none uses SIMD).")
    lines += [f"- V8 refused **{name}**: {error}" for name, error in v8_errors.items()]
    return lines


# ---------------------------------------------------------------- kernels


def parse_kernel_output(text):
    match = re.search(r"checksum=(-?\d+) ns=(\d+) cpu_ns=(\d+)", text)
    if not match:
        raise BenchError(f"unexpected kernel output: {text!r}")
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def run_kernels(build_dir, kernels_dir, kernels, reps, quick, engine_names):
    """{engine: {kernel: [(wall_ns, cpu_ns) per repetition]}}; checks checksums."""
    engines = kernel_engines(build_dir, kernels_dir)
    results = {e: {k: [] for k in kernels} for e in engine_names}
    checksums = {}
    for rep in range(reps):
        for kernel in kernels:
            n = KERNEL_SIZES[kernel][1 if quick else 0]
            order = rotated(engine_names, rep)
            progress(f"kernels [{rep + 1}/{reps}] {kernel}({n}): {' '.join(order)}")
            for engine in order:
                checksum, wall, cpu = parse_kernel_output(run_command(engines[engine](kernel, n)))
                expected = checksums.setdefault(kernel, (checksum, engine))
                if checksum != expected[0]:
                    raise BenchError(f"CHECKSUM MISMATCH in {kernel}({n}): {engine} returned "
                                     f"{checksum}, {expected[1]} returned {expected[0]}")
                results[engine][kernel].append((wall, cpu))
    return results


def kernel_report(results, kernels, engine_names, basis):
    """The ratio table on `basis` (0 = wall time, 1 = CPU time)."""
    others = [e for e in engine_names if e != "native"]
    lines = []
    header = ["kernel", "native ms"] + [f"{e} / native" for e in others]
    if "kiln" in others and "liftoff" in others:
        header.append("kiln / liftoff")
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    medians = {e: [] for e in others}
    kiln_vs_liftoff = []
    for kernel in kernels:
        native = [m[basis] for m in results["native"][kernel]]
        middle, spread = median_spread(native)
        row = [kernel, f"{middle / 1e6:.3g} ±{spread * 100:.0f}%"]
        for engine in others:
            ratios = [m[basis] / nat for m, nat in zip(results[engine][kernel], native)]
            medians[engine].append(statistics.median(ratios))
            row.append(fmt_ratio(ratios))
        if "kiln / liftoff" in header:
            ratios = [k[basis] / l[basis]
                      for k, l in zip(results["kiln"][kernel], results["liftoff"][kernel])]
            kiln_vs_liftoff.append(statistics.median(ratios))
            row.append(fmt_ratio(ratios))
        lines.append("| " + " | ".join(row) + " |")
    row = ["**geometric mean**", ""] + [f"**{geomean(medians[e]):.2f}**" for e in others]
    if kiln_vs_liftoff:
        row.append(f"**{geomean(kiln_vs_liftoff):.2f}**")
    lines.append("| " + " | ".join(row) + " |")
    return lines


# ---------------------------------------------------------------- report


def machine_lines():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(command):
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.splitlines()[0]
        except (OSError, IndexError):
            return "unavailable"

    return [
        f"- Machine: {cpu}, {os.cpu_count()} logical CPUs, {platform.system()} "
        f"{platform.release()}; load average at start {os.getloadavg()[0]:.1f}",
        f"- Node {version(['node', '--version'])}; {version(['clang', '--version'])}",
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, required=True)
    parser.add_argument("--kernels-dir", type=Path, required=True,
                        help="where the kernels' .wasm and .native builds are")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="tiny kernel sizes (smoke test)")
    parser.add_argument("--skip-compile", action="store_true")
    parser.add_argument("--skip-kernels", action="store_true")
    parser.add_argument("--kernels", help="comma-separated subset of the kernels")
    parser.add_argument("--engines", help="comma-separated subset of the kernel engines "
                        "(native is always run)")
    parser.add_argument("--report", type=Path, required=True, help="Markdown report to write")
    parser.add_argument("modules", nargs="*", type=Path, help="modules for the compile group")
    args = parser.parse_args()

    kernels = args.kernels.split(",") if args.kernels else list(KERNEL_SIZES)
    engine_names = list(kernel_engines(args.build_dir, args.kernels_dir))
    if args.engines:
        engine_names = ["native"] + [e for e in args.engines.split(",") if e != "native"]
    started = time.time()
    lines = ["# Kiln compiler benchmarks", ""]
    lines += machine_lines()
    lines.append(f"- {args.reps} repetitions, engines interleaved in rotating order; one process "
                 "per measurement")
    lines.append("")
    try:
        if not args.skip_compile and args.modules:
            results = run_compile(args.build_dir, args.modules, args.reps)
            lines += ["## Compile throughput", ""]
            lines += compile_report(results, args.modules)
            lines.append("")
        if not args.skip_kernels:
            results = run_kernels(args.build_dir, args.kernels_dir, kernels, args.reps,
                                  args.quick, engine_names)
            sizes = ", ".join(f"{k}({KERNEL_SIZES[k][1 if args.quick else 0]})" for k in kernels)
            lines += ["## Kernels: time of run(n), ratio to native", "",
                      f"Calls: {sizes}. Checksums agreed across all engines and repetitions. "
                      "Ratios are per repetition (engines of one repetition ran back to back), "
                      "median ± half the min-max range. Liftoff is `node --liftoff-only`, "
                      "TurboFan `node --no-liftoff`; native is `clang -O2` (x86-64 baseline, "
                      "may auto-vectorise; the Wasm builds have no SIMD).", "",
                      "By CPU time of the process during the call (primary: least disturbed "
                      "by other load on the machine):", ""]
            lines += kernel_report(results, kernels, engine_names, 1)
            lines += ["", "By wall time:", ""]
            lines += kernel_report(results, kernels, engine_names, 0)
            lines.append("")
    except BenchError as error:
        print(f"\nbench: FAILED: {error}", file=sys.stderr)
        return 1
    lines.append(f"Load average at the end {os.getloadavg()[0]:.1f}; "
                 f"the run took {time.time() - started:.0f} s.")
    text = "\n".join(lines) + "\n"
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
