#include "runtime/values.h"

#include <cstring>

namespace kiln::runtime {

ValRaw toRaw(const Val& value) {
  ValRaw raw;
  std::memset(&raw, 0, sizeof raw);
  switch (value.type()) {
    case ValType::I32: raw.i32 = value.i32(); break;
    case ValType::I64: raw.i64 = value.i64(); break;
    case ValType::F32: raw.f32Bits = value.f32Bits(); break;
    case ValType::F64: raw.f64Bits = value.f64Bits(); break;
    case ValType::V128: {
      V128 bytes = value.v128();
      std::memcpy(raw.v128, bytes.data(), 16);
      break;
    }
    case ValType::FuncRef:
    case ValType::ExternRef: raw.ref = value.ref(); break;
  }
  return raw;
}

Val fromRaw(const ValRaw& raw, ValType type) {
  switch (type) {
    case ValType::I32: return Val::i32(raw.i32);
    case ValType::I64: return Val::i64(raw.i64);
    case ValType::F32: return Val::f32Bits(raw.f32Bits);
    case ValType::F64: return Val::f64Bits(raw.f64Bits);
    case ValType::V128: {
      V128 bytes;
      std::memcpy(bytes.data(), raw.v128, 16);
      return Val::v128(bytes);
    }
    case ValType::FuncRef:
    case ValType::ExternRef: return Val::ref(type, raw.ref);
  }
  return Val();
}

Val zeroValue(ValType type) {
  ValRaw raw;
  std::memset(&raw, 0, sizeof raw);
  return fromRaw(raw, type);
}

Val fromGlobal(const VMGlobalDefinition& storage, ValType type) {
  ValRaw raw;
  static_assert(sizeof raw == sizeof storage);
  std::memcpy(&raw, storage.v128, sizeof raw);
  return fromRaw(raw, type);
}

void toGlobal(const Val& value, VMGlobalDefinition& storage) {
  ValRaw raw = toRaw(value);
  std::memcpy(storage.v128, &raw, sizeof storage);
}

}  // namespace kiln::runtime
