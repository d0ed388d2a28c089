#include <algorithm>
#include <cstring>

#include "text/literals.h"
#include "text/module_parser.h"
#include "text/script.h"
#include "text/token_stream.h"
#include "text/utf8.h"

namespace kiln::text {

namespace {

// Threads nest commands; more than this many levels is an error, not a
// deep recursion.
constexpr int kMaxThreadNesting = 8;

struct ShapeInfo {
  std::string_view name;
  LaneShape shape;
  uint8_t lanes;
  uint8_t bits;
  bool isFloat;
};

constexpr ShapeInfo kShapes[] = {
    {"i8x16", LaneShape::I8x16, 16, 8, false}, {"i16x8", LaneShape::I16x8, 8, 16, false},
    {"i32x4", LaneShape::I32x4, 4, 32, false}, {"i64x2", LaneShape::I64x2, 2, 64, false},
    {"f32x4", LaneShape::F32x4, 4, 32, true},  {"f64x2", LaneShape::F64x2, 2, 64, true},
};

struct NamedHeapType {
  std::string_view name;
  uint8_t byte;
};

constexpr NamedHeapType kHeapTypes[] = {
    {"func", 0x70},  {"extern", 0x6F}, {"any", 0x6E},      {"eq", 0x6D},
    {"i31", 0x6C},   {"struct", 0x6B}, {"array", 0x6A},    {"exn", 0x69},
    {"noexn", 0x74}, {"nofunc", 0x73}, {"noextern", 0x72}, {"none", 0x71},
};

class ScriptParser {
 public:
  ScriptParser(std::string_view text, const WatOptions& options)
      : tokens_(text), options_(options) {}

  Script parse() {
    Script script;
    // A script may also be the fields of one module, without "(module".
    if (tokens_.kind() == TokenKind::LParen && tokens_.peek().kind == TokenKind::Keyword &&
        isModuleField(tokens_.text(tokens_.peek()))) {
      Command command;
      command.kind = CommandKind::Module;
      command.line = 1;
      ModuleParser parser(tokens_, options_);
      command.module.bytes = parser.parseModule(false, {});
      script.commands.push_back(std::move(command));
      return script;
    }
    while (tokens_.kind() != TokenKind::Eof) script.commands.push_back(parseCommand(0));
    return script;
  }

 private:
  static bool isModuleField(std::string_view word) {
    for (std::string_view field : {"type", "rec", "func", "table", "memory", "global", "tag",
                                   "import", "export", "start", "elem", "data"}) {
      if (word == field) return true;
    }
    return false;
  }

  uint32_t lineOf(uint32_t offset) {
    std::string_view text = tokens_.source();
    if (offset < lineOffset_) {
      lineOffset_ = 0;
      line_ = 1;
    }
    line_ += uint32_t(std::count(text.begin() + lineOffset_, text.begin() + offset, '\n'));
    lineOffset_ = offset;
    return line_;
  }

  std::string parseOptionalId() {
    if (tokens_.kind() != TokenKind::Id) return {};
    std::string name = tokens_.idName(tokens_.cur());
    tokens_.advance();
    return name;
  }

  std::string parseStrings() {
    std::string bytes;
    while (tokens_.kind() == TokenKind::String) {
      decodeString(tokens_.text(), bytes);
      tokens_.advance();
    }
    return bytes;
  }

  // (module ...) of every form; the current token is its "(".
  ScriptModule parseModule() {
    const uint32_t start = tokens_.cur().offset;
    const uint32_t line = lineOf(start);
    ScriptModule module = parseModuleForm();
    module.line = line;
    module.sourceBegin = start;
    module.sourceEnd = tokens_.previousEnd();
    return module;
  }

  ScriptModule parseModuleForm() {
    ScriptModule module;
    const uint32_t start = tokens_.cur().offset;
    tokens_.advance();
    tokens_.expectKeyword("module");
    if (tokens_.acceptKeyword("instance")) {
      module.kind = ScriptModule::Kind::Instance;
      std::string first = parseOptionalId();
      std::string second = parseOptionalId();
      if (second.empty()) {
        module.instanceOf = first;
      } else {
        module.name = first;
        module.instanceOf = second;
      }
      tokens_.expectRParen();
      return module;
    }
    module.definition = tokens_.acceptKeyword("definition");
    module.name = parseOptionalId();
    if (tokens_.acceptKeyword("binary")) {
      module.kind = ScriptModule::Kind::Binary;
      std::string bytes = parseStrings();
      module.bytes.assign(bytes.begin(), bytes.end());
      tokens_.expectRParen();
      return module;
    }
    if (tokens_.acceptKeyword("quote")) {
      module.kind = ScriptModule::Kind::Quote;
      module.quotedText = parseStrings();
      tokens_.expectRParen();
      auto bytes = parseWat(module.quotedText, options_);
      if (bytes) {
        module.bytes = std::move(*bytes);
      } else {
        module.error = bytes.error();
      }
      return module;
    }
    module.kind = ScriptModule::Kind::Text;
    try {
      ModuleParser parser(tokens_, options_);
      module.bytes = parser.parseModule(true, {});
    } catch (const TextFailure& failure) {
      // The module is broken, not the script: keep the error and go on
      // after the module's ")".
      module.error = locateError(tokens_.source(), failure.offset, failure.message);
      tokens_.lexer().setRecordAnnotations(true);
      tokens_.seek(start);
      tokens_.advance();
      tokens_.skipRestOfForm();
    }
    return module;
  }

