#include "util.h"

static int twice(int x) {  // line 3: checked by debug_line_test
  return 2 * x;
}

int main(void) {  // line 7: checked by debug_line_test
  int total = 0;
  for (int i = 0; i < 4; ++i)
    total += square(i);
  return twice(sum_squares(total)) & 1;
}
