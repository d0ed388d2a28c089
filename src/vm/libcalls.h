// The runtime library calls: extern "C" routines compiled code calls for the
// work it does not do inline. Each is a thin shim over a C++ function that
// returns a result or a TrapCode; a shim never unwinds. On a trap it records
// the trap in the thread's CallState and returns its sentinel; compiled code
// then calls kiln_raise_trap, which resumes the entry trampoline.
//
// KILN_LIBCALLS below is the one list of them. Everything else is derived
// from it: the C prototypes, the `LibCall` enumerators and the table compiled
// code calls through, the symbol names (which `kiln inspect --asm` prints at
// each call), the shims of the routines on memories and tables, and the
// compiler's typed call sites (LibCallTraits: register classes of the
// parameters and the result, the sentinel, the trap).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

#include "types/indices.h"
#include "types/trap_code.h"
#include "vm/val_raw.h"
#include "vm/vmcontext.h"

// Naming: kiln_<entity>_<operation>, where the entity is `memory32`,
// `memory64` or `table` (`table64` where a table64 needs another result
// type); routines on an entity that may be imported come in pairs, the
// second named kiln_imported_<entity>_<operation>. A memory64 routine takes
// u64 addresses and lengths where the instruction takes i64 ones.
//
// X(Name, symbol, Result, Sentinel, Trap, (Params...))
//   `Result kiln_<symbol>(Params...)`.
// PAIR(Name, symbol, Result, Sentinel, Trap, Entity, (Params...))
//   `Result kiln_<symbol>(VMContext* vmctx, uint32_t index, Params...)` on
//   the defined memory or table (Entity) `index` (counting definitions only),
//   and `Result kiln_imported_<symbol>(...)` (enumerator Imported<Name>) on
//   the imported one `index` (counting imports only). Both shims are
//   generated; the work is one C++ function, libcall_impl::<symbol>, which
//   takes the VMMemory& or VMTable& and Params.
//
// Sentinel: what the routine returns when it recorded a trap.
//   Never     it never traps (grow reports failure as its result, all bits set);
//   False     bool: false = trapped;
//   AllOnes   all bits set = trapped (kTableGetTrapped; UINT64_MAX);
//   NoReturn  it does not return (kiln_raise_trap).
// Trap: the TrapCode compiled code raises after a sentinel (the routine has
// already recorded its own, which kiln_raise_trap keeps), or None.
//
// Index conventions: a PAIR's `index` counts definitions or imports as said
// above; `memory_index`/`table_index` parameters of the other routines are
// in the module's index space (imports first). Table element indices are
// u64 for tables of both index types: compiled code passes an i32 index
// zero-extended.
#define KILN_LIBCALLS(X, PAIR)                                                                   \
  X(F32Ceil, f32_ceil, float, Never, None, (float))                                              \
  X(F32Floor, f32_floor, float, Never, None, (float))                                            \
  X(F32Trunc, f32_trunc, float, Never, None, (float))                                            \
  X(F32Nearest, f32_nearest, float, Never, None, (float))                                        \
  X(F64Ceil, f64_ceil, double, Never, None, (double))                                            \
  X(F64Floor, f64_floor, double, Never, None, (double))                                          \
  X(F64Trunc, f64_trunc, double, Never, None, (double))                                          \
  X(F64Nearest, f64_nearest, double, Never, None, (double))                                      \
  /* (delta) -> old size in pages, or UINT32_MAX / UINT64_MAX */                                 \
  PAIR(Memory32Grow, memory32_grow, uint32_t, Never, None, Memory, (uint32_t))                   \
  PAIR(Memory64Grow, memory64_grow, uint64_t, Never, None, Memory, (uint64_t))                   \
  /* () -> size in pages */                                                                      \
  PAIR(Memory32Size, memory32_size, uint32_t, Never, None, Memory, ())                           \
  PAIR(Memory64Size, memory64_size, uint64_t, Never, None, Memory, ())                           \
  /* (vmctx, dst_memory_index, src_memory_index, dst, src, len); memory64_copy also copies */    \
  /* between a 32- and a 64-bit memory (32-bit operands zero-extended) */                        \
  X(Memory32Copy, memory32_copy, bool, False, HeapAccessOutOfBounds,                             \
    (kiln::VMContext*, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t))                        \
  X(Memory64Copy, memory64_copy, bool, False, HeapAccessOutOfBounds,                             \
    (kiln::VMContext*, uint32_t, uint32_t, uint64_t, uint64_t, uint64_t))                        \
  /* (dst, value, len) */                                                                        \
  PAIR(Memory32Fill, memory32_fill, bool, False, HeapAccessOutOfBounds, Memory,                  \
       (uint32_t, uint32_t, uint32_t))                                                           \
  PAIR(Memory64Fill, memory64_fill, bool, False, HeapAccessOutOfBounds, Memory,                  \
       (uint64_t, uint32_t, uint64_t))                                                           \
  /* (data_index, dst, src, len) */                                                              \
  PAIR(Memory32Init, memory32_init, bool, False, HeapAccessOutOfBounds, Memory,                  \
       (uint32_t, uint32_t, uint32_t, uint32_t))                                                 \
  PAIR(Memory64Init, memory64_init, bool, False, HeapAccessOutOfBounds, Memory,                  \
       (uint32_t, uint64_t, uint32_t, uint32_t))                                                 \
  /* (vmctx, data_index) */                                                                      \
  X(DataDrop, data_drop, void, Never, None, (kiln::VMContext*, uint32_t))                        \
  /* (vmctx, dst_table_index, src_table_index, dst, src, len) */                                 \
  X(TableCopy, table_copy, bool, False, TableAccessOutOfBounds,                                  \
    (kiln::VMContext*, uint32_t, uint32_t, uint64_t, uint64_t, uint64_t))                        \
  /* (elem_index, dst, src, len) */                                                              \
  PAIR(TableInit, table_init, bool, False, TableAccessOutOfBounds, Table,                        \
       (uint32_t, uint64_t, uint32_t, uint32_t))                                                 \
  /* (vmctx, elem_index) */                                                                      \
  X(ElemDrop, elem_drop, void, Never, None, (kiln::VMContext*, uint32_t))                        \
  /* (delta, init) -> old size, or UINT32_MAX / UINT64_MAX */                                    \
  PAIR(TableGrow, table_grow, uint32_t, Never, None, Table, (uint32_t, void*))                   \
  PAIR(Table64Grow, table64_grow, uint64_t, Never, None, Table, (uint64_t, void*))               \
  /* (dst, value, len) */                                                                        \
  PAIR(TableFill, table_fill, bool, False, TableAccessOutOfBounds, Table,                        \
       (uint64_t, void*, uint64_t))                                                              \
  /* () -> size */                                                                               \
  PAIR(TableSize, table_size, uint32_t, Never, None, Table, ())                                  \
  PAIR(Table64Size, table64_size, uint64_t, Never, None, Table, ())                              \
  /* (element_index) -> the element, or kTableGetTrapped */                                      \
  PAIR(TableGet, table_get, void*, AllOnes, TableAccessOutOfBounds, Table, (uint64_t))           \
  /* (element_index, value) */                                                                   \
  PAIR(TableSet, table_set, bool, False, TableAccessOutOfBounds, Table, (uint64_t, void*))       \
  /* (vmctx, func_index) -> the funcref of function func_index of this instance */               \
  X(FuncRef, func_ref, void*, Never, None, (kiln::VMContext*, uint32_t))                         \
  /* (vmctx, tag_index, payload): records a new exception of tag tag_index (index space of   */ \
  /* the module) holding the payload's ValRaw slots, for the kiln_raise_trap that follows    */ \
  X(Throw, throw, void, Never, None, (kiln::VMContext*, uint32_t, const kiln::ValRaw*))           \
  /* (exnref): records it as the exception to raise, or a trap when it is null */               \
  X(ThrowRef, throw_ref, void, Never, None, (void*))                                             \
  /* (code): trampolines.S; records code unless a libcall already recorded a trap, then       */ \
  /* resumes the innermost entry trampoline */                                                   \
  X(RaiseTrap, raise_trap, void, NoReturn, None, (uint32_t))                                     \
  /* probestack.S; non-standard ABI: frame size in rax, every register preserved */            \
  X(Probestack, probestack, void, Never, None, ())                                               \
  /* (address, offset, expected, timeout in ns, negative: none) -> 0 woken, 1 not equal,       */ \
  /* 2 timed out; all bits set after recording the trap (out of bounds, unaligned, unshared)  */ \
  PAIR(MemoryAtomicWait32, memory_atomic_wait32, uint64_t, AllOnes, HeapAccessOutOfBounds,       \
       Memory, (uint64_t, uint64_t, uint32_t, int64_t))                                          \
  PAIR(MemoryAtomicWait64, memory_atomic_wait64, uint64_t, AllOnes, HeapAccessOutOfBounds,       \
       Memory, (uint64_t, uint64_t, uint64_t, int64_t))                                          \
  /* (address, offset, count) -> the number of threads woken; all bits set after recording   */ \
  /* the trap (out of bounds, unaligned). Addresses are u64 for both address types.           */ \
  PAIR(MemoryAtomicNotify, memory_atomic_notify, uint64_t, AllOnes, HeapAccessOutOfBounds,       \
       Memory, (uint64_t, uint64_t, uint32_t))

