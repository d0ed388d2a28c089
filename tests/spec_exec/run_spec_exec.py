#!/usr/bin/env python3
"""Runs `kiln wast` over the official test suite, in both memory modes.

    run_spec_exec.py KILN TESTSUITE_DIR [--timeout SECONDS] [--superseded FILE]

Every non-SIMD script runs twice: in the default mode and with
--bounds-checks --force-libcalls. Prints each failure (kiln's own lines), the
totals per file and mode, then the SIMD scripts with the commands skipped
because the compiler does not run SIMD yet (their other commands are shown
but do not decide the result), and last `spec: N passed, M failed`. Exits 1
when any non-SIMD command failed. --superseded names commands of the 2.0
suite whose rule WebAssembly 3.0 changed (tests/spec/superseded-by-3.0.txt):
their failures are counted as superseded, not failed.
"""
import pathlib
import re
import subprocess
import sys

MODES = [("default", []), ("bounds-checks+force-libcalls", ["--bounds-checks", "--force-libcalls"])]
TOTALS = re.compile(r"^(.*\.wast): (\d+) passed, (\d+) failed$")
SKIPPED = re.compile(r"^(.*\.wast): skipped: (\d+)$")


def read_superseded(path):
    """The "file.wast:line" keys of the superseded list."""
    if path is None:
        return set()
    keys = set()
    for line in pathlib.Path(path).read_text().splitlines():
        if line and not line.startswith("#"):
            keys.add(line.split()[0])
    return keys


def discount_superseded(counts, failures, superseded):
    """Moves failures of superseded commands out of the failed counts."""
    kept, moved = [], 0
    for line in failures:
        match = re.match(r"^(?:.*/)?([^/:]+\.wast):(\d+):", line)
        if match and f"{match[1]}:{match[2]}" in superseded and match[1] in counts:
            counts[match[1]][1] -= 1
            moved += 1
        else:
            kept.append(line)
    return kept, moved


def run_kiln(kiln, flags, files, timeout):
    """Runs kiln wast; returns {file name: [passed, failed, skipped]} and the failure lines."""
    command = [kiln, "wast", "--verbose", "--timeout", str(timeout), *flags, *map(str, files)]
    output = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, check=False).stdout
    counts, failures = {}, []
    for line in output.splitlines():
        if match := TOTALS.match(line):
            counts.setdefault(pathlib.Path(match[1]).name, [0, 0, 0])[0:2] = [
                int(match[2]), int(match[3])]
        elif match := SKIPPED.match(line):
            counts.setdefault(pathlib.Path(match[1]).name, [0, 0, 0])[2] = int(match[2])
        elif not re.match(r"^(skipped: \d+|\d+ passed, \d+ failed)$", line):
            failures.append(line)
    for path in files:  # a script kiln never reported on counts as failed
        counts.setdefault(path.name, [0, 1, 0])
    return counts, failures


def main():
    args = sys.argv[1:]
    timeout = 10
    if "--timeout" in args:
        at = args.index("--timeout")
        timeout = float(args[at + 1])
        del args[at:at + 2]
    superseded_path = None
    if "--superseded" in args:
        at = args.index("--superseded")
        superseded_path = args[at + 1]
        del args[at:at + 2]
    superseded = read_superseded(superseded_path)
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    kiln, suite = args[0], pathlib.Path(args[1])
    scripts = sorted(suite.glob("*.wast"))
    if not scripts:
        print(f"no .wast files in {suite}", file=sys.stderr)
        return 2
    simd = [path for path in scripts if path.name.startswith("simd_")]
    regular = [path for path in scripts if not path.name.startswith("simd_")]

    passed = failed = 0
    for mode, flags in MODES:
        counts, failures = run_kiln(kiln, flags, regular, timeout)
        failures, moved = discount_superseded(counts, failures, superseded)
        if moved:
            print(f"[{mode}] {moved} commands superseded by 3.0 (see {superseded_path})")
        for line in failures:
            print(f"[{mode}] {line}")
        mode_passed = sum(c[0] for c in counts.values())
        mode_failed = sum(c[1] for c in counts.values())
        for name in sorted(counts):
            c = counts[name]
            print(f"[{mode}] {name}: {c[0]} passed, {c[1]} failed")
        print(f"[{mode}] {len(regular)} files: {mode_passed} passed, {mode_failed} failed")
        passed += mode_passed
        failed += mode_failed

    counts, failures = run_kiln(kiln, [], simd, timeout)
    for line in failures:
        print(f"[simd, not counted] {line}")
    for name in sorted(counts):
        c = counts[name]
        print(f"[simd] {name}: skipped {c[2]} commands (SIMD is not executed yet); "
              f"{c[0]} other commands passed, {c[1]} failed")
    print(f"[simd] {len(simd)} files: {sum(c[2] for c in counts.values())} commands skipped")
    print(f"spec: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
