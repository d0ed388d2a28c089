// Types: value, reference and heap types, type definitions (func, struct,
// array; sub, final, rec; descriptor clauses) and type uses with the
// implicit type definitions they create.

#include "text/literals.h"
#include "text/module_parser.h"

namespace kiln::text {

namespace {

struct NamedByte {
  std::string_view name;
  uint8_t byte;
};

// Value types written as one keyword.
constexpr NamedByte kValTypeKeywords[] = {
    {"i32", 0x7F},           {"i64", 0x7E},       {"f32", 0x7D},         {"f64", 0x7C},
    {"v128", 0x7B},          {"funcref", 0x70},   {"externref", 0x6F},   {"anyref", 0x6E},
    {"eqref", 0x6D},         {"i31ref", 0x6C},    {"structref", 0x6B},   {"arrayref", 0x6A},
    {"exnref", 0x69},        {"nullexnref", 0x74}, {"nullfuncref", 0x73}, {"nullexternref", 0x72},
    {"nullref", 0x71},
};

// Abstract heap types. The nullable reference to one is encoded as that
// same byte (the reference type abbreviations above).
constexpr NamedByte kHeapTypeKeywords[] = {
    {"func", 0x70},  {"extern", 0x6F}, {"any", 0x6E},      {"eq", 0x6D},
    {"i31", 0x6C},   {"struct", 0x6B}, {"array", 0x6A},    {"exn", 0x69},
    {"noexn", 0x74}, {"nofunc", 0x73}, {"noextern", 0x72}, {"none", 0x71},
};

constexpr uint8_t kRefNull = 0x63;
constexpr uint8_t kRef = 0x64;
constexpr uint8_t kExactHeapType = 0x62;
constexpr uint8_t kFuncType = 0x60;
constexpr uint8_t kStructType = 0x5F;
constexpr uint8_t kArrayType = 0x5E;
constexpr uint8_t kSubType = 0x50;
constexpr uint8_t kSubFinalType = 0x4F;
constexpr uint8_t kRecType = 0x4E;
constexpr uint8_t kDescriptorClause = 0x4D;
constexpr uint8_t kDescribesClause = 0x4C;
constexpr uint8_t kPackedI8 = 0x78;
constexpr uint8_t kPackedI16 = 0x77;

template <size_t N>
std::optional<uint8_t> findByte(const NamedByte (&table)[N], std::string_view word) {
  for (const NamedByte& entry : table) {
    if (entry.name == word) return entry.byte;
  }
  return std::nullopt;
}

// A type index as a heap type: s33, non-negative.
void appendTypeIndex(EncodedType& type, uint32_t index) {
  uint64_t value = index;
  while (true) {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    const bool done = value == 0 && !(byte & 0x40);
    type.bytes[type.size++] = done ? byte : uint8_t(byte | 0x80);
    if (done) return;
  }
}

}  // namespace

bool ModuleParser::isValTypeStart() {
  if (tokens_.kind() == TokenKind::Keyword) {
    return findByte(kValTypeKeywords, tokens_.text()).has_value();
  }
  return tokens_.isFormOf("ref");
}

std::optional<uint8_t> ModuleParser::parseHeapType(EncodedType& type) {
  if (tokens_.kind() == TokenKind::Keyword) {
    std::optional<uint8_t> byte = findByte(kHeapTypeKeywords, tokens_.text());
    if (!byte) tokens_.unexpected();
    type.bytes[type.size++] = *byte;
    tokens_.advance();
    return byte;
  }
  if (tokens_.acceptForm("exact")) {
    // Custom descriptors: an exact type index is a u32, not an s33.
    type.bytes[type.size++] = kExactHeapType;
    uint32_t index = parseIndex(kTypes);
    do {
      const uint8_t byte = index & 0x7F;
      index >>= 7;
      type.bytes[type.size++] = index ? uint8_t(byte | 0x80) : byte;
    } while (index);
    tokens_.expectRParen();
    return std::nullopt;
  }
  if (!isIndexToken()) tokens_.unexpected();
  appendTypeIndex(type, parseIndex(kTypes));
  return std::nullopt;
}

void ModuleParser::writeHeapType(ByteWriter& out) {
  EncodedType type;
  parseHeapType(type);
  out.append(type.bytes, type.size);
}

EncodedType ModuleParser::parseRefType() {
  EncodedType type;
  if (tokens_.kind() == TokenKind::Keyword) {
    std::optional<uint8_t> byte = findByte(kValTypeKeywords, tokens_.text());
    if (!byte || *byte >= 0x7B) tokens_.unexpected();  // not a number or vector type
    type.bytes[type.size++] = *byte;
    tokens_.advance();
    return type;
  }
  if (!tokens_.acceptForm("ref")) tokens_.unexpected();
  const bool nullable = tokens_.acceptKeyword("null");
  EncodedType heap;
  std::optional<uint8_t> abstract = parseHeapType(heap);
  tokens_.expectRParen();
  if (nullable && abstract) {
    type.bytes[type.size++] = *abstract;
    return type;
  }
  type.bytes[type.size++] = nullable ? kRefNull : kRef;
  for (uint8_t i = 0; i < heap.size; ++i) type.bytes[type.size++] = heap.bytes[i];
  return type;
}

EncodedType ModuleParser::parseValType() {
  if (tokens_.kind() == TokenKind::Keyword) {
    std::optional<uint8_t> byte = findByte(kValTypeKeywords, tokens_.text());
    if (!byte) tokens_.unexpected();
    EncodedType type;
    type.bytes[type.size++] = *byte;
    tokens_.advance();
    return type;
  }
  return parseRefType();
}

// ---------------------------------------------------------------------------
// Type definitions

void ModuleParser::parseTypeField() {
  if (tokens_.kind() == TokenKind::Id) tokens_.advance();  // bound in pass 1
  TypeInfo info;
  const bool plain = parseSubType(info, typeSection_);
  tokens_.expectRParen();
  ++recGroupCount_;
  addType(std::move(info), plain);
}

void ModuleParser::parseRecField() {
  ByteWriter group;
  std::vector<TypeInfo> infos;
  bool plain = false;
  while (tokens_.acceptForm("type")) {
    if (tokens_.kind() == TokenKind::Id) tokens_.advance();
    TypeInfo info;
    plain = parseSubType(info, group);
    tokens_.expectRParen();
    infos.push_back(std::move(info));
  }
  tokens_.expectRParen();
  // A group of one is written as its one type.
  if (infos.size() != 1) {
    typeSection_.byte(kRecType);
    typeSection_.u32(uint32_t(infos.size()));
  }
  typeSection_.append(group.bytes());
  ++recGroupCount_;
  const bool alone = infos.size() == 1;
  for (TypeInfo& info : infos) addType(std::move(info), alone && plain);
}

void ModuleParser::addType(TypeInfo info, bool matchable) {
  const uint32_t index = uint32_t(types_.size());
  info.inlineMatchable = matchable && info.kind == TypeInfo::Kind::Func;
  if (info.inlineMatchable) funcTypeBySignature_.emplace(info.signature, index);
  types_.push_back(std::move(info));
}

bool ModuleParser::parseSubType(TypeInfo& info, ByteWriter& out) {
  if (!tokens_.acceptForm("sub")) {
    parseDescriptorClauses(out);
    parseCompType(info, out);
    return true;
  }
  const bool final = tokens_.acceptKeyword("final");
  std::vector<uint32_t> supertypes;
  while (isIndexToken()) supertypes.push_back(parseIndex(kTypes));
  const bool plain = final && supertypes.empty();
  if (!plain) {
    out.byte(final ? kSubFinalType : kSubType);
    out.u32(uint32_t(supertypes.size()));
    for (uint32_t supertype : supertypes) out.u32(supertype);
  }
  parseDescriptorClauses(out);
  parseCompType(info, out);
  tokens_.expectRParen();
  return plain;
}

void ModuleParser::parseDescriptorClauses(ByteWriter& out) {
  // Custom descriptors: (describes $t)? (descriptor $t)?, in that order.
  if (tokens_.acceptForm("describes")) {
    out.byte(kDescribesClause);
    out.u32(parseIndex(kTypes));
    tokens_.expectRParen();
  }
  if (tokens_.acceptForm("descriptor")) {
    out.byte(kDescriptorClause);
    out.u32(parseIndex(kTypes));
    tokens_.expectRParen();
  }
}

void ModuleParser::parseCompType(TypeInfo& info, ByteWriter& out) {
  tokens_.expectLParen();
  if (tokens_.acceptKeyword("func")) {
    info.kind = TypeInfo::Kind::Func;
    ByteWriter signature;
    scratchParams_.clear();
    scratchResults_.clear();
    while (tokens_.acceptForm("param")) {
      if (tokens_.kind() == TokenKind::Id) {
        tokens_.advance();  // parameter names of a type definition mean nothing
        scratchParams_.push_back(parseValType());
      } else {
        while (tokens_.kind() != TokenKind::RParen) scratchParams_.push_back(parseValType());
      }
      tokens_.expectRParen();
    }
    while (tokens_.acceptForm("result")) {
      while (tokens_.kind() != TokenKind::RParen) scratchResults_.push_back(parseValType());
      tokens_.expectRParen();
    }
    rejectParamAfterResult();
    info.paramCount = uint32_t(scratchParams_.size());
    info.signature = encodeSignature(scratchParams_, scratchResults_);
    out.byte(kFuncType);
    out.append(info.signature.data(), info.signature.size());
  } else if (tokens_.acceptKeyword("struct")) {
    info.kind = TypeInfo::Kind::Struct;
    ByteWriter fields;
    uint32_t count = 0;
    while (tokens_.acceptForm("field")) {
      if (tokens_.kind() == TokenKind::Id) {
        const Token id = tokens_.cur();
        if (!info.fieldNames.emplace(nameKey(id), count).second) {
          TokenStream::failAt(id.offset, "duplicate field " + std::string(tokens_.text(id)));
        }
        tokens_.advance();
        parseFieldType(fields);
        ++count;
      } else {
        while (tokens_.kind() != TokenKind::RParen) {
          parseFieldType(fields);
          ++count;
        }
      }
      tokens_.expectRParen();
    }
    out.byte(kStructType);
    out.u32(count);
    out.append(fields.bytes());
  } else if (tokens_.acceptKeyword("array")) {
    info.kind = TypeInfo::Kind::Array;
    out.byte(kArrayType);
    parseFieldType(out);
  } else {
    tokens_.unexpected();
  }
  tokens_.expectRParen();
}

void ModuleParser::parseFieldType(ByteWriter& out) {
  const bool mutable_ = tokens_.acceptForm("mut");
  if (tokens_.isKeyword("i8")) {
    out.byte(kPackedI8);
    tokens_.advance();
  } else if (tokens_.isKeyword("i16")) {
    out.byte(kPackedI16);
    tokens_.advance();
  } else {
    writeValType(out);
  }
  if (mutable_) tokens_.expectRParen();
  out.byte(mutable_ ? 1 : 0);
}

std::string ModuleParser::encodeSignature(const std::vector<EncodedType>& params,
                                          const std::vector<EncodedType>& results) {
  ByteWriter out;
  out.u32(uint32_t(params.size()));
  for (const EncodedType& type : params) out.append(type.bytes, type.size);
  out.u32(uint32_t(results.size()));
  for (const EncodedType& type : results) out.append(type.bytes, type.size);
  return std::string(out.bytes().begin(), out.bytes().end());
}

const ModuleParser::TypeInfo* ModuleParser::typeInfo(uint32_t index) const {
  return index < types_.size() ? &types_[index] : nullptr;
}

uint32_t ModuleParser::funcTypeIndex(const std::string& signature, uint32_t paramCount) {
  auto found = funcTypeBySignature_.find(signature);
  if (found != funcTypeBySignature_.end()) return found->second;
  // None matches: a new definition goes at the end of the type section.
  const uint32_t index = uint32_t(types_.size());
  TypeInfo info;
  info.kind = TypeInfo::Kind::Func;
  info.inlineMatchable = true;
  info.paramCount = paramCount;
  info.signature = signature;
  types_.push_back(std::move(info));
  implicitTypes_.push_back(signature);
  funcTypeBySignature_.emplace(signature, index);
  return index;
}

// ---------------------------------------------------------------------------
// Type uses

void ModuleParser::rejectParamAfterResult() {
  if (!tokens_.isFormOf("param")) return;
  tokens_.advance();
  tokens_.unexpected();  // parameters come before results
}

ModuleParser::TypeUse ModuleParser::parseTypeUse(TypeUseKind kind, std::vector<Local>* params) {
  TypeUse use;
  bool explicitType = false;
  Token typeToken;
  if (tokens_.acceptForm("type")) {
    explicitType = true;
    typeToken = tokens_.cur();
    use.typeIndex = parseIndex(kTypes);
    use.typeOffset = typeToken.offset;
    use.typeText = tokens_.text(typeToken);
    tokens_.expectRParen();
  }
  scratchParams_.clear();
  scratchResults_.clear();
  bool inlineSignature = false;
  while (tokens_.isFormOf("param")) {
    inlineSignature = true;
    tokens_.advance();
    tokens_.advance();
    if (tokens_.kind() == TokenKind::Id) {
      if (kind == TypeUseKind::Anonymous) tokens_.unexpected();
      const Token id = tokens_.cur();
      std::string_view name = nameKey(id);
      tokens_.advance();
      if (params) params->push_back({name, id.offset});
      scratchParams_.push_back(parseValType());
    } else {
      while (tokens_.kind() != TokenKind::RParen) {
        if (params) params->push_back({{}, tokens_.cur().offset});
        scratchParams_.push_back(parseValType());
      }
    }
    tokens_.expectRParen();
  }
  while (tokens_.isFormOf("result")) {
    inlineSignature = true;
    tokens_.advance();
    tokens_.advance();
    while (tokens_.kind() != TokenKind::RParen) scratchResults_.push_back(parseValType());
    tokens_.expectRParen();
  }
  rejectParamAfterResult();
  const uint32_t inlineParams = uint32_t(scratchParams_.size());
  if (explicitType) {
    const TypeInfo* info = typeInfo(use.typeIndex);
    const bool isFunc = info && info->kind == TypeInfo::Kind::Func;
    if (inlineSignature) {
      if (!isFunc) {
        TokenStream::failAt(use.typeOffset, "unknown type " + std::string(use.typeText));
      }
      if (encodeSignature(scratchParams_, scratchResults_) != info->signature) {
        TokenStream::failAt(use.typeOffset,
                            "inline function type does not match explicit type");
      }
    }
    if (isFunc) {
      use.paramCount = info->paramCount;
      use.paramCountKnown = true;
    }
    return use;
  }
  use.typeIndex = funcTypeIndex(encodeSignature(scratchParams_, scratchResults_), inlineParams);
  use.paramCount = inlineParams;
  use.paramCountKnown = true;
  return use;
}

bool ModuleParser::parseBlockType(ByteWriter& out) {
  // (type x)? (param t*)* (result t*)*; returns false when it is empty.
  if (!tokens_.isFormOf("type") && !tokens_.isFormOf("param")) {
    // The common cases: no type, or results only.
    if (!tokens_.isFormOf("result")) {
      out.byte(0x40);
      return false;
    }
    scratchResults_.clear();
    while (tokens_.acceptForm("result")) {
      while (tokens_.kind() != TokenKind::RParen) scratchResults_.push_back(parseValType());
      tokens_.expectRParen();
    }
    rejectParamAfterResult();
    if (scratchResults_.size() == 1) {
      out.append(scratchResults_[0].bytes, scratchResults_[0].size);
    } else if (scratchResults_.empty()) {
      out.byte(0x40);
    } else {
      scratchParams_.clear();
      out.s64(funcTypeIndex(encodeSignature(scratchParams_, scratchResults_), 0));
    }
    return true;
  }
  const TypeUse use = parseTypeUse(TypeUseKind::Anonymous, nullptr);
  out.s64(use.typeIndex);
  return true;
}

}  // namespace kiln::text
