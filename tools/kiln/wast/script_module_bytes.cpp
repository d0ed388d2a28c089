#include "wast/script_module_bytes.h"

#include <memory>

#include <wabt/binary-writer.h>
#include <wabt/cast.h>
#include <wabt/stream.h>
#include <wabt/wast-lexer.h>
#include <wabt/wast-parser.h>

namespace kiln {

namespace {

std::string firstError(const wabt::Errors& errors, const char* fallback) {
  return errors.empty() ? std::string(fallback) : errors.front().message;
}

ScriptModuleBytes parseQuoted(const std::vector<uint8_t>& text) {
  wabt::Errors errors;
  auto lexer = wabt::WastLexer::CreateBufferLexer("quoted module", text.data(), text.size(),
                                                  &errors);
  wabt::WastParseOptions options(wasm2Features());
  std::unique_ptr<wabt::Module> module;
  if (wabt::Failed(wabt::ParseWatModule(lexer.get(), &module, &errors, &options))) {
    return {{}, firstError(errors, "text does not parse")};
  }
  return bytesOfModule(*module);
}

}  // namespace

wabt::Features wasm2Features() {
  wabt::Features features;
  features.enable_reference_types();
  features.enable_bulk_memory();
  features.enable_simd();
  features.enable_multi_value();
  features.enable_sign_extension();
  features.enable_sat_float_to_int();
  features.enable_mutable_globals();
  return features;
}

ScriptModuleBytes bytesOfModule(const wabt::Module& module) {
  wabt::MemoryStream stream;
  wabt::WriteBinaryOptions options;
  options.features = wasm2Features();
  if (wabt::Failed(wabt::WriteBinaryModule(&stream, &module, options))) {
    return {{}, "wabt could not write the module as binary"};
  }
  return {std::move(stream.output_buffer().data), {}};
}

ScriptModuleBytes bytesOfScriptModule(const wabt::ScriptModule& module) {
  switch (module.type()) {
    case wabt::ScriptModuleType::Text:
      return bytesOfModule(wabt::cast<wabt::TextScriptModule>(&module)->module);
    case wabt::ScriptModuleType::Binary:
      return {wabt::cast<wabt::BinaryScriptModule>(&module)->data, {}};
    case wabt::ScriptModuleType::Quoted:
      return parseQuoted(wabt::cast<wabt::QuotedScriptModule>(&module)->data);
  }
  return {{}, "unknown kind of script module"};
}

}  // namespace kiln
