#include "types/value_type.h"

#include <array>
#include <cstdlib>

namespace kiln {

namespace {

constexpr HeapType::Code kAbstractHeapTypes[] = {
    HeapType::kExn,    HeapType::kArray,    HeapType::kStruct, HeapType::kI31,
    HeapType::kEq,     HeapType::kAny,      HeapType::kExtern, HeapType::kFunc,
    HeapType::kNone,   HeapType::kNoExtern, HeapType::kNoFunc, HeapType::kNoExn,
    HeapType::kBottom,
};

// Every type singleTypeList serves: the numeric and vector types, then each
// abstract heap type (and the bottom type) as (ref null ht) and (ref ht).
constexpr size_t kSimpleCount = 5 + 2 * std::size(kAbstractHeapTypes);

constexpr std::array<ValType, kSimpleCount> makeSimpleTypes() {
  std::array<ValType, kSimpleCount> types{ValType::I32, ValType::I64, ValType::F32,
                                          ValType::F64, ValType::V128};
  size_t at = 5;
  for (HeapType::Code code : kAbstractHeapTypes) {
    types[at++] = ValType::ref(code, true);
    types[at++] = ValType::ref(code, false);
  }
  return types;
}

constexpr std::array<ValType, kSimpleCount> kSimpleTypes = makeSimpleTypes();

}  // namespace

std::span<const ValType, 1> singleTypeList(ValType type) {
  for (const ValType& candidate : kSimpleTypes) {
    if (candidate == type) return std::span<const ValType, 1>(&candidate, 1);
  }
  // Callers (the compiler) map defined reference types to abstract ones first.
  std::abort();
}

std::string toString(ValType type) {
  switch (type.kind()) {
    case ValKind::I32: return "i32";
    case ValKind::I64: return "i64";
    case ValKind::F32: return "f32";
    case ValKind::F64: return "f64";
    case ValKind::V128: return "v128";
    case ValKind::Ref: break;
  }
  const HeapType heap = type.heapType();
  if (type.isNullable()) {
    // The shorthands of the text format.
    switch (heap.code()) {
      case HeapType::kFunc: return "funcref";
      case HeapType::kExtern: return "externref";
      case HeapType::kAny: return "anyref";
      case HeapType::kEq: return "eqref";
      case HeapType::kI31: return "i31ref";
      case HeapType::kStruct: return "structref";
      case HeapType::kArray: return "arrayref";
      case HeapType::kExn: return "exnref";
      case HeapType::kNone: return "nullref";
      case HeapType::kNoFunc: return "nullfuncref";
      case HeapType::kNoExtern: return "nullexternref";
      case HeapType::kNoExn: return "nullexnref";
      default: break;
    }
  }
  return std::string(type.isNullable() ? "(ref null " : "(ref ") + toString(heap) + ")";
}

}  // namespace kiln
