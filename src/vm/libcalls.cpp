#include "vm/libcalls.h"

#include <cmath>
#include <cstring>

#include "vm/call_state.h"
#include "vm/instance.h"

namespace kiln {

namespace {

VMInstance& instanceOf(VMContext* vmctx) { return *VMInstance::fromVMContext(vmctx); }

VMMemoryDefinition& localMemoryDefinition(VMContext* vmctx, uint32_t localIndex) {
  VMInstance& instance = instanceOf(vmctx);
  return *instance.at<VMMemoryDefinition>(instance.offsets().localMemory(localIndex));
}

VMMemoryImport& memoryImport(VMContext* vmctx, uint32_t importIndex) {
  VMInstance& instance = instanceOf(vmctx);
  return *instance.at<VMMemoryImport>(instance.offsets().importedMemory(importIndex));
}

VMTable& localTable(VMContext* vmctx, uint32_t localIndex) {
  VMInstance& instance = instanceOf(vmctx);
  return instance.table(TableIndex(instance.module().importedTableCount() + localIndex));
}

VMTable& importedTable(VMContext* vmctx, uint32_t importIndex) {
  VMInstance& instance = instanceOf(vmctx);
  return *instance.at<VMTableImport>(instance.offsets().importedTable(importIndex))->table;
}

/// True when [start, start + len) lies within `size` (64-bit: no wrap-around).
bool inBounds(uint64_t start, uint64_t len, uint64_t size) { return start + len <= size; }

/// Turns a C++ result into the shim's sentinel, recording the trap.
bool succeeded(std::optional<TrapCode> trap) {
  if (!trap) return true;
  CallState::current().recordTrap(*trap);
  return false;
}

uint32_t growResult(std::optional<uint32_t> oldSize) { return oldSize.value_or(UINT32_MAX); }

void* getElement(VMTable& table, uint32_t index) {
  if (index >= table.size()) {
    CallState::current().recordTrap(TrapCode::TableAccessOutOfBounds);
    return kTableGetTrapped;
  }
  return table.elements()[index];
}

bool setElement(VMTable& table, uint32_t index, void* value) {
  if (index >= table.size()) return succeeded(TrapCode::TableAccessOutOfBounds);
  table.elements()[index] = value;
  return true;
}

/// NaN in gives a quiet NaN out with the same payload, whatever libm does.
template <class F, class Round>
F roundOrQuiet(F x, Round round) {
  return std::isnan(x) ? x + x : round(x);
}

}  // namespace

std::optional<TrapCode> copyMemory(const VMMemoryDefinition& memory, uint32_t dst, uint32_t src,
                                   uint32_t len) {
  if (!inBounds(dst, len, memory.length) || !inBounds(src, len, memory.length)) {
    return TrapCode::HeapAccessOutOfBounds;
  }
  std::memmove(memory.base + dst, memory.base + src, len);
  return std::nullopt;
}

std::optional<TrapCode> fillMemory(const VMMemoryDefinition& memory, uint32_t dst, uint8_t value,
                                   uint32_t len) {
  if (!inBounds(dst, len, memory.length)) return TrapCode::HeapAccessOutOfBounds;
  std::memset(memory.base + dst, value, len);
  return std::nullopt;
}

std::optional<TrapCode> initMemory(VMInstance& instance, MemoryIndex memory, DataIndex data,
                                   uint32_t dst, uint32_t src, uint32_t len) {
  std::span<const uint8_t> segment = instance.dataSegment(data);
  const VMMemoryDefinition& target = *instance.memory(memory).definition();
  if (!inBounds(src, len, segment.size()) || !inBounds(dst, len, target.length)) {
    return TrapCode::HeapAccessOutOfBounds;
  }
  if (len > 0) std::memcpy(target.base + dst, segment.data() + src, len);
  return std::nullopt;
}

std::optional<TrapCode> copyTable(VMTable& dstTable, VMTable& srcTable, uint32_t dst, uint32_t src,
                                  uint32_t len) {
  if (!inBounds(dst, len, dstTable.size()) || !inBounds(src, len, srcTable.size())) {
    return TrapCode::TableAccessOutOfBounds;
  }
  if (len > 0)
    std::memmove(dstTable.elements() + dst, srcTable.elements() + src, len * sizeof(void*));
  return std::nullopt;
}

std::optional<TrapCode> initTable(VMInstance& instance, TableIndex table, ElemIndex elem,
                                  uint32_t dst, uint32_t src, uint32_t len) {
  std::span<void* const> segment = instance.elementSegment(elem);
  VMTable& target = instance.table(table);
  if (!inBounds(src, len, segment.size()) || !inBounds(dst, len, target.size())) {
    return TrapCode::TableAccessOutOfBounds;
  }
  if (len > 0) std::memcpy(target.elements() + dst, segment.data() + src, len * sizeof(void*));
  return std::nullopt;
}

std::optional<TrapCode> fillTable(VMTable& table, uint32_t dst, void* value, uint32_t len) {
  if (!inBounds(dst, len, table.size())) return TrapCode::TableAccessOutOfBounds;
  std::fill_n(table.elements() + dst, len, value);
  return std::nullopt;
}

const void* const kVMLibCallTable[kLibCallCount] = {
#define KILN_LIBCALL_ADDRESS(name, symbol) reinterpret_cast<const void*>(&symbol),
    KILN_LIBCALLS(KILN_LIBCALL_ADDRESS)
#undef KILN_LIBCALL_ADDRESS
};

const void* libCallAddress(LibCall call) { return kVMLibCallTable[uint32_t(call)]; }

std::string_view libCallName(LibCall call) {
  static constexpr std::string_view kNames[] = {
#define KILN_LIBCALL_NAME(name, symbol) #symbol,
      KILN_LIBCALLS(KILN_LIBCALL_NAME)
#undef KILN_LIBCALL_NAME
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

uint32_t kiln_memory32_grow(VMContext* vmctx, uint32_t delta, uint32_t local_index) {
  VMInstance& instance = instanceOf(vmctx);
  uint32_t index = instance.module().importedMemoryCount() + local_index;
  return growResult(instance.memory(MemoryIndex(index)).grow(delta));
}

uint32_t kiln_imported_memory32_grow(VMContext* vmctx, uint32_t delta, uint32_t import_index) {
  return growResult(memoryImport(vmctx, import_index).memory->grow(delta));
}

uint32_t kiln_memory32_size(VMContext* vmctx, uint32_t local_index) {
  return uint32_t(localMemoryDefinition(vmctx, local_index).length / kWasmPageSize);
}

uint32_t kiln_imported_memory32_size(VMContext* vmctx, uint32_t import_index) {
  return uint32_t(memoryImport(vmctx, import_index).definition->length / kWasmPageSize);
}

bool kiln_local_memory_copy(VMContext* vmctx, uint32_t local_index, uint32_t dst, uint32_t src,
                            uint32_t len) {
  return succeeded(copyMemory(localMemoryDefinition(vmctx, local_index), dst, src, len));
}

bool kiln_imported_memory_copy(VMContext* vmctx, uint32_t import_index, uint32_t dst, uint32_t src,
                               uint32_t len) {
  return succeeded(copyMemory(*memoryImport(vmctx, import_index).definition, dst, src, len));
}

bool kiln_memory_fill(VMContext* vmctx, uint32_t local_index, uint32_t dst, uint32_t val,
                      uint32_t len) {
  return succeeded(fillMemory(localMemoryDefinition(vmctx, local_index), dst, uint8_t(val), len));
}

bool kiln_imported_memory_fill(VMContext* vmctx, uint32_t import_index, uint32_t dst, uint32_t val,
                               uint32_t len) {
  return succeeded(
      fillMemory(*memoryImport(vmctx, import_index).definition, dst, uint8_t(val), len));
}

bool kiln_memory_init(VMContext* vmctx, uint32_t memory_index, uint32_t data_index, uint32_t dst,
                      uint32_t src, uint32_t len) {
  return succeeded(initMemory(instanceOf(vmctx), MemoryIndex(memory_index), DataIndex(data_index),
                              dst, src, len));
}

void kiln_data_drop(VMContext* vmctx, uint32_t data_index) {
  instanceOf(vmctx).dropData(DataIndex(data_index));
}

bool kiln_table_copy(VMContext* vmctx, uint32_t dst_table, uint32_t src_table, uint32_t dst,
                     uint32_t src, uint32_t len) {
  VMInstance& instance = instanceOf(vmctx);
  return succeeded(copyTable(instance.table(TableIndex(dst_table)),
                             instance.table(TableIndex(src_table)), dst, src, len));
}

bool kiln_table_init(VMContext* vmctx, uint32_t table_index, uint32_t elem_index, uint32_t dst,
                     uint32_t src, uint32_t len) {
  return succeeded(
      initTable(instanceOf(vmctx), TableIndex(table_index), ElemIndex(elem_index), dst, src, len));
}

void kiln_elem_drop(VMContext* vmctx, uint32_t elem_index) {
  instanceOf(vmctx).dropElement(ElemIndex(elem_index));
}

uint32_t kiln_table_grow(VMContext* vmctx, uint32_t local_index, uint32_t delta, void* init) {
  return growResult(localTable(vmctx, local_index).grow(delta, init));
}

uint32_t kiln_imported_table_grow(VMContext* vmctx, uint32_t import_index, uint32_t delta,
                                  void* init) {
  return growResult(importedTable(vmctx, import_index).grow(delta, init));
}

bool kiln_table_fill(VMContext* vmctx, uint32_t local_index, uint32_t dst, void* value,
                     uint32_t len) {
  return succeeded(fillTable(localTable(vmctx, local_index), dst, value, len));
}

bool kiln_imported_table_fill(VMContext* vmctx, uint32_t import_index, uint32_t dst, void* value,
                              uint32_t len) {
  return succeeded(fillTable(importedTable(vmctx, import_index), dst, value, len));
}

uint32_t kiln_table_size(VMContext* vmctx, uint32_t local_index) {
  return localTable(vmctx, local_index).size();
}

uint32_t kiln_imported_table_size(VMContext* vmctx, uint32_t import_index) {
  return importedTable(vmctx, import_index).size();
}

void* kiln_table_get(VMContext* vmctx, uint32_t local_index, uint32_t index) {
  return getElement(localTable(vmctx, local_index), index);
}

void* kiln_imported_table_get(VMContext* vmctx, uint32_t import_index, uint32_t index) {
  return getElement(importedTable(vmctx, import_index), index);
}

bool kiln_table_set(VMContext* vmctx, uint32_t local_index, uint32_t index, void* value) {
  return setElement(localTable(vmctx, local_index), index, value);
}

bool kiln_imported_table_set(VMContext* vmctx, uint32_t import_index, uint32_t index, void* value) {
  return setElement(importedTable(vmctx, import_index), index, value);
}

void* kiln_func_ref(VMContext* vmctx, uint32_t func_index) {
  return instanceOf(vmctx).funcRef(FuncIndex(func_index));
}
