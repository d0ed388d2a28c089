#include "kiln/wat.h"

#include <string>

#include <wabt/binary-writer.h>
#include <wabt/feature.h>
#include <wabt/ir.h>
#include <wabt/stream.h>
#include <wabt/wast-lexer.h>
#include <wabt/wast-parser.h>

namespace kiln {

Expected<std::vector<uint8_t>, Error> watToBinary(std::string_view text) {
  wabt::Errors errors;
  std::unique_ptr<wabt::WastLexer> lexer =
      wabt::WastLexer::CreateBufferLexer("", text.data(), text.size(), &errors);
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
  std::string message;
  for (const wabt::Error& error : errors) {
    if (!message.empty()) message += '\n';
    message += std::to_string(error.loc.line) + ":" + std::to_string(error.loc.first_column) +
               ": " + error.message;
  }
  if (message.empty()) message = "cannot encode the module";
  return Unexpected{Error(ErrorKind::Malformed, std::move(message))};
}

}  // namespace kiln
