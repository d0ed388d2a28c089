// Composite types: the structure of a defined type (a function, struct or
// array type) and the field types of structs and arrays.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "types/func_type.h"
#include "types/value_type.h"

namespace kiln {

/// A field's storage: a value type, or a packed i8 / i16 (read as i32).
struct StorageType {
  enum class Packed : uint8_t { None, I8, I16 };
  ValType type = ValType::I32;  // Packed::None; I32 for the packed ones
  Packed packed = Packed::None;

  /// The type a value of this field has on the operand stack.
  ValType unpacked() const { return packed == Packed::None ? type : ValType::I32; }
  bool isPacked() const { return packed != Packed::None; }
  /// Bytes a field of this type occupies.
  uint32_t byteSize() const;

  friend bool operator==(const StorageType&, const StorageType&) = default;
};

/// A struct field or array element: storage type and mutability.
struct FieldType {
  StorageType storage;
  bool isMutable = false;
  friend bool operator==(const FieldType&, const FieldType&) = default;
};

/// `func`, `struct` or `array`: what a defined type is.
struct CompositeType {
  enum class Kind : uint8_t { Func, Struct, Array };
  Kind kind = Kind::Func;
  FuncType func;                  // Kind::Func
  std::vector<FieldType> fields;  // Kind::Struct: the fields; Kind::Array: the element

  friend bool operator==(const CompositeType&, const CompositeType&) = default;
};

/// "func", "struct" or "array".
const char* toString(CompositeType::Kind kind);
/// Text rendering for messages, e.g. "(struct (mut i32) i8)".
std::string toString(const CompositeType& type);

}  // namespace kiln
