// One decoded instruction: its opcode, where it is, and its immediates.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "binary/opcode.h"
#include "kiln/heap_type.h"
#include "types/value_type.h"

namespace kiln {

/// A block's type: no values, one result value, or a function type index
/// (multi-value: parameters and results).
struct BlockType {
  enum class Kind : uint8_t { Empty, Value, TypeIndex };
  Kind kind = Kind::Empty;
  ValType value = ValType::I32;  // Kind::Value
  uint32_t typeIndex = 0;        // Kind::TypeIndex
};

/// Alignment exponent, memory and static offset of a load or store.
struct MemArg {
  uint32_t alignLog2 = 0;
  uint32_t memory = 0;  // memory index (bit 6 of the flags; 0 otherwise)
  uint64_t offset = 0;
};

/// One clause of try_table: where to branch for which exception.
struct CatchClause {
  enum class Kind : uint8_t { Catch = 0, CatchRef = 1, CatchAll = 2, CatchAllRef = 3 };
  Kind kind = Kind::Catch;
  uint32_t tag = 0;  // Catch, CatchRef
  uint32_t label = 0;
};

/// The immediates of br_on_cast and br_on_cast_fail: the label and the
/// source and target reference types (nullability from the flags byte).
struct CastImmediates {
  uint32_t label = 0;
  bool sourceNullable = false;
  bool targetNullable = false;
  HeapType source;
  HeapType target;
};

/// A decoded instruction. Which immediate fields are meaningful depends on
/// `opcodeInfo(opcode).immediate`:
///   Label, Func, Local, Global, Table, Data, Elem, Type, Tag, MemoryIndex -> index
///   CallIndirect   -> index = type index, index2 = table index
///   TableInit      -> index = element index, index2 = table index
///   TableCopy      -> index = destination table, index2 = source table
///   MemoryInit     -> index = data index, index2 = memory index
///   MemoryCopy     -> index = destination memory, index2 = source memory
///   StructField    -> index = type index, index2 = field index
///   ArrayFixed     -> index = type index, index2 = operand count
///   ArrayData, ArrayElem -> index = type index, index2 = data / element index
///   ArrayCopy      -> index = destination type, index2 = source type
///   BrTable        -> brTargets (label depths), index = default depth
///   I32, I64       -> value (sign-extended to 64 bits)
///   F32, F64       -> value (raw IEEE bits)
///   V128, Shuffle  -> bytes (16 bytes, little-endian lane order)
///   MemArg         -> memArg;  MemArgLane -> memArg and lane;  Lane -> lane
///   BlockType      -> blockType
///   HeapType       -> heapType
///   BrOnCast       -> cast
///   TryTable       -> blockType and catches
///   SelectTyped    -> type (first listed type) and typeCount (list length)
struct Instruction {
  Opcode opcode = Opcode::Nop;
  size_t offset = 0;  // byte offset of the opcode (of the prefix, if any)
  uint32_t index = 0;
  uint32_t index2 = 0;
  uint64_t value = 0;
  std::array<uint8_t, 16> bytes{};
  MemArg memArg;
  uint8_t lane = 0;
  BlockType blockType;
  ValType type = ValType::I32;
  uint32_t typeCount = 0;
  HeapType heapType;
  CastImmediates cast;
  std::span<const uint32_t> brTargets;
  std::span<const CatchClause> catches;
};

}  // namespace kiln
