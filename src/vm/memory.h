// A WebAssembly linear memory (32- or 64-bit addresses) and the pool that
// backs small memories in bounds-check mode.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "kiln/config.h"
#include "types/limits.h"

namespace kiln {

/// What compiled code reads to access a memory: its base and current length
/// in bytes. Lives inline in the owner's VMContext (or inside a host-created
/// `VMMemory`); the layout is part of the compiler contract.
struct VMMemoryDefinition {
  uint8_t* base;
  uint64_t length;
};
static_assert(sizeof(VMMemoryDefinition) == 16);

class MemoryPool;
class MemoryImage;
class VMResourceLimiter;

/// Large read-write reservations divided into fixed-size slots. Protection
/// never changes inside a slab, so a whole slab is one kernel mapping however
/// many memories live in it (Linux caps a process at vm.max_map_count).
class MemoryPool {
 public:
  /// Slots of `slotPages` Wasm pages, carved from slabs of `slotsPerSlab` slots.
  explicit MemoryPool(uint32_t slotPages = 16, uint32_t slotsPerSlab = 1024);
  ~MemoryPool();
  MemoryPool(const MemoryPool&) = delete;
  MemoryPool& operator=(const MemoryPool&) = delete;

  /// A zero-filled slot, or null when the OS refuses a new slab.
  uint8_t* acquire();
  /// Returns a slot whose first `usedBytes` may be dirty; they are zeroed.
  void release(uint8_t* slot, uint64_t usedBytes);

  uint64_t slotBytes() const { return slotBytes_; }
  /// Slots currently handed out (for tests).
  size_t liveSlots() const;

 private:
  struct Slab {
    uint8_t* base;
    size_t bytes;
  };
  const uint64_t slotBytes_;
  const uint32_t slotsPerSlab_;
  mutable std::mutex mutex_;
  std::vector<Slab> slabs_;
  std::vector<uint8_t*> freeSlots_;
  size_t liveSlots_ = 0;
};

/// A linear memory. Not copyable or movable: its `VMMemoryDefinition` is
/// referenced by address from VMContexts. A 32-bit memory in guard-page mode
/// sits in an 8 GiB guarded reservation; a 64-bit memory, whose addresses no
/// reservation covers, is always reached through explicit bounds checks and
/// reserves its maximum (the engine's limit when it declares none).
///
/// A shared memory (threads) is used by several threads at once: it never
/// moves (it never takes a pool slot, so in bounds-check mode too it
/// reserves its maximum up front), grow() is serialised, and its length is
/// published with release order after the new pages are accessible, so a
/// thread that reads a length (compiled code's bounds check, memory.size)
/// may access every byte below it.
class VMMemory {
 public:
  /// A memory of `type.limits.min` zeroed pages, or null when the minimum is
  /// over the limits (its own, or config.maxMemoryPages / maxMemory64Pages), `limiter` refuses
  /// it or the OS refuses the reservation. config.memoryMode says how it is
  /// reserved; a bounds-check memory takes a slot of `pool` when it fits one
  /// (null: its own mapping). With `image` (its module's MemoryImage), a
  /// guard-page memory starts as the image instead, and says so with
  /// holdsImage(). `limiter` (its store's budget, may be null) is asked for
  /// every byte it takes and must outlive it.
  static std::unique_ptr<VMMemory> create(const MemoryType& type, const Config& config,
                                          MemoryPool* pool = nullptr,
                                          const MemoryImage* image = nullptr,
                                          VMResourceLimiter* limiter = nullptr);
  ~VMMemory();
  VMMemory(const VMMemory&) = delete;
  VMMemory& operator=(const VMMemory&) = delete;

  const MemoryType& type() const { return type_; }
  uint8_t* base() const { return definition_->base; }
  uint64_t byteLength() const;
  uint64_t pages() const { return byteLength() / kWasmPageSize; }
  bool isShared() const { return type_.shared; }
  /// The most pages this memory may ever have (declared maximum and engine limit).
  uint64_t maximumPages() const { return maximumPages_; }

  /// Grows by `deltaPages` zeroed pages. Returns the old size in pages, or
  /// nothing when the result would pass the maximum, the limiter refuses or
  /// the OS refuses. Atomic for a shared memory.
  std::optional<uint64_t> grow(uint64_t deltaPages);

  /// Whether create() mapped a MemoryImage: the active data segments are
  /// already in place.
  bool holdsImage() const { return holdsImage_; }

  /// The definition compiled code reads; always current.
  VMMemoryDefinition* definition() { return definition_; }
  /// Makes `slot` (inside the owning instance's VMContext) the definition
  /// that is kept current, so compiled code reads it with no indirection.
  /// `nullptr` moves it back into this object.
  void publishTo(VMMemoryDefinition* slot);

 private:
  VMMemory(const MemoryType& type, uint64_t maximumPages);
  /// Reserves the maximum (and a small trailing guard) with the first
  /// `accessibleBytes` accessible.
  bool reserveOwnMapping(uint64_t accessibleBytes);
  bool commit(uint64_t fromBytes, uint64_t toBytes);
  /// The work of grow(), under growMutex_ when the memory is shared.
  std::optional<uint64_t> growLocked(uint64_t deltaPages);
  /// Sets the length other threads read (release order for a shared memory).
  void publishLength(uint64_t bytes);
  /// Asks the limiter for the bytes from what is accounted up to `bytes`.
  bool account(uint64_t bytes);
  /// Gives back what `account` took beyond `bytes`.
  void unaccount(uint64_t bytes);

  MemoryType type_;
  uint64_t maximumPages_;
  VMMemoryDefinition ownDefinition_{nullptr, 0};
  VMMemoryDefinition* definition_ = &ownDefinition_;
  /// An own mapping (`mapping_` non-null) or a pool slot (`pool_` non-null).
  uint8_t* mapping_ = nullptr;
  size_t mappingBytes_ = 0;
  MemoryPool* pool_ = nullptr;
  /// Bytes usable without moving: committed on demand inside an own mapping,
  /// or the whole slot.
  uint64_t capacityBytes_ = 0;
  bool guarded_ = false;
  bool holdsImage_ = false;
  VMResourceLimiter* limiter_ = nullptr;
  /// Bytes the limiter granted and has not been given back.
  uint64_t accountedBytes_ = 0;
  /// Serialises grow() of a shared memory.
  std::mutex growMutex_;
};

}  // namespace kiln
