// What running a module's exports did, as comparable text: one line per
// exported call (its results or the kind of its trap) and per call of an
// imported (logging) function. Both engines of the differential test write
// the same format, so comparing runs is comparing lines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::differential {

/// The lines of one run, in the order things happened.
using RunLog = std::vector<std::string>;

/// A value as text: integers in decimal, floats by their bits, except NaNs,
/// whose sign and payload the spec leaves to the implementation; references
/// only by whether they are null.
std::string i32Text(uint32_t bits);
std::string i64Text(uint64_t bits);
std::string f32Text(uint32_t bits);
std::string f64Text(uint64_t bits);
std::string refText(bool isNull);
/// A v128 by its 16 bytes, lowest first: lanes of any shape compare alike.
std::string v128Text(const uint8_t (&bytes)[16]);

/// The trap categories both engines can be mapped to.
enum class TrapKind {
  Unreachable,
  DivideByZero,
  IntegerOverflow,
  BadConversion,
  MemoryOutOfBounds,
  TableOutOfBounds,
  NullCall,
  BadSignature,
  StackExhausted,
  UncaughtException,  // not a trap: a Wasm exception no handler caught
  Other,
};
std::string trapText(TrapKind kind);

/// Why a module was not compared.
struct Skip {
  std::string reason;
};

}  // namespace kiln::differential
