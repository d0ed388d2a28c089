#include "text/module_parser.h"

#include <algorithm>

#include "binary/section_id.h"
#include "text/keywords.h"
#include "text/literals.h"
#include "text/utf8.h"

namespace kiln::text {

namespace {

// External kinds of the binary format (imports and exports).
constexpr uint8_t kExternFunc = 0x00;
constexpr uint8_t kExternTable = 0x01;
constexpr uint8_t kExternMemory = 0x02;
constexpr uint8_t kExternGlobal = 0x03;
constexpr uint8_t kExternTag = 0x04;
constexpr uint8_t kExternExactFunc = 0x20;  // custom descriptors

// The order sections appear in, as @custom placements name them.
constexpr std::string_view kPlacementNames[] = {"type",   "import", "func",   "table",  "memory",
                                                "tag",    "global", "export", "start",  "elem",
                                                "datacount", "code", "data"};
constexpr uint8_t kPlacementSections[] = {kTypeSection,   kImportSection,    kFunctionSection,
                                          kTableSection,  kMemorySection,    kTagSection,
                                          kGlobalSection, kExportSection,    kStartSection,
                                          kElementSection,   kDataCountSection, kCodeSection,
                                          kDataSection};
constexpr uint8_t kPlacementCount = 13;

// A placement as one sortable number: "before" the section at position p
// is 2p, "after" it 2p + 1.
constexpr uint8_t placeBefore(uint8_t position) { return uint8_t(2 * position); }
constexpr uint8_t placeAfter(uint8_t position) { return uint8_t(2 * position + 1); }

constexpr uint8_t kRefNullFunc = 0x70;  // funcref
constexpr uint8_t kRefNonNull = 0x64;   // (ref ht)

}  // namespace

ModuleParser::ModuleParser(TokenStream& tokens, const WatOptions& options)
    : tokens_(tokens), options_(options) {}

// ---------------------------------------------------------------------------
// Names

const char* ModuleParser::spaceName(Space space) {
  switch (space) {
    case kTypes: return "type";
    case kFuncs: return "function";
    case kTables: return "table";
    case kMemories: return "memory";
    case kGlobals: return "global";
    case kTags: return "tag";
    case kElems: return "elem segment";
    case kDatas: return "data segment";
    case kSpaceCount: break;
  }
  return "?";
}

std::string_view ModuleParser::nameKey(const Token& token) {
  std::string_view raw = tokens_.text(token);
  if (!(token.flags & Token::kQuotedId)) return raw.substr(1);
  if (!(token.flags & Token::kHasEscape)) return raw.substr(2, raw.size() - 3);
  std::string decoded;
  decodeString(raw.substr(1), decoded);
  if (!isValidUtf8(decoded)) TokenStream::failAt(token.offset, "malformed UTF-8 encoding");
  if (decoded.empty()) TokenStream::failAt(token.offset, "empty identifier");
  decodedNames_.push_back(std::move(decoded));
  return decodedNames_.back();
}

void ModuleParser::bindName(Space space, const Token& token, uint32_t index) {
  std::string_view key = nameKey(token);
  if (!spaces_[space].names.emplace(key, index).second) {
    TokenStream::failAt(token.offset, std::string("duplicate ") + spaceName(space) + " " +
                                          std::string(tokens_.text(token)));
  }
}

void ModuleParser::failUnknown(Space space, const Token& token) {
  TokenStream::failAt(token.offset, std::string("unknown ") + spaceName(space) + " " +
                                        std::string(tokens_.text(token)));
}

uint32_t ModuleParser::resolveIndex(Space space, const Token& token) {
  if (token.kind == TokenKind::Nat) {
    uint64_t value = 0;
    if (parseUnsigned(tokens_.text(token), UINT32_MAX, value) != LiteralError::None) {
      TokenStream::failAt(token.offset, "i32 constant out of range");
    }
    return uint32_t(value);
  }
  const NameMap& names = spaces_[space].names;
  auto found = names.find(nameKey(token));
  if (found == names.end()) failUnknown(space, token);
  return found->second;
}

uint32_t ModuleParser::parseIndex(Space space) {
  if (!isIndexToken()) tokens_.unexpected();
  uint32_t index = resolveIndex(space, tokens_.cur());
  tokens_.advance();
  return index;
}

std::optional<uint32_t> ModuleParser::parseOptionalIndex(Space space) {
  if (!isIndexToken()) return std::nullopt;
  return parseIndex(space);
}

uint32_t ModuleParser::parseU32(const char* what) {
  if (tokens_.kind() != TokenKind::Nat) tokens_.unexpected();
  uint64_t value = 0;
  if (parseUnsigned(tokens_.text(), UINT32_MAX, value) != LiteralError::None) {
    tokens_.fail(std::string(what) + " out of range");
  }
  tokens_.advance();
  return uint32_t(value);
}

// ---------------------------------------------------------------------------
// Pass 1: the fields and their names

void ModuleParser::noteImport(uint32_t offset) {
  if (lastDefinition_) {
    TokenStream::failAt(offset, std::string("import after ") + lastDefinition_ + " definition");
  }
}

void ModuleParser::noteDefinition(FieldKind kind) {
  switch (kind) {
    case FieldKind::Func: lastDefinition_ = "function"; break;
    case FieldKind::Table: lastDefinition_ = "table"; break;
    case FieldKind::Memory: lastDefinition_ = "memory"; break;
    case FieldKind::Global: lastDefinition_ = "global"; break;
    case FieldKind::Tag: lastDefinition_ = "tag"; break;
    default: break;
  }
}

void ModuleParser::collectModuleAnnotations() {
  for (const Annotation& annotation : tokens_.takeAnnotations(AnnotationKind::Custom)) {
    parseCustomAnnotation(annotation);
  }
  for (const Annotation& annotation : tokens_.takeAnnotations(AnnotationKind::Name)) {
    if (sawField_) TokenStream::failAt(annotation.offset, "misplaced @name annotation");
    if (moduleNameFromAnnotation_) {
      TokenStream::failAt(annotation.offset, "@name annotation: multiple module names");
    }
    moduleName_ = parseNameAnnotationBody(annotation);
    moduleNameFromAnnotation_ = true;
  }
  for (const Annotation& annotation : tokens_.takeAnnotations(AnnotationKind::BranchHint)) {
    TokenStream::failAt(annotation.offset,
                        "@metadata.code.branch_hint annotation: not in a function");
  }
}

void ModuleParser::collectFields(bool explicitModule) {
  Lexer& lexer = tokens_.lexer();
  while (true) {
    collectModuleAnnotations();
    const Token& token = tokens_.cur();
    if (token.kind == (explicitModule ? TokenKind::RParen : TokenKind::Eof)) break;
    if (token.kind != TokenKind::LParen) tokens_.unexpected();
    const uint32_t offset = token.offset;
    sawField_ = true;
    // Inside a field, annotations wait for pass 2.
    lexer.setRecordAnnotations(false);
    tokens_.advance();
    if (tokens_.kind() != TokenKind::Keyword) tokens_.unexpected();
    const std::string_view keyword = tokens_.text();
    FieldKind kind;
    if (keyword == "type") kind = FieldKind::Type;
    else if (keyword == "rec") kind = FieldKind::Rec;
    else if (keyword == "func") kind = FieldKind::Func;
    else if (keyword == "table") kind = FieldKind::Table;
    else if (keyword == "memory") kind = FieldKind::Memory;
    else if (keyword == "global") kind = FieldKind::Global;
    else if (keyword == "tag") kind = FieldKind::Tag;
    else if (keyword == "import") kind = FieldKind::Import;
    else if (keyword == "export") kind = FieldKind::Export;
    else if (keyword == "start") kind = FieldKind::Start;
    else if (keyword == "elem") kind = FieldKind::Elem;
    else if (keyword == "data") kind = FieldKind::Data;
    else tokens_.unexpected();
    tokens_.advance();
    fields_.push_back({kind, offset});
    collectField(kind, offset);
    // Annotations between fields belong to the module again.
    lexer.setRecordAnnotations(true);
    tokens_.skipRestOfForm();
  }
  endOffset_ = tokens_.cur().offset;
}

void ModuleParser::collectField(FieldKind kind, uint32_t offset) {
  // The current token follows the field's keyword. Binds the field's names
  // and leaves the rest of the field (from the current token) to the caller.
  auto bindOptionalId = [&](Space space) {
    const uint32_t index = spaces_[space].count++;
    if (tokens_.kind() == TokenKind::Id) {
      bindName(space, tokens_.cur(), index);
      tokens_.advance();
    }
  };
  auto skipExports = [&] {
    while (tokens_.acceptForm("export")) tokens_.skipRestOfForm();
  };
  switch (kind) {
    case FieldKind::Type:
      bindOptionalId(kTypes);
      return;
    case FieldKind::Rec:
      while (tokens_.acceptForm("type")) {
        bindOptionalId(kTypes);
        tokens_.skipRestOfForm();
      }
      return;
    case FieldKind::Func:
    case FieldKind::Global:
    case FieldKind::Tag:
    case FieldKind::Table:
    case FieldKind::Memory: {
      const Space space = kind == FieldKind::Func     ? kFuncs
                          : kind == FieldKind::Global ? kGlobals
                          : kind == FieldKind::Tag    ? kTags
                          : kind == FieldKind::Table  ? kTables
                                                      : kMemories;
      bindOptionalId(space);
      skipExports();
      if (tokens_.isFormOf("import")) {
        noteImport(offset);
        return;
      }
      noteDefinition(kind);
      if (kind != FieldKind::Table && kind != FieldKind::Memory) return;
      // An inline (elem ...) or (data ...) is a segment of its own.
      const std::string_view segment = kind == FieldKind::Table ? "elem" : "data";
      while (tokens_.kind() != TokenKind::RParen && tokens_.kind() != TokenKind::Eof) {
        if (tokens_.kind() == TokenKind::LParen) {
          tokens_.advance();
          const Space segments = kind == FieldKind::Table ? kElems : kDatas;
          if (tokens_.isKeyword(segment)) ++spaces_[segments].count;
          tokens_.skipRestOfForm();
        } else {
          tokens_.advance();
        }
      }
      return;
    }
    case FieldKind::Import: {
      noteImport(offset);
      while (tokens_.kind() == TokenKind::String) tokens_.advance();
      if (tokens_.kind() != TokenKind::LParen) return;
      tokens_.advance();
      Space space;
      if (tokens_.isKeyword("func")) space = kFuncs;
      else if (tokens_.isKeyword("table")) space = kTables;
      else if (tokens_.isKeyword("memory")) space = kMemories;
      else if (tokens_.isKeyword("global")) space = kGlobals;
      else if (tokens_.isKeyword("tag")) space = kTags;
      else tokens_.unexpected();
      tokens_.advance();
      bindOptionalId(space);
      tokens_.skipRestOfForm();
      return;
    }
    case FieldKind::Elem:
      bindOptionalId(kElems);
      return;
    case FieldKind::Data:
      bindOptionalId(kDatas);
      return;
    case FieldKind::Export:
    case FieldKind::Start:
      return;
  }
}

// ---------------------------------------------------------------------------
// Annotations

std::string ModuleParser::parseNameAnnotationBody(const Annotation& annotation) {
  Lexer lexer(tokens_.source().substr(0, annotation.end), false);
  lexer.seek(annotation.bodyBegin);
  Token token = lexer.next();
  if (token.kind != TokenKind::String) {
    TokenStream::failAt(token.offset, "@name annotation: string expected");
  }
  std::string name;
  decodeString(lexer.text(token), name);
  if (!isValidUtf8(name)) TokenStream::failAt(token.offset, "malformed UTF-8 encoding");
  token = lexer.next();
  if (token.kind != TokenKind::RParen) {
    TokenStream::failAt(token.offset, "@name annotation: unexpected token");
  }
  return name;
}

std::optional<std::string> ModuleParser::parseNameAnnotation() {
  std::vector<Annotation> names = tokens_.takeAnnotations(AnnotationKind::Name);
  if (names.empty()) return std::nullopt;
  if (names.size() > 1) {
    TokenStream::failAt(names[1].offset, "@name annotation: multiple names");
  }
  return parseNameAnnotationBody(names[0]);
}

void ModuleParser::parseCustomAnnotation(const Annotation& annotation) {
  Lexer lexer(tokens_.source().substr(0, annotation.end), false);
  lexer.seek(annotation.bodyBegin);
  auto fail = [](const Token& token, const char* message) {
    TokenStream::failAt(token.offset, std::string("@custom annotation: ") + message);
  };
  CustomSection section;
  section.sourceOffset = annotation.offset;
  section.placeOrder = placeAfter(kPlacementCount - 1);  // after the last section
  Token token = lexer.next();
  if (token.kind != TokenKind::String) fail(token, "missing section name");
  decodeString(lexer.text(token), section.name);
  if (!isValidUtf8(section.name)) fail(token, "malformed UTF-8 encoding");
  token = lexer.next();
  if (token.kind == TokenKind::LParen) {
    // Annotation bodies are lexed leniently: words are keywords or reserved.
    auto isWord = [](const Token& token) {
      return token.kind == TokenKind::Keyword || token.kind == TokenKind::Reserved;
    };
    const Token direction = lexer.next();
    const std::string_view word = lexer.text(direction);
    const bool before = isWord(direction) && word == "before";
    const bool after = isWord(direction) && word == "after";
    if (!before && !after) fail(direction, "malformed placement");
    const Token sectionToken = lexer.next();
    const std::string_view sectionWord = lexer.text(sectionToken);
    int position = -1;
    if (isWord(sectionToken)) {
      if (sectionWord == "first") position = 0;
      if (sectionWord == "last") position = kPlacementCount - 1;
      for (uint8_t i = 0; i < kPlacementCount; ++i) {
        if (kPlacementNames[i] == sectionWord) position = i;
      }
    }
    if (position < 0) fail(sectionToken, "malformed section kind");
    section.placeOrder = before ? placeBefore(uint8_t(position)) : placeAfter(uint8_t(position));
    token = lexer.next();
    if (token.kind != TokenKind::RParen) fail(token, "unexpected token");
    token = lexer.next();
  }
  while (token.kind == TokenKind::String) {
    decodeString(lexer.text(token), section.content);
    token = lexer.next();
  }
  if (token.kind != TokenKind::RParen) fail(token, "unexpected token");
  customSections_.push_back(std::move(section));
}

// ---------------------------------------------------------------------------
// Pass 2: fields

std::vector<uint8_t> ModuleParser::parseModule(bool explicitModule, std::string moduleName) {
  moduleName_ = std::move(moduleName);
  const uint32_t start = tokens_.cur().offset;
  collectFields(explicitModule);
  // Code takes a few bytes per line of text: room for it up front saves
  // copying a large code section over and over as it grows.
  codeSection_.bytes().reserve((endOffset_ - start) / 32);
  for (const Field& field : fields_) {
    if (field.kind == FieldKind::Type || field.kind == FieldKind::Rec) parseField(field);
  }
  explicitTypeCount_ = uint32_t(types_.size());
  for (const Field& field : fields_) {
    if (field.kind != FieldKind::Type && field.kind != FieldKind::Rec) parseField(field);
  }
  tokens_.seek(endOffset_);
  if (explicitModule) tokens_.expectRParen();
  return assemble();
}

void ModuleParser::parseField(const Field& field) {
  tokens_.seek(field.offset);
  tokens_.advance();  // "("
  tokens_.advance();  // the field's keyword
  switch (field.kind) {
    case FieldKind::Type: parseTypeField(); break;
    case FieldKind::Rec: parseRecField(); break;
    case FieldKind::Func: parseFuncField(); break;
    case FieldKind::Table: parseTableField(); break;
    case FieldKind::Memory: parseMemoryField(); break;
    case FieldKind::Global: parseGlobalField(); break;
    case FieldKind::Tag: parseTagField(); break;
    case FieldKind::Import: parseImportField(); break;
    case FieldKind::Export: parseExportField(); break;
    case FieldKind::Start: parseStartField(); break;
    case FieldKind::Elem: parseElemField(); break;
    case FieldKind::Data: parseDataField(); break;
  }
}

std::optional<std::string_view> ModuleParser::parseOptionalId() {
  if (tokens_.kind() != TokenKind::Id) return std::nullopt;
  std::string_view key = nameKey(tokens_.cur());
  tokens_.advance();
  return key;
}

void ModuleParser::parseInlineExports(uint8_t kind, uint32_t index) {
  while (tokens_.acceptForm("export")) {
    exportSection_.name(tokens_.expectName());
    exportSection_.byte(kind);
    exportSection_.u32(index);
    ++exportCount_;
    tokens_.expectRParen();
  }
}

bool ModuleParser::parseInlineImport(std::string& module, std::string& name) {
  if (!tokens_.acceptForm("import")) return false;
  module = tokens_.expectName();
  name = tokens_.expectName();
  tokens_.expectRParen();
  return true;
}

void ModuleParser::writeImportHeader(const std::string& module, const std::string& name,
                                     uint8_t kind) {
  importSection_.name(module);
  importSection_.name(name);
  importSection_.byte(kind);
  ++importCount_;
}

void ModuleParser::parseFuncImportType(const std::string& module, const std::string& name) {
  // Custom descriptors: (exact typeuse) imports a function of exactly that type.
  const bool exact = tokens_.acceptForm("exact");
  const TypeUse use = parseTypeUse(TypeUseKind::Named, nullptr);
  if (exact) tokens_.expectRParen();
  writeImportHeader(module, name, exact ? kExternExactFunc : kExternFunc);
  importSection_.u32(use.typeIndex);
}

void ModuleParser::recordFuncName(uint32_t index, std::optional<std::string_view> id,
                                  std::optional<std::string> annotated) {
  if (!options_.nameSection) return;
  if (annotated) {
    funcNames_.emplace_back(index, std::move(*annotated));
  } else if (id) {
    funcNames_.emplace_back(index, std::string(*id));
  }
}

void ModuleParser::parseFuncField() {
  const uint32_t index = nextIndex_[kFuncs]++;
  std::optional<std::string_view> id = parseOptionalId();
  std::optional<std::string> annotated = parseNameAnnotation();
  parseInlineExports(kExternFunc, index);
  std::string module, name;
  const bool imported = parseInlineImport(module, name);
  if (!annotated) annotated = parseNameAnnotation();
  if (imported) {
    recordFuncName(index, id, std::move(annotated));
    parseFuncImportType(module, name);
    tokens_.expectRParen();
    return;
  }
  std::vector<Local> params;
  const TypeUse use = parseTypeUse(TypeUseKind::Named, &params);
  recordFuncName(index, id, std::move(annotated));
  funcSection_.u32(use.typeIndex);
  parseFuncBody(use, params, index);
}

void ModuleParser::parseFuncBody(const TypeUse& use, const std::vector<Local>& params,
                                 uint32_t funcIndex) {
  localIndex_.clear();
  localTypes_.clear();
  std::vector<std::pair<uint32_t, std::string>> localNames;
  // Parameters come first in the local index space: named inline, or only
  // counted through the type (a type the text cannot see leaves the count
  // unknown, which only matters to a named local).
  for (uint32_t i = 0; i < params.size(); ++i) {
    if (params[i].name.empty()) continue;
    if (!localIndex_.emplace(params[i].name, i).second) {
      TokenStream::failAt(params[i].offset, "duplicate local $" + std::string(params[i].name));
    }
    if (options_.nameSection) localNames.emplace_back(i, std::string(params[i].name));
  }
  const uint32_t paramCount = use.paramCount;
  while (tokens_.acceptForm("local")) {
    if (tokens_.kind() == TokenKind::Id) {
      const Token idToken = tokens_.cur();
      if (!use.paramCountKnown) {
        TokenStream::failAt(use.typeOffset, "unknown type " + std::string(use.typeText));
      }
      std::string_view key = nameKey(idToken);
      tokens_.advance();
      const uint32_t index = paramCount + uint32_t(localTypes_.size());
      if (!localIndex_.emplace(key, index).second) {
        TokenStream::failAt(idToken.offset,
                            "duplicate local " + std::string(tokens_.text(idToken)));
      }
      if (options_.nameSection) localNames.emplace_back(index, std::string(key));
      localTypes_.push_back(parseValType());
    } else {
      while (tokens_.kind() != TokenKind::RParen) localTypes_.push_back(parseValType());
    }
    tokens_.expectRParen();
  }

  // Locals as runs of one type.
  body_.clear();
  uint32_t runs = 0;
  for (size_t i = 0; i < localTypes_.size(); ++i) {
    if (i == 0 || !(localTypes_[i] == localTypes_[i - 1])) ++runs;
  }
  body_.u32(runs);
  for (size_t i = 0; i < localTypes_.size();) {
    size_t j = i;
    while (j < localTypes_.size() && localTypes_[j] == localTypes_[i]) ++j;
    body_.u32(uint32_t(j - i));
    body_.append(localTypes_[i].bytes, localTypes_[i].size);
    i = j;
  }

  hints_.clear();
  parseInstructions(body_, BodyKind::Function, false);
  body_.byte(0x0B);
  tokens_.expectRParen();

  codeSection_.u32(uint32_t(body_.size()));
  codeSection_.append(body_.bytes());
  ++codeCount_;
  if (!hints_.empty()) branchHints_.emplace_back(funcIndex, std::move(hints_));
  hints_.clear();
  if (options_.nameSection && !localNames.empty()) {
    std::sort(localNames.begin(), localNames.end());
    localNames_.emplace_back(funcIndex, std::move(localNames));
  }
}

bool ModuleParser::parseIndexType() {
  if (tokens_.acceptKeyword("i64")) return true;
  tokens_.acceptKeyword("i32");
  return false;
}

uint64_t ModuleParser::parseLimit() {
  if (tokens_.kind() != TokenKind::Nat) tokens_.unexpected();
  uint64_t value = 0;
  if (parseUnsigned(tokens_.text(), UINT64_MAX, value) != LiteralError::None) {
    tokens_.fail("i64 constant out of range");
  }
  tokens_.advance();
  return value;
}

void ModuleParser::parseMemoryType(ByteWriter& out, bool index64) {
  const uint64_t min = parseLimit();
  std::optional<uint64_t> max;
  if (tokens_.kind() == TokenKind::Nat) max = parseLimit();
  bool shared = false;
  std::optional<uint32_t> pageSizeLog2;
  while (true) {
    if (!shared && tokens_.acceptKeyword("shared")) {
      shared = true;
    } else if (!pageSizeLog2 && tokens_.isFormOf("pagesize")) {
      pageSizeLog2 = parsePageSize();
    } else {
      break;
    }
  }
  uint8_t flags = uint8_t((max ? 1 : 0) | (shared ? 2 : 0) | (index64 ? 4 : 0) |
                          (pageSizeLog2 ? 8 : 0));
  out.byte(flags);
  out.u64(min);
  if (max) out.u64(*max);
  if (pageSizeLog2) out.u32(*pageSizeLog2);
}

uint32_t ModuleParser::parsePageSize() {
  tokens_.acceptForm("pagesize");
  const uint32_t at = tokens_.cur().offset;
  const uint64_t size = parseLimit();
  if (size == 0 || (size & (size - 1)) != 0) {
    TokenStream::failAt(at, "invalid custom page size");
  }
  tokens_.expectRParen();
  uint32_t log2 = 0;
  while ((uint64_t(1) << log2) < size) ++log2;
  return log2;
}

void ModuleParser::parseTableType(ByteWriter& out, bool index64) {
  const uint64_t min = parseLimit();
  std::optional<uint64_t> max;
  if (tokens_.kind() == TokenKind::Nat) max = parseLimit();
  const EncodedType type = parseRefType();
  out.append(type.bytes, type.size);
  out.byte(uint8_t((max ? 1 : 0) | (index64 ? 4 : 0)));
  out.u64(min);
  if (max) out.u64(*max);
}

void ModuleParser::parseTableField() {
  const uint32_t index = nextIndex_[kTables]++;
  parseOptionalId();
  parseInlineExports(kExternTable, index);
  std::string module, name;
  if (parseInlineImport(module, name)) {
    writeImportHeader(module, name, kExternTable);
    const bool index64 = parseIndexType();
    parseTableType(importSection_, index64);
    tokens_.expectRParen();
    return;
  }
  const bool index64 = parseIndexType();
  ++tableCount_;
  if (tokens_.kind() != TokenKind::Nat) {
    // reftype (elem ...): a table exactly the size of its inline segment.
    const EncodedType type = parseRefType();
    if (!tokens_.acceptForm("elem")) tokens_.unexpected();
    ++nextIndex_[kElems];  // the inline segment has an index of its own
    ByteWriter items;
    uint32_t count = 0;
    const bool indices = isIndexToken() || tokens_.kind() == TokenKind::RParen;
    const bool indexForm = indices && type.size == 1 && type.bytes[0] == kRefNullFunc;
    if (indices) {
      while (isIndexToken()) {
        const uint32_t func = parseIndex(kFuncs);
        if (indexForm) {
          items.u32(func);
        } else {
          items.byte(0xD2);  // ref.func
          items.u32(func);
          items.byte(0x0B);
        }
        ++count;
      }
    } else {
      while (tokens_.kind() == TokenKind::LParen) {
        parseElemExpression(items);
        ++count;
      }
    }
    tokens_.expectRParen();  // (elem ...)
    tokens_.expectRParen();  // (table ...)
    tableSection_.append(type.bytes, type.size);
    tableSection_.byte(uint8_t(1 | (index64 ? 4 : 0)));
    tableSection_.u64(count);
    tableSection_.u64(count);
    // The active segment at offset 0.
    ByteWriter offset;
    offset.byte(index64 ? 0x42 : 0x41);
    offset.byte(0);
    offset.byte(0x0B);
    writeElemSegment(SegmentMode::Active, index, offset.bytes(), indexForm, type, count, items);
    return;
  }
  ByteWriter tableType;
  parseTableType(tableType, index64);
  if (tokens_.kind() == TokenKind::RParen) {
    tableSection_.append(tableType.bytes());
  } else {
    // A table with an initializer expression.
    tableSection_.byte(0x40);
    tableSection_.byte(0x00);
    tableSection_.append(tableType.bytes());
    parseConstantExpression(tableSection_);
  }
  tokens_.expectRParen();
}

void ModuleParser::parseMemoryField() {
  const uint32_t index = nextIndex_[kMemories]++;
  parseOptionalId();
  parseInlineExports(kExternMemory, index);
  std::string module, name;
  if (parseInlineImport(module, name)) {
    writeImportHeader(module, name, kExternMemory);
    const bool index64 = parseIndexType();
    parseMemoryType(importSection_, index64);
    tokens_.expectRParen();
    return;
  }
  const bool index64 = parseIndexType();
  ++memoryCount_;
  std::optional<uint32_t> pageSizeLog2;
  if (tokens_.isFormOf("pagesize")) {
    pageSizeLog2 = parsePageSize();
    if (!tokens_.isFormOf("data")) tokens_.unexpected();
  }
  if (tokens_.acceptForm("data")) {
    // (data ...): a memory exactly the size of its inline segment.
    std::vector<uint8_t> bytes;
    while (tokens_.kind() == TokenKind::String) {
      decodeString(tokens_.text(), bytes);
      tokens_.advance();
    }
    tokens_.expectRParen();
    tokens_.expectRParen();
    const uint32_t log2 = pageSizeLog2.value_or(16);
    const uint64_t pageSize = uint64_t(1) << log2;
    const uint64_t pages = (uint64_t(bytes.size()) + pageSize - 1) / pageSize;
    memorySection_.byte(uint8_t(1 | (index64 ? 4 : 0) | (pageSizeLog2 ? 8 : 0)));
    memorySection_.u64(pages);
    memorySection_.u64(pages);
    if (pageSizeLog2) memorySection_.u32(*pageSizeLog2);
    ++nextIndex_[kDatas];
    ++dataCount_;
    if (index == 0) {
      dataSection_.byte(0x00);
    } else {
      dataSection_.byte(0x02);
      dataSection_.u32(index);
    }
    dataSection_.byte(index64 ? 0x42 : 0x41);
    dataSection_.byte(0);
    dataSection_.byte(0x0B);
    dataSection_.u32(uint32_t(bytes.size()));
    dataSection_.append(bytes);
    return;
  }
  parseMemoryType(memorySection_, index64);
  tokens_.expectRParen();
}

void ModuleParser::parseGlobalType(ByteWriter& out) {
  if (tokens_.acceptForm("mut")) {
    writeValType(out);
    out.byte(1);
    tokens_.expectRParen();
    return;
  }
  writeValType(out);
  out.byte(0);
}

void ModuleParser::parseGlobalField() {
  const uint32_t index = nextIndex_[kGlobals]++;
  parseOptionalId();
  parseInlineExports(kExternGlobal, index);
  std::string module, name;
  if (parseInlineImport(module, name)) {
    writeImportHeader(module, name, kExternGlobal);
    parseGlobalType(importSection_);
    tokens_.expectRParen();
    return;
  }
  ++globalCount_;
  parseGlobalType(globalSection_);
  parseConstantExpression(globalSection_);
  tokens_.expectRParen();
}

void ModuleParser::parseTagField() {
  const uint32_t index = nextIndex_[kTags]++;
  parseOptionalId();
  parseNameAnnotation();
  parseInlineExports(kExternTag, index);
  std::string module, name;
  const bool imported = parseInlineImport(module, name);
  const TypeUse use = parseTypeUse(TypeUseKind::Named, nullptr);
  if (imported) {
    writeImportHeader(module, name, kExternTag);
    importSection_.byte(0x00);
    importSection_.u32(use.typeIndex);
  } else {
    tagSection_.byte(0x00);
    tagSection_.u32(use.typeIndex);
    ++tagCount_;
  }
  tokens_.expectRParen();
}

void ModuleParser::parseImportField() {
  std::string module = tokens_.expectName();
  std::string name = tokens_.expectName();
  tokens_.expectLParen();
  if (tokens_.acceptKeyword("func")) {
    const uint32_t index = nextIndex_[kFuncs]++;
    std::optional<std::string_view> id = parseOptionalId();
    recordFuncName(index, id, parseNameAnnotation());
    parseFuncImportType(module, name);
  } else if (tokens_.acceptKeyword("table")) {
    ++nextIndex_[kTables];
    parseOptionalId();
    writeImportHeader(module, name, kExternTable);
    const bool index64 = parseIndexType();
    parseTableType(importSection_, index64);
  } else if (tokens_.acceptKeyword("memory")) {
    ++nextIndex_[kMemories];
    parseOptionalId();
    writeImportHeader(module, name, kExternMemory);
    const bool index64 = parseIndexType();
    parseMemoryType(importSection_, index64);
  } else if (tokens_.acceptKeyword("global")) {
    ++nextIndex_[kGlobals];
    parseOptionalId();
    writeImportHeader(module, name, kExternGlobal);
    parseGlobalType(importSection_);
  } else if (tokens_.acceptKeyword("tag")) {
    ++nextIndex_[kTags];
    parseOptionalId();
    parseNameAnnotation();
    const TypeUse use = parseTypeUse(TypeUseKind::Named, nullptr);
    writeImportHeader(module, name, kExternTag);
    importSection_.byte(0x00);
    importSection_.u32(use.typeIndex);
  } else {
    tokens_.unexpected();
  }
  tokens_.expectRParen();
  tokens_.expectRParen();
}

void ModuleParser::parseExportField() {
  std::string name = tokens_.expectName();
  tokens_.expectLParen();
  uint8_t kind;
  Space space;
  if (tokens_.acceptKeyword("func")) {
    kind = kExternFunc;
    space = kFuncs;
  } else if (tokens_.acceptKeyword("table")) {
    kind = kExternTable;
    space = kTables;
  } else if (tokens_.acceptKeyword("memory")) {
    kind = kExternMemory;
    space = kMemories;
  } else if (tokens_.acceptKeyword("global")) {
    kind = kExternGlobal;
    space = kGlobals;
  } else if (tokens_.acceptKeyword("tag")) {
    kind = kExternTag;
    space = kTags;
  } else {
    tokens_.unexpected();
  }
  const uint32_t index = parseIndex(space);
  tokens_.expectRParen();
  tokens_.expectRParen();
  exportSection_.name(name);
  exportSection_.byte(kind);
  exportSection_.u32(index);
  ++exportCount_;
}

void ModuleParser::parseStartField() {
  const uint32_t at = tokens_.cur().offset;
  const uint32_t func = parseIndex(kFuncs);
  if (start_) TokenStream::failAt(at, "multiple start sections");
  start_ = func;
  tokens_.expectRParen();
}

bool ModuleParser::isOffsetStart() {
  // "(offset ...)" or a folded instruction.
  if (tokens_.kind() != TokenKind::LParen) return false;
  const Token& next = tokens_.peek();
  if (next.kind != TokenKind::Keyword) return false;
  return tokens_.text(next) == "offset" || opcodeOf(next.keyword).has_value();
}

std::vector<uint8_t> ModuleParser::parseOffsetExpression() {
  ByteWriter out;
  if (tokens_.acceptForm("offset")) {
    parseConstantExpression(out);
    tokens_.expectRParen();
  } else {
    parseSingleFoldedExpression(out);
  }
  return std::move(out.bytes());
}

void ModuleParser::parseElemExpression(ByteWriter& out) {
  // "(item instr*)" or one folded instruction; ends with `end`.
  if (tokens_.acceptForm("item")) {
    parseConstantExpression(out);
    tokens_.expectRParen();
  } else {
    parseSingleFoldedExpression(out);
  }
}

void ModuleParser::writeElemSegment(SegmentMode mode, uint32_t table,
                                    const std::vector<uint8_t>& offset, bool indexForm,
                                    const EncodedType& type, uint32_t count,
                                    const ByteWriter& items) {
  const bool funcref = type.size == 1 && type.bytes[0] == kRefNullFunc;
  if (indexForm) {
    switch (mode) {
      case SegmentMode::Passive: elemSection_.byte(0x01); elemSection_.byte(0x00); break;
      case SegmentMode::Declarative: elemSection_.byte(0x03); elemSection_.byte(0x00); break;
      case SegmentMode::Active:
        if (table == 0) {
          elemSection_.byte(0x00);
          elemSection_.append(offset);
        } else {
          elemSection_.byte(0x02);
          elemSection_.u32(table);
          elemSection_.append(offset);
          elemSection_.byte(0x00);
        }
        break;
    }
  } else {
    switch (mode) {
      case SegmentMode::Passive:
        elemSection_.byte(0x05);
        elemSection_.append(type.bytes, type.size);
        break;
      case SegmentMode::Declarative:
        elemSection_.byte(0x07);
        elemSection_.append(type.bytes, type.size);
        break;
      case SegmentMode::Active:
        if (table == 0 && funcref) {
          elemSection_.byte(0x04);
          elemSection_.append(offset);
        } else {
          elemSection_.byte(0x06);
          elemSection_.u32(table);
          elemSection_.append(offset);
          elemSection_.append(type.bytes, type.size);
        }
        break;
    }
  }
  elemSection_.u32(count);
  elemSection_.append(items.bytes());
  ++elemCount_;
}

void ModuleParser::parseElemField() {
  ++nextIndex_[kElems];
  parseOptionalId();
  SegmentMode mode = SegmentMode::Passive;
  uint32_t table = 0;
  std::vector<uint8_t> offset;
  bool explicitTable = false;
  bool legacyTable = false;
  if (tokens_.acceptForm("table")) {
    table = parseIndex(kTables);
    tokens_.expectRParen();
    explicitTable = true;
  } else if (tokens_.kind() == TokenKind::Nat && tokens_.peek().kind == TokenKind::LParen) {
    // The 1.0 form (elem x (offset) funcidx*): x is the table.
    table = parseIndex(kTables);
    legacyTable = true;
  }
  if (tokens_.acceptKeyword("declare")) {
    mode = SegmentMode::Declarative;
  } else if (explicitTable || legacyTable || isOffsetStart()) {
    mode = SegmentMode::Active;
    offset = parseOffsetExpression();
  }

  ByteWriter items;
  uint32_t count = 0;
  bool indexForm = false;
  EncodedType type;
  if (tokens_.acceptKeyword("func")) {
    indexForm = true;
  } else if (isValTypeStart()) {
    type = parseRefType();
  } else if (mode == SegmentMode::Active && !explicitTable) {
    indexForm = true;  // (elem offset funcidx*)
  } else {
    tokens_.unexpected();
  }
  if (indexForm) {
    type.size = 1;
    type.bytes[0] = kRefNullFunc;
    while (isIndexToken()) {
      items.u32(parseIndex(kFuncs));
      ++count;
    }
  } else {
    while (tokens_.kind() == TokenKind::LParen) {
      parseElemExpression(items);
      ++count;
    }
    // Items of type (ref func) that are all `ref.func x` are written as
    // function indices, the encoding the reference interpreter picks.
    if (type.size == 2 && type.bytes[0] == kRefNonNull && type.bytes[1] == kRefNullFunc) {
      indexForm = refFuncsToIndices(items);
    }
  }
  tokens_.expectRParen();
  writeElemSegment(mode, table, offset, indexForm, type, count, items);
}

bool ModuleParser::refFuncsToIndices(ByteWriter& items) {
  // Each item must be exactly `ref.func x end`.
  const std::vector<uint8_t>& bytes = items.bytes();
  ByteWriter indices;
  size_t i = 0;
  while (i < bytes.size()) {
    if (bytes[i] != 0xD2) return false;
    const size_t start = ++i;
    while (i < bytes.size() && (bytes[i] & 0x80)) ++i;
    if (i + 1 >= bytes.size() || bytes[i + 1] != 0x0B) return false;
    indices.append(bytes.data() + start, i + 1 - start);
    i += 2;
  }
  items = std::move(indices);
  return true;
}

void ModuleParser::parseDataField() {
  ++nextIndex_[kDatas];
  parseOptionalId();
  std::optional<uint32_t> memory;
  if (tokens_.acceptForm("memory")) {
    memory = parseIndex(kMemories);
    tokens_.expectRParen();
  } else if (tokens_.kind() == TokenKind::Nat && tokens_.peek().kind == TokenKind::LParen) {
    memory = parseIndex(kMemories);  // the 1.0 form (data x (offset) ...)
  }
  std::vector<uint8_t> offset;
  const bool active = memory || tokens_.kind() == TokenKind::LParen;
  if (active) offset = parseOffsetExpression();
  std::vector<uint8_t> bytes;
  while (tokens_.kind() == TokenKind::String) {
    decodeString(tokens_.text(), bytes);
    tokens_.advance();
  }
  tokens_.expectRParen();
  if (!active) {
    dataSection_.byte(0x01);
  } else if (memory.value_or(0) == 0) {
    dataSection_.byte(0x00);
    dataSection_.append(offset);
  } else {
    dataSection_.byte(0x02);
    dataSection_.u32(*memory);
    dataSection_.append(offset);
  }
  dataSection_.u32(uint32_t(bytes.size()));
  dataSection_.append(bytes);
  ++dataCount_;
}

// ---------------------------------------------------------------------------
// Assembly

namespace {

void writeSection(ByteWriter& out, uint8_t id, const ByteWriter& payload,
                  std::optional<uint32_t> count) {
  ByteWriter countBytes;
  if (count) countBytes.u32(*count);
  out.byte(id);
  out.u32(uint32_t(countBytes.size() + payload.size()));
  out.append(countBytes.bytes());
  out.append(payload.bytes());
}

}  // namespace

void ModuleParser::writeNameSection(ByteWriter& out) {
  ByteWriter payload;
  payload.name("name");
  if (!moduleName_.empty()) {
    ByteWriter sub;
    sub.name(moduleName_);
    payload.byte(0);
    payload.u32(uint32_t(sub.size()));
    payload.append(sub.bytes());
  }
  if (!funcNames_.empty()) {
    std::stable_sort(funcNames_.begin(), funcNames_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    ByteWriter sub;
    sub.u32(uint32_t(funcNames_.size()));
    for (const auto& [index, name] : funcNames_) {
      sub.u32(index);
      sub.name(name);
    }
    payload.byte(1);
    payload.u32(uint32_t(sub.size()));
    payload.append(sub.bytes());
  }
  if (!localNames_.empty()) {
    ByteWriter sub;
    sub.u32(uint32_t(localNames_.size()));
    for (const auto& [func, names] : localNames_) {
      sub.u32(func);
      sub.u32(uint32_t(names.size()));
      for (const auto& [index, name] : names) {
        sub.u32(index);
        sub.name(name);
      }
    }
    payload.byte(2);
    payload.u32(uint32_t(sub.size()));
    payload.append(sub.bytes());
  }
  if (payload.size() == 5) return;  // just the section's own name
  out.byte(kCustomSection);
  out.u32(uint32_t(payload.size()));
  out.append(payload.bytes());
}

std::vector<uint8_t> ModuleParser::assemble() {
  // Implicit function types go after the explicit ones.
  uint32_t typeCount = recGroupCount_;
  for (const std::string& signature : implicitTypes_) {
    typeSection_.byte(0x60);
    typeSection_.append(signature.data(), signature.size());
    ++typeCount;
  }

  if (!branchHints_.empty()) {
    CustomSection section;
    section.name = "metadata.code.branch_hint";
    section.placeOrder = placeBefore(11);  // before the code section
    section.sourceOffset = 0;
    ByteWriter content;
    content.u32(uint32_t(branchHints_.size()));
    for (const auto& [func, hints] : branchHints_) {
      content.u32(func);
      content.u32(uint32_t(hints.size()));
      for (const BranchHint& hint : hints) {
        content.u32(hint.offset);
        content.u32(1);
        content.u32(hint.value);
      }
    }
    section.content = std::move(content.bytes());
    customSections_.push_back(std::move(section));
  }
  std::stable_sort(customSections_.begin(), customSections_.end(),
                   [](const CustomSection& a, const CustomSection& b) {
                     if (a.placeOrder != b.placeOrder) return a.placeOrder < b.placeOrder;
                     return a.sourceOffset < b.sourceOffset;
                   });

  ByteWriter out;
  out.bytes().reserve(64 + typeSection_.size() + importSection_.size() + funcSection_.size() +
                      tableSection_.size() + memorySection_.size() + tagSection_.size() +
                      globalSection_.size() + exportSection_.size() + elemSection_.size() +
                      codeSection_.size() + dataSection_.size() + 16 * 12);
  out.append("\0asm\1\0\0\0", 8);
  size_t custom = 0;
  auto writeCustomsUpTo = [&](uint8_t placeOrder) {
    while (custom < customSections_.size() && customSections_[custom].placeOrder <= placeOrder) {
      const CustomSection& section = customSections_[custom++];
      ByteWriter payload;
      payload.name(section.name);
      payload.append(section.content);
      out.byte(kCustomSection);
      out.u32(uint32_t(payload.size()));
      out.append(payload.bytes());
    }
  };
  for (uint8_t position = 0; position < kPlacementCount; ++position) {
    writeCustomsUpTo(placeBefore(position));
    switch (kPlacementSections[position]) {
      case kTypeSection:
        if (typeCount) writeSection(out, kTypeSection, typeSection_, typeCount);
        break;
      case kImportSection:
        if (importCount_) writeSection(out, kImportSection, importSection_, importCount_);
        break;
      case kFunctionSection:
        if (codeCount_) writeSection(out, kFunctionSection, funcSection_, codeCount_);
        break;
      case kTableSection:
        if (tableCount_) writeSection(out, kTableSection, tableSection_, tableCount_);
        break;
      case kMemorySection:
        if (memoryCount_) writeSection(out, kMemorySection, memorySection_, memoryCount_);
        break;
      case kTagSection:
        if (tagCount_) writeSection(out, kTagSection, tagSection_, tagCount_);
        break;
      case kGlobalSection:
        if (globalCount_) writeSection(out, kGlobalSection, globalSection_, globalCount_);
        break;
      case kExportSection:
        if (exportCount_) writeSection(out, kExportSection, exportSection_, exportCount_);
        break;
      case kStartSection:
        if (start_) {
          ByteWriter payload;
          payload.u32(*start_);
          writeSection(out, kStartSection, payload, std::nullopt);
        }
        break;
      case kElementSection:
        if (elemCount_) writeSection(out, kElementSection, elemSection_, elemCount_);
        break;
      case kDataCountSection:
        if (needsDataCount_) {
          ByteWriter payload;
          payload.u32(dataCount_);
          writeSection(out, kDataCountSection, payload, std::nullopt);
        }
        break;
      case kCodeSection:
        if (codeCount_) writeSection(out, kCodeSection, codeSection_, codeCount_);
        break;
      case kDataSection:
        if (dataCount_) writeSection(out, kDataSection, dataSection_, dataCount_);
        break;
    }
    writeCustomsUpTo(placeAfter(position));
  }
  if (options_.nameSection) writeNameSection(out);
  return std::move(out.bytes());
}

}  // namespace kiln::text
