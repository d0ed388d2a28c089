#include "types/composite_type.h"

namespace kiln {

uint32_t StorageType::byteSize() const {
  switch (packed) {
    case Packed::I8: return 1;
    case Packed::I16: return 2;
    case Packed::None: break;
  }
  return kiln::byteSize(type);
}

const char* toString(CompositeType::Kind kind) {
  switch (kind) {
    case CompositeType::Kind::Func: return "func";
    case CompositeType::Kind::Struct: return "struct";
    case CompositeType::Kind::Array: return "array";
  }
  return "?";
}

namespace {
// Appends, rather than concatenating temporaries, which g++ 12 at -O3
// warns about (a false -Wrestrict).
void appendField(std::string& out, const FieldType& field) {
  if (field.isMutable) out += "(mut ";
  switch (field.storage.packed) {
    case StorageType::Packed::I8: out += "i8"; break;
    case StorageType::Packed::I16: out += "i16"; break;
    case StorageType::Packed::None: out += toString(field.storage.type); break;
  }
  if (field.isMutable) out += ")";
}
}  // namespace

std::string toString(const CompositeType& type) {
  if (type.kind == CompositeType::Kind::Func) return toString(type.func);
  std::string out = "(";
  out += toString(type.kind);
  for (const FieldType& field : type.fields) {
    out += ' ';
    appendField(out, field);
  }
  out += ')';
  return out;
}

}  // namespace kiln
