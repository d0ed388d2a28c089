#!/usr/bin/env python3
"""Runs Kiln's benchmark suite and writes its results as JSON.

Groups (bench/report.py turns the JSON into bench/REPORT.md and charts):

  kernels   the C kernels (bench/kernels/*.c plus bench/suite's interp.c and
            small_alloc.c), each built to wasm32-wasi and natively from the
            same source with bench/suite/kernel_main.c, run as programs in
            every engine: native, Kiln (`kiln run`: default, --bounds-checks,
            --force-libcalls), Node with tier-up, TurboFan only and Liftoff
            only. The kernel times its run(n) itself; the runner also records
            each process's wall and CPU time and peak resident memory.
  simd      the SIMD kernels (bench/kernels/simd/*.c): auto-vectorised loops
            and wasm_simd128.h intrinsics, built with -O3 -msimd128 for
            wasm32-wasi and -O3 -msse4.2 natively (128-bit vectors on both
            sides), run like the kernels in every engine.
  program   large real programs, whole-process wall and CPU time, in the
            same engines: compress (examples/wasi/compress.c) on a large
            generated input file; SQLite, built from its amalgamation with
            bench/programs/sqlite_bench.c, also natively; QuickJS (a WASI
            reactor from npm, run by bench_quickjs_run on Kiln's API and
            node_quickjs.mjs in Node) running bench/programs/js_bench.js; and
            the npm programs flite and pandoc (pandoc uses SIMD).
  threads   the parallel kernels (bench/kernels/threads: a parallel sum, a
            parallel sort and a mutex-heavy counter), built for wasi-threads
            and with POSIX threads from the same source, each run with 1 and
            2 threads natively, in Kiln and in Node (through a wasi-threads
            shim, bench/suite/node_wasi_threads.mjs).
  startup   the npm programs and the program group's modules doing next to
            nothing: Kiln lazy, eager, from the cache and from a .kwasm,
            against Node.
  warmup    flite and pandoc on inputs of growing size, Kiln lazy against
            eager (and Node): whether lazy compilation slows a real run.
  interp    wabt's wasm-interp on each kernel with a small n (Debian's wabt
            has no WASI, so a freestanding build with n fixed at build time).
  compile   compile throughput against Liftoff (bench/compiler_bench.py's
            run_compile on the modules of bench/fetch-modules.sh).
  frontend  decode and validate throughput against wabt (bench_frontend).
  runtime   instantiation, host -> Wasm call and trap round trip: bench_runtime
            and bench_vm (Google Benchmark) against the same in V8.
  capacity  live instances one process holds in each memory mode.
  memory64  memory64 against memory32 loads: a few kernels built twice from
            the same source, freestanding, with `clang --target=wasm32` and
            `--target=wasm64` (pointers become i64 addresses), run through
            bench_kernels in both memory modes.

Engines run interleaved (each repetition runs every engine once, in rotating
order), so the load of a shared machine falls on all alike. Every engine must
print the same checksum for a workload or the run fails loudly.
--smoke runs two kernels, one SIMD kernel and the parallel kernels once with
tiny n in every engine and renders their report into the work directory with bench/report.py (the
CTest test).
"""

import argparse
import functools
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import compiler_bench  # noqa: E402  (run_compile, NODE_EAGER, KERNEL_SIZES)

SUITE_DIR = BENCH_DIR / "suite"
KERNELS_DIR = BENCH_DIR / "kernels"

# run(n) arguments: (full run, smoke test, wasm-interp). The eight kernels of
# bench/kernels take their full sizes from compiler_bench.py (0.3-0.6 s natively).
KERNEL_SIZES = {
    "fannkuch": (compiler_bench.KERNEL_SIZES["fannkuch"][0], 1, 1),
    "nbody": (compiler_bench.KERNEL_SIZES["nbody"][0], 10_000, 20_000),
    "matmul": (compiler_bench.KERNEL_SIZES["matmul"][0], 60, 80),
    "sha256": (compiler_bench.KERNEL_SIZES["sha256"][0], 4, 4),
    "crc32": (compiler_bench.KERNEL_SIZES["crc32"][0], 1, 1),
    "sort": (compiler_bench.KERNEL_SIZES["sort"][0], 10_000, 20_000),
    "hashmap": (compiler_bench.KERNEL_SIZES["hashmap"][0], 10_000, 20_000),
    "bulk_copy": (compiler_bench.KERNEL_SIZES["bulk_copy"][0], 5_000, 10_000),
    "interp": (80, 1, 1),
    "small_alloc": (9_000_000, 10_000, 20_000),
}
SUITE_KERNELS = {"interp", "small_alloc"}  # sources in bench/suite, not bench/kernels

# The SIMD kernels of bench/kernels/simd: run(n) arguments (full run, smoke
# test), the full one 0.3-0.5 s natively. No wasm-interp size: the interp
# group times the scalar kernels only.
SIMD_KERNEL_SIZES = {
    "saxpy": (140_000, 10),
    "sad": (60_000, 10),
    "rgba_gray": (5_000, 2),
    "imatmul": (6_000, 10),
    "fir_q15": (7_000, 2),
    "classify": (18_000, 10),
}
SIMD_DIR = KERNELS_DIR / "simd"

# How each kind of kernel is built: (output directory, wasm32-wasi flags,
# native flags). Bulk memory as in bench/kernels (memcpy/memset become
# memory.copy/fill). The SIMD kernels get -O3, which runs clang's loop
# vectoriser at full strength, and a 128-bit vector width on both sides:
# Wasm's simd128 against SSE4.2 (no AVX), the fair native match.
KERNEL_BUILDS = {
    "scalar": ("kernels", ["-O2", "-mbulk-memory"], ["-O2"]),
    "simd": ("simd", ["-O3", "-msimd128", "-mbulk-memory"], ["-O3", "-msse4.2"]),
}

# The kernels built for memory64 too: those whose time goes to loads and
# stores through pointers.
MEMORY64_KERNELS = ["matmul", "sha256", "sort", "hashmap", "nbody"]
# bench_kernels runs of the memory64 group: name -> (address width, flags).
MEMORY64_ENGINES = {
    "memory32": ("wasm32", []),
    "memory64": ("wasm64", []),
    "memory32-bounds": ("wasm32", ["--bounds-checks"]),
    "memory64-bounds": ("wasm64", ["--bounds-checks"]),
}

