// Handles to the five kinds of entities that are imported and exported.
#pragma once

#include "kiln/api.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "kiln/error.h"
#include "kiln/expected.h"
#include "kiln/extern_kind.h"
#include "kiln/func_type.h"
#include "kiln/limits.h"
#include "kiln/store.h"
#include "kiln/tag.h"
#include "kiln/trap.h"
#include "kiln/val.h"

namespace kiln {

// The VM records behind the handles; only the runtime sees inside them.
struct VMFuncRef;
class VMMemory;
class VMTable;
class VMGlobal;
class Caller;
struct RawSlot;  // kiln/typed_func.h
class Extern;
class Instance;

/// A host function's body: reads `params`, writes `results` (already sized
/// and typed from the function type) and returns nothing, or an Error to
/// stop the calling Wasm code: a Trap (which converts to an Error), the
/// guest's exit (`Error::exit`), or an error a nested `Func::call` returned,
/// passed on. The caller's `Func::call` returns that error. It must not throw.
using HostFunction =
    std::function<std::optional<Error>(Caller& caller, std::span<const Val> params,
                                       std::span<Val> results)>;

/// A host function's body as TypedFunc::wrap builds it: calls the callable
/// `body` with the arguments in `slots` and writes its results there (the
/// layout of Func::callUnchecked). Same contract as HostFunction otherwise.
using RawHostBody = std::optional<Error> (*)(void* body, Caller& caller, RawSlot* slots);

/// A function: defined by a module's instance or by the host. A handle into
/// its store.
class KILN_API Func {
 public:
  /// A host function of type `type` owned by `store`.
  static Func wrap(Store& store, FuncType type, HostFunction body);
  /// The function a funcref value refers to; nothing for a null reference.
  static std::optional<Func> fromVal(Store& store, const Val& value);

  const FuncType& type() const;
  /// Calls the function: its results, or why it stopped (a Trap, the
  /// guest's Exit, or an error a host function returned). Arguments must
  /// match its parameter types, else nothing runs and the error is a Link
  /// error.
  Expected<std::vector<Val>, Error> call(std::span<const Val> args) const;
  /// Calls with the arguments in `slots` (kiln/typed_func.h) and leaves the
  /// results there: as many slots as the larger of the two counts. Nothing
  /// is checked: each argument slot must hold a value of its parameter's
  /// type (a reference: null, or one of this store's), as TypedFunc and the
  /// C API guarantee by checking types once; anything else is undefined
  /// behaviour. Returns what `call` returns on failure.
  std::optional<Error> callUnchecked(RawSlot* slots) const;
  /// This function as a funcref value.
  Val toVal() const;
  /// True when both handles refer to the same function.
  friend bool operator==(const Func&, const Func&) = default;

 private:
  friend struct runtime::Access;
  template <class Signature>
  friend class TypedFunc;
  Func(runtime::StoreState* store, const VMFuncRef* ref) : store_(store), ref_(ref) {}
  /// A host function of type `type` that compiled code calls with no boxing.
  static Func wrapRaw(Store& store, FuncType type, RawHostBody call, std::shared_ptr<void> body);
  runtime::StoreState* store_;
  const VMFuncRef* ref_;
};

/// A linear memory.
class KILN_API Memory {
 public:
  /// A host-created memory of type `type`; nothing if it cannot be allocated
  /// or the store's limits (StoreLimits, its ResourceLimiter) refuse it.
  static std::optional<Memory> create(Store& store, const MemoryType& type);

  const MemoryType& type() const;
  /// Current size in 64 KiB pages, and in bytes. 64-bit: a memory64 may
  /// pass 4 GiB (type().addressType says which kind it is).
  uint64_t pages() const;
  uint64_t size() const;
  /// The memory's bytes [data(), data() + size()). Invalidated by grow.
  uint8_t* data() const;
  /// Grows by `delta` pages; the old size in pages, or nothing on failure
  /// (past its maximum, refused by the store's limits, or by the OS).
  std::optional<uint64_t> grow(uint64_t delta) const;
  /// True when both handles refer to the same memory.
  friend bool operator==(const Memory&, const Memory&) = default;

