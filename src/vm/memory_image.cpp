#include "vm/memory_image.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>

namespace kiln {

std::shared_ptr<const MemoryImage> MemoryImage::build(const WasmModule& module) {
  if (module.memories.empty() || module.importedMemoryCount() > 0) return nullptr;
  const uint64_t minimumBytes = uint64_t(module.memories[0].limits.min) * kWasmPageSize;
  uint64_t end = 0;
  for (const DataSegment& segment : module.data) {
    if (segment.mode != DataSegment::Mode::Active) continue;
    // Segments applied at instantiation must be known now and must not trap.
    if (segment.memory.value != 0 || segment.offset.kind != ConstExpr::Kind::I32Const) {
      return nullptr;
    }
    uint64_t segmentEnd = uint64_t(uint32_t(segment.offset.bits)) + segment.size;
    if (segmentEnd > minimumBytes) return nullptr;
    end = std::max(end, segmentEnd);
  }
  if (end == 0) return nullptr;
  // The whole minimum, mostly holes: the mapping then covers every initially
  // accessible page, and reading a hole gives zeros.
  const uint64_t bytes = minimumBytes;
  int fd = memfd_create("kiln-memory-image", MFD_CLOEXEC);
  if (fd < 0) return nullptr;
  std::shared_ptr<MemoryImage> image(new MemoryImage(fd, bytes));
  if (ftruncate(fd, off_t(bytes)) != 0) return nullptr;
  // Later segments overwrite earlier ones where they overlap, as at
  // instantiation.
  for (const DataSegment& segment : module.data) {
    if (segment.mode != DataSegment::Mode::Active || segment.size == 0) continue;
    const uint8_t* payload = module.bytes.data() + segment.dataOffset;
    off_t at = off_t(uint32_t(segment.offset.bits));
    for (size_t written = 0; written < segment.size;) {
      ssize_t n = pwrite(fd, payload + written, segment.size - written, at + off_t(written));
      if (n <= 0) return nullptr;
      written += size_t(n);
    }
  }
  return image;
}

MemoryImage::~MemoryImage() { close(fd_); }

bool MemoryImage::mapAt(uint8_t* base) const {
  void* p = mmap(base, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd_, 0);
  return p != MAP_FAILED;
}

}  // namespace kiln
