#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <optional>
#include <string>

#include "binary/decoder.h"
#include "compiler/serialized_module.h"
#include "kiln/read_file.h"
#include "kiln/wat.h"
#include "runtime/atomic_file.h"
#include "runtime/code_cache.h"
#include "runtime/errors.h"
#include "runtime/runtime_state.h"
#include "types/huge_pages.h"
#include "validate/parse_module.h"

namespace kiln {

namespace {

// The API's types name defined types by their canonical ids.
const FuncType& canonicalFuncType(const runtime::ModuleState& state, uint32_t typeIndex) {
  return runtime::Access::state(state.engine).signatures.type(state.typeIds[typeIndex]);
}

ExternType externTypeOf(const runtime::ModuleState& state, ExternKind kind, uint32_t index) {
  const WasmModule& module = *state.module;
  ExternType type;
  type.kind = kind;
  switch (kind) {
    case ExternKind::Func:
      type.func = canonicalFuncType(state, module.functionTypeIndex(FuncIndex(index)).value);
      break;
    case ExternKind::Table: type.table = module.tableType(TableIndex(index)); break;
    case ExternKind::Memory: type.memory = module.memoryType(MemoryIndex(index)); break;
    case ExternKind::Global: type.global = module.globalType(GlobalIndex(index)); break;
    case ExternKind::Tag: type.tag = canonicalFuncType(state, module.tagType(index).typeIndex); break;
  }
  return type;
}

/// The Resource error for a module of more than Config::maxModuleBytes, or
/// nothing when `size` is within the limit.
std::optional<Error> checkModuleSize(const Engine& engine, uint64_t size) {
  uint64_t limit = engine.config().maxModuleBytes;
  if (size <= limit) return std::nullopt;
  return Error(ErrorKind::Resource,
               "module over the size limit of " + std::to_string(limit) + " bytes");
}

}  // namespace

Expected<std::vector<uint8_t>, Error> toBinaryFormat(std::vector<uint8_t> bytes) {
  if (!bytes.empty() && bytes[0] == 0) return bytes;
  return watToBinary(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

namespace {

/// A .kwasm refusal as the API's error.
Error deserializeError(const DeserializeError& error) {
  switch (error.kind) {
    case DeserializeError::Kind::Corrupt: return Error(ErrorKind::Malformed, error.message);
    case DeserializeError::Kind::Incompatible: return Error(ErrorKind::Unsupported, error.message);
    case DeserializeError::Kind::Resource: break;
  }
  return Error(ErrorKind::Resource, error.message);
}

/// Completes a module whose code is ready, compiled or loaded.
Module makeModule(const Engine& engine, LoadedModule loaded) {
  runtime::EngineState& engineState = runtime::Access::state(engine);
  auto state = std::make_shared<runtime::ModuleState>(engine);
  state->module = std::move(loaded.module);
  state->compiled = std::move(loaded.compiled);
  if (engineState.config.memoryMode == MemoryMode::GuardPages) {
    state->memoryImage = loaded.memoryImage ? std::move(loaded.memoryImage)
                                            : MemoryImage::build(*state->module);
  }

  const WasmModule& module = *state->module;
  state->typeIds = engineState.signatures.internTypes(module.types);
  reserveInHugePages(state->functionCode, module.functions.size());
  reserveInHugePages(state->arrayEntries, module.functions.size());
  state->functionCode.resize(module.functions.size());
  state->arrayEntries.resize(module.functions.size());
  for (uint32_t i = 0; i < module.functions.size(); ++i) {
    state->functionCode[i] = state->compiled->functionCode(i);
    state->arrayEntries[i] = state->compiled->arrayEntry(i);
  }
  for (uint32_t i = 0; i < module.exports.size(); ++i) {
    state->exportsByName.emplace(module.exports[i].name, i);
  }
  return runtime::Access::module(std::move(state));
}

/// `Module::fromFile` looking a binary module in a regular file up in the
/// compiled-code cache: the file is read through a small buffer and hashed
/// as it goes (CodeCache::ofFile) for the key, so a hit never holds it in
/// memory (reading flite's 21 MB into a zero-filled vector cost more than
/// loading its entry). The module on a hit, the Resource error of a file
/// over the size limit; nothing otherwise (a miss, text, a pipe, a file
/// shorter than the magic), and fromFile reads the file as without the
/// cache: fromBytes then keys the entry it stores by the bytes it compiles,
/// even if the file was rewritten meanwhile.
std::optional<Expected<Module, Error>> lookUpBinaryFile(const Engine& engine,
                                                        const std::string& path) {
  // A pipe is not opened here: opening one waits for a writer, and it is
  // read once, as a stream, by readFile.
  struct stat info {};
  if (stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  uint8_t magic[sizeof kWasmMagic] = {};
  const bool binary = fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
                      uint64_t(info.st_size) >= sizeof magic &&
                      pread(fd, magic, sizeof magic, 0) == ssize_t(sizeof magic) &&
                      std::memcmp(magic, kWasmMagic, sizeof magic) == 0;
  const Config& config = engine.config();
  // The limit comes before any byte is read, as readFile's bound does.
  std::optional<Error> overLimit;
  if (binary) overLimit = checkModuleSize(engine, uint64_t(info.st_size));
  std::optional<runtime::CodeCache> entry =
      binary && !overLimit ? runtime::CodeCache::ofFile(config, fd, config.maxModuleBytes)
                           : std::nullopt;
  close(fd);
  if (overLimit) return Unexpected{std::move(*overLimit)};
  // A file that grew past the limit or failed a read: readFile reports it.
  if (!entry) return std::nullopt;
  std::optional<LoadedModule> cached = entry->lookup();
  if (!cached) return std::nullopt;
  return makeModule(engine, std::move(*cached));
}

}  // namespace

Expected<Module, Error> Module::fromBytes(const Engine& engine, std::vector<uint8_t> bytes) {
  if (auto error = checkModuleSize(engine, bytes.size())) return Unexpected{std::move(*error)};
  const Config& config = engine.config();
  std::optional<runtime::CodeCache> cache;
  if (!config.cacheDirectory.empty()) {
    cache.emplace(config, bytes);
    if (std::optional<LoadedModule> cached = cache->lookup()) {
      return makeModule(engine, std::move(*cached));
    }
  }
  auto parsed = parseModule(std::move(bytes));
  if (!parsed) return Unexpected{runtime::frontEndError(parsed.error())};
  auto compiled = compileModule(*parsed, config);
  if (!compiled) return Unexpected{runtime::compilerError(compiled.error())};
  if (cache) {
    if (auto image = serializeModule(**parsed, **compiled, config)) cache->store(*image);
  }
  return makeModule(engine, LoadedModule{std::move(*parsed), std::move(*compiled), nullptr});
}

Expected<Module, Error> Module::fromFile(const Engine& engine, const std::string& path) {
  if (!engine.config().cacheDirectory.empty()) {
    if (auto module = lookUpBinaryFile(engine, path)) return std::move(*module);
  }
  auto bytes = readFile(path, engine.config().maxModuleBytes);
  if (!bytes) return Unexpected{bytes.error()};
  // Over the limit before conversion, so that cut-off text is not parsed.
  if (auto error = checkModuleSize(engine, bytes->size())) return Unexpected{std::move(*error)};
  auto binary = toBinaryFormat(std::move(*bytes));
  if (!binary) return Unexpected{binary.error()};
  return fromBytes(engine, std::move(*binary));
}

std::optional<Error> Module::validate(const Engine& engine, std::span<const uint8_t> bytes) {
  if (auto error = checkModuleSize(engine, bytes.size())) return error;
  auto parsed = parseModule(std::vector<uint8_t>(bytes.begin(), bytes.end()));
  if (!parsed) return runtime::frontEndError(parsed.error());
  return std::nullopt;
}

std::vector<ImportType> Module::imports() const {
  const WasmModule& module = *state_->module;
  std::vector<ImportType> result;
  result.reserve(module.imports.size());
  for (const Import& import : module.imports) {
    result.push_back(runtime::importType(import, [&](uint32_t typeIndex) -> const FuncType& {
      return canonicalFuncType(*state_, typeIndex);
    }));
  }
  return result;
}

std::vector<ExportType> Module::exports() const {
  const WasmModule& module = *state_->module;
  std::vector<ExportType> result;
  result.reserve(module.exports.size());
  for (const Export& entry : module.exports) {
    result.push_back({entry.name, externTypeOf(*state_, entry.kind, entry.index)});
  }
  return result;
}

Expected<std::vector<uint8_t>, Error> Module::serialize() const {
  auto image = serializeModule(*state_->module, *state_->compiled, state_->engine.config());
  if (!image) {
    return Unexpected{Error(ErrorKind::Unsupported, "the module is not compiled whole yet")};
  }
  return std::move(*image);
}

std::optional<Error> Module::serializeToFile(const std::string& path) const {
  auto image = serialize();
  if (!image) return image.error();
  return runtime::writeFileAtomically(path, *image);
}

Expected<Module, Error> Module::deserialize(const Engine& engine, std::span<const uint8_t> bytes) {
  auto loaded = deserializeModule(bytes, engine.config());
  if (!loaded) return Unexpected{deserializeError(loaded.error())};
  return makeModule(engine, std::move(*loaded));
}

Expected<Module, Error> Module::deserializeFile(const Engine& engine, const std::string& path) {
  const uint64_t limit = engine.config().maxModuleBytes;
  const uint64_t maxBytes = limit > UINT64_MAX / 4 ? UINT64_MAX : 4 * limit;
  auto loaded = deserializeModuleFile(path, engine.config(), maxBytes);
  if (!loaded) return Unexpected{deserializeError(loaded.error())};
  return makeModule(engine, std::move(*loaded));
}

bool Module::isSerialized(std::span<const uint8_t> bytes) { return isSerializedModule(bytes); }

bool Module::isCompiledWhole() const { return isSerializable(*state_->compiled); }

const Engine& Module::engine() const { return state_->engine; }

}  // namespace kiln
