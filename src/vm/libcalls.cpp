#include "vm/libcalls.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>

#include "vm/call_state.h"
#include "vm/instance.h"
#include "vm/parking_lot.h"

namespace kiln {

namespace {

VMInstance& instanceOf(VMContext* vmctx) { return *VMInstance::fromVMContext(vmctx); }

// The entities of the PAIR routines, by local index (counting definitions)
// or import index (counting imports).
VMMemory& localMemory(VMContext* vmctx, uint32_t localIndex) {
  VMInstance& instance = instanceOf(vmctx);
  return instance.memory(MemoryIndex(instance.module().importedMemoryCount() + localIndex));
}

VMMemory& importedMemory(VMContext* vmctx, uint32_t importIndex) {
  VMInstance& instance = instanceOf(vmctx);
  return *instance.at<VMMemoryImport>(instance.offsets().importedMemory(importIndex))->memory;
}

VMTable& localTable(VMContext* vmctx, uint32_t localIndex) {
  VMInstance& instance = instanceOf(vmctx);
  return instance.table(TableIndex(instance.module().importedTableCount() + localIndex));
}

VMTable& importedTable(VMContext* vmctx, uint32_t importIndex) {
  VMInstance& instance = instanceOf(vmctx);
  return *instance.at<VMTableImport>(instance.offsets().importedTable(importIndex))->table;
}

/// True when [start, start + len) lies within `size`, without computing a
/// sum that could wrap (64-bit operands of memory64 may be near 2^64).
bool inBounds(uint64_t start, uint64_t len, uint64_t size) {
  return len <= size && start <= size - len;
}

// A C++ body's result as its shim returns it (see LibCallSentinel).
/// False: records the trap.
bool sentinelOf(std::optional<TrapCode> trap) {
  if (!trap) return true;
  CallState::current().recordTrap(*trap);
  return false;
}
/// Grow: the old size, or all bits set when it cannot grow.
uint32_t sentinelOf(std::optional<uint32_t> oldSize) { return oldSize.value_or(UINT32_MAX); }
uint64_t sentinelOf(std::optional<uint64_t> oldSize) { return oldSize.value_or(UINT64_MAX); }
uint32_t sentinelOf(uint32_t value) { return value; }
uint64_t sentinelOf(uint64_t value) { return value; }
/// AllOnes: records the trap.
void* sentinelOf(Expected<void*, TrapCode> element) {
  if (element) return *element;
  CallState::current().recordTrap(element.error());
  return kTableGetTrapped;
}
uint64_t sentinelOf(Expected<uint64_t, TrapCode> result) {
  if (result) return *result;
  CallState::current().recordTrap(result.error());
  return UINT64_MAX;
}

/// The bytes an atomic access of `size` bytes at `address + offset` reads,
/// or its trap: out of bounds first, then unaligned.
Expected<uint8_t*, TrapCode> atomicCell(VMMemory& memory, uint64_t address, uint64_t offset,
                                        uint32_t size) {
  if (offset > UINT64_MAX - address || !inBounds(address + offset, size, memory.byteLength())) {
    return Unexpected{TrapCode::HeapAccessOutOfBounds};
  }
  if ((address + offset) % size != 0) return Unexpected{TrapCode::HeapMisaligned};
  return memory.base() + address + offset;
}

/// memory.atomic.wait32/64: parks until notified, unless the cell no longer
/// holds `expected`, for at most `timeout` ns (negative: no limit). Store::
/// interrupt (which sets the calling instance's flag) stops the wait with
/// an Interrupt trap.
template <class T>
Expected<uint64_t, TrapCode> waitOn(VMContext* vmctx, VMMemory& memory, uint64_t address,
                                    uint64_t offset, T expected, int64_t timeout) {
  Expected<uint8_t*, TrapCode> cell = atomicCell(memory, address, offset, sizeof(T));
  if (!cell) return Unexpected{cell.error()};
  // No other thread could ever notify it.
  if (!memory.isShared()) return Unexpected{TrapCode::ExpectedSharedMemory};
  T& value = *reinterpret_cast<T*>(*cell);
  auto stillExpected = [&value, expected] { return std::atomic_ref<T>(value).load() == expected; };
  std::optional<std::chrono::nanoseconds> limit;
  if (timeout >= 0) limit = std::chrono::nanoseconds(timeout);
  uint64_t& interruptFlag = reinterpret_cast<VMContextHeader*>(vmctx)->interruptRequested;
  auto interrupted = [&interruptFlag] {
    return std::atomic_ref<uint64_t>(interruptFlag).load(std::memory_order_relaxed) != 0;
  };
  switch (ParkingLot::park(*cell, stillExpected, limit, interrupted)) {
    case ParkingLot::ParkResult::Woken: return 0;
    case ParkingLot::ParkResult::Mismatch: return 1;
    case ParkingLot::ParkResult::TimedOut: return 2;
    case ParkingLot::ParkResult::Interrupted: return Unexpected{TrapCode::Interrupt};
  }
  return 2;
}

/// NaN in gives a quiet NaN out with the same payload, whatever libm does.
template <class F, class Round>
F roundOrQuiet(F x, Round round) {
  return std::isnan(x) ? x + x : round(x);
}

}  // namespace

// The work of each PAIR routine, given its memory or table.
namespace libcall_impl {

// A 32-bit memory never has more than 2^16 pages: its results fit in 32 bits.
std::optional<uint32_t> memory32_grow(VMContext*, VMMemory& memory, uint32_t delta) {
  return memory.grow(delta);
}

std::optional<uint64_t> memory64_grow(VMContext*, VMMemory& memory, uint64_t delta) {
  return memory.grow(delta);
}

uint32_t memory32_size(VMContext*, VMMemory& memory) { return uint32_t(memory.pages()); }

uint64_t memory64_size(VMContext*, VMMemory& memory) { return memory.pages(); }

std::optional<TrapCode> memory32_fill(VMContext*, VMMemory& memory, uint32_t dst, uint32_t value,
                                      uint32_t len) {
  return fillMemory(*memory.definition(), dst, uint8_t(value), len);
}

std::optional<TrapCode> memory64_fill(VMContext*, VMMemory& memory, uint64_t dst, uint32_t value,
                                      uint64_t len) {
  return fillMemory(*memory.definition(), dst, uint8_t(value), len);
}

std::optional<TrapCode> memory32_init(VMContext* vmctx, VMMemory& memory, uint32_t data,
                                      uint32_t dst, uint32_t src, uint32_t len) {
  return initMemory(instanceOf(vmctx), memory, DataIndex(data), dst, src, len);
}

std::optional<TrapCode> memory64_init(VMContext* vmctx, VMMemory& memory, uint32_t data,
                                      uint64_t dst, uint32_t src, uint32_t len) {
  return initMemory(instanceOf(vmctx), memory, DataIndex(data), dst, src, len);
}

std::optional<TrapCode> table_init(VMContext* vmctx, VMTable& table, uint32_t elem, uint64_t dst,
                                   uint32_t src, uint32_t len) {
  return initTable(instanceOf(vmctx), table, ElemIndex(elem), dst, src, len);
}

std::optional<uint32_t> table_grow(VMContext*, VMTable& table, uint32_t delta, void* init) {
  return table.grow(delta, init);
}

std::optional<uint64_t> table64_grow(VMContext*, VMTable& table, uint64_t delta, void* init) {
  return table.grow(delta, init);
}

std::optional<TrapCode> table_fill(VMContext*, VMTable& table, uint64_t dst, void* value,
                                   uint64_t len) {
  return fillTable(table, dst, value, len);
}

uint32_t table_size(VMContext*, VMTable& table) { return table.size(); }

uint64_t table64_size(VMContext*, VMTable& table) { return table.size(); }

Expected<void*, TrapCode> table_get(VMContext*, VMTable& table, uint64_t index) {
  if (index >= table.size()) return Unexpected{TrapCode::TableAccessOutOfBounds};
  return table.elements()[index];
}

std::optional<TrapCode> table_set(VMContext*, VMTable& table, uint64_t index, void* value) {
  if (index >= table.size()) return TrapCode::TableAccessOutOfBounds;
  table.elements()[index] = value;
  return std::nullopt;
}

Expected<uint64_t, TrapCode> memory_atomic_wait32(VMContext* vmctx, VMMemory& memory,
                                                  uint64_t address, uint64_t offset,
                                                  uint32_t expected, int64_t timeout) {
  return waitOn(vmctx, memory, address, offset, expected, timeout);
}

Expected<uint64_t, TrapCode> memory_atomic_wait64(VMContext* vmctx, VMMemory& memory,
                                                  uint64_t address, uint64_t offset,
                                                  uint64_t expected, int64_t timeout) {
  return waitOn(vmctx, memory, address, offset, expected, timeout);
}

Expected<uint64_t, TrapCode> memory_atomic_notify(VMContext*, VMMemory& memory, uint64_t address,
                                                  uint64_t offset, uint32_t count) {
  Expected<uint8_t*, TrapCode> cell = atomicCell(memory, address, offset, 4);
  if (!cell) return Unexpected{cell.error()};
  // Nobody waits on an unshared memory: waiting on one traps.
  if (!memory.isShared()) return 0;
  return ParkingLot::unpark(*cell, count);
}

}  // namespace libcall_impl

std::optional<TrapCode> copyMemory(const VMMemoryDefinition& dstMemory, uint64_t dst,
                                   const VMMemoryDefinition& srcMemory, uint64_t src,
                                   uint64_t len) {
  if (!inBounds(dst, len, dstMemory.length) || !inBounds(src, len, srcMemory.length)) {
    return TrapCode::HeapAccessOutOfBounds;
  }
  // memmove: within one memory the ranges may overlap.
  if (len > 0) std::memmove(dstMemory.base + dst, srcMemory.base + src, len);
  return std::nullopt;
}

std::optional<TrapCode> fillMemory(const VMMemoryDefinition& memory, uint64_t dst, uint8_t value,
                                   uint64_t len) {
  if (!inBounds(dst, len, memory.length)) return TrapCode::HeapAccessOutOfBounds;
  if (len > 0) std::memset(memory.base + dst, value, len);
  return std::nullopt;
}

std::optional<TrapCode> initMemory(VMInstance& instance, VMMemory& memory, DataIndex data,
                                   uint64_t dst, uint32_t src, uint32_t len) {
  std::span<const uint8_t> segment = instance.dataSegment(data);
  const VMMemoryDefinition& target = *memory.definition();
  if (!inBounds(src, len, segment.size()) || !inBounds(dst, len, target.length)) {
    return TrapCode::HeapAccessOutOfBounds;
  }
  if (len > 0) std::memcpy(target.base + dst, segment.data() + src, len);
  return std::nullopt;
}

std::optional<TrapCode> copyTable(VMTable& dstTable, VMTable& srcTable, uint64_t dst, uint64_t src,
                                  uint64_t len) {
  if (!inBounds(dst, len, dstTable.size()) || !inBounds(src, len, srcTable.size())) {
    return TrapCode::TableAccessOutOfBounds;
  }
  if (len > 0)
    std::memmove(dstTable.elements() + dst, srcTable.elements() + src, len * sizeof(void*));
  return std::nullopt;
}

std::optional<TrapCode> initTable(VMInstance& instance, VMTable& table, ElemIndex elem,
                                  uint64_t dst, uint32_t src, uint32_t len) {
  std::span<void* const> segment = instance.elementSegment(elem);
  if (!inBounds(src, len, segment.size()) || !inBounds(dst, len, table.size())) {
    return TrapCode::TableAccessOutOfBounds;
  }
  if (len > 0) std::memcpy(table.elements() + dst, segment.data() + src, len * sizeof(void*));
  return std::nullopt;
}

std::optional<TrapCode> fillTable(VMTable& table, uint64_t dst, void* value, uint64_t len) {
  if (!inBounds(dst, len, table.size())) return TrapCode::TableAccessOutOfBounds;
  std::fill_n(table.elements() + dst, len, value);
  return std::nullopt;
}

const void* const kVMLibCallTable[kLibCallCount] = {
#define KILN_LIBCALL_ADDRESS(name, symbol, result, sentinel, trap, params) \
  reinterpret_cast<const void*>(&kiln_##symbol),
#define KILN_LIBCALL_PAIR_ADDRESSES(name, symbol, result, sentinel, trap, entity, params) \
  reinterpret_cast<const void*>(&kiln_##symbol),                                         \
      reinterpret_cast<const void*>(&kiln_imported_##symbol),
    KILN_LIBCALLS(KILN_LIBCALL_ADDRESS, KILN_LIBCALL_PAIR_ADDRESSES)
#undef KILN_LIBCALL_ADDRESS
#undef KILN_LIBCALL_PAIR_ADDRESSES
};

const void* libCallAddress(LibCall call) { return kVMLibCallTable[uint32_t(call)]; }

std::string_view libCallName(LibCall call) {
  static constexpr std::string_view kNames[] = {
#define KILN_LIBCALL_NAME(name, symbol, result, sentinel, trap, params) "kiln_" #symbol,
#define KILN_LIBCALL_PAIR_NAMES(name, symbol, result, sentinel, trap, entity, params) \
  "kiln_" #symbol, "kiln_imported_" #symbol,
      KILN_LIBCALLS(KILN_LIBCALL_NAME, KILN_LIBCALL_PAIR_NAMES)
#undef KILN_LIBCALL_NAME
#undef KILN_LIBCALL_PAIR_NAMES
  };
  return kNames[uint32_t(call)];
}

}  // namespace kiln

using namespace kiln;

float kiln_f32_ceil(float x) {
  return roundOrQuiet(x, [](float v) { return std::ceil(v); });
}
float kiln_f32_floor(float x) {
  return roundOrQuiet(x, [](float v) { return std::floor(v); });
}
float kiln_f32_trunc(float x) {
  return roundOrQuiet(x, [](float v) { return std::trunc(v); });
}
float kiln_f32_nearest(float x) {
  // nearbyint rounds in the current mode, which the runtime never changes
  // from round-to-nearest-even, and keeps the sign of a zero result.
  return roundOrQuiet(x, [](float v) { return std::nearbyint(v); });
}
double kiln_f64_ceil(double x) {
  return roundOrQuiet(x, [](double v) { return std::ceil(v); });
}
double kiln_f64_floor(double x) {
  return roundOrQuiet(x, [](double v) { return std::floor(v); });
}
double kiln_f64_trunc(double x) {
  return roundOrQuiet(x, [](double v) { return std::trunc(v); });
}
double kiln_f64_nearest(double x) {
  return roundOrQuiet(x, [](double v) { return std::nearbyint(v); });
}

void kiln_data_drop(VMContext* vmctx, uint32_t data_index) {
  instanceOf(vmctx).dropData(DataIndex(data_index));
}

bool kiln_memory32_copy(VMContext* vmctx, uint32_t dst_memory, uint32_t src_memory, uint32_t dst,
                        uint32_t src, uint32_t len) {
  return kiln_memory64_copy(vmctx, dst_memory, src_memory, dst, src, len);
}

bool kiln_memory64_copy(VMContext* vmctx, uint32_t dst_memory, uint32_t src_memory, uint64_t dst,
                        uint64_t src, uint64_t len) {
  VMInstance& instance = instanceOf(vmctx);
  return sentinelOf(copyMemory(*instance.memory(MemoryIndex(dst_memory)).definition(), dst,
                               *instance.memory(MemoryIndex(src_memory)).definition(), src, len));
}

bool kiln_table_copy(VMContext* vmctx, uint32_t dst_table, uint32_t src_table, uint64_t dst,
                     uint64_t src, uint64_t len) {
  VMInstance& instance = instanceOf(vmctx);
  return sentinelOf(copyTable(instance.table(TableIndex(dst_table)),
                              instance.table(TableIndex(src_table)), dst, src, len));
}

void kiln_elem_drop(VMContext* vmctx, uint32_t elem_index) {
  instanceOf(vmctx).dropElement(ElemIndex(elem_index));
}

void* kiln_func_ref(VMContext* vmctx, uint32_t func_index) {
  return instanceOf(vmctx).funcRef(FuncIndex(func_index));
}

void kiln_throw(VMContext* vmctx, uint32_t tag_index, const ValRaw* payload) {
  VMInstance& instance = instanceOf(vmctx);
  const VMTag& tag = instance.tag(tag_index);
  VMException* exception = instance.exceptionHeap()->allocate(
      tag, std::span<const ValRaw>(payload, tag.type.params.size()));
  // Out of memory for the exception: the throw cannot happen, the call stops.
  if (!exception) {
    CallState::current().recordTrap(TrapCode::Unreachable);
    return;
  }
  CallState::current().recordException(exception);
}

void kiln_throw_ref(void* exnref) {
  if (!exnref) {
    CallState::current().recordTrap(TrapCode::NullExceptionReference);
    return;
  }
  CallState::current().recordException(static_cast<VMException*>(exnref));
}

// The shims of the PAIR routines: resolve the memory or table, run the body,
// turn its result into the sentinel. `KILN_PAIR_PARAMS((T0, T1))` declares
// `, T0 a0, T1 a1` and `KILN_PAIR_ARGS` forwards `, a0, a1`.
#define KILN_PAIR_CAT_(a, b) a##b
#define KILN_PAIR_CAT(a, b) KILN_PAIR_CAT_(a, b)
#define KILN_PAIR_COUNT_(_1, _2, _3, _4, n, ...) n
#define KILN_PAIR_COUNT(...) KILN_PAIR_COUNT_(__VA_ARGS__ __VA_OPT__(, ) 4, 3, 2, 1, 0)
#define KILN_PAIR_PARAMS_0()
#define KILN_PAIR_PARAMS_1(t0) , t0 a0
#define KILN_PAIR_PARAMS_2(t0, t1) , t0 a0, t1 a1
#define KILN_PAIR_PARAMS_3(t0, t1, t2) , t0 a0, t1 a1, t2 a2
#define KILN_PAIR_PARAMS_4(t0, t1, t2, t3) , t0 a0, t1 a1, t2 a2, t3 a3
#define KILN_PAIR_ARGS_0()
#define KILN_PAIR_ARGS_1(t0) , a0
#define KILN_PAIR_ARGS_2(t0, t1) , a0, a1
#define KILN_PAIR_ARGS_3(t0, t1, t2) , a0, a1, a2
#define KILN_PAIR_ARGS_4(t0, t1, t2, t3) , a0, a1, a2, a3
#define KILN_PAIR_PARAMS(...) KILN_PAIR_CAT(KILN_PAIR_PARAMS_, KILN_PAIR_COUNT(__VA_ARGS__))(__VA_ARGS__)
#define KILN_PAIR_ARGS(...) KILN_PAIR_CAT(KILN_PAIR_ARGS_, KILN_PAIR_COUNT(__VA_ARGS__))(__VA_ARGS__)

#define KILN_LIBCALL_NO_SHIM(name, symbol, result, sentinel, trap, params)
#define KILN_LIBCALL_PAIR_SHIMS(name, symbol, result, sentinel, trap, entity, params)          \
  result kiln_##symbol(VMContext* vmctx, uint32_t index KILN_PAIR_PARAMS params) {             \
    return sentinelOf(                                                                         \
        libcall_impl::symbol(vmctx, local##entity(vmctx, index) KILN_PAIR_ARGS params));       \
  }                                                                                            \
  result kiln_imported_##symbol(VMContext* vmctx, uint32_t index KILN_PAIR_PARAMS params) {    \
    return sentinelOf(                                                                         \
        libcall_impl::symbol(vmctx, imported##entity(vmctx, index) KILN_PAIR_ARGS params));    \
  }
KILN_LIBCALLS(KILN_LIBCALL_NO_SHIM, KILN_LIBCALL_PAIR_SHIMS)
