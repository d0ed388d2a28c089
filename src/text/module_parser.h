// The module parser: module fields in the text format to the binary format,
// without an AST. Two passes over the fields:
//
//   1. collectFields() walks the fields at the top level only, skipping
//      their bodies with the lexer's fast paren scan, and binds every name
//      ($id) in its index space, so that any field can refer to any other.
//   2. The type definitions are encoded first (inline type uses elsewhere
//      must match them), then every other field in text order, each
//      encoded straight into its section's buffer; function bodies go
//      through a scratch buffer that gets its size prefix.
//
// The sections are assembled in the binary format's order at the end, with
// the implicit function types (from inline type uses) appended to the type
// section as the text format requires, and custom sections placed where
// @custom annotations ask.
//
// Instructions are parsed by a loop with an explicit stack of open blocks
// and folded expressions (instruction_parser.cpp): no recursion, so nesting
// is bounded by kMaxNesting, not by the native stack.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "binary/opcode.h"
#include "text/byte_writer.h"
#include "text/token_stream.h"
#include "text/wat.h"

namespace kiln::text {

/// The deepest nesting of blocks and folded expressions a function body
/// may have.
inline constexpr uint32_t kMaxNesting = 1u << 20;

/// A value type as encoded bytes: at most a reference prefix, the exact
/// marker and an s33 type index.
struct EncodedType {
  uint8_t size = 0;
  uint8_t bytes[7] = {};
  bool operator==(const EncodedType& other) const {
    return size == other.size && std::equal(bytes, bytes + size, other.bytes);
  }
};

class ModuleParser {
 public:
  ModuleParser(TokenStream& tokens, const WatOptions& options);

  /// Parses the fields of a module and returns its binary encoding. With
  /// `explicitModule`, the current token follows "(module $id?" and the
  /// fields end at ")", which is consumed; otherwise the fields run to the
  /// end of the text. `moduleName` (possibly empty) goes to the name section.
  std::vector<uint8_t> parseModule(bool explicitModule, std::string moduleName);

 private:
  enum Space : uint8_t { kTypes, kFuncs, kTables, kMemories, kGlobals, kTags, kElems, kDatas,
                         kSpaceCount };
  enum class FieldKind : uint8_t { Type, Rec, Func, Table, Memory, Global, Tag, Import, Export,
                                   Start, Elem, Data };
  enum class SegmentMode : uint8_t { Passive, Active, Declarative };
  enum class TypeUseKind : uint8_t { Named, Anonymous };  // may parameters have $names?
  enum class BodyKind : uint8_t { Function, Constant };
  using NameMap = std::unordered_map<std::string_view, uint32_t>;

  struct IndexSpace {
    uint32_t count = 0;
    NameMap names;
  };

  struct Field {
    FieldKind kind;
    uint32_t offset;  // of its "("
  };

  /// What pass 2 knows of a type definition.
  struct TypeInfo {
    enum class Kind : uint8_t { Func, Struct, Array } kind = Kind::Func;
    bool inlineMatchable = false;  // a final func type alone in its rec group
    uint32_t paramCount = 0;
    std::string signature;  // func: vec(params) vec(results), encoded
    NameMap fieldNames;     // struct: $field -> index
  };

  /// A parsed type use: the type index and, when known, how many
  /// parameters the type has (locals are numbered after them).
  struct TypeUse {
    uint32_t typeIndex = 0;
    uint32_t paramCount = 0;
    bool paramCountKnown = false;
    uint32_t typeOffset = 0;     // of the (type x) index, for errors
    std::string_view typeText;
  };

  struct Local {
    std::string_view name;  // empty when unnamed
    uint32_t offset;
  };

  struct CustomSection {
    uint8_t placeOrder;  // where it goes: 2p before section position p, 2p + 1 after
    uint32_t sourceOffset;
    std::string name;
    std::vector<uint8_t> content;
  };

  struct BranchHint {
    uint32_t offset;  // of the instruction, from the start of the function's locals
    uint8_t value;
  };

