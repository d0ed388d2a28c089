#include "kiln/heap_type.h"

namespace kiln {

std::string toString(HeapType type) {
  switch (type.code()) {
    case HeapType::kExn: return "exn";
    case HeapType::kArray: return "array";
    case HeapType::kStruct: return "struct";
    case HeapType::kI31: return "i31";
    case HeapType::kEq: return "eq";
    case HeapType::kAny: return "any";
    case HeapType::kExtern: return "extern";
    case HeapType::kFunc: return "func";
    case HeapType::kNone: return "none";
    case HeapType::kNoExtern: return "noextern";
    case HeapType::kNoFunc: return "nofunc";
    case HeapType::kNoExn: return "noexn";
    case HeapType::kBottom: return "bot";
    case HeapType::kIndexCode: break;
  }
  return std::to_string(type.index());
}

}  // namespace kiln