  Action parseAction() {
    Action action;
    action.line = lineOf(tokens_.cur().offset);
    tokens_.expectLParen();
    if (tokens_.acceptKeyword("invoke")) {
      action.kind = Action::Kind::Invoke;
    } else if (tokens_.acceptKeyword("get")) {
      action.kind = Action::Kind::Get;
    } else {
      tokens_.unexpected();
    }
    action.instance = parseOptionalId();
    action.name = tokens_.expectName();
    if (action.kind == Action::Kind::Invoke) {
      while (tokens_.kind() == TokenKind::LParen) action.arguments.push_back(parseValue(false));
    }
    tokens_.expectRParen();
    return action;
  }

  template <class Parse>
  uint64_t parseNumber(Parse parse) {
    const TokenKind kind = tokens_.kind();
    if (kind != TokenKind::Nat && kind != TokenKind::Int && kind != TokenKind::Float) {
      tokens_.unexpected();
    }
    uint64_t bits = 0;
    if (parse(tokens_.text(), bits) != LiteralError::None) tokens_.fail("constant out of range");
    tokens_.advance();
    return bits;
  }

  std::optional<NanPattern> acceptNanPattern() {
    if (tokens_.acceptKeyword("nan:canonical")) return NanPattern::Canonical;
    if (tokens_.acceptKeyword("nan:arithmetic")) return NanPattern::Arithmetic;
    return std::nullopt;
  }

  static LiteralError parseF32Bits(std::string_view text, uint64_t& bits) {
    uint32_t narrow = 0;
    LiteralError error = parseF32(text, narrow);
    bits = narrow;
    return error;
  }

  ScriptValue parseValue(bool result) {
    ScriptValue value;
    tokens_.expectLParen();
    if (tokens_.kind() != TokenKind::Keyword) tokens_.unexpected();
    const std::string_view word = tokens_.text();
    using Kind = ScriptValue::Kind;
    auto integer = [](unsigned bits) {
      return [bits](std::string_view text, uint64_t& value) {
        return parseInteger(text, bits, value);
      };
    };
    if (word == "i32.const" || word == "i64.const") {
      tokens_.advance();
      value.kind = word == "i32.const" ? Kind::I32 : Kind::I64;
      value.bits[0] = parseNumber(integer(value.kind == Kind::I32 ? 32 : 64));
    } else if (word == "f32.const" || word == "f64.const") {
      tokens_.advance();
      value.kind = word == "f32.const" ? Kind::F32 : Kind::F64;
      std::optional<NanPattern> nan = result ? acceptNanPattern() : std::nullopt;
      if (nan) {
        value.nan = *nan;
      } else if (value.kind == Kind::F32) {
        value.bits[0] = parseNumber(parseF32Bits);
      } else {
        value.bits[0] = parseNumber(parseF64);
      }
    } else if (word == "v128.const") {
      tokens_.advance();
      parseV128(value, result);
    } else if (word == "ref.null") {
      tokens_.advance();
      value.kind = Kind::RefNull;
      if (tokens_.kind() == TokenKind::Keyword) {
        for (const NamedHeapType& heap : kHeapTypes) {
          if (heap.name == tokens_.text()) value.heapType = heap.byte;
        }
        if (value.heapType == 0) tokens_.unexpected();
        tokens_.advance();
      } else if (tokens_.kind() == TokenKind::Nat || tokens_.kind() == TokenKind::Id) {
        value.heapType = ScriptValue::kConcreteHeapType;
        tokens_.advance();
      } else if (!result) {
        tokens_.unexpected();
      }
    } else if (word == "ref.extern" || word == "ref.host") {
      tokens_.advance();
      value.kind = word == "ref.extern" ? Kind::RefExtern : Kind::RefHost;
      if (tokens_.kind() == TokenKind::Nat) {
        uint64_t n = 0;
        if (parseUnsigned(tokens_.text(), UINT32_MAX, n) != LiteralError::None) {
          tokens_.fail("i32 constant out of range");
        }
        value.bits[0] = n;
        value.hasPayload = true;
        tokens_.advance();
      } else if (!result || value.kind == Kind::RefHost) {
        tokens_.unexpected();
      }
    } else if (result && (word == "ref" || word == "ref.eq" || word == "ref.i31" ||
                          word == "ref.struct" || word == "ref.array" || word == "ref.func" ||
                          word == "ref.exn")) {
      value.kind = word == "ref"          ? Kind::RefAny
                   : word == "ref.eq"     ? Kind::RefEq
                   : word == "ref.i31"    ? Kind::RefI31
                   : word == "ref.struct" ? Kind::RefStruct
                   : word == "ref.array"  ? Kind::RefArray
                   : word == "ref.func"   ? Kind::RefFunc
                                          : Kind::RefExn;
      tokens_.advance();
    } else {
      tokens_.unexpected();
    }
    tokens_.expectRParen();
    return value;
  }