  // The instruction parser's stack.
  enum class FrameKind : uint8_t {
    Block,        // plain block, loop, try_table: waits for `end`
    If,           // plain if: state 0 before `else`, 1 after
    Try,          // plain legacy try: state 0 body, 1 after a catch, 2 after catch_all
    FoldedOp,     // (op imm* operand*): the operator waits in pending_
    FoldedBlock,  // (block ...), (loop ...), (try_table ...)
    FoldedIf,     // (if cond* (then ...) (else ...)?): see the states below
    FoldedTry,    // (try (do ...) (catch ...)* (catch_all ...)?) or (delegate l)
  };
  // FoldedIf states.
  static constexpr uint8_t kCondition = 0, kInThen = 1, kAfterThen = 2, kInElse = 3,
                           kAfterElse = 4;
  // FoldedTry states.
  static constexpr uint8_t kBeforeDo = 0, kInDo = 1, kAfterDo = 2, kInCatch = 3,
                           kAfterCatch = 4, kInCatchAll = 5, kAfterCatchAll = 6,
                           kAfterDelegate = 7;
  struct Frame {
    FrameKind kind;
    uint8_t state;
    int16_t hint;           // branch hint for the operator that waits, or -1
    uint32_t pendingStart;  // where the waiting operator starts in pending_
    uint32_t offset;        // of the instruction, for errors
    std::string_view label;
  };
  struct LabelEntry {
    std::string_view name;
    uint32_t shadowed;  // stack position + 1 of the label of the same name it hides, or 0
  };

  // --- pass 1 (module_parser.cpp) ---
  void collectFields(bool explicitModule);
  void collectField(FieldKind kind, uint32_t offset);
  void collectModuleAnnotations();
  void noteImport(uint32_t offset);
  void noteDefinition(FieldKind kind);

  // --- names (module_parser.cpp) ---
  static const char* spaceName(Space space);
  std::string_view nameKey(const Token& token);
  void bindName(Space space, const Token& token, uint32_t index);
  [[noreturn]] void failUnknown(Space space, const Token& token);
  uint32_t resolveIndex(Space space, const Token& token);
  uint32_t parseIndex(Space space);
  std::optional<uint32_t> parseOptionalIndex(Space space);
  uint32_t parseU32(const char* what);
  std::optional<std::string_view> parseOptionalId();
  bool isIndexToken() const {
    return tokens_.kind() == TokenKind::Nat || tokens_.kind() == TokenKind::Id;
  }

  // --- annotations (module_parser.cpp) ---
  std::string parseNameAnnotationBody(const Annotation& annotation);
  std::optional<std::string> parseNameAnnotation();
  void parseCustomAnnotation(const Annotation& annotation);

  // --- pass 2: fields (module_parser.cpp) ---
  void parseField(const Field& field);
  void parseFuncField();
  void parseFuncBody(const TypeUse& use, const std::vector<Local>& params, uint32_t funcIndex);
  void parseTableField();
  void parseMemoryField();
  void parseGlobalField();
  void parseTagField();
  void parseImportField();
  void parseExportField();
  void parseStartField();
  void parseElemField();
  void parseDataField();
  void parseInlineExports(uint8_t kind, uint32_t index);
  bool parseInlineImport(std::string& module, std::string& name);
  void writeImportHeader(const std::string& module, const std::string& name, uint8_t kind);
  void parseFuncImportType(const std::string& module, const std::string& name);
  void recordFuncName(uint32_t index, std::optional<std::string_view> id,
                      std::optional<std::string> annotated);
  bool parseIndexType();
  uint64_t parseLimit();
  uint32_t parsePageSize();
  void parseMemoryType(ByteWriter& out, bool index64);
  void parseTableType(ByteWriter& out, bool index64);
  void parseGlobalType(ByteWriter& out);
  bool isOffsetStart();
  std::vector<uint8_t> parseOffsetExpression();
  void parseElemExpression(ByteWriter& out);
  void writeElemSegment(SegmentMode mode, uint32_t table, const std::vector<uint8_t>& offset,
                        bool indexForm, const EncodedType& type, uint32_t count,
                        const ByteWriter& items);
  bool refFuncsToIndices(ByteWriter& items);
  void writeNameSection(ByteWriter& out);
  std::vector<uint8_t> assemble();

  // --- types (type_parser.cpp) ---
  void parseTypeField();
  void parseRecField();
  void addType(TypeInfo info, bool matchable);
  bool parseSubType(TypeInfo& info, ByteWriter& out);
  void parseDescriptorClauses(ByteWriter& out);
  void parseCompType(TypeInfo& info, ByteWriter& out);
  void parseFieldType(ByteWriter& out);
  bool isValTypeStart();
  EncodedType parseValType();
  EncodedType parseRefType();
  std::optional<uint8_t> parseHeapType(EncodedType& type);
  void writeHeapType(ByteWriter& out);
  void writeValType(ByteWriter& out) {
    const EncodedType type = parseValType();
    out.append(type.bytes, type.size);
  }
  static std::string encodeSignature(const std::vector<EncodedType>& params,
                                     const std::vector<EncodedType>& results);
  const TypeInfo* typeInfo(uint32_t index) const;
  uint32_t funcTypeIndex(const std::string& signature, uint32_t paramCount);
  TypeUse parseTypeUse(TypeUseKind kind, std::vector<Local>* params);
  bool parseBlockType(ByteWriter& out);
  void rejectParamAfterResult();

