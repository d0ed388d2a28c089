#include "text/lexer.h"

#include <array>
#include <cstdio>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "text/literals.h"
#include "text/text_error.h"
#include "text/utf8.h"

namespace kiln::text {

namespace {

enum CharClass : uint8_t {
  kIdChar = 1,       // idchar: letters, digits and the symbols below
  kSpace = 2,        // space, tab, LF, CR
  kKeywordChar = 4,  // letters, digits, '_', '.', ':'
  kDigit = 8,
  kHexDigit = 16,
  kSkipStop = 32,  // what skipBalanced must look at: ( ) " ;
};

constexpr std::array<uint8_t, 256> makeCharClasses() {
  std::array<uint8_t, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] |= kIdChar | kKeywordChar | kDigit | kHexDigit;
  for (int c = 'a'; c <= 'z'; ++c) table[c] |= kIdChar | kKeywordChar;
  for (int c = 'A'; c <= 'Z'; ++c) table[c] |= kIdChar | kKeywordChar;
  for (int c = 'a'; c <= 'f'; ++c) table[c] |= kHexDigit;
  for (int c = 'A'; c <= 'F'; ++c) table[c] |= kHexDigit;
  for (char c : std::string_view("!#$%&'*+-./:<=>?@\\^_`|~")) table[uint8_t(c)] |= kIdChar;
  table['_'] |= kKeywordChar;
  table['.'] |= kKeywordChar;
  table[':'] |= kKeywordChar;
  for (char c : std::string_view(" \t\n\r")) table[uint8_t(c)] |= kSpace;
  for (char c : std::string_view("()\";")) table[uint8_t(c)] |= kSkipStop;
  return table;
}

constexpr std::array<uint8_t, 256> kCharClasses = makeCharClasses();

inline bool has(uint8_t c, CharClass cls) { return (kCharClasses[c] & cls) != 0; }

[[noreturn]] void fail(size_t offset, std::string message) {
  throw TextFailure{offset, std::move(message)};
}

// digit ('_'? digit)*, or the hex form; returns the end, or npos when
// `text[i]` does not start one.
size_t matchDigits(std::string_view text, size_t i, CharClass digit) {
  if (i >= text.size() || !has(uint8_t(text[i]), digit)) return std::string_view::npos;
  ++i;
  while (i < text.size()) {
    if (has(uint8_t(text[i]), digit)) {
      ++i;
    } else if (text[i] == '_' && i + 1 < text.size() && has(uint8_t(text[i + 1]), digit)) {
      i += 2;
    } else {
      break;
    }
  }
  return i;
}

// ('e'|'E' or 'p'|'P') sign? num, at `i`: the end or npos.
size_t matchExponent(std::string_view text, size_t i) {
  ++i;  // the letter
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  return matchDigits(text, i, kDigit);
}

// The first position from `i` holding one of ( ) " ; (or `size`): what
// skipBalanced must look at. Sixteen bytes at a time where SSE2 is there.
inline uint32_t nextSkipStop(const uint8_t* data, uint32_t i, uint32_t size) {
#if defined(__SSE2__)
  const __m128i open = _mm_set1_epi8('(');
  const __m128i close = _mm_set1_epi8(')');
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i semicolon = _mm_set1_epi8(';');
  while (i + 16 <= size) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    const __m128i hits =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, open), _mm_cmpeq_epi8(chunk, close)),
                     _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, semicolon)));
    const int mask = _mm_movemask_epi8(hits);
    if (mask != 0) return i + uint32_t(__builtin_ctz(uint32_t(mask)));
    i += 16;
  }
#endif
  while (i < size && !has(data[i], kSkipStop)) ++i;
  return i;
}

// The first position from `i` that is not a space (or `size`). Deeply
// nested code is indented by hundreds of spaces: sixteen at a time.
inline uint32_t skipSpaces(const uint8_t* data, uint32_t i, uint32_t size) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' ');
  while (i + 16 <= size) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    const uint32_t mask = uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, space)));
    if (mask != 0xFFFF) return i + uint32_t(__builtin_ctz(~mask));
    i += 16;
  }
