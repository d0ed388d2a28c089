// The parsers' view of the lexer: the current token, one token of
// lookahead, expectations with the spec's error wording, and the recognized
// annotations waiting to be claimed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/lexer.h"
#include "text/text_error.h"

namespace kiln::text {

class TokenStream {
 public:
  /// Starts at the beginning of `text`, recording annotations.
  explicit TokenStream(std::string_view text);

  std::string_view source() const { return lexer_.source(); }
  Lexer& lexer() { return lexer_; }

  const Token& cur() const { return cur_; }
  TokenKind kind() const { return cur_.kind; }
  std::string_view text() const { return lexer_.text(cur_); }
  std::string_view text(const Token& token) const { return lexer_.text(token); }

  /// The token after the current one.
  const Token& peek() {
    if (!hasPeek_) {
      peek_ = lexer_.next();
      hasPeek_ = true;
    }
    return peek_;
  }

  void advance() {
    if (!lexer_.annotations().empty()) [[unlikely]] checkUnclaimedAnnotations();
    previousEnd_ = cur_.end();
    if (hasPeek_) {
      cur_ = peek_;
      hasPeek_ = false;
    } else {
      cur_ = lexer_.next();
    }
  }

  /// Where the last consumed token ended.
  uint32_t previousEnd() const { return previousEnd_; }

  /// Continues at `offset` (a token boundary): the token there becomes current.
  void seek(uint32_t offset);

  /// Skips the rest of a form whose "(" has been consumed: the current
  /// token up to and including the matching ")". Bodies are scanned fast;
  /// text the fast scan cannot pass is lexed properly for its error.
  void skipRestOfForm();

  bool isKeyword(std::string_view keyword) const {
    return cur_.kind == TokenKind::Keyword && text() == keyword;
  }
  /// The current token is "(" and the next is `keyword`.
  bool isFormOf(std::string_view keyword) {
    return cur_.kind == TokenKind::LParen && peek().kind == TokenKind::Keyword &&
           text(peek_) == keyword;
  }
  /// Consumes "(" `keyword` if they come next.
  bool acceptForm(std::string_view keyword) {
    if (!isFormOf(keyword)) return false;
    advance();
    advance();
    return true;
  }
  bool acceptKeyword(std::string_view keyword) {
    if (!isKeyword(keyword)) return false;
    advance();
    return true;
  }

  void expectLParen() {
    if (cur_.kind != TokenKind::LParen) unexpected();
    advance();
  }
  void expectRParen() {
    if (cur_.kind != TokenKind::RParen) unexpected();
    advance();
  }
  void expectKeyword(std::string_view keyword) {
    if (!isKeyword(keyword)) unexpected();
    advance();
  }
  /// A string token's bytes (decoded escapes); consumes it.
  std::string expectString();
  /// A string that must be UTF-8 (a name); consumes it.
  std::string expectName();
  /// The name an Id token stands for, without its '$' ($"..." decoded).
  std::string idName(const Token& token) const;

  /// The error for the current token where it does not fit: "unknown
  /// operator X" for a word the format does not know, "unexpected token"
  /// otherwise.
  [[noreturn]] void unexpected() const;
  [[noreturn]] void fail(std::string message) const { failAt(cur_.offset, std::move(message)); }
  [[noreturn]] static void failAt(size_t offset, std::string message) {
    throw TextFailure{offset, std::move(message)};
  }

  /// Removes and returns the recognized annotations of `kind` that come
  /// before the current token.
  std::vector<Annotation> takeAnnotations(AnnotationKind kind);
  /// True when an annotation of `kind` waits before the current token.
  bool hasAnnotationBefore(AnnotationKind kind) const;

 private:
  void checkUnclaimedAnnotations() const;

  Lexer lexer_;
  Token cur_;
  Token peek_;
  bool hasPeek_ = false;
  uint32_t previousEnd_ = 0;
};

/// "@custom", "@name", ... for messages.
std::string_view annotationName(AnnotationKind kind);

}  // namespace kiln::text
