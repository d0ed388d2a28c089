// The binary form of the modules a wabt-parsed spec script contains.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <wabt/feature.h>
#include <wabt/ir.h>

namespace kiln {

/// A script module as bytes for Kiln, or why wabt could not produce them.
struct ScriptModuleBytes {
  std::vector<uint8_t> bytes;
  /// Non-empty when the module's text (a `module quote`) does not parse, or
  /// wabt failed to write the binary: wabt's first error message.
  std::string textError;
};

/// The features every spec script of WebAssembly 2.0 needs: reference types,
/// bulk memory, SIMD, multi-value, sign extension, saturating conversions.
wabt::Features wasm2Features();

/// The module as wabt parsed it, written in the binary format.
ScriptModuleBytes bytesOfModule(const wabt::Module& module);

/// A script module: a text module written as binary, a binary module's bytes
/// as given, or a quoted module parsed as text and then written as binary.
ScriptModuleBytes bytesOfScriptModule(const wabt::ScriptModule& module);

}  // namespace kiln
