#include "wast/simd_usage.h"

#include <algorithm>

#include "binary/module_error.h"
#include "binary/instruction_reader.h"

namespace kiln {

namespace {

bool isV128(ValType type) { return type == ValType::V128; }

bool typesUseSimd(const WasmModule& module) {
  return std::any_of(module.types.begin(), module.types.end(), [](const FuncType& type) {
    return std::any_of(type.params.begin(), type.params.end(), isV128) ||
           std::any_of(type.results.begin(), type.results.end(), isV128);
  });
}

bool globalsUseSimd(const WasmModule& module) {
  for (const Import& import : module.imports) {
    if (import.kind == ExternKind::Global && isV128(import.global.type)) return true;
  }
  return std::any_of(module.globals.begin(), module.globals.end(),
                     [](const GlobalDefinition& global) { return isV128(global.type.type); });
}

bool bodyUsesSimd(const WasmModule& module, const FunctionDefinition& function) {
  for (const LocalRun& run : function.localRuns) {
    if (isV128(run.type)) return true;
  }
  InstructionReader reader(module.bytes, function.codeOffset, function.codeEnd);
  while (!reader.atEnd()) {
    if (opcodeInfo(reader.next().opcode).prefix == 0xFD) return true;
  }
  return false;
}

}  // namespace

bool usesSimd(const WasmModule& module) {
  if (typesUseSimd(module) || globalsUseSimd(module)) return true;
  // The module is valid, so its bodies decode; a failure here would be a
  // decoder bug, and then "no SIMD" lets the real error surface.
  try {
    return std::any_of(module.functions.begin(), module.functions.end(),
                       [&](const FunctionDefinition& function) {
                         return bodyUsesSimd(module, function);
                       });
  } catch (const DecodeFailure&) {
    return false;
  }
}

}  // namespace kiln