# The large programs: compress's input in MiB, and the characters of text
# flite speaks.
PROGRAM_INPUT_MIB = 8
FLITE_CHARS = 4000
# What pandoc converts: Kiln's README and docs.
PANDOC_INPUTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PROGRAMS_DIR = BENCH_DIR / "programs"
# sqlite_bench's scale (customers; orders are 8x that): about 1.4 s natively.
SQLITE_SCALE = 20000
# How SQLite is built, for wasm32-wasi and natively alike: no mutexes (one
# thread) and no extension loading (neither exists in WASI; sqlite3.c turns
# both off itself for __wasi__, and the native build follows), and temporary
# tables and sort spills in memory, so that the workload does no file I/O.
# tests/wasi_cli/bench_programs_test.py builds with these too.
SQLITE_DEFINES = ["-DSQLITE_THREADSAFE=0", "-DSQLITE_OMIT_LOAD_EXTENSION", "-DSQLITE_TEMP_STORE=3"]
WASM_INTERP_TIMEOUT_S = 60
NODE_WASI = ["--no-turbo-fast-api-calls", *compiler_bench.NODE_EAGER]

ENGINES = ["native", "kiln", "kiln-bounds", "kiln-libcalls", "node", "turbofan", "liftoff"]
# The scalar kernels also run metering fuel (issue 17's overhead goal), with
# more fuel than any kernel uses.
FUEL_ENGINE = "kiln-fuel"
KERNEL_FUEL = 10**15

# The parallel kernels: (n, n for --smoke), each run with every thread count.
THREAD_KERNEL_SIZES = {
    "psum": (300, 2),
    "psort": (4_000_000, 200_000),
    "pcounter": (20_000_000, 20_000),
}
THREAD_COUNTS = [1, 2]
THREAD_ENGINES = ["native", "kiln", "kiln-bounds", "node"]


class SuiteError(Exception):
    """The suite cannot go on: a build failed, an engine crashed or disagreed."""


class MissingTools(Exception):
    """Something the workloads are built with is not installed."""


# The exit code of a --smoke run that could not build the workloads (CTest's
# SKIP_RETURN_CODE in tests/bench).
SKIPPED = 77


def progress(message):
    print(message, file=sys.stderr, flush=True)


