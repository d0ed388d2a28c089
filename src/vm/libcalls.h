// The runtime library calls: extern "C" routines compiled code calls for the
// work it does not do inline. Each is a thin shim over a C++ function that
// returns a result or a TrapCode; a shim never unwinds. On a trap it records
// the trap in the thread's CallState and returns a sentinel; compiled code
// then calls kiln_raise_trap, which resumes the entry trampoline.
//
// Sentinels: routines that only succeed or trap return bool (false = trap
// recorded). grow returns UINT32_MAX on failure and never traps.
// table_get returns kTableGetTrapped (all ones) on a trap.
//
// Index conventions: `local_index` counts defined memories/tables (after the
// imports), `import_index` counts imported ones, `memory_index`/`table_index`
// and the table_copy operands are in the module's index space (imports first).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "types/indices.h"
#include "types/trap_code.h"
#include "vm/vmcontext.h"

/// The X-macro of every libcall: X(enumerator, symbol).
#define KILN_LIBCALLS(X)                               \
  X(F32Ceil, kiln_f32_ceil)                            \
  X(F32Floor, kiln_f32_floor)                          \
  X(F32Trunc, kiln_f32_trunc)                          \
  X(F32Nearest, kiln_f32_nearest)                      \
  X(F64Ceil, kiln_f64_ceil)                            \
  X(F64Floor, kiln_f64_floor)                          \
  X(F64Trunc, kiln_f64_trunc)                          \
  X(F64Nearest, kiln_f64_nearest)                      \
  X(Memory32Grow, kiln_memory32_grow)                  \
  X(ImportedMemory32Grow, kiln_imported_memory32_grow) \
  X(Memory32Size, kiln_memory32_size)                  \
  X(ImportedMemory32Size, kiln_imported_memory32_size) \
  X(LocalMemoryCopy, kiln_local_memory_copy)           \
  X(ImportedMemoryCopy, kiln_imported_memory_copy)     \
  X(MemoryFill, kiln_memory_fill)                      \
  X(ImportedMemoryFill, kiln_imported_memory_fill)     \
  X(MemoryInit, kiln_memory_init)                      \
  X(DataDrop, kiln_data_drop)                          \
  X(TableCopy, kiln_table_copy)                        \
  X(TableInit, kiln_table_init)                        \
  X(ElemDrop, kiln_elem_drop)                          \
  X(TableGrow, kiln_table_grow)                        \
  X(ImportedTableGrow, kiln_imported_table_grow)       \
  X(TableFill, kiln_table_fill)                        \
  X(ImportedTableFill, kiln_imported_table_fill)       \
  X(TableSize, kiln_table_size)                        \
  X(ImportedTableSize, kiln_imported_table_size)       \
  X(TableGet, kiln_table_get)                          \
  X(ImportedTableGet, kiln_imported_table_get)         \
  X(TableSet, kiln_table_set)                          \
  X(ImportedTableSet, kiln_imported_table_set)         \
  X(FuncRef, kiln_func_ref)                            \
  X(RaiseTrap, kiln_raise_trap)                        \
  X(Probestack, kiln_probestack)