  void parseV128(ScriptValue& value, bool result) {
    value.kind = ScriptValue::Kind::V128;
    const ShapeInfo* shape = nullptr;
    if (tokens_.kind() == TokenKind::Keyword) {
      for (const ShapeInfo& candidate : kShapes) {
        if (candidate.name == tokens_.text()) shape = &candidate;
      }
    }
    if (!shape) tokens_.unexpected();
    value.shape = shape->shape;
    const uint32_t at = tokens_.cur().offset;
    tokens_.advance();
    // All the lanes first: their count is checked before their values.
    std::vector<Token> lanes;
    while (lanes.size() <= shape->lanes) {
      const TokenKind kind = tokens_.kind();
      const bool nan = result && shape->isFloat &&
                       (tokens_.isKeyword("nan:canonical") || tokens_.isKeyword("nan:arithmetic"));
      const bool number =
          kind == TokenKind::Nat || kind == TokenKind::Int || kind == TokenKind::Float;
      if (!number && !nan) break;
      lanes.push_back(tokens_.cur());
      tokens_.advance();
    }
    if (lanes.size() != shape->lanes) TokenStream::failAt(at, "wrong number of lane literals");
    uint8_t bytes[16] = {};
    const uint32_t laneBytes = shape->bits / 8u;
    for (uint32_t lane = 0; lane < shape->lanes; ++lane) {
      const Token& token = lanes[lane];
      const std::string_view text = tokens_.text(token);
      uint64_t bits = 0;
      LiteralError error = LiteralError::None;
      if (text == "nan:canonical") {
        value.laneNans[lane] = NanPattern::Canonical;
      } else if (text == "nan:arithmetic") {
        value.laneNans[lane] = NanPattern::Arithmetic;
      } else if (!shape->isFloat) {
        error = parseInteger(text, shape->bits, bits);
      } else if (shape->bits == 32) {
        error = parseF32Bits(text, bits);
      } else {
        error = parseF64(text, bits);
      }
      if (error != LiteralError::None) TokenStream::failAt(token.offset, "constant out of range");
      for (uint32_t i = 0; i < laneBytes; ++i) {
        bytes[lane * laneBytes + i] = uint8_t(bits >> (8 * i));
      }
    }
    std::memcpy(value.bits, bytes, 16);
  }

  ResultPattern parseResult() {
    ResultPattern pattern;
    if (tokens_.acceptForm("either")) {
      while (tokens_.kind() == TokenKind::LParen) pattern.alternatives.push_back(parseValue(true));
      if (pattern.alternatives.empty()) tokens_.unexpected();
      tokens_.expectRParen();
      return pattern;
    }
    pattern.alternatives.push_back(parseValue(true));
    return pattern;
  }

  // An assertion's module: (module ...) or (module instance ...).
  void parseAssertedModule(Command& command) {
    if (!tokens_.isFormOf("module")) tokens_.unexpected();
    command.module = parseModule();
  }

