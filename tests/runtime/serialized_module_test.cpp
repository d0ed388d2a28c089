// Precompiled modules (.kwasm) and the compiled-code cache: a deserialized
// module runs like the compiled one (results, traps with their backtraces,
// exceptions, SIMD, every kind of import and export), a file for another
// build, options or CPU is refused, corruption never crashes, and the cache
// hits, misses, repairs, evicts and takes concurrent users.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "compiler/x64/function_compiler.h"
#include "runtime_test_util.h"

namespace kiln::test {
namespace {

constexpr std::string_view kWat = R"((module
  (import "host" "twice" (func $twice (param i32) (result i32)))
  (tag $e (param i32))
  (memory (export "mem") 1)
  (data (i32.const 16) "kiln")
  (table (export "table") 2 funcref)
  (elem (i32.const 0) $add $twice)
  (global $g (export "g") (mut i32) (i32.const 7))
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "indirect") (param i32) (result i32)
    (call_indirect (param i32) (result i32) (local.get 0) (i32.const 1)))
  (func (export "load") (result i32) (i32.load (i32.const 16)))
  (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func $outer (export "trap") (result i32) (call $inner (i32.const 0)))
  (func (export "catch") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (throw $e (local.get 0)))
      (i32.const -1)))
  (func (export "simd") (param i32) (result i32)
    (i32x4.extract_lane 2 (i32x4.add (i32x4.splat (local.get 0)) (v128.const i32x4 1 2 3 4))))
  (func (export "global") (result i32) (global.get $g)))
)";

std::vector<uint8_t> binary(std::string_view wat = kWat) {
  auto bytes = watToBinary(wat);
  EXPECT_TRUE(bytes) << (bytes ? "" : bytes.error().toString());
  return bytes ? *bytes : std::vector<uint8_t>{};
}

/// A module of one export "f" returning `value`.
std::vector<uint8_t> constModule(int value) {
  return binary("(module (func (export \"f\") (result i32) (i32.const " + std::to_string(value) +
                ")))");
}

/// Results and traps of every export of kWat, as text, for comparison.
std::string behaviour(const Engine& engine, const Module& module) {
  Store store(engine);
  Linker linker;
  linker.defineFunc(store, "host", "twice", FuncType{{ValType::I32}, {ValType::I32}},
                    [](Caller&, std::span<const Val> params, std::span<Val> results) -> std::optional<Error> {
                      results[0] = Val::i32(params[0].i32() * 2);
                      return std::nullopt;
                    });
  Instance instance = instantiateOrFail(linker, store, module);
  std::string out;
  auto call = [&](const char* name, std::vector<Val> args) {
    auto result = instance.getFunc(name)->call(args);
    out += std::string(name) + ": ";
    if (result) {
      for (const Val& value : *result) out += std::to_string(value.i32()) + " ";
    } else {
      out += result.error().toString();
      if (result.error().trap) {
        for (const TrapFrame& frame : result.error().trap->backtrace) {
          out += " [" + frame.functionName + " #" + std::to_string(frame.functionIndex) + " @" +
                 std::to_string(frame.codeOffset) + "]";
        }
      }
    }
    out += "\n";
  };
  call("add", {Val::i32(2), Val::i32(40)});
  call("indirect", {Val::i32(21)});
  call("load", {});
  call("trap", {});
  call("catch", {Val::i32(5)});
  call("simd", {Val::i32(10)});
  call("global", {});
  out += "exports:";
  for (const ExportType& e : module.exports()) out += " " + e.name;
  out += " imports:";
  for (const ImportType& i : module.imports()) out += " " + i.module + "." + i.name;
  return out;
}

TEST(SerializedModule, RoundTripBehavesTheSame) {
  Engine engine;
  Module module = compileWat(engine, kWat);
  const std::string expected = behaviour(engine, module);
  EXPECT_NE(expected.find("add: 42"), std::string::npos) << expected;
  EXPECT_NE(expected.find("indirect: 42"), std::string::npos) << expected;
  EXPECT_NE(expected.find("catch: 5"), std::string::npos) << expected;
  EXPECT_NE(expected.find("simd: 13"), std::string::npos) << expected;
  EXPECT_NE(expected.find("[inner #"), std::string::npos) << expected;
  EXPECT_NE(expected.find("[outer #"), std::string::npos) << expected;
  auto image = module.serialize();
  ASSERT_TRUE(image);
  EXPECT_TRUE(Module::isSerialized(*image));
  auto loaded = Module::deserialize(engine, *image);
  ASSERT_TRUE(loaded) << loaded.error().toString();
  EXPECT_EQ(behaviour(engine, *loaded), expected);
  // And again from the deserialized module: nothing is lost on the way.
  auto again = loaded->serialize();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *image);
}

