#include "types/value_type.h"

#include <algorithm>
#include <iterator>

namespace kiln {

std::optional<ValType> valTypeFromByte(uint8_t byte) {
  switch (byte) {
    case 0x7F:
    case 0x7E:
    case 0x7D:
    case 0x7C:
    case 0x7B:
    case 0x70:
    case 0x6F:
      return static_cast<ValType>(byte);
    default:
      return std::nullopt;
  }
}

std::span<const ValType, 1> singleTypeList(ValType type) {
  static constexpr ValType kEveryType[] = {ValType::I32,  ValType::I64,     ValType::F32,
                                           ValType::F64,  ValType::V128,    ValType::FuncRef,
                                           ValType::ExternRef};
  return std::span<const ValType, 1>(
      std::find(std::begin(kEveryType), std::end(kEveryType), type), 1);
}

std::string_view toString(ValType type) {
  switch (type) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "<invalid>";
}

}  // namespace kiln
