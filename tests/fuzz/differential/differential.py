#!/usr/bin/env python3
"""Differential fuzzing of Kiln against a reference interpreter.

--reference wabt (the default): each case is random bytes -> Debian's
`wasm-opt --translate-to-fuzz` (binaryen 108) with every post-2.0 feature
disabled (SIMD too unless --simd; the 3.0 features wabt runs with
--features30), and NaNs turned into 0 (--denan) -> a valid module ->
kiln_differential, which runs every exported function in Kiln (both memory
modes) and in wabt and compares the results, traps and logging calls.

--reference binaryen: npm's binaryen package (--binaryen DIR, where
scripts/fetch-npm-binaryen.sh, which pins its version, unpacked it; with
--fetch SCRIPT this runs SCRIPT DIR first) generates the
module with the 3.0 features Kiln runs (BINARYEN_FEATURES: exceptions,
tail calls, memory64, multiple memories, extended constants, reference
types) and is the reference too: `wasm-opt --fuzz-exec-before` runs every
export in binaryen's interpreter with its fuzzer's imports, and
`kiln_differential --fuzzing-support` runs them in Kiln's three modes with
the same imports answered the same way (fuzzing_support.cpp). Both outputs
are parsed here into one list of events per module (export, results,
logging calls, trap, uncaught exception with its tag and payload), values
typed by Kiln's side so that floats compare by bits, and compared.

Modules that either side rejects are skipped and counted by reason.
Mismatching modules are kept in WORK/mismatches.

  differential.py --driver D --work DIR --seed S (--count N | --seconds T) [--min-calls M]
                  (--wasm-opt W [--simd] [--features30]
                   | --reference binaryen --binaryen DIR [--fetch SCRIPT] [--node NODE])
Exit status 1 when any case mismatched or crashed, or when fewer than M
exported calls were compared: a harness that compares nothing (every module
skipped, a driver that checks nothing) must not pass. Exit status 77
(skipped) when --fetch fails, e.g. offline; under CI (CI set in the
environment) that is a failure instead.
"""
import argparse
import collections
import os
import pathlib
import random
import re
import shutil
import struct
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


# With --reference binaryen: everything of WebAssembly 3.0 that Kiln runs
# and binaryen 132's generator emits without GC (which Kiln does not run
# yet). Typed function references are part of GC in binaryen 132, so
# call_ref and non-nullable references are not generated. No threads, no
# SIMD (binaryen's interpreter and Kiln would differ in NaN bits inside
# vectors, which --denan cannot reach).
BINARYEN_FEATURES = [
    "--mvp-features", "--enable-sign-ext", "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int", "--enable-bulk-memory", "--enable-bulk-memory-opt",
    "--enable-call-indirect-overlong", "--enable-multivalue", "--enable-reference-types",
    "--enable-exception-handling", "--enable-tail-call", "--enable-extended-const",
    "--enable-memory64", "--enable-multimemory",
]


def generate(wasm_opt, rng, work, name, features, initial=None):
    seed_file = work / f"{name}.dat"
    seed_file.write_bytes(rng.randbytes(rng.randint(256, 16384)))
    wasm = work / f"{name}.wasm"
    # --denan: a NaN's sign and payload are left to the implementation, and
    # once stored to memory or reinterpreted they change hashes and branches.
    initial = [f"--initial-fuzz={initial}"] if initial else []
    result = subprocess.run([*wasm_opt, str(seed_file), "-ttf", *initial, *features, "--denan",
                             "-o", str(wasm)],
                            capture_output=True, timeout=120)
    seed_file.unlink()
    return wasm if result.returncode == 0 else None


# --- the binaryen reference -------------------------------------------------

# What the census counts in each module binaryen generated (its text, printed
# by the reference run): the 3.0 features the comparison exercised.
CENSUS = {
    "try_table": re.compile(r"\(try_table\b"),
    "legacy try": re.compile(r"\(try\b"),
    "throw": re.compile(r"\(throw\b"),
    "throw_ref": re.compile(r"\(throw_ref\b"),
    "tail calls": re.compile(r"\(return_call"),
    "memory64": re.compile(r"^ \(memory \S+ i64", re.M),
    "multi-memory": re.compile(r"^ \(memory [\s\S]*^ \(memory ", re.M),
    "table64": re.compile(r"^ \(table \S+ i64", re.M),
    "tags": re.compile(r"^ \(tag ", re.M),
}


