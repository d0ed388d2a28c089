#!/usr/bin/env python3
"""Checks that tests/HOSTILE.md and the CTest label `hostile` agree.

  hostile_suite.py --ctest CTEST --build BUILD_DIR --table HOSTILE.md
  hostile_suite.py --list HOSTILE.md   (the names, one a line: for CMake)

Every name in the table's third column (`EXE: PATTERN`, a GoogleTest filter
over the cases of EXE; or a plain CTest name) must match at least one test
labelled `hostile`, and every test labelled `hostile` must be matched by a
name in the table. A typo in the table, a renamed test or a label added by
hand would otherwise leave a class silently unguarded or undocumented.
Prints one line per problem and "N passed, M failed" (N: names that matched).
"""
import argparse
import fnmatch
import json
import re
import subprocess
import sys

SELF = "hostile_suite_test"


def table_names(path):
    names = []
    rows = [line for line in open(path, encoding="utf-8") if re.match(r"^\| [^-]", line)]
    for row in rows[1:]:  # the header
        cells = row.replace("\\|", "").split("|")
        names += re.findall(r"`([^`]+)`", cells[3])
    return names


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--list")
    parser.add_argument("--ctest")
    parser.add_argument("--build")
    parser.add_argument("--table")
    args = parser.parse_args()
    if args.list:
        for name in table_names(args.list):
            print(name)
        return 0
    if not (args.ctest and args.build and args.table):
        parser.error("give --list TABLE, or --ctest, --build and --table")
    listing = subprocess.run([args.ctest, "--test-dir", args.build, "--show-only=json-v1"],
                             capture_output=True, text=True, check=True)
    tests = {}
    for test in json.loads(listing.stdout)["tests"]:
        labels = []
        for prop in test.get("properties", []):
            if prop["name"] == "LABELS":
                labels = prop["value"]
        tests[test["name"]] = labels
    hostile = {name for name, labels in tests.items() if "hostile" in labels and name != SELF}

    passed, failed = 0, 0
    matched = set()
    for name in table_names(args.table):
        found = re.match(r"^(\w+): (.+)$", name)
        if found:
            exe, pattern = found.groups()
            hits = {t for t in hostile if exe in tests[t] and fnmatch.fnmatchcase(t, pattern)}
        else:
            hits = {name} & hostile
        if hits:
            passed += 1
            matched |= hits
        else:
            failed += 1
            print(f"FAIL: HOSTILE.md names `{name}`, which matches no test labelled hostile")
    for test in sorted(hostile - matched):
        failed += 1
        print(f"FAIL: {test} is labelled hostile but HOSTILE.md does not name it")
    print(f"hostile suite: {len(hostile)} tests")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
