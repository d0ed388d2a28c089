// Instructions: plain and folded, in function bodies and constant
// expressions, encoded as they are read. One loop and an explicit stack of
// frames (open blocks, folded expressions whose operator waits for its
// operands) replace recursion, so the nesting depth is bounded by
// kMaxNesting and the heap, never by the native stack.

#include <bit>

#include "text/keywords.h"
#include "text/literals.h"
#include "text/module_parser.h"

namespace kiln::text {

namespace {

constexpr uint8_t kIfOpcode = 0x04;
constexpr uint8_t kElseOpcode = 0x05;
constexpr uint8_t kEndOpcode = 0x0B;
constexpr uint8_t kSelectTypedOpcode = 0x1C;
constexpr uint8_t kRefNullPrefix = 0x63;

void writeOpcode(ByteWriter& out, const OpcodeInfo& info) {
  if (info.prefix == 0) {
    out.byte(uint8_t(info.code));
  } else {
    out.byte(info.prefix);
    out.u32(info.code);
  }
}

// Lanes of each v128 shape: name, lane count, lane bits, float.
struct Shape {
  std::string_view name;
  uint8_t lanes;
  uint8_t bits;
  bool isFloat;
};

constexpr Shape kShapes[] = {
    {"i8x16", 16, 8, false}, {"i16x8", 8, 16, false}, {"i32x4", 4, 32, false},
    {"i64x2", 2, 64, false}, {"f32x4", 4, 32, true},  {"f64x2", 2, 64, true},
};

// A reference type's nullability and heap type bytes.
struct SplitRefType {
  bool nullable;
  const uint8_t* heap;
  uint8_t heapSize;
};

SplitRefType splitRefType(const EncodedType& type) {
  // A one-byte reference type is the nullable abbreviation of its heap type.
  if (type.size == 1) return {true, type.bytes, 1};
  return {type.bytes[0] == kRefNullPrefix, type.bytes + 1, uint8_t(type.size - 1)};
}

}  // namespace

// ---------------------------------------------------------------------------
// Labels and locals

void ModuleParser::pushLabel(std::string_view name) {
  if (name.empty()) {
    labels_.push_back({{}, 0});
    return;
  }
  uint32_t& slot = labelByName_[name];
  labels_.push_back({name, slot});
  slot = uint32_t(labels_.size());
}

void ModuleParser::popLabel() {
  const LabelEntry entry = labels_.back();
  labels_.pop_back();
  if (entry.name.empty()) return;
  if (entry.shadowed == 0) {
    labelByName_.erase(entry.name);
  } else {
    labelByName_[entry.name] = entry.shadowed;
  }
}

uint32_t ModuleParser::parseLabel() {
  const Token& token = tokens_.cur();
  if (token.kind == TokenKind::Nat) return parseU32("i32 constant");
  if (token.kind != TokenKind::Id) tokens_.unexpected();
  auto found = labelByName_.find(nameKey(token));
  if (found == labelByName_.end()) {
    tokens_.fail("unknown label " + std::string(tokens_.text()));
  }
  const uint32_t depth = uint32_t(labels_.size()) - found->second;
  tokens_.advance();
  return depth;
}

uint32_t ModuleParser::parseLocal() {
  const Token& token = tokens_.cur();
  if (token.kind == TokenKind::Nat) return parseU32("i32 constant");
  if (token.kind != TokenKind::Id) tokens_.unexpected();
  auto found = localIndex_.find(nameKey(token));
  if (found == localIndex_.end()) tokens_.fail("unknown local " + std::string(tokens_.text()));
  tokens_.advance();
  return found->second;
}

std::string_view ModuleParser::parseOptionalLabelName() {
  if (tokens_.kind() != TokenKind::Id) return {};
  std::string_view name = nameKey(tokens_.cur());
  tokens_.advance();
  return name;
}

void ModuleParser::checkEndLabel(const Frame& frame) {
  // `end $l` / `else $l` may repeat the block's label, nothing else.
  if (tokens_.kind() != TokenKind::Id) return;
  if (frame.label.empty() || nameKey(tokens_.cur()) != frame.label) {
    tokens_.fail("mismatching label");
  }
  tokens_.advance();
}

// ---------------------------------------------------------------------------
// Branch hints

int16_t ModuleParser::takeBranchHint() {
  if (tokens_.lexer().annotations().empty()) [[likely]] return -1;
  std::vector<Annotation> hints = tokens_.takeAnnotations(AnnotationKind::BranchHint);
  if (hints.empty()) return -1;
  constexpr std::string_view kPrefix = "@metadata.code.branch_hint annotation: ";
  if (!inFunction_) {
    TokenStream::failAt(hints[0].offset, std::string(kPrefix) + "not in a function");
  }
  if (hints.size() > 1) {
    TokenStream::failAt(hints[1].offset, std::string(kPrefix) + "duplicate annotation");
  }
  Lexer lexer(tokens_.source().substr(0, hints[0].end), false);
  lexer.seek(hints[0].bodyBegin);
  std::string payload;
  Token token = lexer.next();
  while (token.kind == TokenKind::String) {
    decodeString(lexer.text(token), payload);
    token = lexer.next();
  }
  if (token.kind != TokenKind::RParen) {
    TokenStream::failAt(token.offset, std::string(kPrefix) + "unexpected token");
  }
  if (payload.size() != 1 || uint8_t(payload[0]) > 1) {
    TokenStream::failAt(hints[0].offset, std::string(kPrefix) + "invalid hint value");
  }
  return int16_t(payload[0]);
}

void ModuleParser::recordHint(const ByteWriter& out, int16_t hint) {
  if (hint >= 0) hints_.push_back({uint32_t(out.size()), uint8_t(hint)});
}

// ---------------------------------------------------------------------------
// Immediates

uint32_t ModuleParser::parseLaneIndex() {
  if (tokens_.kind() != TokenKind::Nat) tokens_.unexpected();
  uint64_t value = 0;
  if (parseUnsigned(tokens_.text(), 255, value) != LiteralError::None) {
    tokens_.fail("i8 constant out of range");
  }
  tokens_.advance();
  return uint32_t(value);
}

void ModuleParser::parseMemArg(ByteWriter& out, uint32_t width, bool lane) {
  uint32_t memory = 0;
  if (tokens_.kind() == TokenKind::Id) {
    memory = parseIndex(kMemories);
  } else if (tokens_.kind() == TokenKind::Nat) {
    // Before a lane index, a number is a memory only when more follows.
    bool isMemory = !lane;
    if (lane) {
      const Token& next = tokens_.peek();
      const std::string_view word = tokens_.text(next);
      isMemory = next.kind == TokenKind::Nat ||
                 (next.kind == TokenKind::Keyword &&
                  (word.starts_with("offset=") || word.starts_with("align=")));
    }
    if (isMemory) memory = parseIndex(kMemories);
  }
  uint64_t offset = 0;
  if (tokens_.kind() == TokenKind::Keyword && tokens_.text().starts_with("offset=")) {
    const std::string_view digits = tokens_.text().substr(7);
    const LiteralError error = parseUnsigned(digits, UINT64_MAX, offset);
    if (error == LiteralError::Malformed) tokens_.unexpected();
    if (error == LiteralError::OutOfRange) tokens_.fail("i64 constant out of range");
    tokens_.advance();
  }
  uint32_t alignLog2 = uint32_t(std::countr_zero(width));
  if (tokens_.kind() == TokenKind::Keyword && tokens_.text().starts_with("align=")) {
    uint64_t align = 0;
    const LiteralError error = parseUnsigned(tokens_.text().substr(6), UINT64_MAX, align);
    if (error == LiteralError::Malformed) tokens_.unexpected();
    if (error == LiteralError::OutOfRange) tokens_.fail("i64 constant out of range");
    if (align == 0 || (align & (align - 1)) != 0) {
      tokens_.fail("alignment must be a power of two");
    }
    alignLog2 = uint32_t(std::countr_zero(align));
    tokens_.advance();
  }
  if (memory != 0) {
    out.u32(alignLog2 | 0x40);  // multi-memory: the memory index follows
    out.u32(memory);
  } else {
    out.u32(alignLog2);
  }
  out.u64(offset);
}

void ModuleParser::parseV128Const(ByteWriter& out) {
  if (tokens_.kind() != TokenKind::Keyword) tokens_.unexpected();
  const Shape* shape = nullptr;
  for (const Shape& candidate : kShapes) {
    if (candidate.name == tokens_.text()) shape = &candidate;
  }
  if (!shape) tokens_.unexpected();
  const uint32_t at = tokens_.cur().offset;
  tokens_.advance();
  // All the numbers first: their count is checked before their values.
  scratchTokens_.clear();
  while (tokens_.kind() == TokenKind::Nat || tokens_.kind() == TokenKind::Int ||
         tokens_.kind() == TokenKind::Float) {
    if (scratchTokens_.size() > 16) break;
    scratchTokens_.push_back(tokens_.cur());
    tokens_.advance();
  }
  if (scratchTokens_.size() != shape->lanes) {
    TokenStream::failAt(at, "wrong number of lane literals");
  }
  uint8_t bytes[16] = {};
  const uint32_t laneBytes = shape->bits / 8u;
  for (uint32_t lane = 0; lane < shape->lanes; ++lane) {
    const Token& token = scratchTokens_[lane];
    uint64_t bits = 0;
    LiteralError error;
    if (!shape->isFloat) {
      error = parseInteger(tokens_.text(token), shape->bits, bits);
    } else if (shape->bits == 32) {
      uint32_t bits32 = 0;
      error = parseF32(tokens_.text(token), bits32);
      bits = bits32;
    } else {
      error = parseF64(tokens_.text(token), bits);
    }
    if (error != LiteralError::None) TokenStream::failAt(token.offset, "constant out of range");
    for (uint32_t i = 0; i < laneBytes; ++i) bytes[lane * laneBytes + i] = uint8_t(bits >> (8 * i));
  }
  out.append(bytes, 16);
}

void ModuleParser::parseShuffle(ByteWriter& out) {
  const uint32_t at = tokens_.cur().offset;
  std::vector<Token>& lanes = scratchTokens_;
  lanes.clear();
  while (tokens_.kind() == TokenKind::Nat || tokens_.kind() == TokenKind::Int ||
         tokens_.kind() == TokenKind::Float) {
    if (lanes.size() > 16) break;
    lanes.push_back(tokens_.cur());
    tokens_.advance();
  }
  if (lanes.size() != 16) TokenStream::failAt(at, "invalid lane length");
  for (const Token& lane : lanes) {
    uint64_t value = 0;
    if (parseUnsigned(tokens_.text(lane), 255, value) != LiteralError::None) {
      TokenStream::failAt(lane.offset, "i8 constant out of range");
    }
    out.byte(uint8_t(value));
  }
}

void ModuleParser::writeTwoIndices(ByteWriter& out, Space first, Space second, bool secondFirst) {
  // x y, or just y with x = 0; encoded in the order the binary wants.
  uint32_t a = 0;
  if (isIndexToken() && (tokens_.peek().kind == TokenKind::Nat ||
                         tokens_.peek().kind == TokenKind::Id)) {
    a = parseIndex(first);
  }
  const uint32_t b = parseIndex(second);
  if (secondFirst) {
    out.u32(b);
    out.u32(a);
  } else {
    out.u32(a);
    out.u32(b);
  }
}

void ModuleParser::encodeOperator(Opcode op, ByteWriter& out) {
  // The current token follows the instruction's name.
  const OpcodeInfo& info = opcodeInfo(op);
  if (op == Opcode::Select && tokens_.isFormOf("result")) {
    // select (result t*): the typed select.
    out.byte(kSelectTypedOpcode);
    scratchResults_.clear();
    while (tokens_.acceptForm("result")) {
      while (tokens_.kind() != TokenKind::RParen) scratchResults_.push_back(parseValType());
      tokens_.expectRParen();
    }
    out.u32(uint32_t(scratchResults_.size()));
    for (const EncodedType& type : scratchResults_) out.append(type.bytes, type.size);
    return;
  }
  if (info.immediate == ImmediateKind::HeapType && op != Opcode::RefNull) {
    // ref.test / ref.cast (and kin) take a reference type; its nullable form
    // is the row of the same name one code up.
    const uint32_t at = tokens_.cur().offset;
    const EncodedType refType = parseRefType();
    const SplitRefType type = splitRefType(refType);
    const OpcodeInfo* chosen = &info;
    if (type.nullable) {
      std::optional<Opcode> nullable = opcodeFromPrefixed(info.prefix, info.code + 1);
      if (info.prefix == 0) nullable = opcodeFromByte(uint8_t(info.code + 1));
      if (!nullable || opcodeInfo(*nullable).name != info.name) {
        TokenStream::failAt(at, "no nullable form of " + std::string(info.name));
      }
      chosen = &opcodeInfo(*nullable);
    }
    writeOpcode(out, *chosen);
    out.append(type.heap, type.heapSize);
    return;
  }
  writeOpcode(out, info);
  switch (info.immediate) {
    case ImmediateKind::None:
      return;
    case ImmediateKind::BlockType:
      parseBlockType(out);
      return;
    case ImmediateKind::Label:
      out.u32(parseLabel());
      return;
    case ImmediateKind::BrTable: {
      if (!isIndexToken()) tokens_.unexpected();
      scratchIndices_.clear();
      while (isIndexToken()) scratchIndices_.push_back(parseLabel());
      out.u32(uint32_t(scratchIndices_.size() - 1));
      for (uint32_t depth : scratchIndices_) out.u32(depth);
      return;
    }
    case ImmediateKind::Func:
      out.u32(parseIndex(kFuncs));
      return;
    case ImmediateKind::CallIndirect: {
      const uint32_t table = parseOptionalIndex(kTables).value_or(0);
      const TypeUse use = parseTypeUse(TypeUseKind::Anonymous, nullptr);
      out.u32(use.typeIndex);
      out.u32(table);
      return;
    }
    case ImmediateKind::Local:
      out.u32(parseLocal());
      return;
    case ImmediateKind::Global:
      out.u32(parseIndex(kGlobals));
      return;
    case ImmediateKind::Table:
      out.u32(parseOptionalIndex(kTables).value_or(0));
      return;
    case ImmediateKind::MemArg:
      parseMemArg(out, info.width, false);
      return;
    case ImmediateKind::MemoryIndex:
      out.u32(parseOptionalIndex(kMemories).value_or(0));
      return;
    case ImmediateKind::I32:
    case ImmediateKind::I64: {
      const unsigned bits = info.immediate == ImmediateKind::I32 ? 32 : 64;
      const TokenKind kind = tokens_.kind();
      if (kind != TokenKind::Nat && kind != TokenKind::Int && kind != TokenKind::Float) {
        tokens_.unexpected();
      }
      uint64_t value = 0;
      if (parseInteger(tokens_.text(), bits, value) != LiteralError::None) {
        tokens_.fail("constant out of range");
      }
      out.s64(bits == 32 ? int64_t(int32_t(uint32_t(value))) : int64_t(value));
      tokens_.advance();
      return;
    }
    case ImmediateKind::F32:
    case ImmediateKind::F64: {
      const TokenKind kind = tokens_.kind();
      if (kind != TokenKind::Nat && kind != TokenKind::Int && kind != TokenKind::Float) {
        tokens_.unexpected();
      }
      if (info.immediate == ImmediateKind::F32) {
        uint32_t bits = 0;
        if (parseF32(tokens_.text(), bits) != LiteralError::None) {
          tokens_.fail("constant out of range");
        }
        out.fixed32(bits);
      } else {
        uint64_t bits = 0;
        if (parseF64(tokens_.text(), bits) != LiteralError::None) {
          tokens_.fail("constant out of range");
        }
        out.fixed64(bits);
      }
      tokens_.advance();
      return;
    }
    case ImmediateKind::V128:
      parseV128Const(out);
      return;
    case ImmediateKind::SelectTyped:
      return;  // reached through "select (result ...)" above
    case ImmediateKind::HeapType:
      writeHeapType(out);  // ref.null; the others are above
      return;
    case ImmediateKind::Type:
      out.u32(parseIndex(kTypes));
      return;
    case ImmediateKind::StructField: {
      const uint32_t type = parseIndex(kTypes);
      out.u32(type);
      out.u32(parseFieldIndex(type));
      return;
    }
    case ImmediateKind::ArrayFixed:
      out.u32(parseIndex(kTypes));
      out.u32(parseU32("i32 constant"));
      return;
    case ImmediateKind::ArrayData:
      out.u32(parseIndex(kTypes));
      out.u32(parseIndex(kDatas));
      needsDataCount_ = true;
      return;
    case ImmediateKind::ArrayElem:
      out.u32(parseIndex(kTypes));
      out.u32(parseIndex(kElems));
      return;
    case ImmediateKind::ArrayCopy:
      out.u32(parseIndex(kTypes));
      out.u32(parseIndex(kTypes));
      return;
    case ImmediateKind::BrOnCast: {
      // label rt1 rt2: the flags byte carries both nullabilities.
      const uint32_t label = parseLabel();
      const EncodedType from = parseRefType();
      const EncodedType to = parseRefType();
      const SplitRefType a = splitRefType(from);
      const SplitRefType b = splitRefType(to);
      out.byte(uint8_t((a.nullable ? 1 : 0) | (b.nullable ? 2 : 0)));
      out.u32(label);
      out.append(a.heap, a.heapSize);
      out.append(b.heap, b.heapSize);
      return;
    }
    case ImmediateKind::Tag:
      out.u32(parseIndex(kTags));
      return;
    case ImmediateKind::ZeroByte:
      out.byte(0);
      return;
    case ImmediateKind::TryTable:
      return;  // a block instruction: see plainInstruction and openParen
    case ImmediateKind::Unknown:
      TokenStream::failAt(tokens_.cur().offset,
                          "cannot encode " + std::string(info.name) +
                              ": opcodes.def does not describe its immediates");
    case ImmediateKind::MemoryInit:
      writeTwoIndices(out, kMemories, kDatas, true);
      needsDataCount_ = true;
      return;
    case ImmediateKind::Data:
      out.u32(parseIndex(kDatas));
      needsDataCount_ = true;
      return;
    case ImmediateKind::MemoryCopy: {
      const uint32_t destination = parseOptionalIndex(kMemories).value_or(0);
      const uint32_t source = destination == 0 && !isIndexToken()
                                  ? 0
                                  : parseIndex(kMemories);
      out.u32(destination);
      out.u32(source);
      return;
    }
    case ImmediateKind::TableInit:
      writeTwoIndices(out, kTables, kElems, true);
      return;
    case ImmediateKind::Elem:
      out.u32(parseIndex(kElems));
      return;
    case ImmediateKind::TableCopy: {
      if (!isIndexToken()) {
        out.u32(0);
        out.u32(0);
        return;
      }
      const uint32_t destination = parseIndex(kTables);
      out.u32(destination);
      out.u32(parseIndex(kTables));
      return;
    }
    case ImmediateKind::MemArgLane:
      parseMemArg(out, info.width, true);
      out.byte(uint8_t(parseLaneIndex()));
      return;
    case ImmediateKind::Lane:
      out.byte(uint8_t(parseLaneIndex()));
      return;
    case ImmediateKind::Shuffle:
      parseShuffle(out);
      return;
  }
}

// ---------------------------------------------------------------------------
// The instruction loop

void ModuleParser::pushFrame(const Frame& frame) {
  if (frames_.size() >= kMaxNesting) {
    tokens_.fail("nesting too deep: more than " + std::to_string(kMaxNesting) +
                 " nested blocks or folded instructions");
  }
  frames_.push_back(frame);
}

void ModuleParser::emitPending(ByteWriter& out, const Frame& frame) {
  recordHint(out, frame.hint);
  const std::vector<uint8_t>& pending = pending_.bytes();
  out.append(pending.data() + frame.pendingStart, pending.size() - frame.pendingStart);
  pending_.bytes().resize(frame.pendingStart);
}

bool ModuleParser::plainAllowed() const {
  if (frames_.empty()) return true;
  const Frame& top = frames_.back();
  switch (top.kind) {
    case FrameKind::FoldedOp: return false;
    case FrameKind::FoldedIf: return top.state == kInThen || top.state == kInElse;
    case FrameKind::FoldedTry:
      return top.state == kInDo || top.state == kInCatch || top.state == kInCatchAll;
    default: return true;
  }
}

uint32_t ModuleParser::parseFieldIndex(uint32_t type) {
  const Token& token = tokens_.cur();
  if (token.kind == TokenKind::Nat) return parseU32("i32 constant");
  if (token.kind != TokenKind::Id) tokens_.unexpected();
  const TypeInfo* info = typeInfo(type);
  if (info) {
    auto found = info->fieldNames.find(nameKey(token));
    if (found != info->fieldNames.end()) {
      tokens_.advance();
      return found->second;
    }
  }
  tokens_.fail("unknown field " + std::string(tokens_.text()));
}

void ModuleParser::beginBlock(Opcode op, ByteWriter& out, int16_t hint, uint32_t at, bool folded) {
  // The current token follows the block instruction's name.
  const std::string_view label = parseOptionalLabelName();
  recordHint(out, hint);
  writeOpcode(out, opcodeInfo(op));
  parseBlockType(out);
  FrameKind kind = folded ? FrameKind::FoldedBlock : FrameKind::Block;
  if (op == Opcode::TryTable) {
    // Catch clauses branch to labels outside the try_table: resolved before
    // its own label exists.
    ByteWriter clauses;
    uint32_t count = 0;
    while (tokens_.kind() == TokenKind::LParen) {
      const Token& word = tokens_.peek();
      const std::string_view name = tokens_.text(word);
      uint8_t clause;
      if (name == "catch") clause = 0x00;
      else if (name == "catch_ref") clause = 0x01;
      else if (name == "catch_all") clause = 0x02;
      else if (name == "catch_all_ref") clause = 0x03;
      else break;
      tokens_.advance();
      tokens_.advance();
      clauses.byte(clause);
      if (clause < 0x02) clauses.u32(parseIndex(kTags));
      clauses.u32(parseLabel());
      tokens_.expectRParen();
      ++count;
    }
    out.u32(count);
    out.append(clauses.bytes());
  } else if (op == Opcode::Try) {
    kind = folded ? FrameKind::FoldedTry : FrameKind::Try;
  } else if (op == Opcode::If) {
    kind = FrameKind::If;
  }
  pushFrame({kind, 0, -1, 0, at, label});
  pushLabel(label);
}

void ModuleParser::plainInstruction(ByteWriter& out) {
  if (!plainAllowed()) tokens_.unexpected();
  const int16_t hint = takeBranchHint();
  const std::optional<Opcode> found = opcodeOf(tokens_.cur().keyword);
  if (!found) tokens_.unexpected();
  const uint32_t at = tokens_.cur().offset;
  Frame* top = frames_.empty() ? nullptr : &frames_.back();
  switch (*found) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::TryTable:
    case Opcode::Try:
      tokens_.advance();
      beginBlock(*found, out, hint, at, false);
      return;
    case Opcode::Else:
      if (!top || top->kind != FrameKind::If || top->state != 0) tokens_.unexpected();
      tokens_.advance();
      checkEndLabel(*top);
      out.byte(kElseOpcode);
      top->state = 1;
      return;
    case Opcode::Catch:
    case Opcode::CatchAll:
      // Legacy exceptions: catch $tag / catch_all, after the try body or a catch.
      if (!top || top->kind != FrameKind::Try || top->state > 1) tokens_.unexpected();
      tokens_.advance();
      writeOpcode(out, opcodeInfo(*found));
      if (*found == Opcode::Catch) {
        out.u32(parseIndex(kTags));
        top->state = 1;
      } else {
        top->state = 2;
      }
      return;
    case Opcode::Delegate: {
      // Ends a legacy try; the label counts from outside it.
      if (!top || top->kind != FrameKind::Try || top->state != 0) tokens_.unexpected();
      tokens_.advance();
      popLabel();
      frames_.pop_back();
      out.byte(uint8_t(opcodeInfo(Opcode::Delegate).code));
      out.u32(parseLabel());
      return;
    }
    case Opcode::End:
      if (!top || (top->kind != FrameKind::Block && top->kind != FrameKind::If &&
                   top->kind != FrameKind::Try)) {
        tokens_.unexpected();
      }
      tokens_.advance();
      checkEndLabel(*top);
      out.byte(kEndOpcode);
      popLabel();
      frames_.pop_back();
      return;
    default:
      break;
  }
  tokens_.advance();
  recordHint(out, hint);
  encodeOperator(*found, out);
}

