// The one error type of the embedding API: why a module did not load, link,
// instantiate or finish running.
#pragma once

#include "kiln/api.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "kiln/exception.h"
#include "kiln/trap.h"

namespace kiln {

/// What went wrong, in the terms a host acts on. Code decides by the kind,
/// never by the message, which is for people.
enum class ErrorKind : uint8_t {
  /// The bytes or text are not a module: they break the binary or text
  /// format (the spec's assert_malformed). `offset` says where (binary).
  Malformed,
  /// A well-formed module that fails validation (assert_invalid): `offset`,
  /// and `function` for an error in a function body.
  Invalid,
  /// A valid module that uses what Kiln does not implement yet: SIMD and
  /// the WebAssembly 3.0 features the compiler does not run yet, or a
  /// proposal outside 3.0 that the front end declares unsupported.
  /// `offset` says where, when it is known.
  Unsupported,
  /// What the host supplied does not fit what the module expects: imports
  /// that are missing or of the wrong type (assert_unlinkable; every one is
  /// listed, one per line), a module of another engine, or call arguments
  /// of the wrong number or types.
  Link,
  /// Memory, address space or a configured limit ran out, or a file could
  /// not be read.
  Resource,
  /// Wasm code trapped: `trap` holds the code and the Wasm backtrace, and
  /// `function` and `offset` name the innermost frame when it is known.
  Trap,
  /// An uncaught Wasm exception (WebAssembly 3.0): `exception` holds its
  /// tag and payload. A host function returning it throws it again.
  Exception,
  /// The guest asked to end the program (WASI proc_exit) with `exitStatus`:
  /// not a fault. It unwinds the Wasm frames like a trap.
  Exit,
  /// A host function refused what the guest asked for in a way that ends
  /// the call without being a trap or an exit: WASI proc_exit with a status
  /// outside 0..125, which no host can pass on unchanged.
  Host,
};

/// "malformed", "invalid", "unsupported", "link", "resource", "trap",
/// "exception", "exit" or "host".
KILN_API std::string_view toString(ErrorKind kind);

/// An error and everything known about where it happened. Messages never
/// name a file: the caller that read one adds its name.
struct KILN_API Error {
  Error() = default;
  Error(ErrorKind kind, std::string message) : kind(kind), message(std::move(message)) {}
  /// A trap as an error (kind Trap). Implicit, so that a host function may
  /// return a Trap where an Error is expected.
  Error(Trap trap);
  /// An exception as an error (kind Exception), implicit as Trap's is: a host
  /// function throws a Wasm exception by returning it.
  Error(kiln::Exception exception);
  /// The guest exited with `status` (kind Exit).
  static Error exit(int32_t status);

  ErrorKind kind = ErrorKind::Malformed;
  /// What was wrong, e.g. "length out of bounds" or "type mismatch: ...";
  /// for a link error one line per import.
  std::string message;
  /// Byte offset in the module: of the malformed or invalid construct, or of
  /// the instruction that trapped.
  std::optional<uint64_t> offset;
  /// Index of the function whose body holds the error (or trapped).
  std::optional<uint32_t> function;
  /// Kind Unsupported: the feature (proposal) Kiln does not support yet, as
  /// the spec names it in words, e.g. "garbage collection" or "SIMD".
  std::string feature;
  /// Kind Trap: the trap's code, message and Wasm backtrace.
  std::optional<kiln::Trap> trap;
  /// Kind Exception: the exception no Wasm handler caught.
  std::optional<kiln::Exception> exception;
  /// Kind Exit: the status the guest exited with.
  int32_t exitStatus = 0;

  /// "<message>", preceded by "0x<offset>: " and "in function N: " when they
  /// are known, e.g. "0x1f: in function 3: type mismatch: ...".
  std::string toString() const;
};

}  // namespace kiln
