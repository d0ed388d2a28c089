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

uint64_t hashOf(std::string_view word) {
  uint64_t hash = kKeywordHashSeed;
  for (char c : word) hash = keywordHashStep(hash, uint8_t(c));
  return hash;
}

// An open-addressing hash table over every known word, built once. Each slot
// keeps the word's hash and length, so a probe compares bytes only for the
// word it finds.
class KeywordTable {
 public:
  KeywordTable() {
    for (size_t id = 0; id < kOpcodeCount + kGrammarKeywordCount; ++id) {
      insert(KeywordId(id));
    }
  }

  KeywordId find(std::string_view word, uint64_t hash) const {
    size_t slot = mix(hash) & kMask;
    const uint32_t check = uint32_t(hash);
    while (slots_[slot].id != kUnknownKeyword) {
      const Slot& entry = slots_[slot];
      if (entry.hash == check && entry.length == word.size() &&
          keywordName(entry.id) == word) {
        return entry.id;
      }
      slot = (slot + 1) & kMask;
    }
    return kUnknownKeyword;
  }

 private:
  static constexpr size_t kSize = 4096;  // a power of two, over twice the words
  static constexpr size_t kMask = kSize - 1;
  static_assert((kOpcodeCount + kGrammarKeywordCount) * 2 < kSize);

  struct Slot {
    uint32_t hash = 0;
    uint16_t id = kUnknownKeyword;
    uint16_t length = 0;
  };

  void insert(KeywordId id) {
    const std::string_view word = keywordName(id);
    if (find(word, hashOf(word)) != kUnknownKeyword) return;  // the first row keeps the name
    const uint64_t hash = hashOf(word);
    size_t slot = mix(hash) & kMask;
    while (slots_[slot].id != kUnknownKeyword) slot = (slot + 1) & kMask;
    slots_[slot] = {uint32_t(hash), id, uint16_t(word.size())};
  }

  static size_t mix(uint64_t hash) { return size_t(hash ^ (hash >> 32)); }

  std::array<Slot, kSize> slots_{};
};

const KeywordTable& keywordTable() {
  static const KeywordTable table;
  return table;
}

}  // namespace

KeywordId keywordId(std::string_view word) { return keywordId(word, hashOf(word)); }

KeywordId keywordId(std::string_view word, uint64_t hash) {
  const KeywordId id = keywordTable().find(word, hash);
  if (id != kUnknownKeyword) return id;
  // offset=N and align=N, with N a natural number.
  for (std::string_view prefix : {std::string_view("offset="), std::string_view("align=")}) {
    if (word.size() > prefix.size() && word.starts_with(prefix) &&
        classifyNumber(word.substr(prefix.size())) == TokenKind::Nat) {
      return keywordTable().find(prefix, hashOf(prefix));
    }
  }
  return kUnknownKeyword;
}

std::optional<Opcode> opcodeFromName(std::string_view name) {
  return opcodeOf(keywordTable().find(name, hashOf(name)));
}

}  // namespace kiln::text
