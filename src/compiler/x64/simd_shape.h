// What the SIMD lowerings read from an opcode's row of opcodes.def: the
// lane shape its text name starts with ("i16x8.add": 2-byte lanes).
#pragma once

#include <cstdint>
#include <string_view>

#include "binary/opcode.h"

namespace kiln::x64 {

/// The lane width in bytes of a SIMD opcode named "<i|f><bits>x<lanes>.*",
/// or 0 for one without a shape (v128.*).
constexpr uint32_t laneBytesOf(Opcode op) {
  std::string_view name = opcodeInfo(op).name;
  if (name.empty() || (name[0] != 'i' && name[0] != 'f')) return 0;
  uint32_t bits = 0;
  for (size_t i = 1; i < name.size() && name[i] >= '0' && name[i] <= '9'; ++i) {
    bits = bits * 10 + uint32_t(name[i] - '0');
  }
  return bits / 8;
}

static_assert(laneBytesOf(Opcode::I8x16Add) == 1 && laneBytesOf(Opcode::F64x2Add) == 8 &&
              laneBytesOf(Opcode::V128And) == 0);

}  // namespace kiln::x64
