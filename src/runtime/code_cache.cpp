#include "runtime/code_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
// xxHash header-only: no library to link or ship with libkiln.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <system_error>
#include <thread>
#include <vector>

#include "runtime/atomic_file.h"

namespace kiln::runtime {

namespace {

constexpr const char* kEntrySuffix = ".kwasm";
/// A module is hashed in pieces of this size, then the pieces' digests are
/// hashed: two threads hash a big module's pieces at once (pandoc's 59 MB in
/// 9 to 15 ms rather than 15 to 17), whether it is read from a file or from memory.
constexpr uint64_t kHashPiece = uint64_t(1) << 20;
/// A module of at least this many pieces is hashed on two threads.
constexpr uint64_t kHashOnTwoThreadsFrom = 4;
/// Temporary files older than this were left by a process that died while
/// writing: eviction removes them.
constexpr std::time_t kStaleTemporarySeconds = 3600;

std::string hex(const void* data, size_t size) {
  static const char digits[] = "0123456789abcdef";
  std::string text;
  for (size_t i = 0; i < size; ++i) {
    const uint8_t byte = static_cast<const uint8_t*>(data)[i];
    text += digits[byte >> 4];
    text += digits[byte & 15];
  }
  return text;
}

/// Passes the `length` bytes at `offset` to XXH3_128bits_update of the
/// state; false when they cannot be read. Called from two threads at once.
using PieceReader = std::function<bool(uint64_t offset, uint64_t length, XXH3_state_t& state)>;

/// The hash of a module of `size` bytes read by `read`: the XXH3-128 of its
/// pieces' XXH3-128 digests. Nothing when a read fails.
std::optional<XXH128_hash_t> hashInPieces(uint64_t size, const PieceReader& read) {
  const uint64_t pieces = (size + kHashPiece - 1) / kHashPiece;
  std::vector<XXH128_canonical_t> digests(pieces);
  std::atomic<uint64_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    XXH3_state_t state;
    for (uint64_t piece = next++; piece < pieces && !failed; piece = next++) {
      XXH3_128bits_reset(&state);
      const uint64_t offset = piece * kHashPiece;
      if (!read(offset, std::min(kHashPiece, size - offset), state)) {
        failed = true;
        return;
      }
      XXH128_canonicalFromHash(&digests[piece], XXH3_128bits_digest(&state));
    }
  };
  std::jthread helper;  // joined on every return
  if (pieces >= kHashOnTwoThreadsFrom) {
    try {
      helper = std::jthread(work);
    } catch (const std::system_error&) {
      // No thread to be had: all of it here.
    }
  }
  work();
  if (helper.joinable()) helper.join();
  if (failed) return std::nullopt;
  return XXH3_128bits(digests.data(), digests.size() * sizeof digests[0]);
}

}  // namespace

CodeCache::CodeCache(const Config& config, std::span<const uint8_t> bytes)
    : CodeCache(config, [&] {
        auto fromMemory = [&](uint64_t offset, uint64_t length, XXH3_state_t& state) {
          XXH3_128bits_update(&state, bytes.data() + offset, size_t(length));
          return true;
        };
        const XXH128_hash_t hash = *hashInPieces(bytes.size(), fromMemory);
        return ModuleHash{hash.low64, hash.high64};
      }()) {}

CodeCache::CodeCache(const Config& config, ModuleHash hash) : config_(config) {
  XXH128_canonical_t moduleHash;
  XXH128_canonicalFromHash(&moduleHash, XXH128_hash_t{hash.low, hash.high});
  const std::string fingerprint = codeFingerprint(config);
  XXH64_canonical_t fingerprintHash;
  XXH64_canonicalFromHash(&fingerprintHash, XXH3_64bits(fingerprint.data(), fingerprint.size()));
  path_ = config.cacheDirectory + "/" + hex(moduleHash.digest, sizeof moduleHash.digest) + "-" +
          hex(fingerprintHash.digest, sizeof fingerprintHash.digest) + kEntrySuffix;
}