// The parameter list of a routine of a PAIR: vmctx and index, then Params.
#define KILN_LIBCALL_PAIR_PARAMS(...) (kiln::VMContext*, uint32_t __VA_OPT__(, ) __VA_ARGS__)

// kiln_raise_trap does not return.
#define KILN_LIBCALL_ATTRIBUTES_Never
#define KILN_LIBCALL_ATTRIBUTES_False
#define KILN_LIBCALL_ATTRIBUTES_AllOnes
#define KILN_LIBCALL_ATTRIBUTES_NoReturn [[noreturn]]

extern "C" {
#define KILN_LIBCALL_PROTOTYPE(name, symbol, result, sentinel, trap, params) \
  KILN_LIBCALL_ATTRIBUTES_##sentinel result kiln_##symbol params;
#define KILN_LIBCALL_PAIR_PROTOTYPES(name, symbol, result, sentinel, trap, entity, params) \
  result kiln_##symbol KILN_LIBCALL_PAIR_PARAMS params;                                    \
  result kiln_imported_##symbol KILN_LIBCALL_PAIR_PARAMS params;
KILN_LIBCALLS(KILN_LIBCALL_PROTOTYPE, KILN_LIBCALL_PAIR_PROTOTYPES)
#undef KILN_LIBCALL_PROTOTYPE
#undef KILN_LIBCALL_PAIR_PROTOTYPES
}

