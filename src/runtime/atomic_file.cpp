#include "runtime/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace kiln::runtime {

std::optional<Error> writeFileAtomically(const std::string& path, std::span<const uint8_t> bytes) {
  static std::atomic<uint64_t> counter{0};
  // Unique among processes (pid) and among this process's threads (counter).
  const std::string temporary = path + kTemporarySuffix + "." + std::to_string(getpid()) + "." +
                                std::to_string(counter++);
  auto failure = [&](const char* what) {
    Error error(ErrorKind::Resource, "cannot " + std::string(what) + " " + path + ": " +
                                         std::strerror(errno));
    unlink(temporary.c_str());
    return error;
  };
  const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Error(ErrorKind::Resource, "cannot write " + path + ": " + std::strerror(errno));
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      return failure("write");
    }
    written += size_t(n);
  }
  if (close(fd) != 0) return failure("write");
  if (std::rename(temporary.c_str(), path.c_str()) != 0) return failure("rename into");
  return std::nullopt;
}

}  // namespace kiln::runtime
