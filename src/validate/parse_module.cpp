#include "validate/parse_module.h"

#include "binary/decoder.h"
#include "validate/validator.h"

namespace kiln {

Expected<std::shared_ptr<const WasmModule>, ModuleError> parseModule(std::vector<uint8_t> bytes,
                                                                   Bodies bodies) {
  auto decoded = decodeModule(std::move(bytes), bodies);
  if (!decoded) return Unexpected{decoded.error()};
  auto module = std::make_shared<WasmModule>(std::move(decoded).value());
  if (auto error = validateModule(*module, bodies)) return Unexpected{*error};
  return std::shared_ptr<const WasmModule>(std::move(module));
}

}  // namespace kiln