namespace kiln {

/// Every libcall, in the order of the VMLibCallTable.
enum class LibCall : uint32_t {
#define KILN_LIBCALL_ENUMERATOR(name, symbol, result, sentinel, trap, params) name,
#define KILN_LIBCALL_PAIR_ENUMERATORS(name, symbol, result, sentinel, trap, entity, params) \
  name, Imported##name,
  KILN_LIBCALLS(KILN_LIBCALL_ENUMERATOR, KILN_LIBCALL_PAIR_ENUMERATORS)
#undef KILN_LIBCALL_ENUMERATOR
#undef KILN_LIBCALL_PAIR_ENUMERATORS
};

/// The number of libcalls.
inline constexpr uint32_t kLibCallCount = 0
#define KILN_LIBCALL_COUNT(name, symbol, result, sentinel, trap, params) +1
#define KILN_LIBCALL_PAIR_COUNT(name, symbol, result, sentinel, trap, entity, params) +2
    KILN_LIBCALLS(KILN_LIBCALL_COUNT, KILN_LIBCALL_PAIR_COUNT)
#undef KILN_LIBCALL_COUNT
#undef KILN_LIBCALL_PAIR_COUNT
    ;

/// The variant of a PAIR's routine for an imported entity.
constexpr LibCall importedVariant(LibCall local) { return LibCall(uint32_t(local) + 1); }

/// What a libcall returns when it recorded a trap (see KILN_LIBCALLS).
enum class LibCallSentinel : uint8_t { Never, False, AllOnes, NoReturn };

/// The table every VMContext header points to: entry i is the address of
/// LibCall i. Compiled code calls [vmctx->libcalls + 8 * i].
extern const void* const kVMLibCallTable[kLibCallCount];

/// The routine's address and its symbol name ("kiln_memory32_fill").
const void* libCallAddress(LibCall call);
std::string_view libCallName(LibCall call);

/// The table_get sentinel: never a valid funcref or externref.
inline void* const kTableGetTrapped = reinterpret_cast<void*>(UINTPTR_MAX);

namespace detail {
template <class F>
struct LibCallSignature;
template <class... P>
struct FirstOf {
  using Type = void;
};
template <class First, class... Rest>
struct FirstOf<First, Rest...> {
  using Type = First;
};
template <class R, class... P>
struct LibCallSignature<R(P...)> {
  using Result = R;
  static constexpr uint32_t kParamCount = sizeof...(P);
  /// Per parameter: passed in an XMM register (float, double) or not.
  static constexpr bool kFloatParam[sizeof...(P) + 1] = {std::is_floating_point_v<P>..., false};
  /// The first parameter is the calling instance's vmctx.
  static constexpr bool kTakesVMContext = std::is_same_v<typename FirstOf<P...>::Type, VMContext*>;
};
}  // namespace detail

/// What the compiler needs to know of a libcall to call it: its C signature
/// (through LibCallSignature), sentinel and trap code.
template <LibCall kCall>
struct LibCallTraits;

#define KILN_LIBCALL_TRAITS_OF(name, symbol, sentinel, trap)                          \
  template <>                                                                         \
  struct LibCallTraits<LibCall::name> : detail::LibCallSignature<decltype(kiln_##symbol)> { \
    static constexpr LibCallSentinel kSentinel = LibCallSentinel::sentinel;           \
    static constexpr std::optional<TrapCode> kTrap = KILN_LIBCALL_TRAP_##trap;        \
  };
#define KILN_LIBCALL_TRAP_None std::nullopt
#define KILN_LIBCALL_TRAP_HeapAccessOutOfBounds TrapCode::HeapAccessOutOfBounds
#define KILN_LIBCALL_TRAP_TableAccessOutOfBounds TrapCode::TableAccessOutOfBounds
#define KILN_LIBCALL_TRAITS(name, symbol, result, sentinel, trap, params) \
  KILN_LIBCALL_TRAITS_OF(name, symbol, sentinel, trap)
#define KILN_LIBCALL_PAIR_TRAITS(name, symbol, result, sentinel, trap, entity, params) \
  KILN_LIBCALL_TRAITS_OF(name, symbol, sentinel, trap)                                 \
  KILN_LIBCALL_TRAITS_OF(Imported##name, imported_##symbol, sentinel, trap)
KILN_LIBCALLS(KILN_LIBCALL_TRAITS, KILN_LIBCALL_PAIR_TRAITS)
#undef KILN_LIBCALL_TRAITS
#undef KILN_LIBCALL_PAIR_TRAITS
#undef KILN_LIBCALL_TRAITS_OF

/// The C++ bodies of the libcalls: nothing on success, or the trap. Also
/// usable by the runtime API for host-side operations. Addresses, indices
/// and lengths are 64-bit for both address types; ranges are checked
/// without overflow.
std::optional<TrapCode> copyMemory(const VMMemoryDefinition& dstMemory, uint64_t dst,
                                   const VMMemoryDefinition& srcMemory, uint64_t src,
                                   uint64_t len);
std::optional<TrapCode> fillMemory(const VMMemoryDefinition& memory, uint64_t dst, uint8_t value,
                                   uint64_t len);
std::optional<TrapCode> initMemory(VMInstance& instance, VMMemory& memory, DataIndex data,
                                   uint64_t dst, uint32_t src, uint32_t len);
std::optional<TrapCode> copyTable(VMTable& dstTable, VMTable& srcTable, uint64_t dst, uint64_t src,
                                  uint64_t len);
std::optional<TrapCode> initTable(VMInstance& instance, VMTable& table, ElemIndex elem,
                                  uint64_t dst, uint32_t src, uint32_t len);
std::optional<TrapCode> fillTable(VMTable& table, uint64_t dst, void* value, uint64_t len);

}  // namespace kiln