  // --- instructions (instruction_parser.cpp) ---
  void parseInstructions(ByteWriter& out, BodyKind kind, bool singleFolded);
  void parseConstantExpression(ByteWriter& out);
  void parseSingleFoldedExpression(ByteWriter& out);
  void plainInstruction(ByteWriter& out);
  void openParen(ByteWriter& out);
  void closeParen(ByteWriter& out);
  bool plainAllowed() const;
  void pushFrame(const Frame& frame);
  void emitPending(ByteWriter& out, const Frame& frame);
  void encodeOperator(Opcode op, ByteWriter& out);
  void beginBlock(Opcode op, ByteWriter& out, int16_t hint, uint32_t at, bool folded);
  uint32_t parseFieldIndex(uint32_t type);
  void pushLabel(std::string_view name);
  void popLabel();
  uint32_t parseLabel();
  uint32_t parseLocal();
  std::string_view parseOptionalLabelName();
  void checkEndLabel(const Frame& frame);
  int16_t takeBranchHint();
  void recordHint(const ByteWriter& out, int16_t hint);
  uint32_t parseLaneIndex();
  void parseMemArg(ByteWriter& out, uint32_t width, bool lane);
  void parseV128Const(ByteWriter& out);
  void parseShuffle(ByteWriter& out);
  void writeTwoIndices(ByteWriter& out, Space first, Space second, bool secondFirst);

  TokenStream& tokens_;
  WatOptions options_;

  // Pass 1.
  std::vector<Field> fields_;
  uint32_t endOffset_ = 0;  // the module's ")" or the end of the text
  IndexSpace spaces_[kSpaceCount];
  std::deque<std::string> decodedNames_;  // keys of $"..." ids with escapes
  const char* lastDefinition_ = nullptr;  // for "import after ..."
  bool sawField_ = false;

  // Types.
  std::vector<TypeInfo> types_;
  uint32_t explicitTypeCount_ = 0;
  uint32_t recGroupCount_ = 0;
  std::unordered_map<std::string, uint32_t> funcTypeBySignature_;
  std::vector<std::string> implicitTypes_;  // appended to the type section

  // Pass 2's running index per space (the numbering of pass 1).
  uint32_t nextIndex_[kSpaceCount] = {};

  // Sections (contents without their counts) and counts.
  ByteWriter typeSection_, importSection_, funcSection_, tableSection_, memorySection_,
      tagSection_, globalSection_, exportSection_, elemSection_, codeSection_, dataSection_;
  uint32_t importCount_ = 0, tableCount_ = 0, memoryCount_ = 0, tagCount_ = 0, globalCount_ = 0,
           exportCount_ = 0, elemCount_ = 0, dataCount_ = 0, codeCount_ = 0;
  std::optional<uint32_t> start_;
  bool needsDataCount_ = false;
  std::vector<CustomSection> customSections_;
  std::vector<std::pair<uint32_t, std::vector<BranchHint>>> branchHints_;

  // The name section.
  std::string moduleName_;
  bool moduleNameFromAnnotation_ = false;
  std::vector<std::pair<uint32_t, std::string>> funcNames_;
  std::vector<std::pair<uint32_t, std::vector<std::pair<uint32_t, std::string>>>> localNames_;

  // The function being parsed.
  ByteWriter body_;
  std::vector<EncodedType> localTypes_;
  NameMap localIndex_;
  std::vector<BranchHint> hints_;
  bool inFunction_ = false;

  // The instruction parser's state, kept to reuse its memory.
  std::vector<Frame> frames_;
  std::vector<LabelEntry> labels_;
  NameMap labelByName_;  // name -> stack position + 1
  ByteWriter pending_;   // operators of open folded instructions, stacked

  // Scratch lists.
  std::vector<EncodedType> scratchParams_, scratchResults_;
  std::vector<uint32_t> scratchIndices_;
  std::vector<Token> scratchTokens_;
};

}  // namespace kiln::text
