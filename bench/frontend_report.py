#!/usr/bin/env python3
"""Front-end benchmark report: times wabt's wasm-validate on each module and
puts it in one table with bench_frontend's results (Google Benchmark JSON).

Usage: frontend_report.py --benchmark-json FILE --report FILE.md MODULE.wasm...
The table is printed and written to the report file. MB is 10^6 bytes.
"""

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

WASM_VALIDATE_RUNS = 5
# The goals set for the front end.
TARGET_MB_PER_S = 200
TARGET_SPEEDUP = 3


def children_cpu_seconds():
    """User + system CPU seconds of all finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_wasm_validate(module):
    """Median CPU seconds (user + system) and median wall-clock seconds of
    wasm-validate (default features) on `module`, or (None, None, error) when it
    rejects the module."""
    cpu_seconds, wall_seconds = [], []
    for _ in range(WASM_VALIDATE_RUNS):
        cpu_start, wall_start = children_cpu_seconds(), time.perf_counter()
        result = subprocess.run(["wasm-validate", str(module)], capture_output=True, text=True)
        wall_seconds.append(time.perf_counter() - wall_start)
        cpu_seconds.append(children_cpu_seconds() - cpu_start)
        if result.returncode != 0:
            return None, None, result.stderr.strip().splitlines()[0]
    return statistics.median(cpu_seconds), statistics.median(wall_seconds), None


def load_benchmarks(path):
    """{"parse/duckdb-mvp": {"bytes": B/s, "code": B/s} or {"error": msg}}, using
    the median of the repetitions when there were several."""
    results = {}
    for entry in json.loads(Path(path).read_text())["benchmarks"]:
        # "parse/duckdb-mvp", without suffixes such as "/real_time" or "_median".
        name = "/".join(entry.get("run_name", entry["name"]).split("/")[:2])
        if entry.get("error_occurred"):
            results[name] = {"error": entry.get("error_message", "error")}
            continue
        is_median = entry.get("aggregate_name") == "median"
        if entry.get("run_type") == "aggregate" and not is_median:
            continue
        if name in results and not is_median:
            continue
        results[name] = {"bytes": entry.get("bytes_per_second"),
                         "code": entry.get("code_bytes_per_second")}
    return results


def mb(bytes_count):
    """A byte count in MB, for the table."""
    return f"{bytes_count / 1e6:.1f}"


def rate(result, key="bytes"):
    """A benchmark result's rate in MB/s, or why there is none."""
    if result is None:
        return "n/a"
    if "error" in result:
        return "error"
    return f"{result[key] / 1e6:.0f}"


def ratio(numerator, denominator):
    """How many times faster `numerator` is, or n/a when either failed."""
    if numerator is None or denominator is None or "error" in numerator or "error" in denominator:
        return "n/a"
    return f"{numerator['bytes'] / denominator['bytes']:.1f}x"


def package_of(module):
    """The npm package@version fetch-modules.sh took `module` from."""
    package_file = module.with_name(module.name + ".package")
    return package_file.read_text().strip() if package_file.exists() else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmark-json", required=True)
    parser.add_argument("--report", required=True)
    parser.add_argument("modules", nargs="+", type=Path)
    args = parser.parse_args()

    if shutil.which("wasm-validate") is None:
        sys.exit("frontend_report: wasm-validate not found (install wabt: scripts/install-deps.sh)")
    benchmarks = load_benchmarks(args.benchmark_json)

    header = ["module", "package", "size MB", "code MB", "Kiln decode MB/s",
              "Kiln decode+validate MB/s", "(code section MB/s)", "wabt in-process MB/s",
              "wasm-validate MB/s", "(wall MB/s)", "Kiln d+v / wasm-validate",
              "Kiln d+v / wabt in-process"]
    rows = []
    notes = []
    parse_rates = []
    speedups = []
    for module in args.modules:
        name = module.stem
        size = module.stat().st_size
        decode = benchmarks.get(f"decode/{name}")
        parse = benchmarks.get(f"parse/{name}")
        wabt = benchmarks.get(f"wabt/{name}")
        cpu_seconds, wall_seconds, error = time_wasm_validate(module)
        if error:
            validate = validate_wall = {"error": error}
            print(f"  {name}: wasm-validate rejected it: {error}")
        else:
            validate = {"bytes": size / cpu_seconds}
            validate_wall = {"bytes": size / wall_seconds}
            print(f"  {name}: wasm-validate {cpu_seconds:.3f} s CPU, {wall_seconds:.3f} s wall")
        code_bytes = size * parse["code"] / parse["bytes"] if parse and "error" not in parse else None
        rows.append([name, package_of(module), mb(size), mb(code_bytes) if code_bytes else "n/a",
                     rate(decode), rate(parse), rate(parse, "code"), rate(wabt), rate(validate),
                     rate(validate_wall), ratio(parse, validate), ratio(parse, wabt)])
        for label, result in (("Kiln decode", decode), ("Kiln decode+validate", parse),
                              ("wabt in-process", wabt), ("wasm-validate", validate)):
            if result and "error" in result:
                notes.append(f"- {name}: {label} failed: {result['error']}")
        if parse and "error" not in parse:
            parse_rates.append(parse["bytes"])
            if "error" not in validate:
                speedups.append(parse["bytes"] / validate["bytes"])

    lines = ["# Front-end throughput", "",
             "Single-threaded; MB = 10^6 bytes; rates per CPU second, so that a busy machine "
             "does not distort them. Kiln and wabt in-process: Google Benchmark, median of 3 "
             "repetitions, input copy not timed. wasm-validate: user + system CPU of the whole "
             "process (start-up and file read included), median of "
             f"{WASM_VALIDATE_RUNS} runs, default features; its wall-clock rate alongside.", ""]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join("---" if i < 2 else "--:" for i in range(len(header))) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines.append("")
    if parse_rates:
        slowest = min(parse_rates) / 1e6
        verdict = "met" if slowest >= TARGET_MB_PER_S else "NOT met"
        lines.append(f"Goal >= {TARGET_MB_PER_S} MB/s decode+validate: {verdict} "
                     f"(slowest module {slowest:.0f} MB/s).")
    if speedups:
        slowest = min(speedups)
        verdict = "met" if slowest >= TARGET_SPEEDUP else "NOT met"
        lines.append(f"Goal several times (>= {TARGET_SPEEDUP}x) faster than wasm-validate: "
                     f"{verdict} (smallest ratio {slowest:.1f}x).")
    lines += notes
    report = "\n".join(lines) + "\n"
    print()
    print(report, end="")
    Path(args.report).write_text(report)
    print(f"\n(written to {args.report})")


if __name__ == "__main__":
    main()
