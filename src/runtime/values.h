// Converting between typed `Val`s and the untyped slots compiled code uses.
#pragma once

#include <cstring>

#include "kiln/val.h"
#include "runtime/value_types.h"
#include "vm/global.h"
#include "vm/val_raw.h"

namespace kiln::runtime {

// Inline: every call between Wasm and the host converts each value.

/// Writes `value` into `slot` (zero-extended to its 16 bytes) as two 8-byte
/// stores. Building a ValRaw and copying it would read 16 bytes just written
/// in narrower pieces, which the CPU cannot forward from its store buffer: a
/// stall of a dozen cycles per value on every host -> Wasm call.
inline void writeRaw(const Val& value, ValRaw& slot) {
  uint64_t low = 0, high = 0;
  switch (value.type().kind()) {
    case ValKind::I32: low = uint32_t(value.i32()); break;
    case ValKind::I64: low = uint64_t(value.i64()); break;
    case ValKind::F32: low = value.f32Bits(); break;
    case ValKind::F64: low = value.f64Bits(); break;
    case ValKind::V128: {
      V128 bytes = value.v128();
      std::memcpy(&low, bytes.data(), 8);
      std::memcpy(&high, bytes.data() + 8, 8);
      break;
    }
    case ValKind::Ref: low = reinterpret_cast<uintptr_t>(value.ref()); break;
  }
  auto* bytes = reinterpret_cast<unsigned char*>(&slot);
  std::memcpy(bytes, &low, 8);
  std::memcpy(bytes + 8, &high, 8);
}

/// The slot read as a value of `type`.
inline Val fromRaw(const ValRaw& raw, ValType type) {
  switch (type.kind()) {
    case ValKind::I32: return Val::i32(raw.i32);
    case ValKind::I64: return Val::i64(raw.i64);
    case ValKind::F32: return Val::f32Bits(raw.f32Bits);
    case ValKind::F64: return Val::f64Bits(raw.f64Bits);
    case ValKind::V128: {
      V128 bytes;
      std::memcpy(bytes.data(), raw.v128, 16);
      return Val::v128(bytes);
    }
    case ValKind::Ref: return Val::ref(valTypeOf(type), raw.ref);
  }
  return Val();
}

/// The zero (or null) value of `type`.
inline Val zeroValue(ValType type) {
  ValRaw raw;
  std::memset(&raw, 0, sizeof raw);
  return fromRaw(raw, type);
}

/// A global's storage as a value of `type`, and back.
Val fromGlobal(const VMGlobalDefinition& storage, ValType type);
void toGlobal(const Val& value, VMGlobalDefinition& storage);

}  // namespace kiln::runtime
