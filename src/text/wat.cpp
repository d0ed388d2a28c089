#include "text/wat.h"

#include "text/module_parser.h"
#include "text/token_stream.h"

namespace kiln::text {

Expected<std::vector<uint8_t>, TextError> parseWat(std::string_view text,
                                                   const WatOptions& options) {
  if (text.size() > kMaxTextSize) {
    return Unexpected{locateError(text, 0, "text too large")};
  }
  try {
    TokenStream tokens(text);
    std::string moduleName;
    bool explicitModule = false;
    if (tokens.isFormOf("module")) {
      tokens.advance();
      tokens.advance();
      explicitModule = true;
      if (tokens.kind() == TokenKind::Id) {
        moduleName = tokens.idName(tokens.cur());
        tokens.advance();
      }
    }
    ModuleParser parser(tokens, options);
    std::vector<uint8_t> bytes = parser.parseModule(explicitModule, std::move(moduleName));
    if (tokens.kind() != TokenKind::Eof) tokens.unexpected();
    return bytes;
  } catch (const TextFailure& failure) {
    return Unexpected{locateError(text, failure.offset, failure.message)};
  }
}

}  // namespace kiln::text
