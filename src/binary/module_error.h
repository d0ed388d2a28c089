// Why the front end rejected a module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "binary/feature.h"

namespace kiln {

/// Malformed: the bytes do not follow the binary format (the spec's
/// `assert_malformed`). Invalid: well-formed but fails validation
/// (`assert_invalid`). Unsupported: the module uses a feature Kiln knows but
/// does not support yet (binary/feature.h); the message names the feature.
enum class ModuleErrorKind : uint8_t { Malformed, Invalid, Unsupported };

/// A front-end error: what was wrong and where.
struct ModuleError {
  ModuleErrorKind kind = ModuleErrorKind::Malformed;
  size_t offset = 0;                 // byte offset in the module
  std::optional<uint32_t> function;  // function index, for errors in a body
  std::string message;               // contains the spec's wording
  std::optional<Feature> feature = std::nullopt;  // Unsupported: the feature refused

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
  ModuleErrorKind kind = ModuleErrorKind::Malformed;  // or Unsupported
  std::optional<uint32_t> function = std::nullopt;    // for errors in a body
  std::optional<Feature> feature = std::nullopt;      // Unsupported: which feature

  /// The error converted, its kind, offset, function, message and feature kept.
  ModuleError toModuleError() const { return {kind, offset, function, message, feature}; }
};

/// An Unsupported failure: `construct` of `feature`, which Kiln does not
/// support yet, at `offset`.
DecodeFailure unsupportedFailure(size_t offset, Feature feature, std::string_view construct,
                                 std::optional<uint32_t> function = std::nullopt);

/// The message of an Unsupported error: "<feature> (<construct>) is not
/// supported by Kiln yet", e.g. "wide arithmetic (i64.add128) ...".
std::string unsupportedMessage(Feature feature, std::string_view construct);

}  // namespace kiln