void ModuleParser::openParen(ByteWriter& out) {
  if (!frames_.empty()) {
    Frame& top = frames_.back();
    if (top.kind == FrameKind::FoldedIf) {
      if (top.state == kCondition && tokens_.isFormOf("then")) {
        tokens_.advance();
        tokens_.advance();
        emitPending(out, top);
        top.state = kInThen;
        pushLabel(top.label);
        return;
      }
      if (top.state == kAfterThen && tokens_.isFormOf("else")) {
        tokens_.advance();
        tokens_.advance();
        out.byte(kElseOpcode);
        top.state = kInElse;
        return;
      }
      if (top.state == kAfterThen || top.state == kAfterElse) {
        tokens_.advance();
        tokens_.unexpected();
      }
    } else if (top.kind == FrameKind::FoldedTry && !plainAllowed()) {
      // (try bt (do ...) (catch $t ...)* (catch_all ...)?) or (... (delegate l))
      tokens_.advance();
      const std::string_view word = tokens_.text();
      if (top.state == kBeforeDo && word == "do") {
        tokens_.advance();
        top.state = kInDo;
      } else if ((top.state == kAfterDo || top.state == kAfterCatch) && word == "catch") {
        tokens_.advance();
        writeOpcode(out, opcodeInfo(Opcode::Catch));
        out.u32(parseIndex(kTags));
        top.state = kInCatch;
      } else if ((top.state == kAfterDo || top.state == kAfterCatch) && word == "catch_all") {
        tokens_.advance();
        writeOpcode(out, opcodeInfo(Opcode::CatchAll));
        top.state = kInCatchAll;
      } else if (top.state == kAfterDo && word == "delegate") {
        tokens_.advance();
        popLabel();
        out.byte(uint8_t(opcodeInfo(Opcode::Delegate).code));
        out.u32(parseLabel());
        tokens_.expectRParen();
        top.state = kAfterDelegate;
      } else {
        tokens_.unexpected();
      }
      return;
    }
  }
  const int16_t hint = takeBranchHint();
  const uint32_t at = tokens_.cur().offset;
  tokens_.advance();  // "("
  if (tokens_.kind() != TokenKind::Keyword) tokens_.unexpected();
  const std::optional<Opcode> found = opcodeOf(tokens_.cur().keyword);
  if (!found) tokens_.unexpected();
  switch (*found) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::TryTable:
    case Opcode::Try:
      tokens_.advance();
      beginBlock(*found, out, hint, at, true);
      return;
    case Opcode::If: {
      // The condition comes first: `if` waits in pending_ until (then.
      tokens_.advance();
      const std::string_view label = parseOptionalLabelName();
      const uint32_t start = uint32_t(pending_.size());
      pending_.byte(kIfOpcode);
      parseBlockType(pending_);
      pushFrame({FrameKind::FoldedIf, kCondition, hint, start, at, label});
      return;
    }
    case Opcode::Else:
    case Opcode::End:
    case Opcode::Catch:
    case Opcode::CatchAll:
    case Opcode::Delegate:
      tokens_.unexpected();
    default:
      break;
  }
  tokens_.advance();
  const uint32_t start = uint32_t(pending_.size());
  encodeOperator(*found, pending_);
  pushFrame({FrameKind::FoldedOp, 0, hint, start, at, {}});
}

