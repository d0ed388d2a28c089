#include "runtime/code_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
// xxHash header-only: no library to link or ship with libkiln.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <system_error>
#include <vector>

#include "runtime/atomic_file.h"

namespace kiln::runtime {

namespace {

constexpr const char* kEntrySuffix = ".kwasm";
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

}  // namespace

CodeCache::CodeCache(const Config& config, std::span<const uint8_t> bytes)
    : CodeCache(config, [&] {
        const XXH128_hash_t hash = XXH3_128bits(bytes.data(), bytes.size());
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
  // XXH3's streaming hash equals its one-shot hash of the same bytes: the
  // key is the one CodeCache(config, bytes) gives.
  XXH3_state_t state;
  XXH3_128bits_reset(&state);
  // Small enough to stay in the first-level cache: reading reused memory
  // costs less than faulting in fresh memory for the whole module (flite's
  // 21 MB cost more than loading its entry), and pandoc's 59 MB read in
  // 64 KiB took 10 ms where 256 KiB took 32 ms.
  std::vector<uint8_t> buffer(size_t(1) << 16);
  uint64_t total = 0;
  for (off_t offset = 0;;) {
    const ssize_t count = pread(fd, buffer.data(), buffer.size(), offset);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) return std::nullopt;
    if (count == 0) break;
    total += uint64_t(count);
    if (total > maxBytes) return std::nullopt;
    XXH3_128bits_update(&state, buffer.data(), size_t(count));
    offset += count;
  }
  const XXH128_hash_t hash = XXH3_128bits_digest(&state);
  return CodeCache(config, ModuleHash{hash.low64, hash.high64});
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
