#!/usr/bin/env python3
"""Golden-output tests of `kiln inspect --asm`.

Each NAME.wat here starts with a line `;; kiln inspect --asm [OPTIONS]...`;
its listing must equal NAME.expected once both are normalised (trailing
blanks, and any absolute address, which would differ between runs).
Usage: check_asm_golden.py KILN WAT2WASM WORK_DIR [--update]
"""
import difflib
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
PREFIX = ";; kiln inspect --asm"
# 0x followed by 9 or more hex digits can only be a pointer: normalise it.
ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{9,}\b")


def normalise(text):
    lines = [ADDRESS.sub("<address>", line.rstrip()) for line in text.splitlines()]
    return "\n".join(lines).strip() + "\n"


def listing(kiln, wat2wasm, work, wat):
    first = wat.read_text().splitlines()[0]
    if not first.startswith(PREFIX):
        raise SystemExit(f"{wat.name}: first line must start with '{PREFIX}'")
    options = first[len(PREFIX):].split(":")[0].split()
    wasm = work / (wat.stem + ".wasm")
    subprocess.run([wat2wasm, "--debug-names", str(wat), "-o", str(wasm)], check=True)
    result = subprocess.run([kiln, "inspect", "--asm", str(wasm), *options],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{wat.name}: kiln failed ({result.returncode}): {result.stderr}")
    return normalise(result.stdout)


def main():
    kiln, wat2wasm, work = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
    update = "--update" in sys.argv[4:]
    work.mkdir(parents=True, exist_ok=True)
    failures = 0
    for wat in sorted(HERE.glob("*.wat")):
        actual = listing(kiln, wat2wasm, work, wat)
        expected_path = wat.with_suffix(".expected")
        if update:
            expected_path.write_text(actual)
            continue
        expected = normalise(expected_path.read_text())
        if actual != expected:
            failures += 1
            print(f"{wat.name}: listing differs from {expected_path.name}")

            sys.stdout.writelines(difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), "expected", "actual"))
        else:
            print(f"{wat.name}: ok")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
