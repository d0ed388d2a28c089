// The lexer of the WebAssembly text format: one pass over a string_view,
// tokens as views (offset and length), nothing allocated per token.
// Whitespace, comments and annotations are trivia; the three annotations that
// mean something to the module (@custom, @name, @metadata.code.branch_hint)
// are recorded on the side for the parser to claim (see Annotation).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "text/keywords.h"

namespace kiln::text {

enum class TokenKind : uint8_t {
  Eof,
  LParen,
  RParen,
  Keyword,   // starts with a-z: `module`, `i32.add`, `offset=8`, `nan:canonical`, ...
  Nat,       // unsigned integer: 42, 0x2a, 1_000
  Int,       // signed integer: +1, -0x80
  Float,     // 1.5, -0x1p3, inf, nan, nan:0x200000 (and anything Nat/Int spell)
  String,    // "...", raw with its quotes; see decodeString
  Id,        // $name or $"name"
  Reserved,  // any other run of id characters or strings: always an error
};

/// A token: a view of the source, by position.
struct Token {
  TokenKind kind = TokenKind::Eof;
  uint8_t flags = 0;
  KeywordId keyword = kUnknownKeyword;  // Keyword: which one (see keywords.h)
  uint32_t offset = 0;
  uint32_t length = 0;

  static constexpr uint8_t kHasEscape = 1;  // String, or Id written $"...": has a backslash
  static constexpr uint8_t kQuotedId = 2;   // Id written $"..."

  uint32_t end() const { return offset + length; }
};

/// The annotations the parser gives a meaning to. All others are skipped.
enum class AnnotationKind : uint8_t { Custom, Name, BranchHint };

/// A recognized annotation the lexer passed over: `(@name items...)`.
struct Annotation {
  AnnotationKind kind;
  uint32_t offset;     // of its "(@"
  uint32_t bodyBegin;  // just after the annotation's id
  uint32_t end;        // just after its closing ')'
};

/// The largest text the lexer accepts (offsets are 32-bit).
inline constexpr size_t kMaxTextSize = 0xFFFFFFF0u;

class Lexer {
 public:
  /// `text` must outlive the lexer and be at most kMaxTextSize bytes. A
  /// strict lexer fails on reserved tokens and keywords the format does not
  /// know ("unknown operator"); the lexers of annotation bodies are lenient.
  explicit Lexer(std::string_view text, bool strict = true) : text_(text), strict_(strict) {}

  std::string_view source() const { return text_; }
  std::string_view text(const Token& token) const {
    return text_.substr(token.offset, token.length);
  }

  /// The next token. Throws TextFailure for text that cannot be a token.
  Token next();

  /// Continues lexing at `offset`, which must be a token boundary.
  void seek(uint32_t offset) { pos_ = offset; }
  uint32_t position() const { return pos_; }

  /// Recognized annotations passed over since recording was switched on,
  /// in source order. The parser removes the ones it claims.
  void setRecordAnnotations(bool record) { record_ = record; }
  std::vector<Annotation>& annotations() { return annotations_; }
  const std::vector<Annotation>& annotations() const { return annotations_; }

  /// From just after an opening parenthesis at depth 1, the offset just after
  /// its matching ')': a fast scan that knows only parentheses, strings and
  /// comments. Returns 0 when the text ends first or a string is broken; the
  /// caller then lexes the same range properly to find the real error.
  uint32_t skipBalanced(uint32_t offset) const;

 private:
  void skipTrivia();
  void skipLineComment();
  void skipBlockComment();
  void skipAnnotation();
  uint32_t lexStringBody(uint32_t at, bool* hasEscape, bool inAnnotation) const;
  uint32_t lexIdBody(uint32_t at, bool* quoted, bool* hasEscape) const;
  Token lexAtom(uint32_t start);
  Token reserved(Token token) const;
  [[noreturn]] void failIllegalCharacter(uint32_t at) const;

  std::string_view text_;
  uint32_t pos_ = 0;
  bool strict_;
  bool record_ = false;
  std::vector<Annotation> annotations_;
};

/// Number classes of the text format's lexical grammar, for a token's text.
TokenKind classifyNumber(std::string_view text);

/// True for the characters of identifiers, keywords and numbers (idchar).
bool isIdChar(uint8_t c);

}  // namespace kiln::text
