// A small bytecode interpreter: a stack machine with a switch dispatch loop
// runs a program that sums a pseudo-random sequence with a branch per step,
// n times. Indirect branches, a hot loop over loads and stores of the
// interpreter's own stack: the shape of every scripting-language VM.
#include "kernel_support.h"

enum Op { kPush, kLoad, kStore, kAdd, kSub, kMul, kXor, kShr, kAnd, kJumpIfZero, kJump, kHalt };

typedef struct {
  uint8_t op;
  int32_t arg;
} Instruction;

// Locals: 0 = counter, 1 = state, 2 = sum. Each iteration steps an LCG and,
// depending on one bit of it, either xors the state into the sum or adds 7.
static const Instruction kProgram[] = {
    /* 0 */ {kLoad, 0},   {kJumpIfZero, 28},
    /* 2 */ {kLoad, 1},   {kPush, 1103515245}, {kMul, 0},  {kPush, 12345}, {kAdd, 0}, {kStore, 1},
    /* 8 */ {kLoad, 1},   {kPush, 16},         {kShr, 0},  {kPush, 1},     {kAnd, 0},
    /* 13 */ {kJumpIfZero, 19},
    /* 14 */ {kLoad, 2},  {kLoad, 1},          {kXor, 0},  {kStore, 2},    {kJump, 23},
    /* 19 */ {kLoad, 2},  {kPush, 7},          {kAdd, 0},  {kStore, 2},
    /* 23 */ {kLoad, 0},  {kPush, 1},          {kSub, 0},  {kStore, 0},    {kJump, 0},
    /* 28 */ {kHalt, 0},
};

static int32_t execute(int32_t iterations, int32_t seed) {
  // Unsigned, so that arithmetic wraps as Wasm's does instead of overflowing.
  uint32_t locals[3] = {(uint32_t)iterations, (uint32_t)seed, 0};
  uint32_t stack[16];
  int sp = 0;
  for (int pc = 0;;) {
    Instruction in = kProgram[pc++];
    switch (in.op) {
      case kPush: stack[sp++] = (uint32_t)in.arg; break;
      case kLoad: stack[sp++] = locals[in.arg]; break;
      case kStore: locals[in.arg] = stack[--sp]; break;
      case kAdd: --sp; stack[sp - 1] += stack[sp]; break;
      case kSub: --sp; stack[sp - 1] -= stack[sp]; break;
      case kMul: --sp; stack[sp - 1] *= stack[sp]; break;
      case kXor: --sp; stack[sp - 1] ^= stack[sp]; break;
      case kShr: --sp; stack[sp - 1] >>= stack[sp]; break;
      case kAnd: --sp; stack[sp - 1] &= stack[sp]; break;
      case kJumpIfZero: if (stack[--sp] == 0) pc = in.arg; break;
      case kJump: pc = in.arg; break;
      case kHalt: return (int32_t)locals[2];
    }
  }
}

int64_t run(int32_t n) {
  int64_t checksum = 0;
  for (int32_t i = 0; i < n; ++i) checksum += execute(100000, i + 1);
  return checksum;
}
