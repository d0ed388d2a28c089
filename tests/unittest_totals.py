"""Runs a test file's unittest cases and ends with the line every Kiln test
runner ends with: `N passed, M failed` (`, K skipped` when some were).

  if __name__ == "__main__":
      unittest_totals.main()

Exits 0 only when nothing failed (errors count as failures).
"""
import sys
import unittest


def main():
    program = unittest.main(argv=sys.argv[:1], verbosity=2, exit=False)
    result = program.result
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line, flush=True)
    sys.exit(1 if failed else 0)
