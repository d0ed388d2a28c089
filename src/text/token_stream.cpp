#include "text/token_stream.h"

#include <algorithm>

#include "text/keywords.h"
#include "text/literals.h"
#include "text/utf8.h"

namespace kiln::text {

TokenStream::TokenStream(std::string_view text) : lexer_(text) {
  lexer_.setRecordAnnotations(true);
  cur_ = lexer_.next();
}

void TokenStream::seek(uint32_t offset) {
  lexer_.annotations().clear();
  lexer_.seek(offset);
  hasPeek_ = false;
  previousEnd_ = offset;
  cur_ = lexer_.next();
}

void TokenStream::skipRestOfForm() {
  if (cur_.kind == TokenKind::RParen) {
    advance();
    return;
  }
  if (cur_.kind == TokenKind::Eof) unexpected();
  const uint32_t start = cur_.offset;
  uint32_t end = lexer_.skipBalanced(start);
  if (end == 0) {
    lexer_.seek(start);
    hasPeek_ = false;
    uint64_t depth = 1;
    while (end == 0) {
      const Token token = lexer_.next();
      if (token.kind == TokenKind::Eof) {
        failAt(token.offset, "unexpected end of text: unclosed \"(\"");
      }
      if (token.kind == TokenKind::LParen) ++depth;
      if (token.kind == TokenKind::RParen && --depth == 0) end = token.end();
    }
  }
  seek(end);
}

std::string TokenStream::expectString() {
  if (cur_.kind != TokenKind::String) unexpected();
  std::string bytes;
  decodeString(text(), bytes);
  advance();
  return bytes;
}

std::string TokenStream::expectName() {
  const uint32_t at = cur_.offset;
  std::string name = expectString();
  if (!isValidUtf8(name)) failAt(at, "malformed UTF-8 encoding");
  return name;
}

std::string TokenStream::idName(const Token& token) const {
  std::string_view raw = text(token);
  if (!(token.flags & Token::kQuotedId)) return std::string(raw.substr(1));
  std::string name;
  decodeString(raw.substr(1), name);
  if (!isValidUtf8(name)) failAt(token.offset, "malformed UTF-8 encoding");
  return name;
}

void TokenStream::unexpected() const {
  if (cur_.kind == TokenKind::Reserved) fail("unknown operator " + std::string(text()));
  if (cur_.kind == TokenKind::Eof) fail("unexpected end of text");
  fail("unexpected token");
}

std::vector<Annotation> TokenStream::takeAnnotations(AnnotationKind kind) {
  std::vector<Annotation> taken;
  std::vector<Annotation>& pending = lexer_.annotations();
  auto keep = std::remove_if(pending.begin(), pending.end(), [&](const Annotation& annotation) {
    if (annotation.kind != kind || annotation.offset >= cur_.offset) return false;
    taken.push_back(annotation);
    return true;
  });
  pending.erase(keep, pending.end());
  return taken;
}

bool TokenStream::hasAnnotationBefore(AnnotationKind kind) const {
  for (const Annotation& annotation : lexer_.annotations()) {
    if (annotation.kind == kind && annotation.offset < cur_.offset) return true;
  }
  return false;
}

void TokenStream::checkUnclaimedAnnotations() const {
  // The current token is being consumed: an annotation before it that no
  // rule claimed is out of place.
  for (const Annotation& annotation : lexer_.annotations()) {
    if (annotation.offset >= cur_.offset) continue;
    if (annotation.kind == AnnotationKind::BranchHint) {
      failAt(annotation.offset, "@metadata.code.branch_hint annotation: invalid placement");
    }
    failAt(annotation.offset, "misplaced " + std::string(annotationName(annotation.kind)) +
                                  " annotation");
  }
}

std::string_view annotationName(AnnotationKind kind) {
  switch (kind) {
    case AnnotationKind::Custom: return "@custom";
    case AnnotationKind::Name: return "@name";
    case AnnotationKind::BranchHint: return "@metadata.code.branch_hint";
  }
  return "@";
}

}  // namespace kiln::text
