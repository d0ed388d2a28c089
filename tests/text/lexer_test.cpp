// The lexer: token kinds and extents, numbers' lexical classes, strings,
// identifiers, comments, annotations, and the errors of malformed text.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/lexer.h"
#include "text/text_error.h"

namespace kiln::text {
namespace {

struct Lexed {
  TokenKind kind;
  std::string text;
};

std::vector<Lexed> lexAll(std::string_view text) {
  Lexer lexer(text);
  std::vector<Lexed> tokens;
  while (true) {
    Token token = lexer.next();
    if (token.kind == TokenKind::Eof) return tokens;
    tokens.push_back({token.kind, std::string(lexer.text(token))});
  }
}

// The error lexing `text` ends with, as "line:column: message".
std::string lexError(std::string_view text) {
  try {
    lexAll(text);
  } catch (const TextFailure& failure) {
    TextError error = locateError(text, failure.offset, failure.message);
    return std::to_string(error.line) + ":" + std::to_string(error.column) + ": " + error.message;
  }
  return "no error";
}

TEST(Lexer, SplitsParenthesesKeywordsAndIds) {
  std::vector<Lexed> tokens = lexAll("(module $m(func))");
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_EQ(tokens[0].kind, TokenKind::LParen);
  EXPECT_EQ(tokens[1].kind, TokenKind::Keyword);
  EXPECT_EQ(tokens[1].text, "module");
  EXPECT_EQ(tokens[2].kind, TokenKind::Id);
  EXPECT_EQ(tokens[2].text, "$m");
  EXPECT_EQ(tokens[3].kind, TokenKind::LParen);
  EXPECT_EQ(tokens[4].text, "func");
  EXPECT_EQ(tokens[5].kind, TokenKind::RParen);
  EXPECT_EQ(tokens[6].kind, TokenKind::RParen);
}

TEST(Lexer, KeywordsCarryTheirOpcode) {
  Lexer lexer("i32.add offset=16 align=4");
  Token add = lexer.next();
  ASSERT_EQ(add.kind, TokenKind::Keyword);
  ASSERT_TRUE(opcodeOf(add.keyword));
  EXPECT_EQ(opcodeInfo(*opcodeOf(add.keyword)).name, "i32.add");
  EXPECT_EQ(lexer.next().kind, TokenKind::Keyword);
  EXPECT_EQ(lexer.next().kind, TokenKind::Keyword);
}

TEST(Lexer, ClassifiesNumbers) {
  EXPECT_EQ(classifyNumber("0"), TokenKind::Nat);
  EXPECT_EQ(classifyNumber("1_000_000"), TokenKind::Nat);
  EXPECT_EQ(classifyNumber("0xFF_ff"), TokenKind::Nat);
  EXPECT_EQ(classifyNumber("+1"), TokenKind::Int);
  EXPECT_EQ(classifyNumber("-0x80"), TokenKind::Int);
  EXPECT_EQ(classifyNumber("1.5"), TokenKind::Float);
  EXPECT_EQ(classifyNumber("1."), TokenKind::Float);
  EXPECT_EQ(classifyNumber("1e10"), TokenKind::Float);
  EXPECT_EQ(classifyNumber("1.5E-3"), TokenKind::Float);
  EXPECT_EQ(classifyNumber("0x1p-3"), TokenKind::Float);
  EXPECT_EQ(classifyNumber("-0x1.8P+2"), TokenKind::Float);
  EXPECT_EQ(classifyNumber("0x1.fffffep127"), TokenKind::Float);
  EXPECT_EQ(classifyNumber("inf"), TokenKind::Float);
  EXPECT_EQ(classifyNumber("-nan"), TokenKind::Float);
  EXPECT_EQ(classifyNumber("nan:0x7f_ffff"), TokenKind::Float);
  // Not numbers: the lexer calls these reserved.
  EXPECT_EQ(classifyNumber("0x"), TokenKind::Reserved);
  EXPECT_EQ(classifyNumber("1_"), TokenKind::Reserved);
  EXPECT_EQ(classifyNumber("_1"), TokenKind::Reserved);
  EXPECT_EQ(classifyNumber("1__0"), TokenKind::Reserved);
  EXPECT_EQ(classifyNumber("0x_1"), TokenKind::Reserved);
  EXPECT_EQ(classifyNumber("1e"), TokenKind::Reserved);
  EXPECT_EQ(classifyNumber("0x1p"), TokenKind::Reserved);
  EXPECT_EQ(classifyNumber(".5"), TokenKind::Reserved);
  EXPECT_EQ(classifyNumber("nan:0x"), TokenKind::Reserved);
  EXPECT_EQ(classifyNumber("1.e"), TokenKind::Reserved);
}

TEST(Lexer, StringsWithEscapesAndUnicode) {
  std::vector<Lexed> tokens = lexAll(R"("a\n\t\"\\\'\00\ff\u{1F600}" "λ")");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].kind, TokenKind::String);
  EXPECT_EQ(tokens[1].kind, TokenKind::String);
  EXPECT_EQ(tokens[1].text, "\"λ\"");
}

TEST(Lexer, QuotedIdentifiers) {
  std::vector<Lexed> tokens = lexAll(R"($"a b" $x $!?@#)");
  ASSERT_EQ(tokens.size(), 3u);
  for (const Lexed& token : tokens) EXPECT_EQ(token.kind, TokenKind::Id);
}

TEST(Lexer, CommentsAreTrivia) {
  std::vector<Lexed> tokens = lexAll("(;a (; nested ;) b;) nop ;; to the end ( \n drop");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].text, "nop");
  EXPECT_EQ(tokens[1].text, "drop");
}

