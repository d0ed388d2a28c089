// The records compiled code finds inside a VMContext. Their layouts are the
// contract between the VM and the compiler; `VMOffsets` says where each sits.
#pragma once

#include <cstdint>

#include "vm/global.h"
#include "vm/memory.h"
#include "vm/table.h"

namespace kiln {

class VMInstance;

/// The per-instance block compiled code receives as its hidden first
/// argument. Opaque in C++: it is only ever addressed through `VMOffsets`.
struct VMContext;

/// `VMContextHeader::stackLimit` is this far above the lowest rsp compiled
/// code may use: a function whose frame is at most this big checks rsp at
/// its entry against it directly, one instruction less than subtracting
/// its frame size first (docs/vm.md, "Stack limit").
inline constexpr uintptr_t kStackLimitSlack = 4096;

/// The fixed header at the start of every VMContext.
struct VMContextHeader {
  const void* const* libcalls;  // the `VMLibCallTable`, indexed by `LibCall`
  uintptr_t stackLimit;         // the activation's stack limit + kStackLimitSlack; set at entry
  uint64_t interruptRequested;  // non-zero: compiled code traps with Interrupt at its next check
  VMInstance* instance;           // the owning instance, for libcalls
};
static_assert(sizeof(VMContextHeader) == 32);

/// A funcref: what a table element or `ref.func` points to.
struct VMFuncRef {
  const void* code;      // the function's entry (native calling convention)
  uint32_t signatureId;  // canonical id of its type, compared by call_indirect
  VMContext* vmctx;      // the vmctx it must be called with
  /// The array-call entry the host uses to call this function (see
  /// CompiledModule::arrayEntry); null for host functions, which the host
  /// calls directly through their VMHostFunction.
  const void* arrayCall;
};
static_assert(sizeof(VMFuncRef) == 32);

/// An imported function: where to call and with which vmctx.
struct VMFunctionImport {
  const void* code;
  VMContext* vmctx;
};

/// An imported memory: the owner's live definition and the object behind it
/// (libcalls grow it through the object, so every importer sees the change).
struct VMMemoryImport {
  VMMemoryDefinition* definition;
  VMMemory* memory;
};

/// An imported table, as `VMMemoryImport`.
struct VMTableImport {
  VMTableDefinition* definition;
  VMTable* table;
};

/// An imported global: the owner's storage.
struct VMGlobalImport {
  VMGlobalDefinition* definition;
  VMGlobal* global;
};

static_assert(sizeof(VMFunctionImport) == 16 && sizeof(VMMemoryImport) == 16 &&
              sizeof(VMTableImport) == 16 && sizeof(VMGlobalImport) == 16);

}  // namespace kiln
