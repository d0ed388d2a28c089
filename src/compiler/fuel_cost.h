// What each instruction costs when compiled code meters fuel
// (Config::consumeFuel). The list users read is docs/fuel.md.
#pragma once

#include <cstdint>

#include "binary/opcode.h"

namespace kiln {

/// The fuel one execution of `opcode` costs. Instructions that only mark
/// structure, or that compile to no code (nop, drop), cost nothing; every
/// other instruction costs 1, whatever it does: a call, a memory.copy of
/// any length or a memory.grow costs as much as an i32.add. Every loop and
/// every recursion passes through a branch or a call, so code that runs
/// forever consumes fuel.
constexpr uint32_t fuelCost(Opcode opcode) {
  switch (opcode) {
    case Opcode::Nop:
    case Opcode::Drop:
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::Else:
    case Opcode::End:
    case Opcode::TryTable:
    case Opcode::Try:
    case Opcode::Catch:
    case Opcode::CatchAll:
    case Opcode::Delegate:
      return 0;
    default:
      return 1;
  }
}

}  // namespace kiln
