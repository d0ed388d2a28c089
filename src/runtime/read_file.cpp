#include "kiln/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

#include "types/huge_pages.h"

namespace kiln {

namespace {

/// Bytes asked of one read(2): the buffer grows by at most this much at a time.
constexpr size_t kChunk = size_t(1) << 16;

Error cannotRead(int error) {
  return Error(ErrorKind::Resource, std::string("cannot read: ") + std::strerror(error));
}

}  // namespace

Expected<std::vector<uint8_t>, Error> readFile(const std::string& path, uint64_t maxBytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Unexpected{cannotRead(errno)};
  // Enough to see that the file is over the limit, and no more.
  const uint64_t wanted = maxBytes == UINT64_MAX ? maxBytes : maxBytes + 1;
  std::vector<uint8_t> bytes;
  int error = 0;
  try {
    // A regular file's size is known: room for all of it at once, so that
    // the chunks are read in place instead of copied again at every growth
    // (a big module is tens of megabytes), in huge pages: in 4 KiB pages,
    // faulting in pandoc's 59 MB took half of its start's page faults. One
    // more byte shows end of file without another allocation.
    struct stat info {};
    if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
      reserveInHugePages(bytes, size_t(std::min<uint64_t>(uint64_t(info.st_size) + 1, wanted)));
    }
    while (bytes.size() < wanted) {
      size_t room = size_t(std::min<uint64_t>(kChunk, wanted - bytes.size()));
      size_t used = bytes.size();
      bytes.resize(used + room);
      ssize_t count = ::read(fd, bytes.data() + used, room);
      if (count < 0 && errno == EINTR) {
        bytes.resize(used);
        continue;
      }
      // open succeeds on a directory; the read is what fails (EISDIR).
      if (count < 0) error = errno;
      bytes.resize(used + size_t(count < 0 ? 0 : count));
      if (count <= 0) break;
    }
  } catch (const std::bad_alloc&) {
    error = ENOMEM;
  }
  ::close(fd);
  if (error != 0) return Unexpected{cannotRead(error)};
  return bytes;
}

}  // namespace kiln