TEST(SerializedModule, FileRoundTripMapsTheCode) {
  Engine engine;
  Module module = compileWat(engine, kWat);
  const std::string path = testing::TempDir() + "/kiln_roundtrip_" + std::to_string(getpid()) + ".kwasm";
  ASSERT_FALSE(module.serializeToFile(path));
  auto loaded = Module::deserializeFile(engine, path);
  ASSERT_TRUE(loaded) << loaded.error().toString();
  EXPECT_EQ(behaviour(engine, *loaded), behaviour(engine, module));
  std::filesystem::remove(path);
  // The mapping outlives the file.
  EXPECT_EQ(behaviour(engine, *loaded), behaviour(engine, module));
  EXPECT_FALSE(Module::deserializeFile(engine, path));
}

TEST(SerializedModule, LargeCodeIsMappedFromTheFile) {
  // Enough functions for the code to start on a page of its own.
  std::string wat = "(module";
  for (int i = 0; i < 600; ++i) {
    wat += " (func (export \"f" + std::to_string(i) + "\") (param i32) (result i32) (i32.mul (i32.add "
           "(local.get 0) (i32.const " + std::to_string(i) + ")) (i32.const 3)))";
  }
  wat += ")";
  Engine engine;
  Module module = compileWat(engine, wat);
  const std::string path =
      (std::filesystem::path(testing::TempDir()) / ("kiln_mapped_" + std::to_string(getpid()) + ".kwasm"))
          .string();
  ASSERT_FALSE(module.serializeToFile(path));
  auto loaded = Module::deserializeFile(engine, path);
  ASSERT_TRUE(loaded) << loaded.error().toString();
  // /proc/self/maps lists the file, mapped read+execute and private.
  std::ifstream maps("/proc/self/maps");
  bool mapped = false;
  for (std::string line; std::getline(maps, line);) {
    if (line.find(path) != std::string::npos) mapped = mapped || line.find(" r-xp ") != std::string::npos;
  }
  EXPECT_TRUE(mapped);
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, *loaded);
  EXPECT_EQ((*instance.getFunc("f599")->call(std::vector{Val::i32(1)}))[0].i32(), 1800);
  std::filesystem::remove(path);
}

/// Memory 0 after its data segments, which overlap and cross a page
/// boundary, with 60,000 bytes of "q" from 8192 (so that the module is big
/// enough for its .kwasm to carry the image: at most 3 times the module);
/// peek(i) reads byte i, poke(i, v) writes it, grow(n) grows.
std::string dataWat() {
  return R"((module
  (memory 2)
  (data (i32.const 0) "abc")
  (data (i32.const 4090) "0123456789")
  (data (i32.const 4094) "XY")
  (data (i32.const 8192) ")" + std::string(60000, 'q') + R"(")
  (data (i32.const 70000) "z")
  (data "passive")
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
)";
}

/// The bytes of dataWat()'s memory at the offsets that matter, as text.
std::string dataBytes(Instance& instance) {
  auto peek = TypedFunc<int32_t(int32_t)>::of(*instance.getFunc("peek"));
  std::string out;
  for (int32_t at : {0, 1, 2, 3, 4090, 4093, 4094, 4095, 4096, 4099, 4100, 8192, 68191, 68192, 70000,
                     70001, 131071}) {
    out += std::to_string(*peek->call(at)) + " ";
  }
  return out;
}

/// Whether /proc/self/maps shows `path` mapped with permissions `perms`.
bool mappedAs(const std::string& path, const std::string& perms) {
  std::ifstream maps("/proc/self/maps");
  for (std::string line; std::getline(maps, line);) {
    if (line.find(path) != std::string::npos && line.find(" " + perms + " ") != std::string::npos) {
      return true;
    }
  }
  return false;
}

