#include "text/keywords.h"

#include <array>

#include "text/lexer.h"

namespace kiln::text {

namespace {

// The grammar's words that are not instruction names.
constexpr std::string_view kGrammarKeywords[] = {
    // value, heap, reference and storage types
    "i8", "i16", "i32", "i64", "f32", "f64", "v128", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4",
    "f64x2", "any", "anyref", "none", "nullref", "eq", "eqref", "i31", "i31ref", "structref",
    "arrayref", "nofunc", "funcref", "nullfuncref", "exn", "noexn", "exnref", "nullexnref",
    "extern", "noextern", "externref", "nullexternref", "ref", "null", "array", "struct", "field",
    "mut", "sub", "final", "rec", "exact", "descriptor", "describes",
    // instruction syntax that is not an instruction
    "then", "catch", "catch_ref", "catch_all", "catch_all_ref", "do", "delegate", "offset=",
    "align=",
    // module fields
    "type", "tag", "global", "memory", "table", "func", "param", "result", "local", "data", "elem",
    "declare", "offset", "item", "start", "import", "export", "shared", "pagesize",
    // scripts
    "module", "binary", "quote", "definition", "instance", "script", "register", "invoke", "get",
    "assert_malformed", "assert_invalid", "assert_malformed_custom", "assert_invalid_custom",
    "assert_unlinkable", "assert_return", "assert_trap", "assert_exception", "assert_exhaustion",
    "assert_uninstantiable", "nan:canonical", "nan:arithmetic", "either", "input", "output",
    "thread", "wait", "ref.extern", "ref.host", "ref.struct", "ref.array", "ref.exn", "ref.eq",
    "ref.i31",
};
constexpr size_t kGrammarKeywordCount = std::size(kGrammarKeywords);

std::string_view keywordName(KeywordId id) {
  if (id < kOpcodeCount) return opcodeInfo(Opcode(id)).name;
  return kGrammarKeywords[id - kOpcodeCount];
}

// An open-addressing hash table over every known word, built once.
class KeywordTable {
 public:
  KeywordTable() {
    slots_.fill(kUnknownKeyword);
    for (size_t id = 0; id < kOpcodeCount + kGrammarKeywordCount; ++id) {
      insert(KeywordId(id));
    }
  }

  KeywordId find(std::string_view word) const {
    size_t slot = hash(word) & kMask;
    while (slots_[slot] != kUnknownKeyword) {
      if (keywordName(slots_[slot]) == word) return slots_[slot];
      slot = (slot + 1) & kMask;
    }
    return kUnknownKeyword;
  }

 private:
  static constexpr size_t kSize = 4096;  // a power of two, over twice the words
  static constexpr size_t kMask = kSize - 1;
  static_assert((kOpcodeCount + kGrammarKeywordCount) * 2 < kSize);

  void insert(KeywordId id) {
    const std::string_view word = keywordName(id);
    size_t slot = hash(word) & kMask;
    while (slots_[slot] != kUnknownKeyword) {
      if (keywordName(slots_[slot]) == word) return;  // the first row keeps the name
      slot = (slot + 1) & kMask;
    }
    slots_[slot] = id;
  }

  static size_t hash(std::string_view word) {
    uint64_t h = 0xcbf29ce484222325u;  // FNV-1a
    for (char c : word) h = (h ^ uint8_t(c)) * 0x100000001b3u;
    return size_t(h ^ (h >> 32));
  }

  std::array<KeywordId, kSize> slots_;
};

const KeywordTable& keywordTable() {
  static const KeywordTable table;
  return table;
}

}  // namespace

KeywordId keywordId(std::string_view word) {
  const KeywordId id = keywordTable().find(word);
  if (id != kUnknownKeyword) return id;
  // offset=N and align=N, with N a natural number.
  for (std::string_view prefix : {std::string_view("offset="), std::string_view("align=")}) {
    if (word.size() > prefix.size() && word.starts_with(prefix) &&
        classifyNumber(word.substr(prefix.size())) == TokenKind::Nat) {
      return keywordTable().find(prefix);
    }
  }
  return kUnknownKeyword;
}

std::optional<Opcode> opcodeFromName(std::string_view name) {
  return opcodeOf(keywordTable().find(name));
}

}  // namespace kiln::text