def run_checked(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SuiteError(f"{' '.join(map(str, command))} exited with {result.returncode}:\n"
                         f"{result.stdout}{result.stderr}")
    return result.stdout


# Peak resident memory comes from GNU time: a child forked from Python itself
# would count Python's own pages, since Linux carries the high-water mark of
# resident memory across exec.
GNU_TIME = Path("/usr/bin/time")


def run_measured(command, cwd, timeout=None):
    """Runs a process; returns (stdout, wall_ns, cpu_ns, peak_rss_kib)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as peak:
        measured = ([str(GNU_TIME), "-f", "%M", "-o", peak.name, *map(str, command)]
                    if GNU_TIME.exists() else command)
        start = time.monotonic_ns()
        # Its own process group, so a timeout also stops the program under time.
        process = subprocess.Popen(measured, cwd=cwd, stdout=out, stderr=err,
                                   start_new_session=True)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG if deadline else 0)
            if pid:
                break
            if time.monotonic() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                os.wait4(process.pid, 0)
                process.returncode = -9
                raise TimeoutError(f"{' '.join(map(str, command))} took over {timeout} s")
            time.sleep(0.01)
        wall = time.monotonic_ns() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # already reaped
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        if process.returncode != 0:
            raise SuiteError(f"{' '.join(map(str, command))} exited with {process.returncode}:\n"
                             f"{stdout}{err.read().decode(errors='replace')}")
        rss = int(peak.read().split()[-1]) if GNU_TIME.exists() else usage.ru_maxrss
    cpu = int((usage.ru_utime + usage.ru_stime) * 1e9)
    return stdout, wall, cpu, rss


# ---------------------------------------------------------------- building


class Tools:
    """Paths of everything the suite runs, and which optional engines exist."""

    def __init__(self, build_dir, work_dir, kiln=None):
        self.build_dir = build_dir
        self.work_dir = work_dir
        self.kiln = kiln or build_dir / "kiln"
        self.node = shutil.which("node")
        self.wasm_interp = shutil.which("wasm-interp")
        self.wasm_objdump = shutil.which("wasm-objdump")
        self.clang = shutil.which("clang") or shutil.which("clang-14")
        if not self.kiln.exists():
            raise SuiteError(f"{self.kiln} is missing: build the kiln target first")
        if not self.clang or not Path("/usr/include/wasm32-wasi/stdio.h").exists():
            raise MissingTools("clang and wasi-libc are needed to build the workloads")

    def engines(self):
        """The engines that can run here; Node's are dropped (with a message) if it is missing."""
        if self.node:
            return list(ENGINES)
        progress("suite: node not found: skipping the node, turbofan and liftoff engines")
        return [e for e in ENGINES if e not in ("node", "turbofan", "liftoff")]

    def command(self, engine, wasm, native, args, reactor=False):
        """Command line running one WASI program (or its native build) with `args`.

        A command module runs under `kiln run` and node_driver_for(wasm); with
        `reactor`, quickjs-wasi's QuickJS runs the script `args` names under
        bench_quickjs_run and node_quickjs.mjs, which do the same on Kiln's
        API and in Node.
        """
        node_driver = str(SUITE_DIR / "node_quickjs.mjs" if reactor else node_driver_for(wasm))
        # Compilation is part of what is measured: never the code cache
        # (bench_quickjs_run has none).
        kiln = ([str(self.build_dir / "bench/suite/bench_quickjs_run")] if reactor
                else [str(self.kiln), "run", "--no-cache", "--dir", "data"])
        return {
            "native": lambda: [str(native), *args],
            "kiln": lambda: [*kiln, str(wasm), *args],
            "kiln-bounds": lambda: [*kiln, "--bounds-checks", str(wasm), *args],
            "kiln-libcalls": lambda: [*kiln, "--force-libcalls", str(wasm), *args],
            FUEL_ENGINE: lambda: [*kiln, "--fuel", str(KERNEL_FUEL), str(wasm), *args],
            "node": lambda: [self.node, *NODE_WASI, node_driver, str(wasm), *args],
            "turbofan": lambda: [self.node, "--no-liftoff", *NODE_WASI, node_driver, str(wasm),
                                 *args],
            "liftoff": lambda: [self.node, "--liftoff-only", *NODE_WASI, node_driver, str(wasm),
                                *args],
        }[engine]()


@functools.lru_cache(maxsize=None)
def node_driver_for(wasm):
    """node_wasi.mjs, or for a wasi-threads module (one importing
    wasi.thread-spawn, a length-prefixed name in its import section) the shim
    that gives Node's WASI threads."""
    imports_threads = b"\x0cthread-spawn" in Path(wasm).read_bytes()
    return SUITE_DIR / ("node_wasi_threads.mjs" if imports_threads else "node_wasi.mjs")


def kernel_source(kernel):
    if kernel in SIMD_KERNEL_SIZES:
        return SIMD_DIR / f"{kernel}.c"
    return (SUITE_DIR if kernel in SUITE_KERNELS else KERNELS_DIR) / f"{kernel}.c"


def build_if_stale(output, sources, command):
    if output.exists() and all(output.stat().st_mtime >= s.stat().st_mtime for s in sources):
        return
    run_checked(command)


def build_sqlite(tools, sources_dir):
    """(sqlite_bench.wasm, sqlite_bench.native): bench/programs/sqlite_bench.c
    with the amalgamation in `sources_dir` (scripts/fetch-bench-programs.sh)."""
    out = tools.work_dir / "program"
    out.mkdir(parents=True, exist_ok=True)
    sources = [PROGRAMS_DIR / "sqlite_bench.c", sources_dir / "sqlite3.c"]
    deps = sources + [sources_dir / "sqlite3.h"]
    include = f"-I{sources_dir}"
    wasm, native = out / "sqlite_bench.wasm", out / "sqlite_bench.native"
    build_if_stale(wasm, deps, [tools.clang, "--target=wasm32-wasi", "-O2", *SQLITE_DEFINES,
                                include, "-o", wasm, *sources])
    build_if_stale(native, deps, [tools.clang, "-O2", *SQLITE_DEFINES, include, "-o", native,
                                  *sources, "-lm"])
    return wasm, native


def build_kernel(tools, kernel):
    """(K.wasm for wasm32-wasi, K.native): the kernel with kernel_main.c."""
    directory, wasm_flags, native_flags = KERNEL_BUILDS[
        "simd" if kernel in SIMD_KERNEL_SIZES else "scalar"]
    out = tools.work_dir / directory
    out.mkdir(parents=True, exist_ok=True)
    sources = [kernel_source(kernel), SUITE_DIR / "kernel_main.c"]
    deps = sources + [KERNELS_DIR / "kernel_support.h"]
    wasm, native = out / f"{kernel}.wasm", out / f"{kernel}.native"
    build_if_stale(wasm, deps, [tools.clang, "--target=wasm32-wasi", *wasm_flags,
                                f"-I{KERNELS_DIR}", "-o", wasm, *sources])
    build_if_stale(native, deps, [tools.clang, *native_flags, f"-I{KERNELS_DIR}", "-o", native,
                                  *sources, "-lm"])
    return wasm, native


def build_wabt_kernel(tools, kernel, n):
    """A freestanding build exporting bench() = run(n), for wasm-interp."""
    out = tools.work_dir / "wabt"
    out.mkdir(parents=True, exist_ok=True)
    wasm = out / f"{kernel}-{n}.wasm"
    sources = [kernel_source(kernel), KERNELS_DIR / "kernel_support.c", SUITE_DIR / "wabt_entry.c"]
    build_if_stale(wasm, sources + [KERNELS_DIR / "kernel_support.h"],
                   [tools.clang, "--target=wasm32", "-O2", "-mbulk-memory", "-nostdlib",
                    "-Wl,--no-entry", "-Wl,--export=bench", "-Wl,-z,stack-size=1048576",
                    f"-DBENCH_N={n}", f"-I{KERNELS_DIR}", "-o", wasm, *sources])
    return wasm


def build_address_kernel(tools, kernel, target):
    """A freestanding build of `kernel` exporting run, for `target` wasm32 or
    wasm64 (clang 14 lowers pointers to i64 addresses of a 64-bit memory)."""
    out = tools.work_dir / "memory64"
    out.mkdir(parents=True, exist_ok=True)
    wasm = out / f"{kernel}.{target}.wasm"
    sources = [kernel_source(kernel), KERNELS_DIR / "kernel_support.c"]
    build_if_stale(wasm, sources + [KERNELS_DIR / "kernel_support.h"],
                   [tools.clang, f"--target={target}", "-O2", "-mbulk-memory", "-nostdlib",
                    "-Wl,--no-entry", "-Wl,--export=run", "-Wl,-z,stack-size=1048576",
                    f"-I{KERNELS_DIR}", "-o", wasm, *sources])
    return wasm


def build_program(tools, mib):
    """(compress.wasm, compress.native, input path relative to the work dir)."""
    out = tools.work_dir / "program"
    out.mkdir(parents=True, exist_ok=True)
    source = ROOT / "examples/wasi/compress.c"
    wasm, native = out / "compress.wasm", out / "compress.native"
    build_if_stale(wasm, [source], [tools.clang, "--target=wasm32-wasi", "-O2", "-o", wasm, source])
    build_if_stale(native, [source], [tools.clang, "-O2", "-o", native, source])
    # The input: Kiln's own C++ sources, repeated to the size wanted. Real
    # text, deterministic for a given checkout.
    data = tools.work_dir / "data"
    data.mkdir(exist_ok=True)
    name = f"input-{mib}mib.txt"
    path = data / name
    if not path.exists():
        text = b"".join(p.read_bytes() for p in sorted((ROOT / "src").rglob("*.cpp")))
        size = mib << 20
        path.write_bytes((text * (size // len(text) + 1))[:size])
    return wasm, native, f"data/{name}"


# ---------------------------------------------------------------- groups


KERNEL_OUTPUT = re.compile(r"checksum=(-?\d+) ns=(\d+)")


def check_checksum(checksums, workload, engine, checksum):
    expected = checksums.setdefault(workload, (checksum, engine))
    if checksum != expected[0]:
        raise SuiteError(f"CHECKSUM MISMATCH in {workload}: {engine} printed {checksum}, "
                         f"{expected[1]} printed {expected[0]}")


def run_interleaved(tools, workloads, engines, reps, label):
    """{workload: {engine: [measurement per repetition]}} for WASI programs.

    `workloads` maps a name to (wasm, native, args, parse), or with a fifth
    element True to (..., reactor) for QuickJS (Tools.command): `native` is
    None for a program with no native build, and parse(stdout) gives
    (checksum, in-program ns or None).
    """
    runs_on = {w: [e for e in engines if e != "native" or spec[1]]
               for w, spec in workloads.items()}
    results = {w: {e: [] for e in runs_on[w]} for w in workloads}
    checksums = {}
    total = reps * sum(len(e) for e in runs_on.values())
    done = 0
    for rep in range(reps):
        for index, (workload, (wasm, native, args, parse, *reactor)) in enumerate(
                workloads.items()):
            for engine in compiler_bench.rotated(runs_on[workload], rep + index):
                done += 1
                progress(f"[{done}/{total}] {label} {workload} {engine} rep {rep + 1}/{reps}")
                stdout, wall, cpu, rss = run_measured(
                    tools.command(engine, wasm, native, args, *reactor), cwd=tools.work_dir)
                checksum, ns = parse(stdout)
                check_checksum(checksums, workload, engine, checksum)
                results[workload][engine].append(
                    {"ns": ns, "wall_ns": wall, "cpu_ns": cpu, "rss_kib": rss})
    return results, {w: c for w, (c, _) in checksums.items()}


def parse_kernel(stdout):
    match = KERNEL_OUTPUT.search(stdout)
    if not match:
        raise SuiteError(f"unexpected kernel output: {stdout!r}")
    return match.group(1), int(match.group(2))


def parse_program(stdout):
    """The program prints sizes and hashes: its whole output is the checksum."""
    return hashlib.sha256(stdout.encode()).hexdigest()[:16], None


def group_kernels(tools, kernels, engines, reps, size_index, label="kernels"):
    """The kernels group, or with the SIMD kernels and label "simd" the simd group."""
    all_sizes = {**KERNEL_SIZES, **SIMD_KERNEL_SIZES}
    sizes = {k: all_sizes[k][size_index] for k in kernels}
    workloads = {}
    for kernel in kernels:
        progress(f"suite: building {kernel} (wasm32-wasi and native)")
        wasm, native = build_kernel(tools, kernel)
        if kernel in SIMD_KERNEL_SIZES:
            require_simd(tools, kernel, wasm)
        workloads[kernel] = (wasm, native, [str(sizes[kernel])], parse_kernel)
    results, checksums = run_interleaved(tools, workloads, engines, reps, label)
    _, wasm_flags, native_flags = KERNEL_BUILDS["simd" if label == "simd" else "scalar"]
    return {"engines": engines, "sizes": sizes, "checksums": checksums, "results": results,
            "wasm_flags": wasm_flags, "native_flags": native_flags}


# A v128 opcode in wasm-objdump's disassembly: what shows that clang really
# vectorised (or kept the intrinsics).
VECTOR_INSTRUCTION = re.compile(r"\|\s+(v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\.")


def require_simd(tools, kernel, wasm):
    """Fails unless the module holds SIMD instructions: a SIMD kernel that clang
    left scalar would silently measure scalar code. (wasi-libc has none.)"""
    if not tools.wasm_objdump:
        return
    listing = run_checked([tools.wasm_objdump, "-d", str(wasm)])
    if not VECTOR_INSTRUCTION.search(listing):
        raise SuiteError(f"{wasm} has no SIMD instruction: clang did not vectorise {kernel}")


def output_file_parser(tools, output):
    """parse() for a program that writes `output`: the file's hash and stdout's."""
    def parse(stdout):
        path = tools.work_dir / output
        if not path.exists():
            raise SuiteError(f"the program wrote no {output}; it printed {stdout!r}")
        digest = hashlib.sha256(path.read_bytes() + stdout.encode()).hexdigest()[:16]
        path.unlink()
        return digest, None
    return parse


def group_threads(tools, engines, reps, size_index):
    """The parallel kernels, each a workload per thread count ("psum/2")."""
    out = tools.work_dir / "threads"
    workloads = {}
    for kernel, sizes in THREAD_KERNEL_SIZES.items():
        progress(f"suite: building {kernel} (wasi-threads and pthreads)")
        run_checked(["bash", str(KERNELS_DIR / "threads/build.sh"), kernel, str(out), tools.clang])
        for threads in THREAD_COUNTS:
            workloads[f"{kernel}/{threads}"] = (out / f"{kernel}.wasm", out / f"{kernel}.native",
                                                [str(sizes[size_index]), str(threads)],
                                                parse_kernel)
    chosen = [e for e in THREAD_ENGINES if e in engines]
    results, checksums = run_interleaved(tools, workloads, chosen, reps, "threads")
    return {"engines": chosen, "sizes": {k: s[size_index] for k, s in THREAD_KERNEL_SIZES.items()},
            "checksums": checksums, "results": results}


def fetch(tools, script, directory, what):
    """BUILD_DIR/bench/`directory`, filled by scripts/`script`, or None (with a
    message) if offline."""
    into = tools.build_dir / "bench" / directory
    try:
        run_checked(["bash", str(ROOT / "scripts" / script), str(into)])
    except SuiteError as error:
        progress(f"suite: cannot fetch {what}, skipping them: {error}")
        return None
    return into


def fetch_npm_programs(tools):
    """The directory scripts/fetch-npm-wasi.sh fills, or None (with a message) if offline."""
    return fetch(tools, "fetch-npm-wasi.sh", "npm-wasi", "the npm programs")


def group_program(tools, engines, reps, mib, flite_chars):
    progress("suite: building compress (wasm32-wasi and native) and its input")
    wasm, native, input_path = build_program(tools, mib)
    workloads = {"compress": (wasm, native, [input_path], parse_program)}
    sources_dir = fetch(tools, "fetch-bench-programs.sh", "programs",
                        "SQLite's sources and QuickJS")
    if sources_dir:
        progress("suite: building sqlite_bench with SQLite's amalgamation (wasm32-wasi and "
                 "native; a minute or two the first time)")
        wasm, native = build_sqlite(tools, sources_dir)
        workloads["sqlite"] = (wasm, native, [str(SQLITE_SCALE)], parse_program)
        runner = tools.build_dir / "bench/suite/bench_quickjs_run"
        if not runner.exists():
            raise SuiteError(f"{runner} is missing: build the bench_quickjs_run target first")
        # QuickJS prints the script's value: its checksums of each part.
        workloads["quickjs"] = (sources_dir / "quickjs.wasm", None,
                                [str(PROGRAMS_DIR / "js_bench.js")], parse_program, True)
    npm_dir = fetch_npm_programs(tools)
    if npm_dir:
        # Flite (C, built with wasi-sdk, from npm) reads text and writes a WAV
        # file: the start of Kiln's README, a fixed length of real prose.
        text = (ROOT / "README.md").read_bytes()[:flite_chars]
        (tools.work_dir / "data/speech.txt").write_bytes(text)
        workloads["flite"] = (npm_dir / "flite.wasm", None,
                              ["-f", "data/speech.txt", "-o", "data/speech.wav"],
                              output_file_parser(tools, "data/speech.wav"))
        # Pandoc (Haskell and C with SIMD, from npm) turns Kiln's README and
        # docs, real Markdown, into one standalone HTML page.
        markdown = b"\n\n".join(p.read_bytes() for p in PANDOC_INPUTS)
        (tools.work_dir / "data/docs.md").write_bytes(markdown)
        workloads["pandoc"] = (npm_dir / "pandoc.wasm", None,
                               ["-s", "-f", "markdown", "-t", "html", "data/docs.md",
                                "-o", "data/docs.html"],
                               output_file_parser(tools, "data/docs.html"))
    results, checksums = run_interleaved(tools, workloads, engines, reps, "program")
    return {"input_mib": mib, "flite_chars": flite_chars if npm_dir else None,
            "pandoc_bytes": len(markdown) if npm_dir else None,
            "sqlite_scale": SQLITE_SCALE if sources_dir else None,
            "checksums": checksums, "results": results}


# Start-up (issue 18): each program doing next to nothing, so that the
# process's time is start-up: Kiln compiling lazily (the default for large
# modules) and eagerly with no cache, from the compiled-code cache, and from a
# precompiled .kwasm, against Node's default engine. The npm programs, and
# the bench modules of the program group: compress on a 4 KiB input, SQLite
# at its smallest scale, QuickJS evaluating one string (through
# bench_quickjs_run, which loads a .kwasm it wrote itself: a .kwasm loads only
# into the binary that made it).
STARTUP_RUNS = {
    "pdfcpu": ("pdfcpu.wasm", ["version", "-c", "disable"]),
    "pandoc": ("pandoc.wasm", ["--version"]),
    "flite": ("flite.wasm", ["-t", "hi", "-o", "data/hi.wav"]),
    "compress": ("compress.wasm", ["data/startup.txt"]),
    "sqlite": ("sqlite_bench.wasm", ["10"]),
    "quickjs": ("quickjs.wasm", ["data/startup.js"]),
}
STARTUP_ENGINES = ["kiln-lazy", "kiln-eager", "kiln-cached", "kiln-kwasm", "node"]


def startup_modules(tools):
    """{program: path of its module} for the programs of STARTUP_RUNS to hand."""
    modules = {}
    npm_dir = fetch_npm_programs(tools)
    if npm_dir:
        modules.update({p: npm_dir / STARTUP_RUNS[p][0] for p in ("pdfcpu", "pandoc", "flite")})
    modules["compress"] = build_program(tools, 1)[0]
    (tools.work_dir / "data/startup.txt").write_bytes((ROOT / "README.md").read_bytes()[:4096])
    sources_dir = fetch(tools, "fetch-bench-programs.sh", "programs", "SQLite's sources and QuickJS")
    if sources_dir:
        modules["sqlite"] = build_sqlite(tools, sources_dir)[0]
        modules["quickjs"] = sources_dir / "quickjs.wasm"
        (tools.work_dir / "data/startup.js").write_text("'started'\n")
    return modules


def group_startup(tools, reps):
    """{program: {engine: [measurement per repetition]}}: wall time and peak RSS."""
    modules = startup_modules(tools)
    cache = tools.work_dir / "startup-cache"
    shutil.rmtree(cache, ignore_errors=True)
    kiln = [str(tools.kiln), "run", "--dir", "data"]
    quickjs_runner = str(tools.build_dir / "bench/suite/bench_quickjs_run")
    commands = {}
    for program, wasm in modules.items():
        args = STARTUP_RUNS[program][1]
        kwasm = tools.work_dir / f"{wasm.stem}.kwasm"
        if program == "quickjs":
            run_checked([quickjs_runner, "--write-kwasm", str(kwasm), str(wasm)])
            runner = [quickjs_runner]
            node = [tools.node, "--no-turbo-fast-api-calls", str(SUITE_DIR / "node_quickjs.mjs"),
                    str(wasm), *args]
        else:
            run_checked([str(tools.kiln), "compile", str(wasm), "-o", str(kwasm)])
            runner = kiln
            node = [tools.node, "--no-turbo-fast-api-calls", str(SUITE_DIR / "node_wasi.mjs"),
                    str(wasm), *args]
        no_cache = [] if program == "quickjs" else ["--no-cache"]  # the runner has no cache by default
        commands[program] = {
            "kiln-lazy": [*runner, *no_cache, "--compile", "lazy", str(wasm), *args],
            "kiln-eager": [*runner, *no_cache, "--compile", "eager", str(wasm), *args],
            # Eager, so that the run can write the entry (lazily compiled
            # modules are cached by a process of their own, after the run).
            "kiln-cached": [*runner, "--cache", str(cache), "--compile", "eager", str(wasm), *args],
            "kiln-kwasm": [*runner, *no_cache, str(kwasm), *args],
            "node": node if tools.node else None,
        }
        progress(f"suite: startup {program}: filling the cache")
        run_measured(commands[program]["kiln-cached"], cwd=tools.work_dir)
    results = {p: {e: [] for e in STARTUP_ENGINES if commands[p][e]} for p in commands}
    for rep in range(reps):
        for index, program in enumerate(commands):
            for engine in compiler_bench.rotated(list(results[program]), rep + index):
                progress(f"startup {program} {engine} rep {rep + 1}/{reps}")
                _, wall, cpu, rss = run_measured(commands[program][engine], cwd=tools.work_dir)
                results[program][engine].append({"wall_ns": wall, "cpu_ns": cpu, "rss_kib": rss})
    shutil.rmtree(cache, ignore_errors=True)
    return {"runs": {p: " ".join(STARTUP_RUNS[p][1]) for p in commands}, "results": results}


# Lazy against eager compilation as a run gets longer: each npm program given
# inputs of growing size, so that the time per unit of input after the first
# seconds shows whether code compiled lazily (or not yet, while background
# threads catch up) slows a program doing real work. Sizes: flite's text in
# characters (of README.md repeated), pandoc's Markdown in copies of the docs.
WARMUP_SIZES = {"flite": [2_000, 8_000, 32_000], "pandoc": [1, 2, 4]}
WARMUP_ENGINES = ["kiln-lazy", "kiln-eager", "node"]


def group_warmup(tools, reps):
    """{program: {size: {engine: [measurement per repetition]}}}, outputs checked equal."""
    npm_dir = fetch_npm_programs(tools)
    if not npm_dir:
        return {}
    readme = (ROOT / "README.md").read_bytes()
    markdown = b"\n\n".join(p.read_bytes() for p in PANDOC_INPUTS)
    workloads = {}
    for program, sizes in WARMUP_SIZES.items():
        for size in sizes:
            name = f"data/warmup-{program}-{size}"
            if program == "flite":
                text = (readme * (size // len(readme) + 1))[:size]
                Path(tools.work_dir / f"{name}.txt").write_bytes(text)
                args, output = ["-f", f"{name}.txt", "-o", f"{name}.wav"], f"{name}.wav"
            else:
                Path(tools.work_dir / f"{name}.md").write_bytes(b"\n\n".join([markdown] * size))
                args = ["-s", "-f", "markdown", "-t", "html", f"{name}.md", "-o", f"{name}.html"]
                output = f"{name}.html"
            workloads[(program, size)] = (npm_dir / f"{program}.wasm", args, output)
    kiln = [str(tools.kiln), "run", "--no-cache", "--dir", "data"]
    node = [tools.node, "--no-turbo-fast-api-calls", str(SUITE_DIR / "node_wasi.mjs")]
    engines = [e for e in WARMUP_ENGINES if e != "node" or tools.node]
    results = {p: {size: {e: [] for e in engines} for size in sizes}
               for p, sizes in WARMUP_SIZES.items()}
    checksums = {}
    for rep in range(reps):
        for index, ((program, size), (wasm, args, output)) in enumerate(workloads.items()):
            commands = {"kiln-lazy": [*kiln, "--compile", "lazy", str(wasm), *args],
                        "kiln-eager": [*kiln, "--compile", "eager", str(wasm), *args],
                        "node": [*node, str(wasm), *args]}
            for engine in compiler_bench.rotated(engines, rep + index):
                progress(f"warmup {program} ({size}) {engine} rep {rep + 1}/{reps}")
                stdout, wall, cpu, rss = run_measured(commands[engine], cwd=tools.work_dir)
                checksum, _ = output_file_parser(tools, output)(stdout)
                check_checksum(checksums, f"{program} ({size})", engine, checksum)
                results[program][size][engine].append(
                    {"wall_ns": wall, "cpu_ns": cpu, "rss_kib": rss})
    return {"sizes": WARMUP_SIZES, "results": results,
            "units": {"flite": "characters", "pandoc": "copies of the docs"},
            "unit_bytes": {"flite": 1, "pandoc": len(markdown)}}


def group_interp(tools, kernels, reps, size_index=2):
    """wasm-interp against native and Kiln on the same small n, whole process."""
    if not tools.wasm_interp:
        progress("suite: wasm-interp not found: skipping wabt's interpreter")
        return {"skipped": "wasm-interp not found"}
    results = {}
    for kernel in kernels:
        n = KERNEL_SIZES[kernel][size_index]
        wasm = build_wabt_kernel(tools, kernel, n)
        kiln_wasm, native = build_kernel(tools, kernel)
        entry = {"n": n, "interp": [], "kiln": [], "native": []}
        for rep in range(reps):
            progress(f"interp {kernel}({n}) wasm-interp, kiln, native rep {rep + 1}/{reps}")
            try:
                stdout, wall, cpu, rss = run_measured(
                    [tools.wasm_interp, str(wasm), "--run-all-exports"], cwd=tools.work_dir,
                    timeout=WASM_INTERP_TIMEOUT_S)
            except TimeoutError:
                entry["timeout_s"] = WASM_INTERP_TIMEOUT_S
                break
            match = re.search(r"bench\(\) => i64:(-?\d+)", stdout)
            if not match:
                raise SuiteError(f"unexpected wasm-interp output: {stdout!r}")
            # wasm-interp prints i64 results unsigned.
            unsigned = int(match.group(1))
            checksums = {"wasm-interp": str(unsigned - (1 << 64) if unsigned >= 1 << 63
                                            else unsigned)}
            entry["interp"].append({"wall_ns": wall, "cpu_ns": cpu, "rss_kib": rss})
            for engine in ("kiln", "native"):
                stdout, wall, cpu, rss = run_measured(
                    tools.command(engine, kiln_wasm, native, [str(n)]), cwd=tools.work_dir)
                checksums[engine] = parse_kernel(stdout)[0]
                entry[engine].append({"wall_ns": wall, "cpu_ns": cpu, "rss_kib": rss})
            if len(set(checksums.values())) != 1:
                raise SuiteError(f"CHECKSUM MISMATCH in {kernel}({n}): {checksums}")
        results[kernel] = entry
    return {"results": results}


def group_memory64(tools, kernels, reps, size_index):
    """{kernel: {engine: [measurement per repetition]}}: the same kernel with
    32- and 64-bit addresses in bench_kernels, engines interleaved."""
    runner = tools.build_dir / "bench/kernels/bench_kernels"
    if not runner.exists():
        raise SuiteError(f"{runner} is missing: build the bench_kernels target first")
    engines = list(MEMORY64_ENGINES)
    results = {k: {e: [] for e in engines} for k in kernels}
    checksums = {}
    for rep in range(reps):
        for index, kernel in enumerate(kernels):
            n = KERNEL_SIZES[kernel][size_index]
            for engine in compiler_bench.rotated(engines, rep + index):
                target, flags = MEMORY64_ENGINES[engine]
                wasm = build_address_kernel(tools, kernel, target)
                progress(f"memory64 {kernel}({n}) {engine} rep {rep + 1}/{reps}")
                stdout, wall, cpu, rss = run_measured([str(runner), *flags, str(wasm), str(n)],
                                                      cwd=tools.work_dir)
                checksum, ns = parse_kernel(stdout)
                check_checksum(checksums, kernel, engine, checksum)
                results[kernel][engine].append({"ns": ns, "wall_ns": wall, "cpu_ns": cpu})
    return {"sizes": {k: KERNEL_SIZES[k][size_index] for k in kernels}, "results": results}


def group_compile(tools, reps):
    modules_dir = tools.build_dir / "bench/modules"
    run_checked(["bash", str(BENCH_DIR / "fetch-modules.sh"), str(modules_dir)])
    modules = sorted(modules_dir.glob("*.wasm"))
    progress(f"compile: {len(modules)} modules, {reps} repetitions (compiler_bench.py)")
    results = compiler_bench.run_compile(tools.build_dir, modules, reps)
    return {"modules": [m.stem for m in modules], "results": results}


def group_frontend(tools):
    """Decode and decode+validate throughput against wabt (bench_frontend)."""
    modules = sorted((tools.build_dir / "bench/modules").glob("*.wasm"))
    progress(f"frontend: bench_frontend on {len(modules)} modules (Kiln and wabt in-process)")
    medians = google_benchmark(tools.build_dir / "bench/bench_frontend", ".", *modules)
    return {"modules": {m.stem: m.stat().st_size for m in modules},
            "bytes_per_second": {name: b["bytes_per_second"] for name, b in medians.items()}}


def wat_to_wasm(tools, name, text):
    out = tools.work_dir / "runtime"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.wat").write_text(text)
    run_checked(["wat2wasm", str(out / f"{name}.wat"), "-o", str(out / f"{name}.wasm")])
    return out / f"{name}.wasm"


# The modules bench_runtime times in Kiln, for V8 (bench/runtime/runtime_bench.cpp).
RUNTIME_MODULES = {
    "small": """(module (memory (export "memory") 1) (global $counter (mut i32) (i32.const 0))
      (data (i32.const 16) "hello, world")
      (func (export "run") (result i32) (i32.load (i32.const 16))))""",
    "add": """(module (func (export "add") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1))))""",
    "trap": """(module (memory 1)
      (func (export "copy") (memory.copy (i32.const 65536) (i32.const 0) (i32.const 1))))""",
}


def google_benchmark(binary, name_filter, *modules):
    """{benchmark name: its median aggregate} from a Google Benchmark binary,
    with `real_ns` added (the real time per iteration in nanoseconds)."""
    output = run_checked([str(binary), *map(str, modules), f"--benchmark_filter={name_filter}",
                          "--benchmark_repetitions=3", "--benchmark_report_aggregates_only=true",
                          "--benchmark_min_time=0.2", "--benchmark_format=json"])
    medians = {}
    for b in json.loads(output)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            unit_ns = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
            b["real_ns"] = b["real_time"] * unit_ns
            medians[b["run_name"]] = b
    return medians


def group_runtime(tools, reps):
    result = {}
    progress("runtime: bench_runtime (instantiation, calls, traps)")
    result["kiln"] = {name: b["real_ns"] for name, b in google_benchmark(
        tools.build_dir / "bench/runtime/bench_runtime", ".").items()}
    progress("runtime: bench_vm (trap round trip, memory creation)")
    result["kiln_vm"] = {name: b["real_ns"] for name, b in google_benchmark(
        tools.build_dir / "bench/vm/bench_vm", "TrapRoundTrip|EntryNoTrap|CreateDrop").items()}
    if tools.node:
        modules = [str(wat_to_wasm(tools, name, text)) for name, text in RUNTIME_MODULES.items()]
        for engine, flags in (("liftoff", ["--liftoff-only"]), ("node", [])):
            runs = []
            for rep in range(reps):
                progress(f"runtime: V8 {engine} rep {rep + 1}/{reps}")
                runs.append(json.loads(run_checked(
                    [tools.node, *flags, str(SUITE_DIR / "node_runtime.mjs"), *modules])))
            result[engine] = runs
    return result


def group_capacity(tools):
    binary = tools.build_dir / "bench/suite/bench_instances"
    result = {}
    for mode, flags in (("guard-pages", []), ("bounds-checks", ["--bounds-checks"])):
        progress(f"capacity: live instances, {mode} (cap 200,000)")
        line = run_checked([str(binary), *flags, "--cap", "200000"]).strip()
        fields = dict(re.findall(r"(\w+)=(\S+)", line.split(" error=")[0]))
        entry = {k: (v if k == "stop" else int(v)) for k, v in fields.items()}
        if " error=" in line:
            entry["error"] = line.split(" error=", 1)[1]
        result[mode] = entry
    return result


def first_line(command):
    try:
        lines = subprocess.run(command, capture_output=True, text=True).stdout.splitlines()
        return lines[0].strip() if lines else "unavailable"
    except OSError:
        return "unavailable"


def command_output(command):
    """All of a command's output (lscpu's lines are parsed as a whole)."""
    return subprocess.run(command, capture_output=True, text=True).stdout


def environment(tools):
    """The machine and the versions of every engine, for the report."""
    lscpu = dict(re.findall(r"^([^:]+):\s*(.*)$", command_output(["lscpu"]), re.M))
    meminfo = Path("/proc/meminfo").read_text()
    mem_kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    return {
        "cpu": lscpu.get("Model name", "unknown CPU"),
        "cpus": os.cpu_count(),
        "memory_gib": round(mem_kib / (1 << 20), 1),
        "kernel": f"{os.uname().sysname} {os.uname().release}",
        "kiln": first_line([str(tools.kiln), "--version"]),
        "node": first_line([tools.node, "--version"]) if tools.node else "not installed",
        "clang": first_line([tools.clang, "--version"]),
        "wabt": first_line([tools.wasm_interp, "--version"]) if tools.wasm_interp
        else "not installed",
        "build_type": next(iter(re.findall(
            r"^CMAKE_BUILD_TYPE:\w+=(.*)$",
            (tools.build_dir / "CMakeCache.txt").read_text(), re.M)), "unknown"),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


# ---------------------------------------------------------------- main


# The keys of a results JSON that describe the run rather than a group.
RUN_KEYS = {"reps", "engines", "load_start", "environment", "load_end", "seconds", "reruns"}


def merge_rerun(earlier, rerun):
    """`earlier` with the groups of `rerun` in place of its own, and a record
    of the rerun (its groups, date, repetitions, time taken and load)."""
    groups = [key for key in rerun if key not in RUN_KEYS]
    merged = dict(earlier)
    merged.update({group: rerun[group] for group in groups})
    merged["reruns"] = [*earlier.get("reruns", []), {
        "groups": groups, "date": rerun["environment"].get("date"), "reps": rerun["reps"],
        "seconds": rerun["seconds"], "load_start": rerun["load_start"],
        "load_end": rerun["load_end"]}]
    return merged


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, required=True)
    parser.add_argument("--work-dir", type=Path, help="builds and inputs (default: "
                        "BUILD_DIR/bench/suite)")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--smoke", action="store_true",
                        help="the test: the kernels, interp and simd groups for fannkuch, sort "
                        "and classify, tiny n, one repetition")
    parser.add_argument("--groups",
                        default="kernels,simd,threads,program,startup,warmup,interp,compile,"
                        "frontend,runtime,capacity,memory64")
    parser.add_argument("--kernels", help="comma-separated subset of the kernels and SIMD kernels")
    parser.add_argument("--results", type=Path, help="JSON file to write")
    parser.add_argument("--kiln", type=Path, help="the kiln binary (default: BUILD_DIR/kiln)")
    parser.add_argument("--merge-into", type=Path, metavar="RESULTS",
                        help="rerun only --groups and put them in RESULTS (an earlier run's "
                        "JSON) in place of that run's results of those groups; the report says "
                        "which groups were rerun, when and under what load")
    args = parser.parse_args()

    build_dir = args.build_dir.resolve()
    work_dir = (args.work_dir or build_dir / "bench/suite").resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    (work_dir / "data").mkdir(exist_ok=True)  # preopened by every engine
    try:
        tools = Tools(build_dir, work_dir, args.kiln)
        engines = tools.engines()
        if args.smoke:
            args.reps, args.groups = 1, "kernels,interp,simd,threads"
            args.kernels = args.kernels or "fannkuch,sort,classify"
        size_index = 1 if args.smoke else 0
        chosen = args.kernels.split(",") if args.kernels else [*KERNEL_SIZES, *SIMD_KERNEL_SIZES]
        unknown = [k for k in chosen if k not in KERNEL_SIZES and k not in SIMD_KERNEL_SIZES]
        if unknown:
            raise SuiteError(f"unknown kernels: {', '.join(unknown)}")
        kernels = [k for k in chosen if k in KERNEL_SIZES]
        simd_kernels = [k for k in chosen if k in SIMD_KERNEL_SIZES]
        groups = args.groups.split(",")
        started = time.time()
        out = {"reps": args.reps, "engines": engines, "load_start": os.getloadavg()[0],
               "environment": environment(tools)}
        if "kernels" in groups and kernels:
            with_fuel = [*engines[:engines.index("kiln-libcalls") + 1], FUEL_ENGINE,
                         *engines[engines.index("kiln-libcalls") + 1:]]
            out["kernels"] = group_kernels(tools, kernels, with_fuel, args.reps, size_index)
        if "simd" in groups and simd_kernels:
            out["simd"] = group_kernels(tools, simd_kernels, engines, args.reps, size_index,
                                        "simd")
        for group in ("kernels", "simd"):
            for kernel, checksum in out.get(group, {}).get("checksums", {}).items():
                print(f"suite: {kernel}: {len(engines)} engines agree on checksum {checksum} "
                      f"({', '.join(engines)})")
        if "threads" in groups:
            out["threads"] = group_threads(tools, engines, args.reps, size_index)
        if "program" in groups:
            out["program"] = group_program(tools, engines, args.reps, PROGRAM_INPUT_MIB,
                                           FLITE_CHARS)
        if "startup" in groups:
            out["startup"] = group_startup(tools, args.reps)
        if "warmup" in groups:
            out["warmup"] = group_warmup(tools, args.reps)
        if "interp" in groups and kernels:
            out["interp"] = group_interp(tools, kernels, max(1, args.reps // 2),
                                         1 if args.smoke else 2)
            if "results" in out["interp"]:
                print(f"suite: wasm-interp agrees with kiln and native on {', '.join(kernels)}")
        if "compile" in groups:
            out["compile"] = group_compile(tools, args.reps)
        if "frontend" in groups:
            out["frontend"] = group_frontend(tools)
        if "runtime" in groups:
            out["runtime"] = group_runtime(tools, args.reps)
        if "capacity" in groups:
            out["capacity"] = group_capacity(tools)
        if "memory64" in groups:
            subset = [k for k in kernels if k in MEMORY64_KERNELS] or MEMORY64_KERNELS
            out["memory64"] = group_memory64(tools, subset, args.reps, size_index)
        out["load_end"] = os.getloadavg()[0]
        out["seconds"] = time.time() - started
        if args.merge_into:
            out = merge_rerun(json.loads(args.merge_into.read_text()), out)
    except MissingTools as error:
        print(f"suite: skipped: {error}", file=sys.stderr)
        return SKIPPED
    except (SuiteError, compiler_bench.BenchError) as error:
        print(f"\nsuite: FAILED: {error}", file=sys.stderr)
        return 1
    if args.results:
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(out, indent=1))
        progress(f"suite: results in {args.results}")
    if args.smoke:
        # The report is rendered too, so that bench/report.py cannot rot either.
        import report  # noqa: E402  (bench/report.py)
        report.report(out, work_dir)
        print(f"suite: rendered {work_dir / 'REPORT.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