#endif
  while (i < size && data[i] == ' ') ++i;
  return i;
}

}  // namespace

bool isIdChar(uint8_t c) { return has(c, kIdChar); }

TokenKind classifyNumber(std::string_view text) {
  constexpr size_t npos = std::string_view::npos;
  size_t i = 0;
  bool sign = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    sign = true;
    i = 1;
  }
  std::string_view rest = text.substr(i);
  if (rest == "inf" || rest == "nan") return TokenKind::Float;
  if (rest.starts_with("nan:0x")) {
    return matchDigits(text, i + 6, kHexDigit) == text.size() ? TokenKind::Float
                                                               : TokenKind::Reserved;
  }
  const bool hex = rest.starts_with("0x");
  const CharClass digit = hex ? kHexDigit : kDigit;
  size_t end = matchDigits(text, hex ? i + 2 : i, digit);
  if (end == npos) return TokenKind::Reserved;
  if (end == text.size()) return sign ? TokenKind::Int : TokenKind::Nat;
  if (text[end] == '.') {
    ++end;
    if (end == text.size()) return TokenKind::Float;
    if (has(uint8_t(text[end]), digit)) {
      end = matchDigits(text, end, digit);
      if (end == text.size()) return TokenKind::Float;
    }
  }
  const char e = text[end];
  const bool exponent = hex ? (e == 'p' || e == 'P') : (e == 'e' || e == 'E');
  if (!exponent) return TokenKind::Reserved;
  return matchExponent(text, end) == text.size() ? TokenKind::Float : TokenKind::Reserved;
}

void Lexer::failIllegalCharacter(uint32_t at) const {
  const uint8_t c = uint8_t(text_[at]);
  if (c >= 0x80 && utf8SequenceLength(text_.substr(at)) == 0) {
    fail(at, "malformed UTF-8 encoding");
  }
  char code[16];
  std::snprintf(code, sizeof code, "%02x", c);
  fail(at, c < 0x80 ? "illegal character \\" + std::string(code) : "illegal character");
}

void Lexer::skipLineComment() {
  // pos_ is at ";;". The comment runs to the end of the line; what it
  // contains must still be UTF-8.
  uint32_t i = pos_ + 2;
  const uint32_t size = uint32_t(text_.size());
  while (i < size) {
    const uint8_t c = uint8_t(text_[i]);
    if (c == '\n' || c == '\r') break;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t length = utf8SequenceLength(text_.substr(i));
    if (length == 0) fail(i, "malformed UTF-8 encoding");
    i += uint32_t(length);
  }
  pos_ = i;
}

void Lexer::skipBlockComment() {
  // pos_ is at "(;". Block comments nest.
  const uint32_t start = pos_;
  const uint32_t size = uint32_t(text_.size());
  uint32_t i = pos_ + 2;
  uint32_t depth = 1;
  while (true) {
    if (i >= size) fail(start, "unclosed comment");
    const uint8_t c = uint8_t(text_[i]);
    if (c == '(' && i + 1 < size && text_[i + 1] == ';') {
      ++depth;
      i += 2;
    } else if (c == ';' && i + 1 < size && text_[i + 1] == ')') {
      i += 2;
      if (--depth == 0) break;
    } else if (c < 0x80) {
      ++i;
    } else {
      size_t length = utf8SequenceLength(text_.substr(i));
      if (length == 0) fail(i, "malformed UTF-8 encoding");
      i += uint32_t(length);
    }
  }
  pos_ = i;
}

