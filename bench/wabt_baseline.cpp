#include "wabt_baseline.h"

#include <wabt/binary-reader-ir.h>
#include <wabt/binary-reader.h>
#include <wabt/error.h>
#include <wabt/feature.h>
#include <wabt/ir.h>
#include <wabt/validator.h>

namespace kiln::bench {

std::string wabtReadAndValidate(const std::vector<uint8_t>& bytes) {
  wabt::Features features;
  wabt::Errors errors;
  wabt::Module module;
  // The same options wasm-validate passes: debug names read, stop on the first
  // error, custom-section errors fatal.
  const wabt::ReadBinaryOptions options(features, nullptr, true, true, true);
  wabt::Result result =
      wabt::ReadBinaryIr("module", bytes.data(), bytes.size(), options, &errors, &module);
  if (wabt::Succeeded(result)) {
    result = wabt::ValidateModule(&module, &errors, wabt::ValidateOptions(features));
  }
  if (wabt::Succeeded(result)) return {};
  return errors.empty() ? std::string("wabt rejected the module") : errors.front().message;
}

}  // namespace kiln::bench