def parse_binaryen(text):
    """binaryen's --fuzz-exec-before output -> (events, stop): events as
    tuples of strings; stop is why binaryen stopped being comparable (a host
    limit, e.g. its interpreter's recursion limit, which is no
    WebAssembly trap: binaryen itself ignores the rest of such a run)."""
    events = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith("(module"):
            break
        if line.startswith("[fuzz-exec] export "):
            events.append(("export", line[len("[fuzz-exec] export "):]))
        elif line.startswith("[fuzz-exec] note result: "):
            values = [line.split(" => ", 1)[1]]
            # Further values of a multi-value result follow one per line.
            while i < len(lines) and lines[i] and not lines[i].startswith(("[", "(")):
                values.append(lines[i])
                i += 1
            events.append(("result", *values))
        elif line.startswith("[LoggingExternalInterface "):
            events.append(("log", *line[1:-1].split(" ")[1:]))
        elif line.startswith("[trap "):
            events.append(("trap",))
        elif line.startswith("[exception thrown: "):
            words = line[len("[exception thrown: "):-1].split(" ")
            if words[0] not in ("imported-wasm-tag", "imported-js-tag", "failed"):
                words[0] = "module-tag"
            events.append(("exception", *words))
        elif line.startswith("[host limit "):
            return events, f"binaryen host limit: {line[len('[host limit '):-1]}"
    return events, None


def parse_kiln(text):
    """kiln_differential --fuzzing-support output -> events, values typed."""
    events = []
    for line in text.splitlines():
        if line.startswith("[fuzz-exec] export "):
            events.append(("export", line[len("[fuzz-exec] export "):]))
        elif line.startswith("[fuzz-exec] note result: "):
            events.append(("result", *line.split(" => ", 1)[1].split(" ")))
        elif line.startswith("[LoggingExternalInterface "):
            events.append(("log", *line[1:-1].split(" ")[1:]))
        elif line == "[trap]":
            events.append(("trap",))
        elif line.startswith("[exception thrown: "):
            events.append(("exception", *line[len("[exception thrown: "):-1].split(" ")))
        else:
            events.append(("unexpected", line))
    return events


def same_value(kiln, reference):
    """Kiln's typed value against binaryen's text of it."""
    kind, _, value = kiln.partition(":")
    try:
        if kind in ("i32", "i64"):
            return int(reference) == int(value)
        if kind in ("f32", "f64"):
            if value == "nan":
                return reference.lstrip("-").startswith("nan")
            # binaryen prints floats as JavaScript does (shortest round trip
            # of the double; an f32 widened), so this recovers the bits.
            number = float(reference)
            bits = struct.unpack("<I", struct.pack("<f", number))[0] if kind == "f32" else \
                struct.unpack("<Q", struct.pack("<d", number))[0]
            return bits == int(value, 16)
    except (ValueError, OverflowError):
        return False
    # binaryen prints a non-null reference other than an externref only by
    # its JS type, "object(prototype)" for an exnref.
    if kiln == "object":
        return reference.startswith("object")
    return kiln == reference


def same_event(kiln, reference):
    """Events compare by kind, then words (the logging kind, the exception's
    tag), then values."""
    words = {"result": 1, "log": 2, "exception": 2}.get(kiln[0])
    if words is None or len(kiln) != len(reference):
        return kiln == reference
    return kiln[:words] == reference[:words] and all(
        same_value(k, r) for k, r in zip(kiln[words:], reference[words:]))


