// Which words the text format knows: instruction names come from the one
// opcode table (binary/opcodes.def), the rest of the grammar's keywords are
// listed in keywords.cpp. The lexer looks every keyword up once: a word the
// format does not know is an "unknown operator" where it stands, as in the
// reference interpreter; a known word in the wrong place is an "unexpected
// token". The id the lookup finds travels with the token, so the parser
// never looks an instruction name up again.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "binary/opcode.h"

namespace kiln::text {

/// A known keyword: an `Opcode` (below kOpcodeCount, the first row of
/// opcodes.def that spells it where several share a name) or a word of the
/// grammar (from kOpcodeCount up).
using KeywordId = uint16_t;
inline constexpr KeywordId kUnknownKeyword = 0xFFFF;

/// The keyword hash (FNV-1a), computed a byte at a time so that the lexer
/// folds it into its scan of the word.
inline constexpr uint64_t kKeywordHashSeed = 0xcbf29ce484222325u;
constexpr uint64_t keywordHashStep(uint64_t hash, uint8_t byte) {
  return (hash ^ byte) * 0x100000001b3u;
}

/// The id of `word`, or kUnknownKeyword. `offset=N` and `align=N` (N a
/// natural number) have the ids of "offset=" and "align=". `hash` is the
/// word's keyword hash.
KeywordId keywordId(std::string_view word, uint64_t hash);
KeywordId keywordId(std::string_view word);

/// The opcode whose text name is `name`.
std::optional<Opcode> opcodeFromName(std::string_view name);

inline std::optional<Opcode> opcodeOf(KeywordId id) {
  if (id < kOpcodeCount) return Opcode(id);
  return std::nullopt;
}

}  // namespace kiln::text
