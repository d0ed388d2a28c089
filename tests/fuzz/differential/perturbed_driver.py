#!/usr/bin/env python3
"""A kiln_differential that lies: runs the real driver (the environment's
KILN_DIFFERENTIAL_DRIVER) and adds one to the first i32 result it prints
with --fuzzing-support. differential_fuzz_binaryen_detects_a_difference
runs differential.py with it and expects the mismatch to be reported, so
that a comparison of binaryen's and Kiln's runs that sees no differences
fails."""
import os
import re
import subprocess
import sys

result = subprocess.run([os.environ["KILN_DIFFERENTIAL_DRIVER"], *sys.argv[1:]],
                        capture_output=True, text=True)
output = result.stdout
match = re.search(r"(note result: \S+ => (?:\S+ )*?i32:)(-?\d+)", output)
if match:
    output = output[:match.start(2)] + str(int(match.group(2)) + 1) + output[match.end(2):]
sys.stdout.write(output)
sys.exit(result.returncode)
