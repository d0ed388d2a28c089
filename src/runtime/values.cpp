#include "runtime/values.h"

#include <cstring>

namespace kiln::runtime {

Val fromGlobal(const VMGlobalDefinition& storage, ValType type) {
  ValRaw raw;
  static_assert(sizeof raw == sizeof storage);
  std::memcpy(&raw, storage.v128, sizeof raw);
  return fromRaw(raw, type);
}

void toGlobal(const Val& value, VMGlobalDefinition& storage) {
  ValRaw raw;
  writeRaw(value, raw);
  std::memcpy(storage.v128, &raw, sizeof storage);
}

}  // namespace kiln::runtime