def run_binaryen_case(wasm_opt, driver, wasm, stats):
    """(status, output, calls) as for the wabt driver: 0 same, 1 mismatch,
    2 skipped (output "skipped: REASON")."""
    try:
        reference = subprocess.run([*wasm_opt, str(wasm), *BINARYEN_FEATURES,
                                    "--fuzz-exec-before", "-q", "--print"],
                                   capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return 2, "skipped: binaryen timed out", 0
    if reference.returncode != 0:
        # Node prints the whole Emscripten-built script before the error.
        why = re.search(r"^\w*Error: .*|Aborted\(.*?\)|^Fatal: .*", reference.stderr, re.M)
        return 2, f"skipped: binaryen fails: {why.group(0) if why else 'status ' + str(reference.returncode)}\n" \
                  + reference.stderr[-3000:], 0
    try:
        result = subprocess.run([str(driver), "--fuzzing-support", str(wasm)],
                                capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "timeout", "kiln timed out after 120 s\n", 0
    if result.returncode != 0:
        return result.returncode, result.stdout + result.stderr, 0
    expected, stop = parse_binaryen(reference.stdout)
    actual = parse_kiln(result.stdout)
    if stop:
        # Compare what came before the host limit; the rest of the run is not
        # comparable (binaryen's interpreter stopped where Kiln did not).
        stats[stop] += 1
        actual = actual[:len(expected)]
    for i, (k, r) in enumerate(zip(actual, expected)):
        if not same_event(k, r):
            context = "\n".join(f"{' ! ' if j == i else '   '}binaryen: {' '.join(expected[j])}\n"
                                f"{' ! ' if j == i else '   '}kiln:     {' '.join(actual[j])}"
                                for j in range(max(0, i - 8), i + 1))
            return 1, f"MISMATCH at event {i}\n{context}\n", 0
    if len(actual) != len(expected):
        longer, which = (actual, "kiln") if len(actual) > len(expected) else (expected, "binaryen")
        return 1, f"MISMATCH: {which} has more events: {' '.join(longer[min(len(actual), len(expected))])}\n", 0
    module_text = reference.stdout[reference.stdout.find("\n(module"):]
    for feature, pattern in CENSUS.items():
        if pattern.search(module_text):
            stats["modules with " + feature] += 1
    calls = sum(1 for e in expected if e[0] == "export")
    stats["exports compared"] += calls
    stats["exports trapped"] += sum(1 for e in expected if e[0] == "trap")
    stats["uncaught exceptions"] += sum(1 for e in expected if e[0] == "exception")
    stats["logging calls"] += sum(1 for e in expected if e[0] == "log")
    return 0, f"same: {calls} calls", calls


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--driver", required=True)
    parser.add_argument("--reference", choices=["wabt", "binaryen"], default="wabt")
    parser.add_argument("--wasm-opt", help="binaryen's wasm-opt (with --reference wabt)")
    parser.add_argument("--binaryen", type=pathlib.Path,
                        help="where npm's binaryen package is unpacked (with --reference binaryen)")
    parser.add_argument("--fetch", help="the script that fetches it there (scripts/fetch-npm-binaryen.sh)")
    parser.add_argument("--node", default="node")
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
    binaryen = args.reference == "binaryen"
    if binaryen and (args.binaryen is None or args.simd or args.features30):
        parser.error("--reference binaryen needs --binaryen DIR and takes no --simd/--features30")
    if not binaryen and args.wasm_opt is None:
        parser.error("--reference wabt needs --wasm-opt")

    if binaryen and args.fetch and subprocess.run([args.fetch, str(args.binaryen)]).returncode != 0:
        print("differential: npm's binaryen cannot be fetched")
        sys.exit(1 if os.environ.get("CI") else 77)
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
    if binaryen:
        # binaryen's interpreter recurses deeply on the host (Node's) stack;
        # Node's default of ~1 MB runs out on some modules ("Maximum call
        # stack size exceeded"), 4 MB stays within the usual 8 MB thread stack.
        wasm_opt = [args.node, "--stack-size=4000",
                    str(args.binaryen / "package" / "bin" / "wasm-opt")]
        features = BINARYEN_FEATURES
        # Multiple memories come from initial content (multi_memory.wat).
        initial = args.work / "multi_memory.wasm"
        subprocess.run([args.node, str(args.binaryen / "package" / "bin" / "wasm-as"), "-all",
                        str(pathlib.Path(__file__).parent / "multi_memory.wat"), "-o", str(initial)],
                       check=True)
    else:
        wasm_opt = [args.wasm_opt]
        initial = None
        features = (FEATURES_30 if args.features30 else DISABLED_FEATURES) + \
            (["--enable-simd"] if args.simd else ["--disable-simd"])
    rng = random.Random(args.seed)
    deadline = time.monotonic() + args.seconds if args.seconds else None
    counts = collections.Counter()
    skips = collections.Counter()
    stats = collections.Counter()
    calls = 0
    case = 0
    while (case < args.count) if args.count is not None else (time.monotonic() < deadline):
        name = f"case-{args.seed}-{case}"
        case += 1
        wasm = generate(wasm_opt, rng, args.work, name, features,
                        initial if case % 2 == 0 else None)
        if wasm is None:
            counts["not generated"] += 1
            continue
        if binaryen:
            status, output, matched = run_binaryen_case(wasm_opt, driver, wasm, stats)
        else:
            try:
                result = subprocess.run([str(driver), *driver_flags, str(wasm)],
                                        capture_output=True, text=True, timeout=120)
                status, output = result.returncode, result.stdout + result.stderr
            except subprocess.TimeoutExpired:
                status, output = "timeout", "timed out after 120 s\n"
            match = re.search(r"same: (\d+) calls", output) if status == 0 else None
            matched = int(match.group(1)) if match else 0
        if status == 0:
            counts["same"] += 1
            calls += matched
            wasm.unlink()
        elif status == 2:
            counts["skipped"] += 1
            reason = output.strip().splitlines()[0].split(":") if output.strip() else ["?"]
            # Kiln's reasons by their first part, the reference's with its error's name.
            words = 3 if output.startswith("skipped: binaryen") else 2
            skips[":".join(reason[1:words]).strip() or reason[0]] += 1
            if output.startswith("skipped: binaryen"):
                # The reference failing is worth a look (a binaryen bug?).
                (args.work / "reference-failures").mkdir(exist_ok=True)
                shutil.move(str(wasm), args.work / "reference-failures" / wasm.name)
                (args.work / "reference-failures" / f"{wasm.name}.txt").write_text(output)
            else:
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
    for what, n in sorted(stats.items()):
        print(f"  {what}: {n}")
    bad = {k: v for k, v in counts.items() if k not in ("same", "skipped", "not generated")}
    print(f"differential: {sum(bad.values())} mismatches {dict(bad) if bad else ''}".rstrip())
    too_few = calls < args.min_calls
    if too_few:
        print(f"differential: FAIL: only {calls} exported calls compared, fewer than the "
              f"minimum of {args.min_calls}")
    sys.exit(1 if bad or too_few else 0)


if __name__ == "__main__":
    main()