TEST(SerializedModule, MemoryImageIsMappedFromTheFile) {
  for (MemoryMode mode : {MemoryMode::GuardPages, MemoryMode::BoundsChecks}) {
    SCOPED_TRACE(mode == MemoryMode::GuardPages ? "guard pages" : "bounds checks");
    Config config;
    config.memoryMode = mode;
    Engine engine(config);
    Module module = compileWat(engine, dataWat());
    Store compiledStore(engine);
    Instance compiled = instantiateOrFail(Linker(), compiledStore, module);
    const std::string expected = dataBytes(compiled);
    EXPECT_EQ(expected, "97 98 99 0 48 51 88 89 54 57 0 113 113 0 122 0 0 ");
    const std::string path = (std::filesystem::path(testing::TempDir()) /
                              ("kiln_image_" + std::to_string(getpid()) + ".kwasm"))
                                 .string();
    ASSERT_FALSE(module.serializeToFile(path));
    auto loaded = Module::deserializeFile(engine, path);
    ASSERT_TRUE(loaded) << loaded.error().toString();
    Store store(engine);
    Instance first = instantiateOrFail(Linker(), store, *loaded);
    Instance second = instantiateOrFail(Linker(), store, *loaded);
    // With guard pages the data pages are the file's, mapped copy-on-write;
    // bounds checks copy the segments, so the file has no image.
    EXPECT_EQ(mappedAs(path, "rw-p"), mode == MemoryMode::GuardPages);
    EXPECT_EQ(dataBytes(first), expected);
    // A write stays in its instance, and never reaches the file.
    auto poke = TypedFunc<void(int32_t, int32_t)>::of(*first.getFunc("poke"));
    ASSERT_TRUE(poke->call(4094, 7));
    ASSERT_TRUE(poke->call(100000, 5));
    EXPECT_EQ(*TypedFunc<int32_t(int32_t)>::of(*first.getFunc("peek"))->call(4094), 7);
    EXPECT_EQ(dataBytes(second), expected);
    auto grow = TypedFunc<int32_t(int32_t)>::of(*first.getFunc("grow"));
    EXPECT_EQ(*grow->call(1), 2);
    EXPECT_EQ(*TypedFunc<int32_t(int32_t)>::of(*first.getFunc("peek"))->call(140000), 0);
    Store later(engine);
    Instance third = instantiateOrFail(Linker(), later, *loaded);
    EXPECT_EQ(dataBytes(third), expected);
    std::filesystem::remove(path);
  }
}

TEST(SerializedModule, CodeHoldsNoAbsoluteAddress) {
  // Two compilations land at different addresses; with one compile thread
  // they place functions alike, so any address in the code would differ.
  Config config;
  config.compileThreads = 1;
  Engine engine(config);
  auto first = compileWat(engine, kWat).serialize();
  auto second = compileWat(engine, kWat).serialize();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, *second);
}

TEST(SerializedModule, RefusesOtherCodeOptions) {
  Engine engine;
  auto image = compileWat(engine, kWat).serialize();
  ASSERT_TRUE(image);
  struct Case {
    void (*set)(Config&);
    const char* words;
  };
  const Case cases[] = {
      {[](Config& c) { c.memoryMode = MemoryMode::BoundsChecks; }, "bounds checks"},
      {[](Config& c) { c.forceLibcalls = true; }, "forced libcalls"},
      {[](Config& c) { c.deterministic = true; }, "deterministic profile"},
      {[](Config& c) { c.interruptible = true; }, "interruption checks"},
      {[](Config& c) { c.consumeFuel = true; }, "fuel metering"},
  };
  for (const Case& c : cases) {
    Config config;
    c.set(config);
    auto loaded = Module::deserialize(Engine(config), *image);
    ASSERT_FALSE(loaded) << c.words;
    EXPECT_EQ(loaded.error().kind, ErrorKind::Unsupported);
    EXPECT_NE(loaded.error().message.find(c.words), std::string::npos) << loaded.error().message;
  }
  // Options that do not change code do not matter.
  Config other;
  other.maxWasmStack = 256 << 10;
  other.compileThreads = 1;
  EXPECT_TRUE(Module::deserialize(Engine(other), *image));
}

TEST(SerializedModule, RefusesOtherCpuFeatures) {
  Config baseline;
  baseline.cpu = CpuLevel::Baseline;
  auto image = compileWat(Engine(baseline), kWat).serialize();
  ASSERT_TRUE(image);
  EXPECT_TRUE(Module::deserialize(Engine(baseline), *image));
  const x64::CpuSupport host = x64::CpuSupport::of(CpuLevel::Host);
  if (!host.lzcnt && !host.bmi1 && !host.avx) GTEST_SKIP() << "this CPU is x86-64-v2 only";
  auto loaded = Module::deserialize(Engine(), *image);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, ErrorKind::Unsupported);
  EXPECT_NE(loaded.error().message.find("CPU features"), std::string::npos) << loaded.error().message;
}

