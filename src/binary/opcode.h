// Opcodes of every WebAssembly 3.0 instruction (and of the proposals in
// opcodes.def) and what is known about each: its encoding, its immediates,
// the feature that introduced it and, for simple operators, its signature.
// The facts live in opcodes.def; this header turns them into types and tables.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "binary/feature.h"
#include "types/value_type.h"

namespace kiln {

/// One enumerator per instruction, dense from 0, in the order of opcodes.def.
enum class Opcode : uint16_t {
#define KILN_OPCODE(name, prefix, code, text, imm, sig, width, feature) name,
#include "binary/opcodes.def"
#undef KILN_OPCODE
};

/// Number of `Opcode` values.
inline constexpr size_t kOpcodeCount = 0
#define KILN_OPCODE(name, prefix, code, text, imm, sig, width, feature) +1
#include "binary/opcodes.def"
#undef KILN_OPCODE
    ;

/// What follows an opcode in the binary format.
enum class ImmediateKind : uint8_t {
  None,
  BlockType,     // s33 block type: empty, a value type or a type index
  Label,         // u32 label depth
  BrTable,       // vec(u32) targets, then the default target
  Func,          // u32 function index
  CallIndirect,  // u32 type index, u32 table index
  Local,         // u32 local index
  Global,        // u32 global index
  Table,         // u32 table index
  MemArg,        // u32 alignment exponent (bit 6: a memory index follows), [u32 memory], u64 offset
  MemoryIndex,   // u32 memory index
  I32,           // s32
  I64,           // s64
  F32,           // 4 raw bytes
  F64,           // 8 raw bytes
  V128,          // 16 raw bytes
  SelectTyped,   // vec(valtype)
  HeapType,      // s33 heap type: an abstract heap type byte or a type index
  MemoryInit,    // u32 data index, u32 memory index
  Data,          // u32 data index
  MemoryCopy,    // u32 destination memory, u32 source memory
  TableInit,     // u32 element index, u32 table index
  Elem,          // u32 element index
  TableCopy,     // u32 destination table, u32 source table
  MemArgLane,    // memarg, then one lane byte
  Lane,          // one lane byte
  Shuffle,       // 16 lane bytes
  Type,          // u32 type index
  StructField,   // u32 type index, u32 field index
  ArrayFixed,    // u32 type index, u32 operand count
  ArrayData,     // u32 type index, u32 data index
  ArrayElem,     // u32 type index, u32 element index
  ArrayCopy,     // u32 destination type index, u32 source type index
  BrOnCast,      // cast flags byte, u32 label, two s33 heap types
  TryTable,      // block type, vec(catch clause)
  Tag,           // u32 tag index
  ZeroByte,      // a reserved 0x00 byte
  Unknown,       // not decoded: the instruction's feature is unsupported
};

/// The operand types an operator pops and the result it pushes, for every
/// instruction whose typing is fixed. `Special` marks the rest (control flow,
/// variables, references, ...), which the validator types one by one.
enum class OperatorSignature : uint8_t {
  Special,
  NoneToNone,
  NoneToI32,
  NoneToI64,
  NoneToF32,
  NoneToF64,
  NoneToV128,
  I32ToI32,
  I32ToI64,
  I32ToF32,
  I32ToF64,
  I32ToV128,
  I64ToI32,
  I64ToI64,
  I64ToF32,
  I64ToF64,
  I64ToV128,
  F32ToI32,
  F32ToI64,
  F32ToF32,
  F32ToF64,
  F32ToV128,
  F64ToI32,
  F64ToI64,
  F64ToF32,
  F64ToF64,
  F64ToV128,
  V128ToI32,
  V128ToI64,
  V128ToF32,
  V128ToF64,
  V128ToV128,
  I32I32ToI32,
  I64I64ToI32,
  I64I64ToI64,
  F32F32ToI32,
  F32F32ToF32,
  F64F64ToI32,
  F64F64ToF64,
  V128V128ToV128,
  V128I32ToV128,
  V128I64ToV128,
  V128F32ToV128,
  V128F64ToV128,
  V128V128V128ToV128,
  I32I32ToNone,
  I32I64ToNone,
  I32F32ToNone,
  I32F64ToNone,
  I32V128ToNone,
  I32V128ToV128,
  I32I32I32ToNone,
  I32I32I64ToI32,
  I32I64I64ToI32,
  I32I32I32ToI32,
  I32I64ToI64,
  I32I64I64ToI64,
};

/// Parameter and result types of a non-Special signature.
struct SignatureTypes {
  std::span<const ValType> params;
  std::optional<ValType> result;
};

// The parameter lists signatureTypes() points into.
namespace signature_types {
inline constexpr ValType kI32[] = {ValType::I32};
inline constexpr ValType kI64[] = {ValType::I64};
inline constexpr ValType kF32[] = {ValType::F32};
inline constexpr ValType kF64[] = {ValType::F64};
inline constexpr ValType kV128[] = {ValType::V128};
inline constexpr ValType kI32I32[] = {ValType::I32, ValType::I32};
inline constexpr ValType kI64I64[] = {ValType::I64, ValType::I64};
inline constexpr ValType kF32F32[] = {ValType::F32, ValType::F32};
inline constexpr ValType kF64F64[] = {ValType::F64, ValType::F64};
inline constexpr ValType kV128V128[] = {ValType::V128, ValType::V128};
inline constexpr ValType kV128I32[] = {ValType::V128, ValType::I32};
inline constexpr ValType kV128I64[] = {ValType::V128, ValType::I64};
inline constexpr ValType kV128F32[] = {ValType::V128, ValType::F32};
inline constexpr ValType kV128F64[] = {ValType::V128, ValType::F64};
inline constexpr ValType kV128V128V128[] = {ValType::V128, ValType::V128, ValType::V128};
inline constexpr ValType kI32I64[] = {ValType::I32, ValType::I64};
inline constexpr ValType kI32F32[] = {ValType::I32, ValType::F32};
inline constexpr ValType kI32F64[] = {ValType::I32, ValType::F64};
inline constexpr ValType kI32V128[] = {ValType::I32, ValType::V128};
inline constexpr ValType kI32I32I32[] = {ValType::I32, ValType::I32, ValType::I32};
inline constexpr ValType kI32I32I64[] = {ValType::I32, ValType::I32, ValType::I64};
inline constexpr ValType kI32I64I64[] = {ValType::I32, ValType::I64, ValType::I64};
}  // namespace signature_types

/// The types behind `signature`; empty for `Special`. Constant, so that the
/// validator applies each operator's signature with no table lookups.
constexpr SignatureTypes signatureTypes(OperatorSignature signature) {
  using VT = ValType;
  using namespace signature_types;
  using S = OperatorSignature;
  switch (signature) {
    case S::Special: return {};
    case S::NoneToNone: return {{}, std::nullopt};
    case S::NoneToI32: return {{}, VT::I32};
    case S::NoneToI64: return {{}, VT::I64};
    case S::NoneToF32: return {{}, VT::F32};
    case S::NoneToF64: return {{}, VT::F64};
    case S::NoneToV128: return {{}, VT::V128};
    case S::I32ToI32: return {kI32, VT::I32};
    case S::I32ToI64: return {kI32, VT::I64};
    case S::I32ToF32: return {kI32, VT::F32};
    case S::I32ToF64: return {kI32, VT::F64};
    case S::I32ToV128: return {kI32, VT::V128};
    case S::I64ToI32: return {kI64, VT::I32};
    case S::I64ToI64: return {kI64, VT::I64};
    case S::I64ToF32: return {kI64, VT::F32};
    case S::I64ToF64: return {kI64, VT::F64};
    case S::I64ToV128: return {kI64, VT::V128};
    case S::F32ToI32: return {kF32, VT::I32};
    case S::F32ToI64: return {kF32, VT::I64};
    case S::F32ToF32: return {kF32, VT::F32};
    case S::F32ToF64: return {kF32, VT::F64};
    case S::F32ToV128: return {kF32, VT::V128};
    case S::F64ToI32: return {kF64, VT::I32};
    case S::F64ToI64: return {kF64, VT::I64};
    case S::F64ToF32: return {kF64, VT::F32};
    case S::F64ToF64: return {kF64, VT::F64};
    case S::F64ToV128: return {kF64, VT::V128};
    case S::V128ToI32: return {kV128, VT::I32};
    case S::V128ToI64: return {kV128, VT::I64};
    case S::V128ToF32: return {kV128, VT::F32};
    case S::V128ToF64: return {kV128, VT::F64};
    case S::V128ToV128: return {kV128, VT::V128};
    case S::I32I32ToI32: return {kI32I32, VT::I32};
    case S::I64I64ToI32: return {kI64I64, VT::I32};
    case S::I64I64ToI64: return {kI64I64, VT::I64};
    case S::F32F32ToI32: return {kF32F32, VT::I32};
    case S::F32F32ToF32: return {kF32F32, VT::F32};
    case S::F64F64ToI32: return {kF64F64, VT::I32};
    case S::F64F64ToF64: return {kF64F64, VT::F64};
    case S::V128V128ToV128: return {kV128V128, VT::V128};
    case S::V128I32ToV128: return {kV128I32, VT::V128};
    case S::V128I64ToV128: return {kV128I64, VT::V128};
    case S::V128F32ToV128: return {kV128F32, VT::V128};
    case S::V128F64ToV128: return {kV128F64, VT::V128};
    case S::V128V128V128ToV128: return {kV128V128V128, VT::V128};
    case S::I32I32ToNone: return {kI32I32, std::nullopt};
    case S::I32I64ToNone: return {kI32I64, std::nullopt};
    case S::I32F32ToNone: return {kI32F32, std::nullopt};
    case S::I32F64ToNone: return {kI32F64, std::nullopt};
    case S::I32V128ToNone: return {kI32V128, std::nullopt};
    case S::I32V128ToV128: return {kI32V128, VT::V128};
    case S::I32I32I32ToNone: return {kI32I32I32, std::nullopt};
    case S::I32I32I64ToI32: return {kI32I32I64, VT::I32};
    case S::I32I64I64ToI32: return {kI32I64I64, VT::I32};
    case S::I32I32I32ToI32: return {kI32I32I32, VT::I32};
    case S::I32I64ToI64: return {kI32I64, VT::I64};
    case S::I32I64I64ToI64: return {kI32I64I64, VT::I64};
  }
  return {};
}

/// Everything opcodes.def says about one opcode.
struct OpcodeInfo {
  std::string_view name;  // text format, e.g. "i32.add"
  uint8_t prefix;         // 0, 0xFB, 0xFC, 0xFD or 0xFE
  uint32_t code;          // the byte, or the u32 after a prefix
  ImmediateKind immediate;
  OperatorSignature signature;
  uint8_t width;          // access bytes or lane width, see opcodes.def
  Feature feature;
};

// The tables live in the header so that lookups inline into the decoding
// loop, which runs once per instruction of every function body.
namespace opcode_tables {

inline constexpr OpcodeInfo kOpcodeInfos[] = {
#define KILN_OPCODE(name, prefix, code, text, imm, sig, width, feature) \
  {text, prefix, code, ImmediateKind::imm, OperatorSignature::sig, width, Feature::feature},
#include "binary/opcodes.def"
#undef KILN_OPCODE
};
static_assert(std::size(kOpcodeInfos) == kOpcodeCount);

/// Just the immediate kinds, dense: the decoder's per-instruction lookup.
inline constexpr ImmediateKind kImmediateKinds[] = {
#define KILN_OPCODE(name, prefix, code, text, imm, sig, width, feature) ImmediateKind::imm,
#include "binary/opcodes.def"
#undef KILN_OPCODE
};

inline constexpr uint16_t kNoOpcode = 0xFFFF;

// One table per prefix, indexed by the code; each just large enough.
struct DecodeTables {
  std::array<uint16_t, 256> plain{};
  std::array<uint16_t, 39> prefixFB{};
  std::array<uint16_t, 23> prefixFC{};
  std::array<uint16_t, 0x114> prefixFD{};
  std::array<uint16_t, 0x4F> prefixFE{};
};

constexpr DecodeTables makeDecodeTables() {
  DecodeTables t;
  t.plain.fill(kNoOpcode);
  t.prefixFB.fill(kNoOpcode);
  t.prefixFC.fill(kNoOpcode);
  t.prefixFD.fill(kNoOpcode);
  t.prefixFE.fill(kNoOpcode);
  for (uint16_t i = 0; i < kOpcodeCount; ++i) {
    const OpcodeInfo& info = kOpcodeInfos[i];
    // A code outside its table, a duplicate encoding or an unknown prefix
    // throws, which stops the constant evaluation: opcodes.def cannot
    // compile with such a row.
    uint16_t* slot = nullptr;
    switch (info.prefix) {
      case 0: slot = &t.plain.at(info.code); break;
      case 0xFB: slot = &t.prefixFB.at(info.code); break;
      case 0xFC: slot = &t.prefixFC.at(info.code); break;
      case 0xFD: slot = &t.prefixFD.at(info.code); break;
      case 0xFE: slot = &t.prefixFE.at(info.code); break;
      default: throw "opcodes.def: unknown prefix";
    }
    if (*slot != kNoOpcode) throw "opcodes.def: two rows with one encoding";
    *slot = i;
  }
  return t;
}

inline constexpr DecodeTables kDecodeTables = makeDecodeTables();

}  // namespace opcode_tables

/// The table row for `op`.
constexpr const OpcodeInfo& opcodeInfo(Opcode op) {
  return opcode_tables::kOpcodeInfos[static_cast<size_t>(op)];
}

/// The opcode encoded by a single byte (no prefix), if any.
inline std::optional<Opcode> opcodeFromByte(uint8_t byte) {
  const uint16_t index = opcode_tables::kDecodeTables.plain[byte];
  if (index == opcode_tables::kNoOpcode) return std::nullopt;
  return static_cast<Opcode>(index);
}

/// How an instruction changes the nesting of blocks: +1 for those that open
/// one (block, loop, if, try_table, try), -1 for those that close one (end,
/// and delegate, which ends a legacy try), 0 for the rest.
constexpr int nestingChange(Opcode opcode) {
  switch (opcode) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::TryTable:
    case Opcode::Try:
      return 1;
    case Opcode::End:
    case Opcode::Delegate:
      return -1;
    default:
      return 0;
  }
}

/// True for the bytes that start a prefixed opcode.
constexpr bool isOpcodePrefix(uint8_t byte) {
  return byte == 0xFB || byte == 0xFC || byte == 0xFD || byte == 0xFE;
}

/// The opcode encoded by `prefix` followed by `code`, if any.
inline std::optional<Opcode> opcodeFromPrefixed(uint8_t prefix, uint32_t code) {
  using opcode_tables::kDecodeTables;
  uint16_t index = opcode_tables::kNoOpcode;
  auto lookup = [&](const auto& table) {
    if (code < table.size()) index = table[code];
  };
  switch (prefix) {
    case 0xFB: lookup(kDecodeTables.prefixFB); break;
    case 0xFC: lookup(kDecodeTables.prefixFC); break;
    case 0xFD: lookup(kDecodeTables.prefixFD); break;
    case 0xFE: lookup(kDecodeTables.prefixFE); break;
    default: break;
  }
  if (index == opcode_tables::kNoOpcode) return std::nullopt;
  return static_cast<Opcode>(index);
}

}  // namespace kiln
