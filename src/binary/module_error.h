// Why the front end rejected a module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace kiln {

/// Malformed: the bytes do not follow the binary format (the spec's
/// `assert_malformed`). Invalid: well-formed but fails validation
/// (`assert_invalid`).
enum class ModuleErrorKind : uint8_t { Malformed, Invalid };

/// A front-end error: what was wrong and where.
struct ModuleError {
  ModuleErrorKind kind = ModuleErrorKind::Malformed;
  size_t offset = 0;                 // byte offset in the module
  std::optional<uint32_t> function;  // function index, for errors in a body
  std::string message;               // contains the spec's wording

  /// "<offset>: <message>" or "<offset>: in function N: <message>"; offset in
  /// hexadecimal as 0x..., like wabt and wasm-tools.
  std::string toString() const;
};

/// Thrown inside the front end when the bytes cannot be decoded. It never
/// leaves the front end: `decodeModule` and `parseModule` turn it into a
/// returned `ModuleError`.
struct DecodeFailure {
  size_t offset;
  std::string message;
};

}  // namespace kiln
