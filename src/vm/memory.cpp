#include "vm/memory.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstring>

#include "vm/memory_image.h"
#include "vm/resource_limiter.h"
#include "vm/signal_handler.h"

namespace kiln {

namespace {

/// A 32-bit address plus a 32-bit static offset stays below 8 GiB, so this
/// much reserved address space makes every access of compiled code land in it.
constexpr uint64_t kGuardedReservationBytes = 8ull << 30;
/// Trailing inaccessible bytes after a bounds-checked own mapping: catches a
/// runaway host loop, compiled code never relies on it.
constexpr uint64_t kSmallGuardBytes = 64 * 1024;

uint8_t* reserve(size_t bytes, int protection) {
  void* p = mmap(nullptr, bytes, protection, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
}

/// Recently freed 8 GiB guarded reservations, all pages inaccessible and
/// zero, kept for reuse: instantiating then skips mmap, munmap and the
/// signal handler's registry update, which dominate creating a small memory.
class GuardedReservationCache {
 public:
  static GuardedReservationCache& instance() {
    static GuardedReservationCache cache;
    return cache;
  }

  /// A cached reservation, or a new registered one; null when the OS refuses.
  uint8_t* take() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        uint8_t* base = free_.back();
        free_.pop_back();
        return base;
      }
    }
    // Reserve several at once: one mmap instead of one per memory when many
    // live memories are created. Near the end of the address space a batch
    // may not fit; then one at a time.
    for (size_t count : {kBatch, size_t(1)}) {
      uint8_t* batch = reserve(count * kGuardedReservationBytes, PROT_NONE);
      if (!batch) continue;
      for (size_t i = 0; i < count; ++i) {
        registerGuardedRegion(batch + i * kGuardedReservationBytes, kGuardedReservationBytes);
      }
      std::lock_guard lock(mutex_);
      for (size_t i = 1; i < count; ++i) free_.push_back(batch + i * kGuardedReservationBytes);
      return batch;
    }
    return nullptr;
  }

  /// Takes back a reservation whose first `usedBytes` were accessible.
  void give(uint8_t* base, uint64_t usedBytes) {
    // Fresh inaccessible anonymous pages replace what was there (written
    // pages, or a memory image's file mapping), so a cached reservation
    // holds no memory and reads as zero when it is used again.
    bool reset = usedBytes == 0 ||
                 mmap(base, usedBytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
                      -1, 0) != MAP_FAILED;
    if (reset) {
      std::lock_guard lock(mutex_);
      if (free_.size() < kCapacity) {
        free_.push_back(base);
        return;
      }
    }
    unregisterGuardedRegion(base);
    munmap(base, kGuardedReservationBytes);
  }

 private:
  static constexpr size_t kCapacity = 32;
  static constexpr size_t kBatch = 8;
  std::mutex mutex_;
  std::vector<uint8_t*> free_;
};

}  // namespace

MemoryPool::MemoryPool(uint32_t slotPages, uint32_t slotsPerSlab)
    : slotBytes_(uint64_t(std::max<uint32_t>(slotPages, 1)) * kWasmPageSize),
      slotsPerSlab_(std::max<uint32_t>(slotsPerSlab, 1)) {}

MemoryPool::~MemoryPool() {
  for (const Slab& slab : slabs_) munmap(slab.base, slab.bytes);
}

uint8_t* MemoryPool::acquire() {
  std::lock_guard lock(mutex_);
  if (freeSlots_.empty()) {
    size_t bytes = size_t(slotBytes_) * slotsPerSlab_;
    uint8_t* base = reserve(bytes, PROT_READ | PROT_WRITE);
    if (!base) return nullptr;
    slabs_.push_back({base, bytes});
    // Hand out low addresses first: pop_back takes the last element.
    for (uint32_t i = slotsPerSlab_; i-- > 0;) freeSlots_.push_back(base + i * slotBytes_);
  }
  uint8_t* slot = freeSlots_.back();
  freeSlots_.pop_back();
  ++liveSlots_;
  return slot;
}

void MemoryPool::release(uint8_t* slot, uint64_t usedBytes) {
  // Anonymous private pages read as zero after MADV_DONTNEED, and their
  // physical memory goes back to the OS.
  if (usedBytes > 0) madvise(slot, std::min(usedBytes, slotBytes_), MADV_DONTNEED);
  std::lock_guard lock(mutex_);
  freeSlots_.push_back(slot);
  --liveSlots_;
}

size_t MemoryPool::liveSlots() const {
  std::lock_guard lock(mutex_);
  return liveSlots_;
}

VMMemory::VMMemory(const MemoryType& type, uint64_t maximumPages)
    : type_(type), maximumPages_(maximumPages) {}

