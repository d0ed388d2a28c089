#include "runtime/wat.h"

#include <wabt/binary-writer.h>
#include <wabt/error-formatter.h>
#include <wabt/feature.h>
#include <wabt/ir.h>
#include <wabt/stream.h>
#include <wabt/wast-lexer.h>
#include <wabt/wast-parser.h>

namespace kiln {

Expected<std::vector<uint8_t>, std::string> watToBinary(std::string_view text,
                                                        std::string_view filename) {
  wabt::Errors errors;
  std::unique_ptr<wabt::WastLexer> lexer =
      wabt::WastLexer::CreateBufferLexer(filename, text.data(), text.size(), &errors);
  wabt::Features features;  // wabt's defaults: the WebAssembly 2.0 feature set
  wabt::WastParseOptions parseOptions(features);
  std::unique_ptr<wabt::Module> module;
  wabt::Result result = wabt::ParseWatModule(lexer.get(), &module, &errors, &parseOptions);
  if (wabt::Succeeded(result)) {
    wabt::MemoryStream stream;
    wabt::WriteBinaryOptions writeOptions(features, /*canonicalize_lebs=*/true,
                                          /*relocatable=*/false, /*write_debug_names=*/true);
    result = wabt::WriteBinaryModule(&stream, module.get(), writeOptions);
    if (wabt::Succeeded(result)) return std::move(stream.output_buffer().data);
  }
  std::string message = wabt::FormatErrorsToString(errors, wabt::Location::Type::Text);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  if (message.empty()) message = "cannot encode the module";
  return Unexpected<std::string>{std::move(message)};
}

}  // namespace kiln
