#include "vm/memory_image.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace kiln {

std::optional<MemoryImage::Extent> MemoryImage::extentOf(const WasmModule& module) {
  if (module.memories.empty() || module.importedMemoryCount() > 0) return std::nullopt;
  const uint64_t minimumBytes = uint64_t(module.memories[0].limits.min) * kWasmPageSize;
  uint64_t end = 0;
  for (const DataSegment& segment : module.data) {
    if (segment.mode != DataSegment::Mode::Active) continue;
    // Segments applied at instantiation must be known now and must not trap.
    if (segment.memory.value != 0 || segment.offset.kind != ConstExpr::Kind::I32Const) {
      return std::nullopt;
    }
    uint64_t segmentEnd = uint64_t(uint32_t(segment.offset.bits)) + segment.size;
    if (segmentEnd > minimumBytes) return std::nullopt;
    end = std::max(end, segmentEnd);
  }
  if (end == 0) return std::nullopt;
  return Extent{minimumBytes, end};
}

namespace {

/// Calls write(offset, payload, size) for each active segment, in order.
template <typename Write>
bool forEachActiveSegment(const WasmModule& module, Write write) {
  for (const DataSegment& segment : module.data) {
    if (segment.mode != DataSegment::Mode::Active || segment.size == 0) continue;
    if (!write(uint64_t(uint32_t(segment.offset.bits)), module.bytes.data() + segment.dataOffset,
               segment.size)) {
      return false;
    }
  }
  return true;
}

}  // namespace

void MemoryImage::writeContents(const WasmModule& module, std::span<uint8_t> out) {
  forEachActiveSegment(module, [&](uint64_t at, const uint8_t* payload, size_t size) {
    std::memcpy(out.data() + at, payload, size);
    return true;
  });
}

std::shared_ptr<const MemoryImage> MemoryImage::build(const WasmModule& module) {
  std::optional<Extent> extent = extentOf(module);
  if (!extent) return nullptr;
  // The whole minimum, mostly holes: the mapping then covers every initially
  // accessible page, and reading a hole gives zeros.
  int fd = memfd_create("kiln-memory-image", MFD_CLOEXEC);
  if (fd < 0) return nullptr;
  std::shared_ptr<MemoryImage> image(new MemoryImage(fd, 0, extent->bytes, extent->bytes));
  if (ftruncate(fd, off_t(extent->bytes)) != 0) return nullptr;
  // Segments are gathered in a window of the image, which is written at
  // once: a big module has tens of thousands of small segments (pandoc:
  // 79,418 in 30 MB), and a write each took 100 ms where this takes 20. A
  // window starts only past every byte written so far, so the zeros between
  // its segments are what the image holds there; a segment that does not fit
  // the window, or goes back over written bytes, is written alone.
  const size_t windowBytes = size_t(std::min<uint64_t>(uint64_t(1) << 20, extent->dataEnd));
  std::unique_ptr<uint8_t[]> window(new uint8_t[windowBytes]);
  uint64_t windowStart = 0, windowEnd = 0;  // [windowStart, windowEnd) is gathered
  uint64_t writtenEnd = 0;                  // no byte at or past it is written yet
  auto writeAll = [&](const uint8_t* from, size_t size, uint64_t at) {
    for (size_t done = 0; done < size;) {
      ssize_t n = pwrite(fd, from + done, size - done, off_t(at + done));
      if (n <= 0) return false;
      done += size_t(n);
    }
    writtenEnd = std::max(writtenEnd, at + size);
    return true;
  };
  auto flush = [&] {
    const bool ok = writeAll(window.get(), size_t(windowEnd - windowStart), windowStart);
    windowStart = windowEnd = 0;
    return ok;
  };
  bool written = forEachActiveSegment(module, [&](uint64_t at, const uint8_t* payload,
                                                  size_t size) {
    const bool fits = windowEnd != windowStart && at >= windowStart &&
                      at + size <= windowStart + windowBytes;
    if (!fits) {
      if (!flush()) return false;
      if (at < writtenEnd || size > windowBytes) return writeAll(payload, size, at);
      windowStart = windowEnd = at;
    }
    if (at > windowEnd) std::memset(window.get() + (windowEnd - windowStart), 0, at - windowEnd);
    std::memcpy(window.get() + (at - windowStart), payload, size);
    windowEnd = std::max(windowEnd, at + size);
    return true;
  });
  written = written && flush();
  return written ? image : nullptr;
}

std::shared_ptr<const MemoryImage> MemoryImage::fromFile(int fd, uint64_t offset,
                                                         uint64_t fileBytes, uint64_t bytes) {
  return std::shared_ptr<const MemoryImage>(new MemoryImage(fd, offset, fileBytes, bytes));
}

MemoryImage::~MemoryImage() { close(fd_); }

bool MemoryImage::mapAt(uint8_t* base) const {
  void* p = mmap(base, fileBytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd_,
                 off_t(offset_));
  if (p == MAP_FAILED) return false;
  if (fileBytes_ == bytes_) return true;
  // The pages after the data: fresh zeros.
  p = mmap(base + fileBytes_, bytes_ - fileBytes_, PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  return p != MAP_FAILED;
}

}  // namespace kiln