std::unique_ptr<VMMemory> VMMemory::create(const MemoryType& type, const Config& config,
                                           MemoryPool* pool, const MemoryImage* image,
                                           VMResourceLimiter* limiter) {
  const bool is64 = type.addressType == AddressType::I64;
  // Half of memory64's 2^48 pages: no machine has the address space for
  // more, and the reservation's size then stays within 64 bits.
  uint64_t maximum = is64 ? std::min(kMaxMemory64Pages / 2, config.maxMemory64Pages)
                          : std::min<uint64_t>(kMaxMemoryPages, config.maxMemoryPages);
  maximum = std::min(maximum, type.limits.max.value_or(maximum));
  if (type.limits.min > maximum) return nullptr;
  std::unique_ptr<VMMemory> memory(new VMMemory(type, maximum));
  uint64_t initialBytes = type.limits.min * kWasmPageSize;
  memory->limiter_ = limiter;
  if (!memory->account(initialBytes)) return nullptr;

  if (config.memoryMode == MemoryMode::GuardPages && !is64) {
    uint8_t* base = GuardedReservationCache::instance().take();
    if (!base) return nullptr;
    memory->guarded_ = true;
    memory->mapping_ = base;
    memory->mappingBytes_ = kGuardedReservationBytes;
    memory->capacityBytes_ = uint64_t(kMaxMemoryPages) * kWasmPageSize;
    memory->ownDefinition_ = {base, 0};
    // The image, read+write and private, replaces the inaccessible pages: it
    // is the commit, with the data segments already in (copy-on-write).
    if (image && image->bytes() == initialBytes && image->mapAt(base)) {
      memory->holdsImage_ = true;
    } else if (!memory->commit(0, initialBytes)) {
      return nullptr;  // the destructor returns the reservation
    }
    memory->ownDefinition_.length = initialBytes;
    return memory;
  }
  // A shared memory never moves: no slot it could outgrow.
  if (pool && !type.shared && initialBytes <= pool->slotBytes()) {
    uint8_t* slot = pool->acquire();
    if (!slot) return nullptr;
    memory->pool_ = pool;
    memory->capacityBytes_ = pool->slotBytes();
    memory->ownDefinition_ = {slot, initialBytes};
    return memory;
  }
  if (!memory->reserveOwnMapping(initialBytes)) return nullptr;
  return memory;
}

bool VMMemory::reserveOwnMapping(uint64_t accessibleBytes) {
  const uint64_t maximumBytes = maximumPages_ * kWasmPageSize;
  const uint64_t reservedBytes = maximumBytes + kSmallGuardBytes;
  uint8_t* base = reserve(reservedBytes, PROT_NONE);
  if (!base) return false;
  if (accessibleBytes > 0 && mprotect(base, accessibleBytes, PROT_READ | PROT_WRITE) != 0) {
    munmap(base, reservedBytes);
    return false;
  }
  mapping_ = base;
  mappingBytes_ = reservedBytes;
  capacityBytes_ = maximumBytes;
  definition_->base = base;
  definition_->length = accessibleBytes;
  return true;
}

VMMemory::~VMMemory() {
  if (guarded_) {
    GuardedReservationCache::instance().give(mapping_, definition_->length);
  } else if (mapping_) {
    munmap(mapping_, mappingBytes_);
  }
  if (pool_) pool_->release(definition_->base, definition_->length);
  if (definition_ != &ownDefinition_) *definition_ = {nullptr, 0};
  unaccount(0);
}

bool VMMemory::account(uint64_t bytes) {
  if (!limiter_ || bytes == accountedBytes_) return true;
  if (!limiter_->memoryGrowing(accountedBytes_, bytes, maximumPages_ * kWasmPageSize)) {
    return false;
  }
  accountedBytes_ = bytes;
  return true;
}

void VMMemory::unaccount(uint64_t bytes) {
  if (!limiter_ || accountedBytes_ <= bytes) return;
  limiter_->memoryReleased(accountedBytes_ - bytes);
  accountedBytes_ = bytes;
}

bool VMMemory::commit(uint64_t fromBytes, uint64_t toBytes) {
  if (!mapping_ || toBytes == fromBytes) return true;  // pool slots are always accessible
  return mprotect(mapping_ + fromBytes, toBytes - fromBytes, PROT_READ | PROT_WRITE) == 0;
}

uint64_t VMMemory::byteLength() const {
  if (!type_.shared) return definition_->length;
  return std::atomic_ref<uint64_t>(definition_->length).load(std::memory_order_acquire);
}

void VMMemory::publishLength(uint64_t bytes) {
  if (type_.shared) {
    std::atomic_ref<uint64_t>(definition_->length).store(bytes, std::memory_order_release);
  } else {
    definition_->length = bytes;
  }
}

std::optional<uint64_t> VMMemory::grow(uint64_t deltaPages) {
  if (!type_.shared) return growLocked(deltaPages);
  std::lock_guard lock(growMutex_);
  return growLocked(deltaPages);
}

std::optional<uint64_t> VMMemory::growLocked(uint64_t deltaPages) {
  uint64_t oldPages = pages();
  if (deltaPages > maximumPages_ - oldPages) return std::nullopt;
  uint64_t oldBytes = definition_->length;
  uint64_t newBytes = (oldPages + deltaPages) * kWasmPageSize;
  if (!account(newBytes)) return std::nullopt;
  if (newBytes <= capacityBytes_) {
    if (!commit(oldBytes, newBytes)) {
      unaccount(oldBytes);
      return std::nullopt;
    }
    publishLength(newBytes);
    return oldPages;
  }
  // A pool slot outgrown: move into an own mapping sized for the maximum.
  // Only bounds-check memories live in slots, and their base may move.
  uint8_t* slot = definition_->base;
  if (!reserveOwnMapping(newBytes)) {
    unaccount(oldBytes);
    return std::nullopt;
  }
  std::memcpy(mapping_, slot, oldBytes);
  pool_->release(slot, oldBytes);
  pool_ = nullptr;
  return oldPages;
}

void VMMemory::publishTo(VMMemoryDefinition* slot) {
  VMMemoryDefinition* target = slot ? slot : &ownDefinition_;
  *target = *definition_;
  definition_ = target;
}

}  // namespace kiln
