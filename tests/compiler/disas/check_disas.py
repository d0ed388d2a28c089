#!/usr/bin/env python3
"""Golden tests of the compiler's output, one file per instruction family.

Each NAME.wat here starts with a line `;; kiln inspect --asm [OPTIONS]...`
(the options the listing is made with), then the module, then the line
`;; expected:` followed by the listing `kiln inspect --asm` must print, each
line behind `;; `. A file whose listing depends on an instruction set
beyond x86-64-v2 says so with a line `;; needs cpu flag: FLAG` (as
/proc/cpuinfo spells it); on a CPU without it the file is skipped. A listing is compared once normalised (trailing blanks,
and absolute addresses, which differ between runs).

With KILN_BLESS=1 in the environment the expectations are rewritten from
what Kiln prints instead (review the diff before committing it):
    KILN_BLESS=1 ctest --test-dir build -R compiler_disas

Usage: check_disas.py KILN WAT2WASM WORK_DIR [NAME.wat...]
"""
import difflib
import os
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
PREFIX = ";; kiln inspect --asm"
MARKER = ";; expected:"
NEEDS = ";; needs cpu flag:"
# 0x followed by 9 or more hex digits can only be a pointer: normalise it.
ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{9,}\b")


def normalise(lines):
    return [ADDRESS.sub("<address>", line.rstrip()) for line in lines]


def split(text):
    """(module source, expected listing lines or None)."""
    lines = text.splitlines()
    if MARKER not in lines:
        return text, None
    at = lines.index(MARKER)
    expected = [line[3:] if line.startswith(";; ") else line[2:] for line in lines[at + 1:]]
    return "\n".join(lines[:at]) + "\n", expected


def cpu_flags():
    for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def missing_flags(source):
    needed = {line[len(NEEDS):].strip() for line in source.splitlines() if line.startswith(NEEDS)}
    return sorted(needed - cpu_flags())


def listing(kiln, wat2wasm, work, wat, source):
    first = source.splitlines()[0]
    if not first.startswith(PREFIX):
        raise SystemExit(f"{wat.name}: first line must start with '{PREFIX}'")
    options = first[len(PREFIX):].split(":")[0].split()
    wasm = work / (wat.stem + ".wasm")
    # The 3.0 features (and threads) wabt 1.0.32 can write, for the listings
    # of their code.
    subprocess.run([wat2wasm, "--debug-names", "--enable-memory64", "--enable-multi-memory",
                    "--enable-threads", "--enable-tail-call", str(wat), "-o", str(wasm)], check=True)
    result = subprocess.run([kiln, "inspect", "--asm", str(wasm), *options],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{wat.name}: kiln failed ({result.returncode}): {result.stderr}")
    return normalise(result.stdout.strip("\n").splitlines())


def main():
    kiln, wat2wasm, work = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
    names = sys.argv[4:]
    bless = os.environ.get("KILN_BLESS") == "1"
    work.mkdir(parents=True, exist_ok=True)
    files = [HERE / name for name in names] if names else sorted(HERE.glob("*.wat"))
    failures = skipped = 0
    for wat in files:
        source, expected = split(wat.read_text())
        if missing := missing_flags(source):
            skipped += 1
            print(f"{wat.name}: skipped, this CPU lacks {', '.join(missing)}")
            continue
        actual = listing(kiln, wat2wasm, work, wat, source)
        if bless:
            body = "\n".join((";; " + line).rstrip() for line in actual)
            wat.write_text(source.rstrip("\n") + "\n\n" + MARKER + "\n" + body + "\n")
            print(f"{wat.name}: blessed")
            continue
        if expected is None:
            failures += 1
            print(f"{wat.name}: no '{MARKER}' section (run with KILN_BLESS=1)")
            continue
        expected = normalise(expected)
        if actual != expected:
            failures += 1
            print(f"{wat.name}: listing differs")
            sys.stdout.writelines(line + "\n" for line in difflib.unified_diff(
                expected, actual, "expected", "actual", lineterm=""))
        else:
            print(f"{wat.name}: ok")
    print(f"{len(files) - failures - skipped} passed, {failures} failed, {skipped} skipped")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
