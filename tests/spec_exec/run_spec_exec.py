#!/usr/bin/env python3
"""Runs `kiln wast` over the official test suite, in both memory modes.

    run_spec_exec.py KILN TESTSUITE_DIR [--timeout SECONDS] [--blocked FILE]
                     [--superseded FILE] [--full]

Every script of the suite (its subfolders too: legacy/, custom/,
proposals/) runs in the default mode, with --bounds-checks
--force-libcalls, with --fuel (plenty of it) and with --compile lazy; the
SIMD scripts also with --cpu baseline, and the float and SIMD ones with
--deterministic (with --full: every script in all six modes). Prints each failure (kiln's own lines), the totals per file
and mode (commands on modules Kiln refuses as unsupported, such as SIMD or GC
ones, are skipped), and last `spec: N passed, M failed, K skipped`. Exits 1
when any command failed. --blocked names
commands whose expected result depends on a module Kiln skips as unsupported
(tests/spec_exec/blocked-by-unsupported.txt): their failures are counted as
skipped, and each is printed with the feature it waits for. --superseded
names commands of the proposals' scripts whose rule 3.0 changed
(tests/spec/superseded-by-3.0.txt, shared with spec_frontend): their
failures are counted as superseded, not failed.
"""
import os
import pathlib
import re
import subprocess
import sys



def uses_simd(path):
    return path.name.startswith(("simd_", "relaxed_"))


def uses_floats(path):
    return uses_simd(path) or path.name.startswith(("f32", "f64", "float_", "conversions"))


# Fuel enough for every script (2^62): metering must not change a result.
PLENTY_OF_FUEL = str(1 << 62)


# Each mode: its name, its kiln flags, and the scripts it runs unless --full
# is given (None: every one). The code paths --cpu baseline and
# --deterministic change are those of SIMD and float instructions.
MODES = [
    ("default", [], None),
    ("bounds-checks+force-libcalls", ["--bounds-checks", "--force-libcalls"], None),
    ("cpu-baseline", ["--cpu", "baseline"], uses_simd),
    ("deterministic", ["--deterministic"], uses_floats),
    ("fuel", ["--fuel", PLENTY_OF_FUEL], None),
    # Every function compiled at its first call: a few seconds for the suite.
    ("lazy", ["--compile", "lazy"], None),
]
TOTALS = re.compile(r"^(.*\.wast): (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$")


def read_listed(path):
    """The "file.wast:line" keys of a list of commands."""
    if path is None:
        return set()
    keys = set()
    for line in pathlib.Path(path).read_text().splitlines():
        if line and not line.startswith("#"):
            keys.add(line.split()[0])
    return keys


def discount(suite, counts, failures, listed, to_skipped):
    """Moves failures of the listed commands out of the failed counts (into
    the skipped ones with `to_skipped`); returns the other failures and the
    moved ones."""
    kept, moved = [], []
    for line in failures:
        match = re.match(r"^(.*\.wast):(\d+):", line)
        name = os.path.relpath(match[1], suite) if match else None
        if match and f"{name}:{match[2]}" in listed and name in counts:
            counts[name][1] -= 1
            if to_skipped:
                counts[name][2] += 1
            moved.append(line)
        else:
            kept.append(line)
    return kept, moved


def run_kiln(kiln, flags, suite, files, timeout):
    """Runs kiln wast; returns {path in the suite: [passed, failed, skipped]},
    the failure lines and {feature: commands skipped for it}."""
    command = [kiln, "wast", "--verbose", "--timeout", str(timeout), *flags, *map(str, files)]
    output = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, check=False).stdout
    counts, failures, by_feature = {}, [], {}
    for line in output.splitlines():
        if match := TOTALS.match(line):
            counts[os.path.relpath(match[1], suite)] = [
                int(match[2]), int(match[3]), int(match[4] or 0)]
        elif match := re.match(r"^skipped: (.*)$", line):
            for part in match[1].split(", "):
                count, feature = part.split(" ", 1)
                by_feature[feature] = int(count)
        elif not re.match(r"^(.*\.wast: skipped: .*|\d+ passed, \d+ failed(, \d+ skipped)?)$",
                          line):
            failures.append(line)
    for path in files:  # a script kiln never reported on counts as failed
        counts.setdefault(os.path.relpath(path, suite), [0, 1, 0])
    return counts, failures, by_feature


def main():
    args = sys.argv[1:]
    timeout = 10
    if "--timeout" in args:
        at = args.index("--timeout")
        timeout = float(args[at + 1])
        del args[at:at + 2]
    blocked_path = None
    if "--blocked" in args:
        at = args.index("--blocked")
        blocked_path = args[at + 1]
        del args[at:at + 2]
    blocked = read_listed(blocked_path)
    superseded_path = None
    if "--superseded" in args:
        at = args.index("--superseded")
        superseded_path = args[at + 1]
        del args[at:at + 2]
    superseded = read_listed(superseded_path)
    full = "--full" in args
    if full:
        args.remove("--full")
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    kiln, suite = args[0], pathlib.Path(args[1])
    scripts = sorted(suite.rglob("*.wast"))
    if not scripts:
        print(f"no .wast files in {suite}", file=sys.stderr)
        return 2
    passed = failed = skipped = superseded_total = 0
    for mode, flags, selects in MODES:
        mode_scripts = [path for path in scripts if full or selects is None or selects(path)]
        counts, failures, by_feature = run_kiln(kiln, flags, suite, mode_scripts, timeout)
        failures, waiting = discount(suite, counts, failures, blocked, to_skipped=True)
        failures, replaced = discount(suite, counts, failures, superseded, to_skipped=False)
        if replaced:
            print(f"[{mode}] {len(replaced)} commands superseded by 3.0 ({superseded_path})")
        mode_superseded = len(replaced)
        for line in waiting:
            print(f"[{mode}] skipped, blocked by an unsupported module ({blocked_path}): {line}")
        for line in failures:
            print(f"[{mode}] {line}")
        for name in sorted(counts):
            c = counts[name]
            print(f"[{mode}] {name}: {c[0]} passed, {c[1]} failed, {c[2]} skipped")
        for feature in sorted(by_feature, key=lambda f: -by_feature[f]):
            print(f"[{mode}] skipped for {feature}: {by_feature[feature]}")
        mode_passed, mode_failed, mode_skipped = (sum(c[k] for c in counts.values()) for k in range(3))
        print(f"[{mode}] {len(mode_scripts)} files: {mode_passed} passed, {mode_failed} failed, "
              f"{mode_skipped} skipped, {mode_superseded} superseded by 3.0")
        passed += mode_passed
        failed += mode_failed
        skipped += mode_skipped
        superseded_total += mode_superseded
    print(f"spec: {passed} passed, {failed} failed, {skipped} skipped, "
          f"{superseded_total} superseded by 3.0")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