  Command parseCommand(int depth) {
    Command command;
    const uint32_t start = tokens_.cur().offset;
    command.line = lineOf(start);
    if (tokens_.isFormOf("module")) {
      command.module = parseModule();
      if (command.module.kind == ScriptModule::Kind::Instance) {
        command.kind = CommandKind::ModuleInstance;
        command.instance = command.module.name;
        command.moduleRef = command.module.instanceOf;
      } else {
        command.kind = CommandKind::Module;
      }
      return command;
    }
    tokens_.expectLParen();
    const std::string_view word = tokens_.text();
    if (tokens_.kind() != TokenKind::Keyword) tokens_.unexpected();
    if (word == "invoke" || word == "get") {
      // Re-read the action from its "(".
      tokens_.seek(start);
      command.kind = CommandKind::Action;
      command.action = parseAction();
      return command;
    }
    tokens_.advance();
    if (word == "register") {
      command.kind = CommandKind::Register;
      command.registerName = tokens_.expectName();
      command.instance = parseOptionalId();
    } else if (word == "assert_return") {
      command.kind = CommandKind::AssertReturn;
      command.action = parseAction();
      while (tokens_.kind() == TokenKind::LParen) command.results.push_back(parseResult());
    } else if (word == "assert_trap") {
      if (tokens_.isFormOf("module")) {
        command.kind = CommandKind::AssertUninstantiable;
        parseAssertedModule(command);
      } else {
        command.kind = CommandKind::AssertTrap;
        command.action = parseAction();
      }
      command.text = tokens_.expectString();
    } else if (word == "assert_exhaustion") {
      command.kind = CommandKind::AssertExhaustion;
      command.action = parseAction();
      command.text = tokens_.expectString();
    } else if (word == "assert_exception") {
      command.kind = CommandKind::AssertException;
      command.action = parseAction();
    } else if (word == "assert_malformed" || word == "assert_invalid" ||
               word == "assert_unlinkable" || word == "assert_uninstantiable" ||
               word == "assert_malformed_custom" || word == "assert_invalid_custom") {
      command.kind = word == "assert_malformed"        ? CommandKind::AssertMalformed
                     : word == "assert_invalid"        ? CommandKind::AssertInvalid
                     : word == "assert_unlinkable"     ? CommandKind::AssertUnlinkable
                     : word == "assert_uninstantiable" ? CommandKind::AssertUninstantiable
                     : word == "assert_malformed_custom" ? CommandKind::AssertMalformedCustom
                                                         : CommandKind::AssertInvalidCustom;
      parseAssertedModule(command);
      command.text = tokens_.expectString();
    } else if (word == "thread") {
      if (depth >= kMaxThreadNesting) tokens_.fail("threads nested too deep");
      command.kind = CommandKind::Thread;
      command.instance = parseOptionalId();
      while (tokens_.acceptForm("shared")) {
        tokens_.expectLParen();
        tokens_.expectKeyword("module");
        if (tokens_.kind() != TokenKind::Id) tokens_.unexpected();
        command.sharedModules.push_back(parseOptionalId());
        tokens_.expectRParen();
        tokens_.expectRParen();
      }
      while (tokens_.kind() == TokenKind::LParen) {
        command.commands.push_back(parseCommand(depth + 1));
      }
    } else if (word == "wait") {
      command.kind = CommandKind::Wait;
      if (tokens_.kind() != TokenKind::Id) tokens_.unexpected();
      command.instance = parseOptionalId();
    } else {
      // Not a command: report the word where it stands.
      tokens_.seek(start);
      tokens_.advance();
      tokens_.unexpected();
    }
    tokens_.expectRParen();
    return command;
  }

  TokenStream tokens_;
  WatOptions options_;
  uint32_t lineOffset_ = 0;
  uint32_t line_ = 1;
};

}  // namespace

Expected<Script, TextError> parseWast(std::string_view text, const WatOptions& options) {
  if (text.size() > kMaxTextSize) return Unexpected{locateError(text, 0, "text too large")};
  try {
    ScriptParser parser(text, options);
    return parser.parse();
  } catch (const TextFailure& failure) {
    return Unexpected{locateError(text, failure.offset, failure.message)};
  }
}

uint32_t subjectLine(const Command& command) {
  switch (command.kind) {
    case CommandKind::Action:
    case CommandKind::AssertReturn:
    case CommandKind::AssertTrap:
    case CommandKind::AssertExhaustion:
    case CommandKind::AssertException:
      return command.action.line;
    case CommandKind::AssertMalformed:
    case CommandKind::AssertInvalid:
    case CommandKind::AssertUnlinkable:
    case CommandKind::AssertUninstantiable:
    case CommandKind::AssertMalformedCustom:
    case CommandKind::AssertInvalidCustom:
      return command.module.line;
    default:
      return command.line;
  }
}

std::string_view commandName(const Command& command) {
  switch (command.kind) {
    case CommandKind::Module: return "module";
    case CommandKind::ModuleInstance: return "module instance";
    case CommandKind::Register: return "register";
    case CommandKind::Action:
      return command.action.kind == Action::Kind::Get ? "get" : "invoke";
    case CommandKind::AssertReturn: return "assert_return";
    case CommandKind::AssertTrap: return "assert_trap";
    case CommandKind::AssertExhaustion: return "assert_exhaustion";
    case CommandKind::AssertException: return "assert_exception";
    case CommandKind::AssertMalformed: return "assert_malformed";
    case CommandKind::AssertInvalid: return "assert_invalid";
    case CommandKind::AssertUnlinkable: return "assert_unlinkable";
    case CommandKind::AssertUninstantiable: return "assert_uninstantiable";
    case CommandKind::AssertMalformedCustom: return "assert_malformed_custom";
    case CommandKind::AssertInvalidCustom: return "assert_invalid_custom";
    case CommandKind::Thread: return "thread";
    case CommandKind::Wait: return "wait";
  }
  return "command";
}

}  // namespace kiln::text