TEST(Lexer, UnknownAnnotationsAreTrivia) {
  std::vector<Lexed> tokens = lexAll("(@foo (bar \"(\" ;; )\n) baz) (@\"q\" x) nop");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].text, "nop");
}

TEST(Lexer, RecordsTheAnnotationsThatMeanSomething) {
  Lexer lexer("(@custom \"s\" \"x\") (@name \"n\") (@metadata.code.branch_hint \"\\01\") (@other)");
  lexer.setRecordAnnotations(true);
  EXPECT_EQ(lexer.next().kind, TokenKind::Eof);
  ASSERT_EQ(lexer.annotations().size(), 3u);
  EXPECT_EQ(lexer.annotations()[0].kind, AnnotationKind::Custom);
  EXPECT_EQ(lexer.annotations()[1].kind, AnnotationKind::Name);
  EXPECT_EQ(lexer.annotations()[2].kind, AnnotationKind::BranchHint);
  EXPECT_EQ(lexer.annotations()[0].offset, 0u);
}

TEST(Lexer, ErrorsHaveLineAndColumn) {
  EXPECT_EQ(lexError("nop\n  i32.wrap/i64"), "2:3: unknown operator i32.wrap/i64");
  EXPECT_EQ(lexError("(func\n  \"abc"), "2:3: unclosed string literal");
  EXPECT_EQ(lexError("\"a\nb\""), "1:1: unclosed string literal");
  EXPECT_EQ(lexError("\"\\q\""), "1:2: illegal escape");
  EXPECT_EQ(lexError("\"\\u{110000}\""), "1:2: malformed UTF-8 encoding: escape above U+10FFFF");
  EXPECT_EQ(lexError("\"\\u{d800}\""), "1:2: malformed UTF-8 encoding: escape of a surrogate");
  EXPECT_EQ(lexError("\"\x01\""), "1:2: illegal control character in string literal");
  EXPECT_EQ(lexError("\"\xff\""), "1:2: malformed UTF-8 encoding");
  EXPECT_EQ(lexError("\"\xc0\x80\""), "1:2: malformed UTF-8 encoding");  // overlong
  EXPECT_EQ(lexError(";; \xe0\x80\n"), "1:4: malformed UTF-8 encoding");
  EXPECT_EQ(lexError("(; never closed"), "1:1: unclosed comment");
  EXPECT_EQ(lexError("λ nop"), "1:1: illegal character");
  EXPECT_EQ(lexError("\x7f"), "1:1: illegal character \\7f");
  EXPECT_EQ(lexError("nop\x0c"), "1:4: illegal character \\0c");
  EXPECT_EQ(lexError("$"), "1:1: empty identifier");
  EXPECT_EQ(lexError("$\"\""), "1:1: empty identifier");
  EXPECT_EQ(lexError("(@)"), "1:1: empty annotation id");
  EXPECT_EQ(lexError("(@a (b)"), "1:1: unclosed annotation");
  EXPECT_EQ(lexError("(@a \x01)"), "1:5: illegal character \\01");
  EXPECT_EQ(lexError("0x"), "1:1: unknown operator 0x");
  EXPECT_EQ(lexError("anyfunc"), "1:1: unknown operator anyfunc");
  EXPECT_EQ(lexError("\"a\"b"), "1:1: unknown operator \"a\"b");
  EXPECT_EQ(lexError("offset=x"), "1:1: unknown operator offset=x");
  // Columns count characters, not bytes.
  EXPECT_EQ(lexError("\"λλ\" 0x"), "1:6: unknown operator 0x");
}

TEST(Lexer, SkipBalancedFindsTheMatchingParenthesis) {
  std::string_view text = "(a (b \")\" (; ) ;) ;; )\n c) d) rest";
  Lexer lexer(text);
  const uint32_t end = lexer.skipBalanced(1);
  EXPECT_EQ(text.substr(end), " rest");
  EXPECT_EQ(lexer.skipBalanced(2 + uint32_t(text.find("rest"))), 0u);  // runs out
}

}  // namespace
}  // namespace kiln::text
