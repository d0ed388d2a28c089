// cli_test's DWARF fixture: a C program that traps (integer divide by zero)
// two calls below main. Built with -g, its backtrace shows these lines.
static int divide(int a, int b) {
  return a / b;
}

static int average(int total, int count) {
  return divide(total, count);
}

int main(void) {
  volatile int count = 0;
  return average(10, count);
}