void ModuleParser::closeParen(ByteWriter& out) {
  Frame& top = frames_.back();
  switch (top.kind) {
    case FrameKind::Block:
    case FrameKind::If:
    case FrameKind::Try:
      tokens_.unexpected();  // a plain block needs its `end` first
    case FrameKind::FoldedOp:
      emitPending(out, top);
      frames_.pop_back();
      break;
    case FrameKind::FoldedBlock:
      out.byte(kEndOpcode);
      popLabel();
      frames_.pop_back();
      break;
    case FrameKind::FoldedIf:
      switch (top.state) {
        case kCondition: tokens_.unexpected();  // (then ...) is required
        case kInThen: top.state = kAfterThen; break;
        case kInElse: top.state = kAfterElse; break;
        default:
          out.byte(kEndOpcode);
          popLabel();
          frames_.pop_back();
          break;
      }
      break;
    case FrameKind::FoldedTry:
      switch (top.state) {
        case kBeforeDo: tokens_.unexpected();  // (do ...) is required
        case kInDo: top.state = kAfterDo; break;
        case kInCatch: top.state = kAfterCatch; break;
        case kInCatchAll: top.state = kAfterCatchAll; break;
        case kAfterDelegate: frames_.pop_back(); break;  // delegate ended it
        default:
          out.byte(kEndOpcode);
          popLabel();
          frames_.pop_back();
          break;
      }
      break;
  }
  tokens_.advance();
}

void ModuleParser::parseInstructions(ByteWriter& out, BodyKind kind, bool singleFolded) {
  frames_.clear();
  labels_.clear();
  labelByName_.clear();
  pending_.clear();
  inFunction_ = kind == BodyKind::Function;
  if (singleFolded && tokens_.kind() != TokenKind::LParen) tokens_.unexpected();
  while (true) {
    switch (tokens_.kind()) {
      case TokenKind::RParen:
        if (frames_.empty()) return;
        closeParen(out);
        if (singleFolded && frames_.empty()) return;
        break;
      case TokenKind::LParen:
        openParen(out);
        break;
      case TokenKind::Keyword:
        if (singleFolded && frames_.empty()) tokens_.unexpected();
        plainInstruction(out);
        break;
      default:
        tokens_.unexpected();
    }
  }
}

void ModuleParser::parseConstantExpression(ByteWriter& out) {
  parseInstructions(out, BodyKind::Constant, false);
  out.byte(kEndOpcode);
}

void ModuleParser::parseSingleFoldedExpression(ByteWriter& out) {
  parseInstructions(out, BodyKind::Constant, true);
  out.byte(kEndOpcode);
}

}  // namespace kiln::text