/// Recomputes the checksum of a .kwasm after a test changed it.
void seal(std::vector<uint8_t>& image) {
  const uint64_t sum = XXH3_64bits(image.data() + 32, image.size() - 32);
  std::memcpy(image.data() + 24, &sum, 8);
}

TEST(SerializedModule, RefusesAnotherBuildOrVersion) {
  Engine engine;
  auto image = compileWat(engine, kWat).serialize();
  ASSERT_TRUE(image);
  std::vector<uint8_t> build = *image;
  build[40] ^= 1;  // the build identity
  seal(build);
  auto loaded = Module::deserialize(engine, build);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, ErrorKind::Unsupported);
  EXPECT_NE(loaded.error().message.find("another Kiln build"), std::string::npos)
      << loaded.error().message;
  std::vector<uint8_t> format = *image;
  format[8] = 99;  // the format version
  loaded = Module::deserialize(engine, format);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("another Kiln version"), std::string::npos)
      << loaded.error().message;
}

TEST(SerializedModule, TruncatedFilesAreRefused) {
  Engine engine;
  auto image = compileWat(engine, kWat).serialize();
  ASSERT_TRUE(image);
  for (size_t length = 0; length < image->size(); ++length) {
    std::span<const uint8_t> cut(image->data(), length);
    auto loaded = Module::deserialize(engine, cut);
    ASSERT_FALSE(loaded) << length;
    EXPECT_EQ(loaded.error().kind, ErrorKind::Malformed) << length;
  }
  // A file, too, at a few lengths (each mapped).
  const std::string path = testing::TempDir() + "/kiln_cut_" + std::to_string(getpid()) + ".kwasm";
  for (size_t length : {size_t(0), size_t(7), size_t(128), image->size() / 2, image->size() - 1}) {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(image->data()),
                                                std::streamsize(length));
    EXPECT_FALSE(Module::deserializeFile(engine, path)) << length;
  }
  std::filesystem::remove(path);
}

TEST(SerializedModule, EveryFlippedByteIsRefused) {
  Engine engine;
  auto image = compileWat(engine, kWat).serialize();
  ASSERT_TRUE(image);
  for (size_t i = 0; i < image->size(); ++i) {
    std::vector<uint8_t> flipped = *image;
    flipped[i] ^= 0x5a;
    EXPECT_FALSE(Module::deserialize(engine, flipped)) << "byte " << i;
  }
}

TEST(SerializedModule, CorruptMetadataBehindAValidChecksumNeverCrashes) {
  // What a checksum cannot catch: the reader's own bounds checks. Every
  // byte before the code is changed and the file sealed again; loading may
  // succeed or fail, but must not crash or overrun (ASan builds check).
  Engine engine;
  auto image = compileWat(engine, kWat).serialize();
  ASSERT_TRUE(image);
  uint64_t codeOffset;
  std::memcpy(&codeOffset, image->data() + 104, 8);
  size_t refused = 0;
  for (size_t i = 64; i < codeOffset; ++i) {
    for (uint8_t mask : {uint8_t(0x01), uint8_t(0x80), uint8_t(0xff)}) {
      std::vector<uint8_t> changed = *image;
      changed[i] ^= mask;
      seal(changed);
      if (!Module::deserialize(engine, changed)) ++refused;
    }
  }
  EXPECT_GT(refused, 0u);
}