 private:
  friend struct runtime::Access;
  Memory(runtime::StoreState* store, VMMemory* memory) : store_(store), memory_(memory) {}
  runtime::StoreState* store_;
  VMMemory* memory_;
};

/// A shared memory (threads proposal): one memory that instances in
/// several stores use from several threads at once. It belongs to an
/// engine, not a store, and lives while a handle or a store it was given to
/// (in()) holds it. Its type is shared and has a maximum, which it reserves
/// up front: it never moves, and grow is atomic. No store's limits apply
/// to it. Every member may be called from any thread.
class KILN_API SharedMemory {
 public:
  /// A memory of type `type`; nothing when `type` is not shared, or it
  /// cannot be allocated.
  static std::optional<SharedMemory> create(const Engine& engine, const MemoryType& type);

  const MemoryType& type() const;
  uint64_t pages() const;
  uint64_t size() const;
  /// Its bytes [data(), data() + size()); grow never moves them. Other
  /// threads may change them at any time.
  uint8_t* data() const;
  /// Grows by `delta` pages; the old size in pages, or nothing on failure.
  std::optional<uint64_t> grow(uint64_t delta) const;
  /// A handle to this memory for `store` (of the same engine), to import
  /// into its instances (Linker::define); the store keeps it alive.
  Memory in(Store& store) const;
  friend bool operator==(const SharedMemory&, const SharedMemory&) = default;

 private:
  explicit SharedMemory(std::shared_ptr<VMMemory> memory) : memory_(std::move(memory)) {}
  std::shared_ptr<VMMemory> memory_;
};

/// A table of references.
class KILN_API Table {
 public:
  /// A host-created table whose elements start as `init`; nothing if `init`
  /// is of the wrong type, it cannot be allocated or the store's limits refuse it.
  static std::optional<Table> create(Store& store, const TableType& type, const Val& init);

  const TableType& type() const;
  /// Indices and sizes are 64-bit, as table64 has them; no table has more
  /// elements than Config::maxTableElements.
  uint64_t size() const;
  /// Element `index`, or nothing when out of bounds.
  std::optional<Val> get(uint64_t index) const;
  /// Sets element `index`; false when out of bounds or of the wrong type.
  bool set(uint64_t index, const Val& value) const;
  /// Grows by `delta` elements set to `init`; the old size, or nothing (past
  /// its maximum, refused by the store's limits, out of memory).
  std::optional<uint64_t> grow(uint64_t delta, const Val& init) const;
  /// True when both handles refer to the same table.
  friend bool operator==(const Table&, const Table&) = default;

 private:
  friend struct runtime::Access;
  Table(runtime::StoreState* store, VMTable* table) : store_(store), table_(table) {}
  runtime::StoreState* store_;
  VMTable* table_;
};

/// A global variable.
class KILN_API Global {
 public:
  /// A host-created global holding `value` (whose type must match `type`).
  static std::optional<Global> create(Store& store, const GlobalType& type, const Val& value);

  const GlobalType& type() const;
  Val get() const;
  /// Sets the value; false if the global is immutable or the type differs.
  bool set(const Val& value) const;
  /// True when both handles refer to the same global.
  friend bool operator==(const Global&, const Global&) = default;

 private:
  friend struct runtime::Access;
  Global(runtime::StoreState* store, VMGlobal* global) : store_(store), global_(global) {}
  runtime::StoreState* store_;
  VMGlobal* global_;
};

/// Any importable/exportable entity.
class KILN_API Extern {
 public:
  Extern(Func f) : value_(f) {}
  Extern(Memory m) : value_(m) {}
  Extern(Table t) : value_(t) {}
  Extern(Global g) : value_(g) {}
  Extern(Tag t) : value_(t) {}

  ExternKind kind() const { return ExternKind(value_.index()); }
  const Func* func() const { return std::get_if<Func>(&value_); }
  const Table* table() const { return std::get_if<Table>(&value_); }
  const Memory* memory() const { return std::get_if<Memory>(&value_); }
  const Global* global() const { return std::get_if<Global>(&value_); }
  const Tag* tag() const { return std::get_if<Tag>(&value_); }
  /// True when both refer to the same entity.
  friend bool operator==(const Extern&, const Extern&) = default;

 private:
  // Alternatives in ExternKind order: Func, Table, Memory, Global, Tag.
  std::variant<Func, Table, Memory, Global, Tag> value_;
};

/// What a host function knows about its caller.
class KILN_API Caller {
 public:
  /// The calling instance's export `name` (e.g. its "memory"), if it has one.
  virtual std::optional<Extern> getExport(std::string_view name) = 0;
  /// The calling instance; nothing when the host called the function
  /// directly. Lets a host function cache what it looked up per instance.
  virtual std::optional<Instance> instance() = 0;
  virtual Store& store() = 0;

 protected:
  ~Caller() = default;
};

}  // namespace kiln
