#include "util.h"

int sum_squares(int n) {  // line 3: checked by debug_line_test
  int s = 0;
  for (int i = 0; i < n; ++i) s += square(i);
  return s;
}

// Never called: the linker removes it and writes a tombstone address for its
// line number sequence.
int unused(int a) {
  return a + 1;
}