/// The metadata's list of functions in code order (index delta, offset
/// delta), found by reading past what comes before it.
struct FunctionOrder {
  size_t secondIndexAt;   // the second function's index delta: 1 byte
  size_t secondOffsetAt;  // the second function's offset delta
  size_t secondOffsetBytes;
};
FunctionOrder functionOrderOf(const std::vector<uint8_t>& image) {
  uint64_t at;
  std::memcpy(&at, image.data() + 88, 8);
  size_t pos = size_t(at);
  auto leb = [&] {
    uint64_t value = 0;
    for (unsigned shift = 0;; shift += 7) {
      const uint8_t byte = image[pos++];
      value |= uint64_t(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return value;
    }
  };
  leb();  // the code section's offset
  leb();  // and size
  const uint64_t functions = leb();
  for (uint64_t i = 0; i < 2 * functions; ++i) leb();  // each body's gap and length
  leb();  // the entries' start
  leb();  // the first function's index
  leb();  // and offset
  FunctionOrder order{pos, pos + 1, 0};
  leb();
  leb();
  order.secondOffsetBytes = pos - order.secondOffsetAt;
  return order;
}

// The functions in code order must name each function once, at increasing
// offsets: the loader trusts that order for finding a code address's function.
TEST(SerializedModule, RefusesAFunctionOrderThatIsNotOne) {
  Config config;
  config.compileThreads = 1;  // placed in index order: every index delta is 1
  Engine engine(config);
  auto image = compileWat(engine, kWat).serialize();
  ASSERT_TRUE(image);
  const FunctionOrder order = functionOrderOf(*image);
  ASSERT_EQ((*image)[order.secondIndexAt], 1);

  std::vector<uint8_t> twice = *image;
  twice[order.secondIndexAt] = 0;  // the first function again
  seal(twice);
  auto refused = Module::deserialize(engine, twice);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("listed twice"), std::string::npos) << refused.error().message;

  std::vector<uint8_t> sameOffset = *image;
  // Zero in as many bytes (an over-long LEB128): the second function at the first's offset.
  for (size_t i = 0; i < order.secondOffsetBytes; ++i) {
    sameOffset[order.secondOffsetAt + i] = i + 1 < order.secondOffsetBytes ? 0x80 : 0x00;
  }
  seal(sameOffset);
  refused = Module::deserialize(engine, sameOffset);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("out of order"), std::string::npos) << refused.error().message;

  std::vector<uint8_t> resealed = *image;
  seal(resealed);
  EXPECT_TRUE(Module::deserialize(engine, resealed));
}

/// A fresh cache directory, removed afterwards.
struct CacheDir {
  std::string path = testing::TempDir() + "/kiln_cache_" + std::to_string(getpid()) + "_" +
                     testing::UnitTest::GetInstance()->current_test_info()->name();
  CacheDir() { std::filesystem::remove_all(path); }
  ~CacheDir() { std::filesystem::remove_all(path); }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& item : std::filesystem::directory_iterator(path, error)) {
      names.push_back(item.path().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }
};

int32_t callF(const Engine& engine, const Module& module) {
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, module);
  return (*instance.getFunc("f")->call({}))[0].i32();
}

// A file is hashed in pieces of 8 MiB (their pages given back after each):
// a file of three pieces loads, and a byte flipped in the last or a middle
// piece is caught.
TEST(SerializedModule, ABigFileIsHashedInPieces) {
  std::vector<uint8_t> bytes = constModule(8);
  // A custom section of 20 MB that LZ4 cannot shrink: id 0, size, name "pad".
  constexpr uint32_t kPayload = 20'000'000;
  bytes.push_back(0);
  for (uint32_t rest = 1 + 3 + kPayload;; rest >>= 7) {
    bytes.push_back(uint8_t((rest & 0x7f) | (rest > 0x7f ? 0x80 : 0)));
    if (rest <= 0x7f) break;
  }
  bytes.insert(bytes.end(), {3, 'p', 'a', 'd'});
  uint64_t random = 88172645463325252ull;
  for (uint32_t i = 0; i < kPayload; ++i) {
    random ^= random << 13;
    random ^= random >> 7;
    random ^= random << 17;
    bytes.push_back(uint8_t(random));
  }
  Engine engine;
  auto module = Module::fromBytes(engine, bytes);
  ASSERT_TRUE(module) << module.error().toString();
  auto image = module->serialize();
  ASSERT_TRUE(image);
  ASSERT_GT(image->size(), size_t(16) << 20);
  const std::string path = testing::TempDir() + "/kiln_pieces_" + std::to_string(getpid()) + ".kwasm";
  auto write = [&](const std::vector<uint8_t>& contents) {
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(contents.data()), std::streamsize(contents.size()));
  };
  write(*image);
  auto loaded = Module::deserializeFile(engine, path);
  ASSERT_TRUE(loaded) << loaded.error().toString();
  EXPECT_EQ(callF(engine, *loaded), 8);
  for (size_t at : {(size_t(8) << 20) + 12345, image->size() - 100}) {
    std::vector<uint8_t> flipped = *image;
    flipped[at] ^= 1;
    write(flipped);
    auto refused = Module::deserializeFile(engine, path);
    ASSERT_FALSE(refused) << "byte " << at;
    EXPECT_NE(refused.error().message.find("checksum"), std::string::npos) << refused.error().message;
  }
  std::filesystem::remove(path);
}

