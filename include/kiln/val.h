// Typed WebAssembly values as the embedding API passes them.
#pragma once

#include "kiln/api.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "kiln/value_type.h"

namespace kiln {

class Func;

/// A 128-bit SIMD value, bytes in little-endian lane order.
using V128 = std::array<uint8_t, 16>;

/// One WebAssembly value and its type. Floats are kept as raw bits so NaN
/// payloads survive a round trip. A reference is an opaque pointer: for
/// funcref, the function's VM record (use `Func::fromVal` to call it); for
/// externref, whatever the host stored; null is nullptr.
class KILN_API Val {
 public:
  Val() : Val(ValType::I32) {}

  static Val i32(int32_t v) { Val r(ValType::I32); r.bits_[0] = uint32_t(v); return r; }
  static Val i64(int64_t v) { Val r(ValType::I64); r.bits_[0] = uint64_t(v); return r; }
  static Val f32(float v) { uint32_t b; std::memcpy(&b, &v, 4); return f32Bits(b); }
  static Val f64(double v) { uint64_t b; std::memcpy(&b, &v, 8); return f64Bits(b); }
  static Val f32Bits(uint32_t bits) { Val r(ValType::F32); r.bits_[0] = bits; return r; }
  static Val f64Bits(uint64_t bits) { Val r(ValType::F64); r.bits_[0] = bits; return r; }
  static Val v128(const V128& v) { Val r(ValType::V128); std::memcpy(r.bits_, v.data(), 16); return r; }
  /// A reference of type funcref or externref; nullptr is the null reference.
  static Val ref(ValType type, void* ref) { Val r(type); r.bits_[0] = uintptr_t(ref); return r; }
  static Val externRef(void* ref) { return Val::ref(ValType::ExternRef, ref); }
  static Val nullRef(ValType type) { return Val::ref(type, nullptr); }

  ValType type() const { return type_; }
  int32_t i32() const { return int32_t(uint32_t(bits_[0])); }
  int64_t i64() const { return int64_t(bits_[0]); }
  float f32() const { float v; uint32_t b = f32Bits(); std::memcpy(&v, &b, 4); return v; }
  double f64() const { double v; std::memcpy(&v, &bits_[0], 8); return v; }
  uint32_t f32Bits() const { return uint32_t(bits_[0]); }
  uint64_t f64Bits() const { return bits_[0]; }
  V128 v128() const { V128 v; std::memcpy(v.data(), bits_, 16); return v; }
  void* ref() const { return reinterpret_cast<void*>(uintptr_t(bits_[0])); }
  bool isNullRef() const { return isRefType(type_) && bits_[0] == 0; }

  /// Same type and same bits (NaNs compare by payload).
  friend bool operator==(const Val& a, const Val& b) {
    return a.type_ == b.type_ && a.bits_[0] == b.bits_[0] &&
           (a.type_ != ValType::V128 || a.bits_[1] == b.bits_[1]);
  }

 private:
  explicit Val(ValType type) : type_(type) {}
  ValType type_;
  uint64_t bits_[2] = {0, 0};
};

}  // namespace kiln