std::optional<CodeCache> CodeCache::ofFile(const Config& config, int fd, uint64_t maxBytes) {
  struct stat info {};
  if (fstat(fd, &info) != 0 || uint64_t(info.st_size) > maxBytes) return std::nullopt;
  const uint64_t size = uint64_t(info.st_size);
  auto readPiece = [fd](uint64_t offset, uint64_t length, XXH3_state_t& state) {
    // Small enough to stay in the first-level cache: reading reused memory
    // costs less than faulting in fresh memory for the whole module (flite's
    // 21 MB cost more than loading its entry), and pandoc's 59 MB read in
    // 64 KiB took 10 ms where 256 KiB took 32 ms.
    uint8_t buffer[size_t(1) << 16];
    while (length > 0) {
      const ssize_t count =
          pread(fd, buffer, size_t(std::min<uint64_t>(sizeof buffer, length)), off_t(offset));
      if (count < 0 && errno == EINTR) continue;
      if (count <= 0) return false;  // a failed read, or a file cut short
      XXH3_128bits_update(&state, buffer, size_t(count));
      offset += uint64_t(count);
      length -= uint64_t(count);
    }
    return true;
  };
  std::optional<XXH128_hash_t> hash = hashInPieces(size, readPiece);
  // A file that grew while it was read is not looked up: readFile reads it.
  uint8_t beyond;
  if (!hash || pread(fd, &beyond, 1, off_t(size)) != 0) return std::nullopt;
  return CodeCache(config, ModuleHash{hash->low64, hash->high64});
}

std::optional<LoadedModule> CodeCache::lookup() const {
  // A .kwasm holds both the module and its code; its size bound is the code's.
  auto loaded = deserializeModuleFile(path_, config_, UINT64_MAX);
  if (!loaded) {
    // Missing, or refused: a refused entry goes, so the next store replaces it.
    if (loaded.error().kind != DeserializeError::Kind::Resource) unlink(path_.c_str());
    return std::nullopt;
  }
  // Its time of last use, for eviction.
  utimensat(AT_FDCWD, path_.c_str(), nullptr, 0);
  return std::move(*loaded);
}

void CodeCache::store(std::span<const uint8_t> image) const {
  std::error_code ignored;
  std::filesystem::create_directories(config_.cacheDirectory, ignored);
  if (writeFileAtomically(path_, image)) return;
  evict();
}

void CodeCache::evict() const {
  struct Entry {
    std::string path;
    int64_t used;  // nanoseconds since the epoch
    uint64_t size;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  std::error_code error;
  const std::time_t now = std::time(nullptr);
  for (const auto& item : std::filesystem::directory_iterator(config_.cacheDirectory, error)) {
    const std::string path = item.path().string();
    struct stat info {};
    if (stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
    const std::string name = item.path().filename().string();
    if (name.find(kTemporarySuffix) != std::string::npos) {
      if (now - info.st_mtime > kStaleTemporarySeconds) unlink(path.c_str());
      continue;
    }
    if (!name.ends_with(kEntrySuffix)) continue;
    entries.push_back({path, int64_t(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
                       uint64_t(info.st_size)});
    total += uint64_t(info.st_size);
  }
  if (total <= config_.cacheMaxBytes) return;
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.used < b.used; });
  for (const Entry& entry : entries) {
    if (total <= config_.cacheMaxBytes) break;
    if (unlink(entry.path.c_str()) == 0) total -= entry.size;
  }
}

}  // namespace kiln::runtime

namespace kiln {

std::string defaultCacheDirectory() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && xdg[0] == '/') return std::string(xdg) + "/kiln";
  const char* home = std::getenv("HOME");
  if (home && home[0] == '/') return std::string(home) + "/.cache/kiln";
  return {};
}

}  // namespace kiln
