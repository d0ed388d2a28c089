// Converting between typed `Val`s and the untyped slots compiled code uses.
#pragma once

#include <cstring>

#include "kiln/val.h"
#include "runtime/value_types.h"
#include "vm/global.h"
#include "vm/val_raw.h"

namespace kiln::runtime {

// Inline: every call between Wasm and the host converts each value.

/// `value` in a 16-byte slot (unused bytes zero).
inline ValRaw toRaw(const Val& value) {
  ValRaw raw;
  std::memset(&raw, 0, sizeof raw);
  switch (value.type().kind()) {
    case ValKind::I32: raw.i32 = value.i32(); break;
    case ValKind::I64: raw.i64 = value.i64(); break;
    case ValKind::F32: raw.f32Bits = value.f32Bits(); break;
    case ValKind::F64: raw.f64Bits = value.f64Bits(); break;
    case ValKind::V128: {
      V128 bytes = value.v128();
      std::memcpy(raw.v128, bytes.data(), 16);
      break;
    }
    case ValKind::Ref: raw.ref = value.ref(); break;
  }
  return raw;
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