TEST(CodeCache, SecondLoadHits) {
  CacheDir dir;
  Config config;
  config.cacheDirectory = dir.path;
  Engine engine(config);
  auto first = Module::fromBytes(engine, constModule(1));
  ASSERT_TRUE(first);
  std::vector<std::string> entries = dir.entries();
  ASSERT_EQ(entries.size(), 1u);
  // Put another module's code in the entry: a hit runs it, a compilation would not.
  Engine plain;
  ASSERT_FALSE(Module::fromBytes(plain, constModule(2))->serializeToFile(entries[0]));
  auto second = Module::fromBytes(engine, constModule(1));
  ASSERT_TRUE(second);
  EXPECT_EQ(callF(engine, *second), 2);
}

TEST(CodeCache, OtherOptionsMiss) {
  CacheDir dir;
  Config config;
  config.cacheDirectory = dir.path;
  ASSERT_TRUE(Module::fromBytes(Engine(config), constModule(1)));
  config.consumeFuel = true;
  ASSERT_TRUE(Module::fromBytes(Engine(config), constModule(1)));
  config.consumeFuel = false;
  config.memoryMode = MemoryMode::BoundsChecks;
  ASSERT_TRUE(Module::fromBytes(Engine(config), constModule(1)));
  EXPECT_EQ(dir.entries().size(), 3u);
}

