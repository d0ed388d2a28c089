// WebAssembly scripts (.wast), the format of the official test suite: the
// commands, their modules (already encoded in the binary format) and the
// values and result patterns of their actions and assertions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/text_error.h"
#include "text/wat.h"
#include "kiln/expected.h"

namespace kiln::text {

/// The NaN patterns of results: `nan:canonical` (the quiet bit alone, either
/// sign) and `nan:arithmetic` (any NaN with the quiet bit set).
enum class NanPattern : uint8_t { None, Canonical, Arithmetic };

/// The lane shape a `v128.const` was written in.
enum class LaneShape : uint8_t { I8x16, I16x8, I32x4, I64x2, F32x4, F64x2 };

/// A value of a script: an argument of `invoke`, or one expected result.
struct ScriptValue {
  enum class Kind : uint8_t {
    I32,
    I64,
    F32,
    F64,
    V128,
    RefNull,    // (ref.null ht); as a result without ht: any null reference
    RefExtern,  // (ref.extern N); as a result without N: any non-null externref
    RefHost,    // (ref.host N)
    // Result patterns only: some non-null reference of that kind.
    RefAny,  // (ref)
    RefEq,
    RefI31,
    RefStruct,
    RefArray,
    RefFunc,
    RefExn,
  };
  Kind kind = Kind::I32;
  /// I32/I64/F32/F64: the bits; V128: 16 bytes, lane 0 first, in bits[0]
  /// (low 8 bytes) and bits[1]; RefExtern/RefHost: N.
  uint64_t bits[2] = {0, 0};
  /// F32/F64 results: a NaN pattern instead of exact bits.
  NanPattern nan = NanPattern::None;
  /// V128: the shape it was written in, and for f32x4 / f64x2 results a
  /// pattern per lane (None: that lane's exact bits).
  LaneShape shape = LaneShape::I32x4;
  std::array<NanPattern, 4> laneNans{};
  /// RefNull: the heap type's abstract encoding (0x70 func, 0x6F extern, ...)
  /// or kConcreteHeapType for a type index; 0 when none was written.
  uint8_t heapType = 0;
  /// RefExtern, RefHost: whether N was written.
  bool hasPayload = false;

  static constexpr uint8_t kConcreteHeapType = 0xFF;
};

/// One expected result: a value, or with `either` any of several.
struct ResultPattern {
  std::vector<ScriptValue> alternatives;
};

struct Action {
  enum class Kind : uint8_t { Invoke, Get };
  Kind kind = Kind::Invoke;
  std::string instance;  // $name of the instance, empty for the latest one
  std::string name;      // the export
  std::vector<ScriptValue> arguments;
  uint32_t line = 0;  // of its "("
};

/// A module of a script, already in the binary format.
struct ScriptModule {
  enum class Kind : uint8_t { Text, Binary, Quote, Instance };
  Kind kind = Kind::Text;
  std::string name;       // $name, empty if none
  bool definition = false;  // (module definition ...): defined, not instantiated
  /// The encoding: Binary's bytes as written, Text and Quote parsed.
  std::vector<uint8_t> bytes;
  /// Text or Quote that did not parse: why (line and column in the script
  /// for Text, in the quoted text for Quote).
  std::optional<TextError> error;
  /// Instance: `(module instance $i? $m?)` inside an assertion.
  std::string instanceOf;
  /// Quote: the text it quotes (the strings, joined).
  std::string quotedText;
  uint32_t line = 0;  // of its "(module"
  /// Where the module's text is in the script: from its "(" to after its ")".
  uint32_t sourceBegin = 0;
  uint32_t sourceEnd = 0;
};

enum class CommandKind : uint8_t {
  Module,                // (module ...): defines it and, unless `definition`, instantiates it
  ModuleInstance,        // (module instance $i? $m?)
  Register,              // (register "name" $i?)
  Action,                // (invoke ...) or (get ...)
  AssertReturn,
  AssertTrap,            // an action traps
  AssertExhaustion,
  AssertException,
  AssertMalformed,
  AssertInvalid,
  AssertUnlinkable,
  AssertUninstantiable,  // (assert_trap (module ...) "...") or the 2.0 spelling
  AssertMalformedCustom,
  AssertInvalidCustom,
  Thread,                // (thread $T (shared (module $m))* command*)
  Wait,                  // (wait $T)
};

struct Command {
  CommandKind kind = CommandKind::Module;
  uint32_t line = 0;  // of the command's "(" (see subjectLine)
  ScriptModule module;
  /// ModuleInstance: the new instance's $name; Register: the registered
  /// instance ($name, empty for the latest); Thread and Wait: the thread.
  std::string instance;
  std::string moduleRef;     // ModuleInstance: the module definition, empty for the latest
  std::string registerName;  // Register: the name imports use
  Action action;
  std::vector<ResultPattern> results;  // AssertReturn
  std::string text;                    // assertions: the expected message
  std::vector<std::string> sharedModules;  // Thread
  std::vector<Command> commands;           // Thread
};

struct Script {
  std::vector<Command> commands;
};

/// Parses a script. Modules are encoded as they are read; a module whose
/// text does not parse is kept with its error (the command records it), so
/// only a broken script structure fails the whole script.
Expected<Script, TextError> parseWast(std::string_view text, const WatOptions& options = {false});

/// The line a report about `command` names: its module's or its action's
/// line for an assertion (where wast2json and wabt put it too), else its own.
uint32_t subjectLine(const Command& command);

/// The keyword of a command ("module", "assert_return", ...), for messages.
std::string_view commandName(const Command& command);

}  // namespace kiln::text
