// The .kwasm format (docs/cache.md): a fixed header, the module with its
// function bodies cut out, the compiled module's metadata in LEB128 deltas,
// and the machine code, page-aligned at the end of the file so that it can be
// mapped from the file as it is.
#include "compiler/serialized_module.h"

#include <fcntl.h>
#include <lz4.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
// xxHash header-only: no library to link or ship with libkiln.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <iterator>
#include <new>
#include <optional>
#include <system_error>
#include <thread>

#include "binary/binary_reader.h"
#include "binary/section_id.h"
#include "compiler/build_identity.h"
#include "compiler/x64/code_area.h"
#include "compiler/x64/compiled_parts.h"
#include "compiler/x64/perf_map.h"
#include "text/byte_writer.h"
#include "types/huge_pages.h"
#include "validate/parse_module.h"
#include "vm/file_mapping.h"
#include "vm/memory_image.h"

namespace kiln {

namespace {

using x64::CompiledParts;

constexpr uint32_t kFormatVersion = 4;
constexpr size_t kHeaderSize = 144;
/// Code of at least kMappedCodeMinimum bytes starts at a multiple of this in
/// the file, x86-64's page size, so that it can be mapped from the file.
constexpr size_t kCodeAlignment = 4096;
constexpr size_t kMappedCodeMinimum = 16 * 1024;
/// `value` rounded up to a multiple of `alignment`.
constexpr uint64_t alignUp(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}
/// The checksum covers the file from here to its end: everything but the
/// fields before it, which are checked one by one.
constexpr size_t kChecksummedFrom = 32;

/// Header fields, by offset.
enum HeaderField : size_t {
  kMagicAt = 0,
  kFormatVersionAt = 8,
  kHeaderSizeAt = 12,
  kFileSizeAt = 16,
  kChecksumAt = 24,
  kBuildIdAt = 32,
  kVersionAt = 48,  // 16 bytes, zero padded
  kOptionsAt = 64,
  kCpuAt = 65,
  kFlagsAt = 66,
  kModuleAt = 72,  // offset, size
  kMetadataAt = 88,
  kCodeAt = 104,
  kImageAt = 120,  // offset, size; both 0 when the file has no memory image
};
/// A .kwasm is at most this many times its module's size (issue 18's limit):
/// a memory image that would make it larger is left out.
constexpr uint64_t kMaxSizeOverModule = 3;
constexpr size_t kVersionSize = 16;
constexpr uint8_t kReducedModule = 1;  // kFlagsAt: the function bodies were cut out
/// kFlagsAt: the module is LZ4-compressed, its size before compression in
/// the 8 bytes before it. Data segments, most of what is left of a big
/// module, shrink 3 to 4 times; LZ4 restores them at memory speed.
constexpr uint8_t kCompressedModule = 2;
/// A module's size has to fit LZ4's int.
constexpr uint64_t kMaxCompressedModule = LZ4_MAX_INPUT_SIZE;

/// The engine options that change generated code, one bit each, with the
/// words a refusal uses for them.
struct CodeOption {
  const char* name;
  bool (*of)(const Config&);
};
constexpr CodeOption kCodeOptions[] = {
    {"bounds checks (MemoryMode::BoundsChecks, --bounds-checks)",
     [](const Config& c) { return c.memoryMode == MemoryMode::BoundsChecks; }},
    {"forced libcalls (--force-libcalls)", [](const Config& c) { return c.forceLibcalls; }},
    {"the deterministic profile (--deterministic)", [](const Config& c) { return c.deterministic; }},
    {"interruption checks (Config::interruptible, --timeout)",
     [](const Config& c) { return c.interruptible; }},
    {"fuel metering (Config::consumeFuel, --fuel)", [](const Config& c) { return c.consumeFuel; }},
};

uint8_t codeOptionBits(const Config& config) {
  uint8_t bits = 0;
  for (size_t i = 0; i < std::size(kCodeOptions); ++i) {
    if (kCodeOptions[i].of(config)) bits |= uint8_t(1u << i);
  }
  return bits;
}

/// The instruction sets the code uses, one bit each.
struct CpuFeature {
  const char* name;
  bool x64::CpuSupport::*has;
};
constexpr CpuFeature kCpuFeatures[] = {
    {"sse4.1", &x64::CpuSupport::sse41}, {"sse4.2", &x64::CpuSupport::sse42},
    {"popcnt", &x64::CpuSupport::popcnt}, {"lzcnt", &x64::CpuSupport::lzcnt},
    {"bmi1", &x64::CpuSupport::bmi1},     {"avx", &x64::CpuSupport::avx},
};

uint8_t cpuBits(const Config& config) {
  const x64::CpuSupport support = x64::CpuSupport::of(config.cpu);
  uint8_t bits = 0;
  for (size_t i = 0; i < std::size(kCpuFeatures); ++i) {
    if (support.*kCpuFeatures[i].has) bits |= uint8_t(1u << i);
  }
  return bits;
}

std::string cpuFeatureNames(uint8_t bits) {
  std::string names;
  for (size_t i = 0; i < std::size(kCpuFeatures); ++i) {
    if (!(bits & (1u << i))) continue;
    if (!names.empty()) names += ' ';
    names += kCpuFeatures[i].name;
  }
  return names.empty() ? "none" : names;
}

void putU32(uint8_t* at, uint32_t value) { std::memcpy(at, &value, 4); }
void putU64(uint8_t* at, uint64_t value) { std::memcpy(at, &value, 8); }
uint32_t getU32(const uint8_t* at) {
  uint32_t value;
  std::memcpy(&value, at, 4);
  return value;
}
uint64_t getU64(const uint8_t* at) {
  uint64_t value;
  std::memcpy(&value, at, 8);
  return value;
}

uint64_t checksumOf(std::span<const uint8_t> file) {
  return XXH3_64bits(file.data() + kChecksummedFrom, file.size() - kChecksummedFrom);
}

/// The checksum of a mapped file, hashed a piece at a time and each piece's
/// pages given back after it: the code is most of a .kwasm (pandoc: 136 of
/// 161 MB), and hashing it whole would leave all of it resident where a run
/// touches little of it. Equal to checksumOf(mapping.bytes()).
uint64_t checksumOf(FileMapping& mapping) {
  constexpr size_t kPiece = size_t(8) << 20;  // a multiple of the page size
  const std::span<const uint8_t> file = mapping.bytes();
  XXH3_state_t state;
  XXH3_64bits_reset(&state);
  XXH3_64bits_update(&state, file.data() + kChecksummedFrom,
                     std::min(file.size(), kPiece) - kChecksummedFrom);
  for (size_t at = kPiece; at < file.size(); at += kPiece) {
    mapping.evict(at - kPiece, kPiece);
    XXH3_64bits_update(&state, file.data() + at, std::min(kPiece, file.size() - at));
  }
  mapping.evict(0, file.size());
  return XXH3_64bits_digest(&state);
}

/// The module's bytes with every function body replaced by `unreachable`
/// (valid for any type): the compiled code replaces them, and they are most
/// of a module. Nothing when the sections do not tile the module (then the
/// whole module is kept).
std::optional<std::vector<uint8_t>> reducedModule(const WasmModule& module) {
  text::ByteWriter out;
  out.append(module.bytes.data(), 8);  // magic and version
  size_t cursor = 8;
  for (size_t k = 0; k < module.sections.size(); ++k) {
    const SectionInfo& section = module.sections[k];
    if (section.offset != cursor) return std::nullopt;
    cursor = section.payloadOffset + section.payloadSize;
    // A module loaded from a .kwasm is reduced already, and its code
    // section's payload range is the original module's (for DWARF): it ends
    // where the next section starts.
    if (section.id == kCodeSection) {
      cursor = k + 1 < module.sections.size() ? module.sections[k + 1].offset : module.bytes.size();
    }
    if (section.id != kCodeSection) {
      out.append(module.bytes.data() + section.offset, cursor - section.offset);
      continue;
    }
    text::ByteWriter payload;
    payload.u32(uint32_t(module.functions.size()));
    for (size_t i = 0; i < module.functions.size(); ++i) {
      // Body size 3: no locals, unreachable, end.
      const uint8_t body[] = {3, 0, 0x00, 0x0b};
      payload.append(body, sizeof body);
    }
    out.byte(kCodeSection);
    out.u32(uint32_t(payload.size()));
    out.append(payload.bytes());
  }
  if (cursor != module.bytes.size()) return std::nullopt;
  return std::move(out.bytes());
}

const SectionInfo* codeSectionOf(const WasmModule& module) {
  for (const SectionInfo& section : module.sections) {
    if (section.id == kCodeSection) return &section;
  }
  return nullptr;
}

void writeMetadata(text::ByteWriter& out, const WasmModule& module, const CompiledParts& parts) {
  // Where each body was in the original module: backtraces report offsets there.
  const SectionInfo* code = codeSectionOf(module);
  out.u64(code ? code->payloadOffset : 0);
  out.u64(code ? code->payloadSize : 0);
  out.u32(uint32_t(module.functions.size()));
  size_t previousEnd = code ? code->payloadOffset : 0;
  for (const FunctionDefinition& function : module.functions) {
    out.u64(function.codeOffset - previousEnd);
    out.u64(function.codeEnd - function.codeOffset);
    previousEnd = function.codeEnd;
  }
  out.u32(parts.entriesStart);
  // The functions in the order of their code, so that the reader need not
  // sort them: each index as a difference from the one before (mostly 1),
  // each offset as a difference from the one before (the function's size).
  int64_t previousIndex = 0;
  uint32_t previousOffset = 0;
  for (uint32_t defined : parts.functionsByOffset) {
    out.s64(int64_t(defined) - previousIndex);
    out.u32(parts.functionOffsets[defined] - previousOffset);
    previousIndex = defined;
    previousOffset = parts.functionOffsets[defined];
  }
  uint32_t previous = parts.entriesStart;
  for (uint32_t offset : parts.entryOffsets) {
    out.u32(offset - previous);
    previous = offset;
  }
  // Sites and positions: code offsets increase, wasm offsets mostly do.
  out.u64(parts.sites.size());
  uint32_t previousCode = 0;
  int64_t previousWasm = 0;
  for (const TrapSite& site : parts.sites) {
    out.u32(site.codeOffset - previousCode);
    out.u32(uint32_t(site.code));
    out.s64(int64_t(site.wasmOffset) - previousWasm);
    previousCode = site.codeOffset;
    previousWasm = site.wasmOffset;
  }
  // Positions with their size in bytes: the loader keeps them encoded.
  const x64::SourcePositionList& positions = parts.positions.list();
  text::ByteWriter encodedPositions;
  x64::SourcePositionTable::encode(positions, encodedPositions);
  out.u64(positions.size());
  out.u64(encodedPositions.size());
  out.append(encodedPositions.bytes());
  out.u32(uint32_t(parts.handlers.size()));
  for (const x64::FunctionHandlers& function : parts.handlers) {
    out.u32(function.frameSize);
    out.u32(uint32_t(function.handlers.size()));
    for (const x64::Handler& handler : function.handlers) {
      out.u32(handler.start);
      out.u32(handler.end);
      out.u32(uint32_t(handler.next + 1));
      out.u32(uint32_t(handler.clauses.size()));
      for (const x64::HandlerClause& clause : handler.clauses) {
        out.u32(clause.tag == x64::HandlerClause::kAnyTag ? 0 : clause.tag + 1);
        out.byte(clause.byReference ? 1 : 0);
        out.u32(clause.pad);
      }
    }
  }
}

Unexpected<DeserializeError> corrupt(const std::string& why) {
  return Unexpected{DeserializeError{DeserializeError::Kind::Corrupt,
                                     "corrupted or truncated .kwasm: " + why}};
}

/// Where the parts of a checked file are.
struct Layout {
  uint64_t fileSize = 0;
  std::span<const uint8_t> module;
  std::span<const uint8_t> metadata;
  uint64_t codeOffset = 0;
  uint64_t codeSize = 0;
  uint64_t imageOffset = 0;
  uint64_t imageSize = 0;
  bool reduced = false;
  bool compressed = false;
};

/// Whether a file's checksum matches its header's. Hashing is most of
/// checking a big file: readContents does it beside the module's parse.
using ChecksumCheck = std::function<bool()>;

/// Checks the header and that the file was made for this build, these
/// options and this CPU; reads nothing else. The checksum is left to
/// readContents, but a file refused here for its build, options or CPU is
/// hashed first, so that a corrupted header reads as corrupted.
Expected<Layout, DeserializeError> checkFile(std::span<const uint8_t> file, const Config& config,
                                             const ChecksumCheck& checksumMatches) {
  if (!isSerializedModule(file)) return corrupt("not a .kwasm file (wrong magic)");
  if (file.size() < kHeaderSize) return corrupt("shorter than its header");
  const uint8_t* header = file.data();
  const uint32_t format = getU32(header + kFormatVersionAt);
  const std::string version(reinterpret_cast<const char*>(header + kVersionAt),
                            strnlen(reinterpret_cast<const char*>(header + kVersionAt), kVersionSize));
  const BuildIdentity& identity = buildIdentity();
  if (format != kFormatVersion) {
    return Unexpected{DeserializeError{
        DeserializeError::Kind::Incompatible,
        "the .kwasm was made by another Kiln version (format " + std::to_string(format) +
            ", this Kiln " + identity.version + " reads format " + std::to_string(kFormatVersion) +
            "): compile it again"}};
  }
  if (getU32(header + kHeaderSizeAt) != kHeaderSize) return corrupt("wrong header size");
  if (getU64(header + kFileSizeAt) != file.size()) {
    return corrupt("the file has " + std::to_string(file.size()) + " bytes, its header says " +
                   std::to_string(getU64(header + kFileSizeAt)));
  }
  auto incompatible = [&](std::string why) -> Expected<Layout, DeserializeError> {
    if (!checksumMatches()) return corrupt("checksum mismatch");
    return Unexpected{DeserializeError{DeserializeError::Kind::Incompatible, std::move(why)}};
  };
  if (std::memcmp(header + kBuildIdAt, identity.id.data(), identity.id.size()) != 0) {
    return incompatible("the .kwasm was made by another Kiln build (Kiln " + version + ", build " +
                        (version == identity.version ? "differs" : "of another version") +
                        "; this is Kiln " + identity.version + "): compile it again");
  }
  const uint8_t options = header[kOptionsAt];
  const uint8_t wanted = codeOptionBits(config);
  if (options != wanted) {
    std::string differences;
    for (size_t i = 0; i < std::size(kCodeOptions); ++i) {
      const uint8_t bit = uint8_t(1u << i);
      if ((options & bit) == (wanted & bit)) continue;
      if (!differences.empty()) differences += "; ";
      differences += std::string(kCodeOptions[i].name) + ": " + (options & bit ? "on" : "off") +
                     " in the file, " + (wanted & bit ? "on" : "off") + " in the engine";
    }
    return incompatible("the .kwasm was compiled with other engine options: " + differences);
  }
  if (header[kCpuAt] != cpuBits(config)) {
    return incompatible("the .kwasm was compiled for other CPU features (" +
                        cpuFeatureNames(header[kCpuAt]) + ") than the engine compiles for (" +
                        cpuFeatureNames(cpuBits(config)) + "; Config::cpu, --cpu)");
  }
  // Sizes that wrap are refused with those that overrun.
  auto range = [&](size_t at, std::span<const uint8_t>& out) {
    const uint64_t offset = getU64(header + at), size = getU64(header + at + 8);
    if (offset < kHeaderSize || offset > file.size() || size > file.size() - offset) return false;
    out = file.subspan(offset, size);
    return true;
  };
  Layout layout;
  layout.fileSize = file.size();
  std::span<const uint8_t> code, image;
  const bool noImage = getU64(header + kImageAt) == 0 && getU64(header + kImageAt + 8) == 0;
  if (!range(kModuleAt, layout.module) || !range(kMetadataAt, layout.metadata) ||
      !range(kCodeAt, code) || (!noImage && !range(kImageAt, image))) {
    return corrupt("a section lies outside the file");
  }
  layout.imageOffset = image.empty() ? 0 : getU64(header + kImageAt);
  layout.imageSize = image.size();
  if (layout.imageOffset % kCodeAlignment != 0 || layout.imageSize % kCodeAlignment != 0) {
    return corrupt("misplaced memory image");
  }
  layout.codeOffset = getU64(header + kCodeAt);
  layout.codeSize = code.size();
  if (layout.codeOffset % 16 != 0 || layout.codeSize > x64::CodeArea::kMaxSize) {
    return corrupt("misplaced code");
  }
  layout.reduced = header[kFlagsAt] & kReducedModule;
  layout.compressed = header[kFlagsAt] & kCompressedModule;
  return layout;
}

/// A file's metadata as read, before it meets the module it describes.
struct Metadata {
  CompiledParts parts;
  /// The original module's code section payload and each body in it.
  uint64_t sectionOffset = 0;
  uint64_t sectionSize = 0;
  std::vector<std::pair<uint64_t, uint64_t>> bodies;  // [start, end) by defined index
  uint32_t tagsNamed = 0;  // one more than the largest tag index a handler names
};

/// Reads a file's metadata; needs nothing of its module, so that a big one is
/// read while the module is parsed (applyMetadata then checks that the two
/// agree). Every count is bounded by the bytes left and every offset by the
/// code's size.
Expected<Metadata, DeserializeError> readMetadata(std::span<const uint8_t> metadata,
                                                  uint64_t codeSize) {
  try {
    BinaryReader in(metadata, 0, metadata.size(), true);
    // A count of items of at least `bytesEach` bytes each.
    auto count = [&](size_t bytesEach) {
      uint64_t n = in.readU64();
      if (n > in.remaining() / bytesEach) BinaryReader::fail(in.offset(), "count too large");
      return size_t(n);
    };
    auto offsetInCode = [&](uint64_t offset) {
      if (offset >= codeSize) BinaryReader::fail(in.offset(), "offset outside the code");
      return uint32_t(offset);
    };
    Metadata read;
    CompiledParts& parts = read.parts;
    read.sectionOffset = in.readU64();
    read.sectionSize = in.readU64();
    const size_t functions = in.readU32();
    if (functions > in.remaining() / 3) BinaryReader::fail(in.offset(), "function count too large");
    reserveInHugePages(read.bodies, functions);
    read.bodies.resize(functions);
    uint64_t previousEnd = read.sectionOffset;
    for (size_t i = 0; i < functions; ++i) {
      const uint64_t gap = in.readU64(), length = in.readU64();
      if (gap > (uint64_t(1) << 40) || length > (uint64_t(1) << 40)) {
        BinaryReader::fail(in.offset(), "function bounds too large");
      }
      read.bodies[i] = {previousEnd + gap, previousEnd + gap + length};
      previousEnd += gap + length;
    }
    parts.entriesStart = in.readU32();
    if (parts.entriesStart > codeSize) BinaryReader::fail(in.offset(), "entries outside the code");
    // Each function once, at increasing offsets before the entries.
    constexpr uint32_t kUnplaced = UINT32_MAX;
    reserveInHugePages(parts.functionOffsets, functions);
    reserveInHugePages(parts.functionsByOffset, functions);
    parts.functionOffsets.resize(functions, kUnplaced);
    parts.functionsByOffset.resize(functions);
    int64_t index = 0;
    uint64_t offset = 0;
    for (size_t k = 0; k < functions; ++k) {
      index += in.readS64();
      if (index < 0 || uint64_t(index) >= functions || parts.functionOffsets[index] != kUnplaced) {
        BinaryReader::fail(in.offset(), "a function missing or listed twice");
      }
      const uint32_t size = in.readU32();
      if (k != 0 && size == 0) BinaryReader::fail(in.offset(), "functions out of order");
      offset += size;
      if (offset >= parts.entriesStart) BinaryReader::fail(in.offset(), "function among the entries");
      parts.functionOffsets[index] = uint32_t(offset);
      parts.functionsByOffset[k] = uint32_t(index);
    }
    reserveInHugePages(parts.entryOffsets, functions);
    parts.entryOffsets.resize(functions);
    uint64_t entry = parts.entriesStart;
    for (size_t i = 0; i < functions; ++i) {
      entry += in.readU32();
      parts.entryOffsets[i] = offsetInCode(entry);
    }
    // Wasm offsets are kept in 64 bits while they are summed, so that no
    // delta wraps them.
    auto wasmOffset = [&](int64_t& previous) {
      previous += in.readS64();
      if (previous < 0 || previous > int64_t(UINT32_MAX)) {
        BinaryReader::fail(in.offset(), "wasm offset out of range");
      }
      return uint32_t(previous);
    };
    parts.sites.resize(count(3));
    uint64_t code = 0;
    int64_t wasm = 0;
    for (TrapSite& site : parts.sites) {
      code += in.readU32();
      site.codeOffset = offsetInCode(code);
      const uint32_t trap = in.readU32();
      if (trap >= kTrapCodeCount) BinaryReader::fail(in.offset(), "unknown trap code");
      site.code = TrapCode(trap);
      site.wasmOffset = wasmOffset(wasm);
    }
    // Kept encoded until a backtrace needs them (SourcePositionTable).
    const uint64_t positionCount = in.readU64();
    const uint64_t positionBytes = in.readU64();
    if (positionBytes > in.remaining() || positionCount > positionBytes / 2) {
      BinaryReader::fail(in.offset(), "source positions too large");
    }
    const size_t positionsAt = in.skipBytes(size_t(positionBytes));
    parts.positions = x64::SourcePositionTable::encoded(
        std::vector<uint8_t>(metadata.begin() + ptrdiff_t(positionsAt),
                             metadata.begin() + ptrdiff_t(positionsAt + positionBytes)),
        positionCount, codeSize);
    const size_t handlerFunctions = in.readU32();
    if (handlerFunctions != 0 && handlerFunctions != functions) {
      BinaryReader::fail(in.offset(), "handler tables for some functions only");
    }
    reserveInHugePages(parts.handlers, handlerFunctions);
    parts.handlers.resize(handlerFunctions);
    for (size_t f = 0; f < handlerFunctions; ++f) {
      x64::FunctionHandlers& function = parts.handlers[f];
      function.frameSize = in.readU32();
      function.handlers.resize(count(4));
      const uint64_t start = parts.functionOffsets[f];
      for (x64::Handler& handler : function.handlers) {
        handler.start = in.readU32();
        handler.end = in.readU32();
        const uint32_t next = in.readU32();
        if (next > function.handlers.size()) BinaryReader::fail(in.offset(), "bad handler link");
        handler.next = int32_t(next) - 1;
        handler.clauses.resize(count(3));
        for (x64::HandlerClause& clause : handler.clauses) {
          const uint32_t tag = in.readU32();
          read.tagsNamed = std::max(read.tagsNamed, tag);
          clause.tag = tag == 0 ? x64::HandlerClause::kAnyTag : tag - 1;
          clause.byReference = in.readByte() != 0;
          clause.pad = offsetInCode(start + in.readU32()) - uint32_t(start);
        }
      }
    }
    if (!in.atEnd()) BinaryReader::fail(in.offset(), "trailing bytes");
    return read;
  } catch (const DecodeFailure& failure) {
    return corrupt("metadata at " + std::to_string(failure.offset) + ": " + failure.message);
  }
}

/// Checks that `metadata` describes `module` (the module as parsed from the
/// file, that nothing else holds yet) and, when the module is reduced, puts
/// its function offsets back to the original's: backtraces and DWARF report
/// those.
std::optional<DeserializeError> applyMetadata(const Metadata& metadata, WasmModule& module,
                                              bool reduced) {
  if (metadata.bodies.size() != module.functions.size()) {
    return corrupt("the metadata's function count differs from the module's").error;
  }
  // A clause's tag is stored as its index plus one.
  if (metadata.tagsNamed > module.tagCount()) return corrupt("a handler names an unknown tag").error;
  if (!reduced) return std::nullopt;
  for (size_t i = 0; i < metadata.bodies.size(); ++i) {
    module.functions[i].codeOffset = size_t(metadata.bodies[i].first);
    module.functions[i].codeEnd = size_t(metadata.bodies[i].second);
  }
  for (SectionInfo& section : module.sections) {
    if (section.id != kCodeSection) continue;
    section.payloadOffset = size_t(metadata.sectionOffset);
    section.payloadSize = size_t(metadata.sectionSize);
  }
  return std::nullopt;
}

/// The module and metadata of a checked file, without its code.
struct Contents {
  std::shared_ptr<const WasmModule> module;
  CompiledParts parts;
};

/// The module's bytes, decompressed when they are compressed.
Expected<std::vector<uint8_t>, DeserializeError> moduleBytesOf(const Layout& layout) {
  if (!layout.compressed) return std::vector<uint8_t>(layout.module.begin(), layout.module.end());
  if (layout.module.size() < 8) return corrupt("module size missing");
  const uint64_t size = getU64(layout.module.data());
  const std::span<const uint8_t> packed = layout.module.subspan(8);
  // LZ4 expands at most 255 times.
  if (size > kMaxCompressedModule || size / 255 > packed.size() || packed.size() > kMaxCompressedModule) {
    return corrupt("bad module size");
  }
  // Tens of megabytes for a big module (its data segments): in huge pages
  // they take a page fault per 2 MiB rather than per 4 KiB, and unmap faster.
  std::vector<uint8_t> bytes;
  reserveInHugePages(bytes, size);
  bytes.resize(size);
  const int unpacked = LZ4_decompress_safe(reinterpret_cast<const char*>(packed.data()),
                                           reinterpret_cast<char*>(bytes.data()), int(packed.size()),
                                           int(size));
  if (unpacked < 0 || uint64_t(unpacked) != size) return corrupt("the module does not decompress");
  return bytes;
}

/// A module loaded from a file without a memory image whose data reaches at
/// least this far has its image built on a thread of its own (loadMapped).
constexpr uint64_t kBuildImageAside = uint64_t(4) << 20;

/// A file of at least this many bytes is hashed, and its metadata read, on a
/// thread of its own while the module is parsed: for pandoc (161 MB), 15 ms
/// of hashing and 60 of metadata beside 100 of parsing.
constexpr size_t kReadAside = size_t(8) << 20;

/// The module and metadata of a file checkFile accepted, once its checksum
/// matches. A big file's module is decompressed and parsed before the
/// checksum is known (beside the hashing), as any bytes may be; it is used
/// only if the checksum matches, and nothing is made executable before.
Expected<Contents, DeserializeError> readContents(const Layout& layout,
                                                  const ChecksumCheck& checksumMatches) {
  bool checksumMatched = false;
  std::optional<Expected<Metadata, DeserializeError>> metadata;
  // Nothing may escape a thread: running out of memory is an error.
  auto aside = [&] {
    checksumMatched = checksumMatches();
    if (!checksumMatched) return;
    try {
      metadata.emplace(readMetadata(layout.metadata, layout.codeSize));
    } catch (const std::bad_alloc&) {
      metadata.emplace(Unexpected{DeserializeError{DeserializeError::Kind::Resource,
                                                   "out of memory for the .kwasm's metadata"}});
    }
  };
  std::jthread reader;  // joined on every return
  if (layout.fileSize >= kReadAside) {
    try {
      reader = std::jthread(aside);
    } catch (const std::system_error&) {
      // No thread to be had: all of it here, in turn.
    }
  }
  if (!reader.joinable()) {
    aside();
    if (!checksumMatched) return corrupt("checksum mismatch");
  }
  auto bytes = moduleBytesOf(layout);
  std::optional<Expected<std::shared_ptr<const WasmModule>, ModuleError>> parsed;
  if (bytes) {
    parsed.emplace(parseModule(std::move(*bytes), layout.reduced ? Bodies::Skip : Bodies::Validate));
  }
  if (reader.joinable()) reader.join();
  if (!checksumMatched) return corrupt("checksum mismatch");
  if (!bytes) return Unexpected{std::move(bytes.error())};
  if (!*parsed) return corrupt("its module does not decode: " + parsed->error().message);
  if (!*metadata) return Unexpected{std::move(metadata->error())};
  // parseModule made it and nothing else holds it yet: its function offsets
  // may still be put back to the original module's.
  auto& module = const_cast<WasmModule&>(***parsed);
  if (auto error = applyMetadata(**metadata, module, layout.reduced)) {
    return Unexpected{std::move(*error)};
  }
  return Contents{std::move(**parsed), std::move((*metadata)->parts)};
}

Expected<LoadedModule, DeserializeError> outOfMemory() {
  return Unexpected{
      DeserializeError{DeserializeError::Kind::Resource, "out of memory for compiled code"}};
}

/// The module of `contents` with its code in `memory`, named in the perf map
/// when the engine writes one (--perf-map): loaded code is never compiled,
/// so nothing else names it. A function's code runs to the next one's start,
/// the last one's to the entries.
LoadedModule assemble(Contents contents, std::unique_ptr<x64::CodeMemory> memory,
                      uint32_t codeSize, const Config& config) {
  if (config.perfMap) {
    const std::vector<uint32_t>& offsets = contents.parts.functionOffsets;
    const std::vector<uint32_t>& byPlace = contents.parts.functionsByOffset;
    std::vector<uint32_t> sizes(offsets.size());
    for (size_t k = 0; k < byPlace.size(); ++k) {
      const uint32_t end =
          k + 1 < byPlace.size() ? offsets[byPlace[k + 1]] : contents.parts.entriesStart;
      sizes[byPlace[k]] = end - offsets[byPlace[k]];
    }
    x64::writePerfMap(*contents.module, 0, memory->data(), offsets, sizes);
  }
  auto compiled = x64::assembleCompiledModule(contents.module, std::move(memory), codeSize,
                                              std::move(contents.parts));
  return LoadedModule{std::move(contents.module), std::move(compiled), nullptr};
}

/// Copies `code` into new executable memory and assembles the module.
Expected<LoadedModule, DeserializeError> assembleCopy(Contents contents,
                                                      std::span<const uint8_t> code,
                                                      const Config& config) {
  std::unique_ptr<x64::CodeMemory> memory = x64::CodeMemory::allocate(code.size());
  if (!memory) return outOfMemory();
  std::memcpy(memory->data(), code.data(), code.size());
  if (!memory->makeExecutable()) return outOfMemory();
  return assemble(std::move(contents), std::move(memory), uint32_t(code.size()), config);
}

/// Hands the pages of `mapping` from `offset` (page aligned) to the end
/// over, made read+execute, and unmaps the rest; null (the mapping left as
/// it was) when the file system refuses executable mappings (noexec).
std::unique_ptr<x64::CodeMemory> takeCodeFrom(FileMapping& mapping, size_t offset) {
  if (!mapping.protect(offset, PROT_READ | PROT_EXEC)) return nullptr;
  std::span<uint8_t> pages = mapping.release();
  const size_t mapped = size_t(alignUp(pages.size(), kCodeAlignment));
  auto memory = x64::CodeMemory::adopt(pages.data() + offset, mapped - offset);
  if (offset) munmap(pages.data(), offset);
  return memory;
}

}  // namespace

std::string codeFingerprint(const Config& config) {
  const BuildIdentity& identity = buildIdentity();
  std::string fingerprint(identity.id.begin(), identity.id.end());
  fingerprint += char(kFormatVersion);
  fingerprint += char(codeOptionBits(config));
  fingerprint += char(cpuBits(config));
  return fingerprint;
}

bool isSerializedModule(std::span<const uint8_t> bytes) {
  return bytes.size() >= sizeof kSerializedMagic &&
         std::memcmp(bytes.data(), kSerializedMagic, sizeof kSerializedMagic) == 0;
}

bool isSerializable(const CompiledModule& compiled) {
  return x64::viewOf(compiled).parts != nullptr;
}

std::optional<std::vector<uint8_t>> serializeModule(const WasmModule& module,
                                                    const CompiledModule& compiled,
                                                    const Config& config) {
  const x64::CompiledView view = x64::viewOf(compiled);
  if (!view.parts) return std::nullopt;
  std::optional<std::vector<uint8_t>> reduced = reducedModule(module);
  const std::vector<uint8_t>& moduleBytes = reduced ? *reduced : module.bytes;
  text::ByteWriter metadata;
  writeMetadata(metadata, module, *view.parts);

  text::ByteWriter out;
  out.bytes().resize(kHeaderSize);
  const uint64_t moduleOffset = out.size();
  bool compressed = false;
  if (moduleBytes.size() <= kMaxCompressedModule) {
    const int bound = LZ4_compressBound(int(moduleBytes.size()));
    out.fixed64(moduleBytes.size());
    out.bytes().resize(moduleOffset + 8 + size_t(bound));
    const int size = LZ4_compress_default(reinterpret_cast<const char*>(moduleBytes.data()),
                                          reinterpret_cast<char*>(out.bytes().data() + moduleOffset + 8),
                                          int(moduleBytes.size()), bound);
    compressed = size > 0;
    out.bytes().resize(compressed ? moduleOffset + 8 + size_t(size) : moduleOffset);
  }
  if (!compressed) out.append(moduleBytes);
  const uint64_t moduleSize = out.size() - moduleOffset;
  const uint64_t metadataOffset = out.size();
  out.append(metadata.bytes());
  // Code worth mapping starts on a page; a small module's is copied at load
  // and is not padded (a page of padding would triple a tiny module).
  const uint64_t alignment = view.code.size() >= kMappedCodeMinimum ? kCodeAlignment : 16;
  // Memory 0's initial contents, page aligned, for loads from a file to map
  // (MemoryImage::fromFile) instead of writing every data page: only with
  // guard pages, the one mode that maps images, and only while the file
  // stays within kMaxSizeOverModule times the module.
  uint64_t imageOffset = 0, imageSize = 0;
  if (config.memoryMode == MemoryMode::GuardPages) {
    if (std::optional<MemoryImage::Extent> extent = MemoryImage::extentOf(module)) {
      const uint64_t offset = alignUp(out.size(), kCodeAlignment);
      const uint64_t size = alignUp(extent->dataEnd, kCodeAlignment);
      const uint64_t fileSize = alignUp(offset + size, alignment) + view.code.size();
      if (fileSize <= kMaxSizeOverModule * module.bytes.size()) {
        imageOffset = offset;
        imageSize = size;
        out.bytes().resize(offset + size);
        MemoryImage::writeContents(module, std::span(out.bytes()).subspan(offset, size));
      }
    }
  }
  const uint64_t codeOffset = alignUp(out.size(), alignment);
  out.bytes().resize(codeOffset);
  out.append(view.code.data(), view.code.size());

  uint8_t* header = out.bytes().data();
  std::memcpy(header + kMagicAt, kSerializedMagic, sizeof kSerializedMagic);
  putU32(header + kFormatVersionAt, kFormatVersion);
  putU32(header + kHeaderSizeAt, kHeaderSize);
  putU64(header + kFileSizeAt, out.size());
  const BuildIdentity& identity = buildIdentity();
  std::memcpy(header + kBuildIdAt, identity.id.data(), identity.id.size());
  std::memcpy(header + kVersionAt, identity.version.data(),
              std::min(identity.version.size(), kVersionSize));
  header[kOptionsAt] = codeOptionBits(config);
  header[kCpuAt] = cpuBits(config);
  header[kFlagsAt] = uint8_t((reduced ? kReducedModule : 0) | (compressed ? kCompressedModule : 0));
  putU64(header + kModuleAt, moduleOffset);
  putU64(header + kModuleAt + 8, moduleSize);
  putU64(header + kMetadataAt, metadataOffset);
  putU64(header + kMetadataAt + 8, metadata.size());
  putU64(header + kCodeAt, codeOffset);
  putU64(header + kCodeAt + 8, view.code.size());
  putU64(header + kImageAt, imageOffset);
  putU64(header + kImageAt + 8, imageSize);
  putU64(header + kChecksumAt, checksumOf(out.bytes()));
  return std::move(out.bytes());
}

Expected<LoadedModule, DeserializeError> deserializeModule(std::span<const uint8_t> bytes,
                                                           const Config& config) {
  const ChecksumCheck checksumMatches = [bytes] {
    return getU64(bytes.data() + kChecksumAt) == checksumOf(bytes);
  };
  auto layout = checkFile(bytes, config, checksumMatches);
  if (!layout) return Unexpected{std::move(layout.error())};
  auto contents = readContents(*layout, checksumMatches);
  if (!contents) return Unexpected{std::move(contents.error())};
  return assembleCopy(std::move(*contents), bytes.subspan(layout->codeOffset, layout->codeSize),
                      config);
}

namespace {

/// Loads the checked-out parts of a .kwasm file mapped from `fd`, which
/// stays the caller's: a memory image in the file gets a duplicate of it.
Expected<LoadedModule, DeserializeError> loadMapped(FileMapping& mapping, int fd,
                                                    const Config& config) {
  const ChecksumCheck checksumMatches = [&mapping] {
    return getU64(mapping.bytes().data() + kChecksumAt) == checksumOf(mapping);
  };
  auto layout = checkFile(mapping.bytes(), config, checksumMatches);
  if (!layout) return Unexpected{std::move(layout.error())};
  auto contents = readContents(*layout, checksumMatches);
  if (!contents) return Unexpected{std::move(contents.error())};
  std::shared_ptr<const MemoryImage> image;
  if (layout->imageSize != 0) {
    std::optional<MemoryImage::Extent> extent = MemoryImage::extentOf(*contents->module);
    if (!extent || layout->imageSize != alignUp(extent->dataEnd, kCodeAlignment)) {
      return corrupt("the memory image does not match the module's data");
    }
    // Without a descriptor the module still works: makeModule builds an image.
    const int imageFd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (imageFd >= 0) {
      image = MemoryImage::fromFile(imageFd, layout->imageOffset, layout->imageSize,
                                    extent->bytes);
    }
  }
  // A file without an image (pandoc's: the image would take it past the
  // size limit) has the image built on a thread of its own while the code
  // is assembled, rather than by makeModule after: 30 MB of segments.
  std::shared_ptr<const MemoryImage> built;
  std::jthread imageBuilder;  // joined on every return
  if (!image && config.memoryMode == MemoryMode::GuardPages) {
    std::optional<MemoryImage::Extent> extent = MemoryImage::extentOf(*contents->module);
    if (extent && extent->dataEnd >= kBuildImageAside) {
      try {
        imageBuilder = std::jthread([&built, module = contents->module] {
          try {
            built = MemoryImage::build(*module);
          } catch (const std::bad_alloc&) {
            // Then makeModule tries again, or does without.
          }
        });
      } catch (const std::system_error&) {
        // No thread to be had: makeModule builds it.
      }
    }
  }
  auto loaded = [&]() -> Expected<LoadedModule, DeserializeError> {
    // The code ends the file (the header's sizes were checked against it).
    if (layout->codeSize != 0 && layout->codeOffset % kCodeAlignment == 0 &&
        layout->codeOffset + layout->codeSize == mapping.bytes().size()) {
      if (std::unique_ptr<x64::CodeMemory> memory = takeCodeFrom(mapping, layout->codeOffset)) {
        return assemble(std::move(*contents), std::move(memory), uint32_t(layout->codeSize), config);
      }
    }
    return assembleCopy(std::move(*contents),
                        mapping.bytes().subspan(layout->codeOffset, layout->codeSize), config);
  }();
  if (imageBuilder.joinable()) {
    imageBuilder.join();
    image = std::move(built);
  }
  if (loaded) loaded->memoryImage = std::move(image);
  return loaded;
}

}  // namespace

Expected<LoadedModule, DeserializeError> deserializeModuleFile(const std::string& path,
                                                               const Config& config,
                                                               uint64_t maxBytes) {
  auto resource = [&](const std::string& why) {
    return Unexpected{DeserializeError{DeserializeError::Kind::Resource, path + ": " + why}};
  };
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return resource(std::strerror(errno));
  struct stat info {};
  FileMapping mapping;
  const bool statted = fstat(fd, &info) == 0;
  const bool fits = statted && S_ISREG(info.st_mode) && uint64_t(info.st_size) <= maxBytes;
  const bool mapped = fits && info.st_size >= off_t(kHeaderSize) && mapping.map(fd, size_t(info.st_size));
  if (!statted || !S_ISREG(info.st_mode) || !fits || !mapped) {
    close(fd);
    if (!statted || !S_ISREG(info.st_mode)) return resource("not a regular file");
    if (!fits) return resource("over the size limit of " + std::to_string(maxBytes) + " bytes");
    if (info.st_size < off_t(kHeaderSize)) return corrupt("shorter than its header");
    return resource("cannot map the file");
  }
  auto loaded = loadMapped(mapping, fd, config);
  close(fd);
  return loaded;
}

}  // namespace kiln
