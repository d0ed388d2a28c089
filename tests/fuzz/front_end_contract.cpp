#include "front_end_contract.h"

namespace kiln::fuzz {
namespace {

bool rangeInside(size_t begin, size_t size, size_t total) {
  return begin <= total && size <= total - begin;
}

std::optional<std::string> moduleRangeViolation(const WasmModule& module) {
  size_t total = module.bytes.size();
  for (size_t i = 0; i < module.functions.size(); ++i) {
    const FunctionDefinition& function = module.functions[i];
    if (function.codeOffset > function.codeEnd || function.codeEnd > total) {
      return "function " + std::to_string(i) + " body range lies outside the module";
    }
  }
  for (size_t i = 0; i < module.data.size(); ++i) {
    if (!rangeInside(module.data[i].dataOffset, module.data[i].size, total)) {
      return "data segment " + std::to_string(i) + " payload lies outside the module";
    }
  }
  for (const CustomSection& section : module.customSections) {
    if (!rangeInside(section.payloadOffset, section.payloadSize, total)) {
      return "custom section \"" + section.name + "\" lies outside the module";
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> contractViolation(const ParseResult& result, size_t inputSize) {
  if (result) {
    if (!*result) return std::string("accepted, but returned a null module");
    return moduleRangeViolation(**result);
  }
  const ModuleError& error = result.error();
  if (error.kind != ModuleErrorKind::Malformed && error.kind != ModuleErrorKind::Invalid &&
      error.kind != ModuleErrorKind::Unsupported) {
    return std::string("error kind out of range");
  }
  if (error.kind == ModuleErrorKind::Unsupported &&
      error.message.find(" is not supported by Kiln yet") == std::string::npos) {
    return "Unsupported error that names no feature: " + error.toString();
  }
  if (error.offset > inputSize) {
    return "error offset " + std::to_string(error.offset) + " beyond the input's " +
           std::to_string(inputSize) + " bytes: " + error.toString();
  }
  if (error.message.empty()) return "empty error message at offset " + std::to_string(error.offset);
  return std::nullopt;
}

}  // namespace kiln::fuzz