uint32_t Lexer::lexStringBody(uint32_t at, bool* hasEscape, bool inAnnotation) const {
  // `at` is just after the opening quote; returns the offset after the closing one.
  const uint32_t start = at - 1;
  const uint32_t size = uint32_t(text_.size());
  uint32_t i = at;
  while (true) {
    if (i >= size) fail(start, "unclosed string literal");
    const uint8_t c = uint8_t(text_[i]);
    if (c == '"') return i + 1;
    if (c == '\\') {
      *hasEscape = true;
      if (i + 1 >= size) fail(start, "unclosed string literal");
      const uint8_t e = uint8_t(text_[i + 1]);
      if (e == 'n' || e == 'r' || e == 't' || e == '\\' || e == '\'' || e == '"') {
        i += 2;
      } else if (e == 'u') {
        uint32_t j = i + 2;
        if (j >= size || text_[j] != '{') fail(i, "illegal escape");
        size_t end = matchDigits(text_, j + 1, kHexDigit);
        if (end == std::string_view::npos || end >= size || text_[end] != '}') {
          fail(i, "illegal escape");
        }
        uint64_t value = 0;
        for (size_t k = j + 1; k < end; ++k) {
          if (text_[k] == '_') continue;
          const char h = text_[k];
          value = value * 16 + uint64_t(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
          if (value > 0x10FFFF) fail(i, "malformed UTF-8 encoding: escape above U+10FFFF");
        }
        if (value >= 0xD800 && value < 0xE000) {
          fail(i, "malformed UTF-8 encoding: escape of a surrogate");
        }
        i = uint32_t(end) + 1;
      } else if (has(e, kHexDigit) && i + 2 < size && has(uint8_t(text_[i + 2]), kHexDigit)) {
        i += 3;
      } else {
        fail(i, "illegal escape");
      }
    } else if (c == '\n' || (!inAnnotation && c == '\r')) {
      fail(start, "unclosed string literal");
    } else if (c < 0x20 || c == 0x7F) {
      fail(i, "illegal control character in string literal");
    } else if (c < 0x80) {
      ++i;
    } else {
      size_t length = utf8SequenceLength(text_.substr(i));
      if (length == 0) fail(i, "malformed UTF-8 encoding");
      i += uint32_t(length);
    }
  }
}

uint32_t Lexer::lexIdBody(uint32_t at, bool* quoted, bool* hasEscape) const {
  // `at` is just after the '$'. Either id characters or a non-empty string.
  const uint32_t size = uint32_t(text_.size());
  if (at < size && has(uint8_t(text_[at]), kIdChar)) {
    uint32_t i = at;
    while (i < size && has(uint8_t(text_[i]), kIdChar)) ++i;
    return i;
  }
  if (at < size && text_[at] == '"') {
    uint32_t end = 0;
    try {
      end = lexStringBody(at + 1, hasEscape, false);
    } catch (const TextFailure& failure) {
      // A string the lexer cannot read does not make an identifier, but
      // bytes that are not UTF-8 are reported as such.
      if (failure.message.starts_with("malformed UTF-8")) throw;
      fail(at - 1, "empty identifier");
    }
    if (end == at + 2) fail(at - 1, "empty identifier");
    *quoted = true;
    return end;
  }
  fail(at - 1, "empty identifier");
}

void Lexer::skipAnnotation() {
  // pos_ is at "(@".
  const uint32_t start = pos_;
  const uint32_t size = uint32_t(text_.size());
  uint32_t i = start + 2;
  std::string_view name;
  std::string decodedName;
  if (i < size && text_[i] == '"') {
    bool escape = false;
    uint32_t end = 0;
    try {
      end = lexStringBody(i + 1, &escape, true);
    } catch (const TextFailure& failure) {
      // No string, so no id: "(@" alone.
      if (failure.message.starts_with("malformed UTF-8")) throw;
      fail(start, "empty annotation id");
    }
    std::string_view raw = text_.substr(i + 1, end - i - 2);
    if (raw.empty()) fail(start, "empty annotation id");
    if (escape) {
      decodeString(text_.substr(i, end - i), decodedName);
      if (!isValidUtf8(decodedName)) fail(start, "malformed UTF-8 encoding in annotation id");
      name = decodedName;
    } else {
      name = raw;
    }
    i = end;
  } else if (i < size && has(uint8_t(text_[i]), kIdChar)) {
    const uint32_t idStart = i;
    while (i < size && has(uint8_t(text_[i]), kIdChar)) ++i;
    name = text_.substr(idStart, i - idStart);
  } else {
    fail(start, "empty annotation id");
  }
  const uint32_t bodyBegin = i;

  uint32_t depth = 1;
  while (true) {
    if (i >= size) fail(start, "unclosed annotation");
    const uint8_t c = uint8_t(text_[i]);
    if (has(c, kSpace)) {
      ++i;
    } else if (c == ';' && i + 1 < size && text_[i + 1] == ';') {
      pos_ = i;
      skipLineComment();
      i = pos_;
    } else if (c == '(' && i + 1 < size && text_[i + 1] == ';') {
      pos_ = i;
      skipBlockComment();
      i = pos_;
    } else if (c == '(') {
      ++depth;
      ++i;
      if (i < size && text_[i] == '@' && i + 1 < size && text_[i + 1] == '"') {
        // A nested annotation with a string id: the id must be a name.
        bool escape = false;
        const uint32_t end = lexStringBody(i + 2, &escape, true);
        if (end == i + 3) fail(i - 1, "empty annotation id");
        i = end;
      }
    } else if (c == ')') {
      ++i;
      if (--depth == 0) break;
    } else if (c == '"') {
      bool escape = false;
      i = lexStringBody(i + 1, &escape, true);
    } else if (c == '$') {
      bool quoted = false;
      bool escape = false;
      i = lexIdBody(i + 1, &quoted, &escape);
    } else if (has(c, kIdChar)) {
      while (i < size && has(uint8_t(text_[i]), kIdChar)) ++i;
    } else if (c == ',' || c == ';' || c == '[' || c == ']' || c == '{' || c == '}') {
      ++i;
    } else {
      failIllegalCharacter(i);
    }
  }
  pos_ = i;

  if (!record_) return;
  AnnotationKind kind;
  if (name == "custom") {
    kind = AnnotationKind::Custom;
  } else if (name == "name") {
    kind = AnnotationKind::Name;
  } else if (name == "metadata.code.branch_hint") {
    kind = AnnotationKind::BranchHint;
  } else {
    return;
  }
  annotations_.push_back({kind, start, bodyBegin, i});
}

void Lexer::skipTrivia() {
  const uint8_t* data = reinterpret_cast<const uint8_t*>(text_.data());
  const uint32_t size = uint32_t(text_.size());
  while (pos_ < size) {
    const uint8_t c = data[pos_];
    if (c == ' ') [[likely]] {
      pos_ = skipSpaces(data, pos_ + 1, size);  // indentation comes in runs
    } else if (has(c, kSpace)) {
      ++pos_;
    } else if (c == ';' && pos_ + 1 < size && data[pos_ + 1] == ';') {
      skipLineComment();
    } else if (c == '(' && pos_ + 1 < size && data[pos_ + 1] == ';') {
      skipBlockComment();
    } else if (c == '(' && pos_ + 1 < size && data[pos_ + 1] == '@') {
      skipAnnotation();
    } else {
      return;
    }
  }
}

Token Lexer::lexAtom(uint32_t start) {
  // A run of id characters, possibly glued to strings (then reserved). The
  // keyword hash is computed on the way, so a keyword is read once.
  const uint8_t* data = reinterpret_cast<const uint8_t*>(text_.data());
  const uint32_t size = uint32_t(text_.size());
  uint32_t i = start;
  uint64_t hash = kKeywordHashSeed;
  while (i < size && has(data[i], kIdChar)) {
    hash = keywordHashStep(hash, data[i]);
    ++i;
  }
  if (i < size && data[i] == '"') {
    while (i < size) {
      if (has(data[i], kIdChar)) {
        ++i;
      } else if (data[i] == '"') {
        bool escape = false;
        i = lexStringBody(i + 1, &escape, false);
      } else {
        break;
      }
    }
    return reserved(Token{TokenKind::Reserved, 0, kUnknownKeyword, start, i - start});
  }
  Token token{TokenKind::Reserved, 0, kUnknownKeyword, start, i - start};
  std::string_view text = text_.substr(start, i - start);
  const uint8_t first = data[start];
  if (first >= 'a' && first <= 'z') {
    token.keyword = keywordId(text, hash);
    if (token.keyword != kUnknownKeyword) {
      token.kind = TokenKind::Keyword;
      return token;
    }
    if ((first == 'i' || first == 'n') && classifyNumber(text) == TokenKind::Float) {
      token.kind = TokenKind::Float;  // inf, nan, nan:0x...
      return token;
    }
    return reserved(token);
  }
  token.kind = classifyNumber(text);
  if (token.kind == TokenKind::Reserved) return reserved(token);
  return token;
}

Token Lexer::reserved(Token token) const {
  // Not a token of the format: the reference interpreter's lexer stops here.
  token.kind = TokenKind::Reserved;
  if (strict_) fail(token.offset, "unknown operator " + std::string(text(token)));
  return token;
}

Token Lexer::next() {
  skipTrivia();
  const uint32_t size = uint32_t(text_.size());
  if (pos_ >= size) return Token{TokenKind::Eof, 0, kUnknownKeyword, size, 0};
  const uint32_t start = pos_;
  const uint8_t c = uint8_t(text_[start]);
  Token token;
  if (c == '(') {
    token = Token{TokenKind::LParen, 0, kUnknownKeyword, start, 1};
  } else if (c == ')') {
    token = Token{TokenKind::RParen, 0, kUnknownKeyword, start, 1};
  } else if (c == '"') {
    bool escape = false;
    uint32_t end = lexStringBody(start + 1, &escape, false);
    if (end < size && (has(uint8_t(text_[end]), kIdChar) || text_[end] == '"')) {
      token = lexAtom(start);  // a string glued to more: reserved
    } else {
      token = Token{TokenKind::String, uint8_t(escape ? Token::kHasEscape : 0), kUnknownKeyword,
                    start, end - start};
    }
  } else if (c == '$') {
    bool quoted = false;
    bool escape = false;
    uint32_t end = lexIdBody(start + 1, &quoted, &escape);
    if (end < size && (has(uint8_t(text_[end]), kIdChar) || text_[end] == '"')) {
      token = lexAtom(start);  // e.g. $x"y": reserved
    } else {
      uint8_t flags = uint8_t((quoted ? Token::kQuotedId : 0) | (escape ? Token::kHasEscape : 0));
      token = Token{TokenKind::Id, flags, kUnknownKeyword, start, end - start};
    }
  } else if (has(c, kIdChar)) {
    token = lexAtom(start);
  } else if (c == ',' || c == ';' || c == '[' || c == ']' || c == '{' || c == '}') {
    token = reserved(Token{TokenKind::Reserved, 0, kUnknownKeyword, start, 1});
  } else {
    failIllegalCharacter(start);
  }
  pos_ = token.end();
  return token;
}

uint32_t Lexer::skipBalanced(uint32_t offset) const {
  const uint8_t* data = reinterpret_cast<const uint8_t*>(text_.data());
  const uint32_t size = uint32_t(text_.size());
  uint32_t i = offset;
  uint64_t depth = 1;
  while (i < size) {
    const uint8_t c = data[i];
    if (!has(c, kSkipStop)) [[likely]] {
      i = nextSkipStop(data, i + 1, size);
      continue;
    }
    if (c == '(') {
      if (i + 1 < size && data[i + 1] == ';') {
        // Nested block comment.
        uint32_t nesting = 1;
        i += 2;
        while (nesting > 0) {
          if (i + 1 >= size) return 0;
          if (data[i] == '(' && data[i + 1] == ';') {
            ++nesting;
            i += 2;
          } else if (data[i] == ';' && data[i + 1] == ')') {
            --nesting;
            i += 2;
          } else {
            ++i;
          }
        }
        continue;
      }
      ++depth;
      ++i;
    } else if (c == ')') {
      ++i;
      if (--depth == 0) return i;
    } else if (c == '"') {
      ++i;
      while (true) {
        if (i >= size) return 0;
        const uint8_t s = data[i];
        if (s == '"') break;
        if (s == '\n') return 0;
        i += s == '\\' ? 2 : 1;
      }
      ++i;
    } else {  // ';'
      if (i + 1 < size && data[i + 1] == ';') {
        while (i < size && data[i] != '\n' && data[i] != '\r') ++i;
      } else {
        ++i;
      }
    }
  }
  return 0;
}

}  // namespace kiln::text