TEST(CodeCache, CorruptedEntryIsReplaced) {
  CacheDir dir;
  Config config;
  config.cacheDirectory = dir.path;
  Engine engine(config);
  ASSERT_TRUE(Module::fromBytes(engine, constModule(3)));
  const std::string entry = dir.entries().at(0);
  std::vector<uint8_t> bytes(std::filesystem::file_size(entry));
  std::ifstream(entry, std::ios::binary).read(reinterpret_cast<char*>(bytes.data()), std::streamsize(bytes.size()));
  bytes[bytes.size() - 1] ^= 0xff;  // in the code
  std::ofstream(entry, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  auto module = Module::fromBytes(engine, constModule(3));
  ASSERT_TRUE(module);
  EXPECT_EQ(callF(engine, *module), 3);
  ASSERT_EQ(dir.entries().size(), 1u);
  EXPECT_TRUE(Module::deserializeFile(engine, entry)) << "the entry was written again";
}

TEST(CodeCache, EvictsTheLeastRecentlyUsed) {
  CacheDir dir;
  Config config;
  config.cacheDirectory = dir.path;
  ASSERT_TRUE(Module::fromBytes(Engine(config), constModule(1)));
  const uint64_t entrySize = std::filesystem::file_size(dir.entries().at(0));
  // Room for two entries.
  config.cacheMaxBytes = 2 * entrySize + entrySize / 2;
  Engine engine(config);
  ASSERT_TRUE(Module::fromBytes(engine, constModule(2)));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(Module::fromBytes(engine, constModule(1)));  // a hit: 1 is now the most recent
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(Module::fromBytes(engine, constModule(3)));  // evicts 2
  EXPECT_EQ(dir.entries().size(), 2u);
  // 1 and 3 are hits: no entry is written, none evicted.
  const auto before = dir.entries();
  ASSERT_TRUE(Module::fromBytes(engine, constModule(1)));
  ASSERT_TRUE(Module::fromBytes(engine, constModule(3)));
  EXPECT_EQ(dir.entries(), before);
}

TEST(CodeCache, ConcurrentLoadsOfOneModule) {
  CacheDir dir;
  Config config;
  config.cacheDirectory = dir.path;
  Engine engine(config);
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto module = Module::fromBytes(engine, binary(kWat));
      if (module && behaviour(engine, *module).find("add: 42") != std::string::npos) ++good;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(good.load(), 8);
  EXPECT_EQ(dir.entries().size(), 1u) << "one entry, no temporary file left";
}

void writeFile(const std::string& path, std::span<const uint8_t> bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

void writeFile(const std::string& path, std::string_view text) {
  writeFile(path, std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

/// A module file beside the cache directory, removed afterwards.
struct ModuleFile {
  std::string path = testing::TempDir() + "/kiln_module_" + std::to_string(getpid()) + "_" +
                     testing::UnitTest::GetInstance()->current_test_info()->name();
  ~ModuleFile() { std::remove(path.c_str()); }
};

// Module::fromFile reads a binary module in pieces and hashes it for the key:
// the entry is the one fromBytes makes of the same bytes, and a hit runs it.
TEST(CodeCache, FromFileFillsThenHits) {
  CacheDir dir;
  ModuleFile file;
  writeFile(file.path, constModule(1));
  Config config;
  config.cacheDirectory = dir.path;
  Engine engine(config);
  auto first = Module::fromFile(engine, file.path);
  ASSERT_TRUE(first) << first.error().toString();
  EXPECT_EQ(callF(engine, *first), 1);
  std::vector<std::string> entries = dir.entries();
  ASSERT_EQ(entries.size(), 1u);
  ASSERT_TRUE(Module::fromBytes(engine, constModule(1)));
  EXPECT_EQ(dir.entries(), entries) << "fromBytes of the same bytes finds the same entry";
  // Another module's code in the entry: a hit runs it, a compilation would not.
  Engine plain;
  ASSERT_FALSE(Module::fromBytes(plain, constModule(2))->serializeToFile(entries[0]));
  auto second = Module::fromFile(engine, file.path);
  ASSERT_TRUE(second) << second.error().toString();
  EXPECT_TRUE(second->isCompiledWhole());
  EXPECT_EQ(callF(engine, *second), 2);
}

// A module of several pieces (1 MiB each), enough for two threads to hash
// them, has the same key read from a file (through a small buffer) as from
// memory.
TEST(CodeCache, FromFileHashesABigModuleInPieces) {
  CacheDir dir;
  ModuleFile file;
  std::vector<uint8_t> bytes = constModule(6);
  // A custom section of 5,500,000 bytes at the end: id 0, size, name "pad".
  constexpr uint32_t kPayload = 5'500'000;
  const uint32_t size = 1 + 3 + kPayload;
  bytes.push_back(0);
  for (uint32_t rest = size;; rest >>= 7) {
    bytes.push_back(uint8_t((rest & 0x7f) | (rest > 0x7f ? 0x80 : 0)));
    if (rest <= 0x7f) break;
  }
  bytes.insert(bytes.end(), {3, 'p', 'a', 'd'});
  for (uint32_t i = 0; i < kPayload; ++i) bytes.push_back(uint8_t(i * 7));
  writeFile(file.path, bytes);
  Config config;
  config.cacheDirectory = dir.path;
  Engine engine(config);
  auto first = Module::fromFile(engine, file.path);
  ASSERT_TRUE(first) << first.error().toString();
  EXPECT_EQ(callF(engine, *first), 6);
  const std::vector<std::string> entries = dir.entries();
  ASSERT_EQ(entries.size(), 1u);
  ASSERT_TRUE(Module::fromBytes(engine, bytes));
  EXPECT_EQ(dir.entries(), entries) << "fromBytes of the same bytes finds the same entry";
  // Another module's code in the entry: a hit of fromFile runs it.
  Engine plain;
  ASSERT_FALSE(Module::fromBytes(plain, constModule(7))->serializeToFile(entries[0]));
  auto second = Module::fromFile(engine, file.path);
  ASSERT_TRUE(second) << second.error().toString();
  EXPECT_EQ(callF(engine, *second), 7) << "the second load hit the entry";
  // The last byte changed: another key, though the first pieces are the same.
  bytes.back() ^= 1;
  writeFile(file.path, bytes);
  ASSERT_TRUE(Module::fromFile(engine, file.path));
  EXPECT_EQ(dir.entries().size(), 2u);
}

TEST(CodeCache, FromFileReplacesACorruptedEntry) {
  CacheDir dir;
  ModuleFile file;
  writeFile(file.path, constModule(3));
  Config config;
  config.cacheDirectory = dir.path;
  Engine engine(config);
  ASSERT_TRUE(Module::fromFile(engine, file.path));
  const std::string entry = dir.entries().at(0);
  std::filesystem::resize_file(entry, std::filesystem::file_size(entry) - 1);
  auto module = Module::fromFile(engine, file.path);
  ASSERT_TRUE(module) << module.error().toString();
  EXPECT_EQ(callF(engine, *module), 3);
  ASSERT_EQ(dir.entries().size(), 1u);
  EXPECT_TRUE(Module::deserializeFile(engine, entry)) << "the entry was written again";
}

TEST(CodeCache, FromFileMissesAFileChangedInPlace) {
  CacheDir dir;
  ModuleFile file;
  std::vector<uint8_t> one = constModule(1), two = constModule(2);
  ASSERT_EQ(one.size(), two.size());
  size_t differing = 0;
  for (size_t i = 0; i < one.size(); ++i) differing += one[i] != two[i];
  ASSERT_EQ(differing, 1u);
  Config config;
  config.cacheDirectory = dir.path;
  Engine engine(config);
  writeFile(file.path, one);
  ASSERT_EQ(callF(engine, *Module::fromFile(engine, file.path)), 1);
  // The same file, same size, one byte rewritten in place.
  {
    std::fstream stream(file.path, std::ios::binary | std::ios::in | std::ios::out);
    const auto at = std::mismatch(one.begin(), one.end(), two.begin()).first - one.begin();
    stream.seekp(at);
    stream.put(char(two[size_t(at)]));
  }
  ASSERT_EQ(std::filesystem::file_size(file.path), one.size());
  auto changed = Module::fromFile(engine, file.path);
  ASSERT_TRUE(changed) << changed.error().toString();
  EXPECT_EQ(callF(engine, *changed), 2);
  EXPECT_EQ(dir.entries().size(), 2u) << "a new entry for the new bytes";
}

TEST(CodeCache, FromFileReadsTextAndPipes) {
  CacheDir dir;
  ModuleFile file;
  Config config;
  config.cacheDirectory = dir.path;
  Engine engine(config);
  writeFile(file.path, std::string_view("(module (func (export \"f\") (result i32) (i32.const 4)))"));
  auto text = Module::fromFile(engine, file.path);
  ASSERT_TRUE(text) << text.error().toString();
  EXPECT_EQ(callF(engine, *text), 4);
  EXPECT_EQ(dir.entries().size(), 1u) << "text is cached as its binary";
  // A named pipe is read as a stream, not opened twice: the writer's bytes all arrive.
  std::remove(file.path.c_str());
  ASSERT_EQ(mkfifo(file.path.c_str(), 0600), 0);
  std::thread writer([&] { writeFile(file.path, constModule(5)); });
  auto piped = Module::fromFile(engine, file.path);
  writer.join();
  ASSERT_TRUE(piped) << piped.error().toString();
  EXPECT_EQ(callF(engine, *piped), 5);
}

// The cache changes how a file is read, not which files load or their errors.
TEST(CodeCache, FromFileRefusesWhatItRefusedWithoutTheCache) {
  CacheDir dir;
  ModuleFile file;
  Config config;
  config.cacheDirectory = dir.path;
  const std::vector<uint8_t> module = constModule(1);
  config.maxModuleBytes = module.size() - 1;
  const std::string overLimit =
      "module over the size limit of " + std::to_string(module.size() - 1) + " bytes";
  writeFile(file.path, module);
  auto refused = Module::fromFile(Engine(config), file.path);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::Resource);
  EXPECT_EQ(refused.error().message, overLimit);
  EXPECT_TRUE(dir.entries().empty());

  config.maxModuleBytes = Config().maxModuleBytes;
  Engine cached(config);
  Engine uncached;
  // An empty file is an empty text module, both ways.
  writeFile(file.path, std::span<const uint8_t>());
  auto empty = Module::fromFile(cached, file.path);
  ASSERT_TRUE(empty) << empty.error().toString();
  EXPECT_TRUE(empty->exports().empty());
  ASSERT_TRUE(Module::fromFile(uncached, file.path));
  const auto entries = dir.entries();
  // Cut short: in the magic, at its end, in the version, in the last body.
  for (size_t size : {size_t(3), size_t(4), size_t(6), module.size() - 1}) {
    writeFile(file.path, std::span(module.data(), size));
    auto withCache = Module::fromFile(cached, file.path);
    auto without = Module::fromFile(uncached, file.path);
    ASSERT_FALSE(withCache) << size;
    ASSERT_FALSE(without) << size;
    EXPECT_EQ(withCache.error().kind, without.error().kind) << size;
    EXPECT_EQ(withCache.error().toString(), without.error().toString()) << size;
  }
  EXPECT_EQ(dir.entries(), entries) << "nothing cached for a refused module";
  auto missing = Module::fromFile(cached, file.path + ".missing");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::Resource);
}

}  // namespace
}  // namespace kiln::test