extern "C" {

float kiln_f32_ceil(float x);
float kiln_f32_floor(float x);
float kiln_f32_trunc(float x);
/// Round half to even; keeps the sign of zero.
float kiln_f32_nearest(float x);
double kiln_f64_ceil(double x);
double kiln_f64_floor(double x);
double kiln_f64_trunc(double x);
double kiln_f64_nearest(double x);

/// Old size in pages, or UINT32_MAX when the memory cannot grow. Never traps.
uint32_t kiln_memory32_grow(kiln::VMContext* vmctx, uint32_t delta, uint32_t local_index);
uint32_t kiln_imported_memory32_grow(kiln::VMContext* vmctx, uint32_t delta, uint32_t import_index);
uint32_t kiln_memory32_size(kiln::VMContext* vmctx, uint32_t local_index);
uint32_t kiln_imported_memory32_size(kiln::VMContext* vmctx, uint32_t import_index);

bool kiln_local_memory_copy(kiln::VMContext* vmctx, uint32_t local_index, uint32_t dst,
                            uint32_t src, uint32_t len);
bool kiln_imported_memory_copy(kiln::VMContext* vmctx, uint32_t import_index, uint32_t dst,
                               uint32_t src, uint32_t len);
bool kiln_memory_fill(kiln::VMContext* vmctx, uint32_t local_index, uint32_t dst, uint32_t val,
                      uint32_t len);
bool kiln_imported_memory_fill(kiln::VMContext* vmctx, uint32_t import_index, uint32_t dst,
                               uint32_t val, uint32_t len);
bool kiln_memory_init(kiln::VMContext* vmctx, uint32_t memory_index, uint32_t data_index,
                      uint32_t dst, uint32_t src, uint32_t len);
void kiln_data_drop(kiln::VMContext* vmctx, uint32_t data_index);

bool kiln_table_copy(kiln::VMContext* vmctx, uint32_t dst_table, uint32_t src_table, uint32_t dst,
                     uint32_t src, uint32_t len);
bool kiln_table_init(kiln::VMContext* vmctx, uint32_t table_index, uint32_t elem_index,
                     uint32_t dst, uint32_t src, uint32_t len);
void kiln_elem_drop(kiln::VMContext* vmctx, uint32_t elem_index);
/// Old size, or UINT32_MAX when the table cannot grow. Never traps.
uint32_t kiln_table_grow(kiln::VMContext* vmctx, uint32_t local_index, uint32_t delta, void* init);
uint32_t kiln_imported_table_grow(kiln::VMContext* vmctx, uint32_t import_index, uint32_t delta,
                                  void* init);
bool kiln_table_fill(kiln::VMContext* vmctx, uint32_t local_index, uint32_t dst, void* value,
                     uint32_t len);
bool kiln_imported_table_fill(kiln::VMContext* vmctx, uint32_t import_index, uint32_t dst,
                              void* value, uint32_t len);
uint32_t kiln_table_size(kiln::VMContext* vmctx, uint32_t local_index);
uint32_t kiln_imported_table_size(kiln::VMContext* vmctx, uint32_t import_index);
/// The element, or kTableGetTrapped when `index` is out of bounds.
void* kiln_table_get(kiln::VMContext* vmctx, uint32_t local_index, uint32_t index);
void* kiln_imported_table_get(kiln::VMContext* vmctx, uint32_t import_index, uint32_t index);
bool kiln_table_set(kiln::VMContext* vmctx, uint32_t local_index, uint32_t index, void* value);
bool kiln_imported_table_set(kiln::VMContext* vmctx, uint32_t import_index, uint32_t index,
                             void* value);
/// The funcref of function `func_index` (module index space) of this instance.
void* kiln_func_ref(kiln::VMContext* vmctx, uint32_t func_index);

/// Assembly (trampolines.S): records `code` unless a libcall already recorded
/// a trap, then resumes the innermost entry trampoline. Never returns.
[[noreturn]] void kiln_raise_trap(uint32_t code);
/// Assembly (probestack.S), non-standard ABI: frame size in rax, all registers preserved.
void kiln_probestack();
}

namespace kiln {

/// Every libcall, in the order of the VMLibCallTable.
enum class LibCall : uint32_t {
#define KILN_LIBCALL_ENUMERATOR(name, symbol) name,
  KILN_LIBCALLS(KILN_LIBCALL_ENUMERATOR)
#undef KILN_LIBCALL_ENUMERATOR
};

/// The number of libcalls.
inline constexpr uint32_t kLibCallCount = 0
#define KILN_LIBCALL_COUNT(name, symbol) +1
    KILN_LIBCALLS(KILN_LIBCALL_COUNT)
#undef KILN_LIBCALL_COUNT
    ;

/// The table every VMContext header points to: entry i is the address of
/// LibCall i. Compiled code calls [vmctx->libcalls + 8 * i].
extern const void* const kVMLibCallTable[kLibCallCount];

/// The routine's address and its symbol name ("kiln_memory_fill").
const void* libCallAddress(LibCall call);
std::string_view libCallName(LibCall call);

/// The table_get sentinel: never a valid funcref or externref.
inline void* const kTableGetTrapped = reinterpret_cast<void*>(UINTPTR_MAX);

/// The C++ bodies of the libcalls: nothing on success, or the trap. Also
/// usable by the runtime API for host-side operations.
std::optional<TrapCode> copyMemory(const VMMemoryDefinition& memory, uint32_t dst, uint32_t src,
                                   uint32_t len);
std::optional<TrapCode> fillMemory(const VMMemoryDefinition& memory, uint32_t dst, uint8_t value,
                                   uint32_t len);
std::optional<TrapCode> initMemory(VMInstance& instance, MemoryIndex memory, DataIndex data,
                                   uint32_t dst, uint32_t src, uint32_t len);
std::optional<TrapCode> copyTable(VMTable& dstTable, VMTable& srcTable, uint32_t dst, uint32_t src,
                                  uint32_t len);
std::optional<TrapCode> initTable(VMInstance& instance, TableIndex table, ElemIndex elem,
                                  uint32_t dst, uint32_t src, uint32_t len);
std::optional<TrapCode> fillTable(VMTable& table, uint32_t dst, void* value, uint32_t len);

}  // namespace kiln
