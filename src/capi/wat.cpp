// kiln.h's .wat -> .wasm, with Kiln's own text parser.
#include <string_view>

#include "objects.h"

using namespace kiln;

kiln_error_t* kiln_wat2wasm(const char* text, size_t size, wasm_byte_vec_t* out) {
  if (out) capi::vecAlloc(out, 0);
  if (!text && size) return capi::newError(Error(ErrorKind::Malformed, "no text"));
  Expected<std::vector<uint8_t>, Error> binary = watToBinary(std::string_view(text ? text : "", size));
  if (!binary) return capi::newError(std::move(binary.error()));
  if (out && capi::vecAlloc(out, binary->size()) && !binary->empty()) {
    std::memcpy(out->data, binary->data(), binary->size());
  }
  return nullptr;
}
