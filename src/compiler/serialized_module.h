// The .kwasm format: a compiled module written to bytes and loaded back
// without compiling (`kiln compile`, Module::serialize and deserialize, the
// compiled-code cache). docs/cache.md describes the layout.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "binary/module.h"
#include "compiler/compiled_module.h"
#include "kiln/config.h"
#include "types/expected.h"
#include "vm/memory_image.h"

namespace kiln {

/// The first bytes of every .kwasm file. Its first byte is 0, like a binary
/// module's, so that a tool that takes both tells them apart by this alone.
inline constexpr uint8_t kSerializedMagic[8] = {0, 'k', 'w', 'a', 's', 'm', '\r', '\n'};

/// Whether `bytes` start like a .kwasm file.
bool isSerializedModule(std::span<const uint8_t> bytes);

/// Whether `serializeModule` can give `compiled`'s image: false for a
/// lazily compiled module, whose code is never one whole block.
bool isSerializable(const CompiledModule& compiled);

/// The .kwasm image of `compiled`, compiled from `module` with `config`;
/// nothing when `compiled` is not whole (a lazily compiled module).
std::optional<std::vector<uint8_t>> serializeModule(const WasmModule& module,
                                                    const CompiledModule& compiled,
                                                    const Config& config);

/// What, besides a module's bytes, decides the code compiled for it: Kiln's
/// build, the code-changing options of `config` and the CPU features the
/// code may use. Equal fingerprints mean interchangeable code (the cache's key).
std::string codeFingerprint(const Config& config);

/// Why a .kwasm was refused.
struct DeserializeError {
  enum class Kind : uint8_t {
    /// Not a .kwasm, truncated, or its checksum or structure is wrong.
    Corrupt,
    /// Made by another Kiln build, or for other engine options or CPU
    /// features than the engine's; the message says which.
    Incompatible,
    /// Memory or a file ran out or could not be read.
    Resource,
  };
  Kind kind = Kind::Corrupt;
  std::string message;
};

struct LoadedModule {
  std::shared_ptr<const WasmModule> module;
  std::shared_ptr<CompiledModule> compiled;
  /// Memory 0's image mapped from the .kwasm file when it has one, or built
  /// while a big module's file loaded; otherwise the module's is built from
  /// its data segments (makeModule).
  std::shared_ptr<const MemoryImage> memoryImage;
};

/// Loads a .kwasm image for an engine configured with `config`, copying the
/// code into fresh executable memory.
Expected<LoadedModule, DeserializeError> deserializeModule(std::span<const uint8_t> bytes,
                                                           const Config& config);

/// Loads the .kwasm file at `path` (of at most `maxBytes`), mapping its code
/// pages straight from the file (private, read+execute, never writable) where
/// the file system allows it, else copying them.
Expected<LoadedModule, DeserializeError> deserializeModuleFile(const std::string& path,
                                                               const Config& config,
                                                               uint64_t maxBytes);

}  // namespace kiln
