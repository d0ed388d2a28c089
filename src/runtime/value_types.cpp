#include "runtime/value_types.h"

#include "vm/instance.h"

namespace kiln::runtime {

bool fitsType(const SignatureRegistry& signatures, const Val& value, ValType type) {
  if (!type.isRef() || !value.type().isRef()) return value.type() == type;
  const HeapType::Code hierarchy = signatures.topOf(value.type().heapType());
  if (hierarchy != signatures.topOf(type.heapType())) return false;
  if (value.isNullRef()) return type.isNullable();
  if (hierarchy == HeapType::kFunc) {
    const auto* function = static_cast<const VMFuncRef*>(value.ref());
    ValType actual = ValType::ref(
        HeapType::defined(function->signatureId, HeapType::Space::Canonical), false);
    return signatures.isValSubtype(actual, type);
  }
  return signatures.isValSubtype(value.type().withNullable(false), type);
}

}  // namespace kiln::runtime
