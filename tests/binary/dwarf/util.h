// Fixture of debug_line_test: an inline function in a header, so line tables
// name two files per unit. Line numbers are checked by the test.
static inline int square(int x) {
  return x * x;
}

int sum_squares(int n);
