// The objects behind the C API's opaque pointers, and the conversions between
// the C API's values and types and the C++ API's. Everything here is built on
// the public C++ API (include/kiln) only.
#pragma once

#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "kiln/kiln.h"
#include "kiln.h"

namespace kiln::capi {

/// Host info attached to an object: a pointer and the finalizer run on it
/// once, when the object dies or the info is replaced.
struct HostInfo {
  HostInfo() = default;
  HostInfo(void* info, void (*finalizer)(void*)) : info(info), finalizer(finalizer) {}
  HostInfo(const HostInfo&) = delete;
  HostInfo& operator=(const HostInfo&) = delete;
  ~HostInfo() { reset(nullptr, nullptr); }
  void reset(void* newInfo, void (*newFinalizer)(void*)) {
    void* old = info;
    void (*oldFinalizer)(void*) = finalizer;
    info = newInfo;
    finalizer = newFinalizer;
    if (oldFinalizer) oldFinalizer(old);
  }
  void* info = nullptr;
  void (*finalizer)(void*) = nullptr;
};

/// The identity and host info of an object that does not live in a store
/// (foreign objects, traps, modules): every copy of the object shares it.
struct Shared {
  HostInfo hostInfo;
};

struct Object;

/// A store and what the C API keeps beside it. Handles hold it by shared_ptr,
/// so deleting the wasm_store_t before its objects is safe; everything in the
/// store dies with the last of them.
struct StoreData : std::enable_shared_from_this<StoreData> {
  explicit StoreData(const Engine& engine) : store(std::in_place, engine) {}
  ~StoreData();
  StoreData(const StoreData&) = delete;
  StoreData& operator=(const StoreData&) = delete;

  /// The pointer that carries `ref` into Wasm as an externref: a copy of it
  /// the store keeps (one per foreign object, trap or module).
  void* boxExternRef(const Object& ref);
  /// The object an externref from Wasm carries; null for a pointer that is
  /// not one of this store's boxes (an externref the C API did not make).
  const Object* unboxExternRef(const void* pointer) const;

  std::optional<Store> store;
  /// Host info of store entities (functions, globals, tables, memories,
  /// instances), keyed by the entity: every handle to it sees the same.
  std::vector<std::pair<std::variant<Extern, Instance>, std::unique_ptr<HostInfo>>> entityInfo;
  /// The environments of wasm_func_new_with_env functions, finalized when
  /// the store dies (the functions live as long as the store).
  std::vector<std::unique_ptr<HostInfo>> funcEnvs;
  /// Copies of the references passed into Wasm as externrefs, by their
  /// Shared record (or by themselves, for entities), and the set of them.
  std::unordered_map<const void*, std::unique_ptr<Object>> externBoxes;
  std::unordered_set<const void*> boxes;
};

enum class Kind : uint8_t { Func, Global, Table, Memory, Instance, Foreign, Trap, Module };

/// Every reference object: wasm_ref_t, and wasm_func_t, wasm_global_t,
/// wasm_table_t, wasm_memory_t, wasm_extern_t, wasm_instance_t,
/// wasm_foreign_t, wasm_trap_t and wasm_module_t, which are views of it
/// (the C API's casts between them return the same pointer).
struct Object {
  Kind kind = Kind::Foreign;
  /// The store of an entity or foreign object; null for traps and modules.
  std::shared_ptr<StoreData> store;
  std::optional<Extern> entity;      // Func, Global, Table, Memory
  /// Func: its type (the engine's signature registry keeps it valid), and
  /// whether its parameters and results are all numbers, with their kinds
  /// (parameters, then results) for wasm_func_call's fast path; looked up
  /// once, not per call (Func::type takes the registry's lock).
  const FuncType* funcType = nullptr;
  bool numbersOnly = false;
  std::vector<wasm_valkind_t> numberKinds;
  std::optional<Instance> instance;  // Instance
  std::optional<Module> module;      // Module
  std::shared_ptr<Shared> shared;    // Foreign, Trap, Module
  std::string message;               // Trap (no terminating NUL)
  std::vector<TrapFrame> trace;      // Trap, innermost frame first
  std::optional<TrapCode> code;      // Trap raised by Wasm code (kiln_trap_code)
  std::optional<int32_t> exitStatus;  // Trap ending a WASI guest (kiln_trap_exit_status)

  bool isExtern() const { return entity.has_value(); }
  /// The host info slot of this object; null for an entity without one when
  /// `create` is false.
  HostInfo* hostInfo(bool create);
  bool same(const Object& other) const;
};

// The opaque C types are never defined as such: a pointer to one is a
// pointer to an Object (reference kinds) or to the structures below.
template <typename C>
Object* object(C* p) {
  return reinterpret_cast<Object*>(p);
}
template <typename C>
const Object* object(const C* p) {
  return reinterpret_cast<const Object*>(p);
}
template <typename C>
C* as(Object* o) {
  return reinterpret_cast<C*>(o);
}
template <typename C>
const C* as(const Object* o) {
  return reinterpret_cast<const C*>(o);
}

/// The object `p` as kind `kind`, or null when `p` is null or another kind.
template <typename C>
const Object* objectOf(const C* p, Kind kind) {
  const Object* o = object(p);
  return o && o->kind == kind ? o : nullptr;
}

Object* newEntity(std::shared_ptr<StoreData> store, Extern entity);
Object* newInstance(std::shared_ptr<StoreData> store, Instance instance);
Object* newTrap(std::string message, std::vector<TrapFrame> trace = {});
/// A trap carrying `error`: its trap's message and trace, or its text.
Object* newTrap(const Error& error);

/// An owned kiln.h error for `error`.
kiln_error_t* newError(Error error);

// Value types and values.
std::optional<ValType> toValType(wasm_valkind_t kind);
wasm_valkind_t toValKind(ValType type);
/// `value` as a C++ value of type `type`, or nothing when its kind differs or
/// a reference belongs to another store or is not of the right kind.
std::optional<Val> toVal(StoreData& store, const wasm_val_t& value, ValType type);
/// `ref` (null: the null reference) as a value of reference type `type`.
std::optional<Val> refToVal(StoreData& store, const wasm_ref_t* ref, ValType type);
/// An owned C value for `value`.
wasm_val_t fromVal(StoreData& store, const Val& value);

// Type objects.
wasm_externtype_t* newExternType(const ExternType& type);
std::optional<FuncType> toFuncType(const wasm_functype_t* type);
std::optional<Limits> toLimits(const wasm_limits_t* limits);
ExternType externTypeOf(const Extern& entity);

// Vectors: allocation that fails cleanly (an empty vector) instead of throwing.
template <typename Vec>
bool vecAlloc(Vec* out, size_t size) {
  if (!out) return false;
  using Elem = std::remove_pointer_t<decltype(out->data)>;
  out->size = 0;
  out->data = nullptr;
  if (size == 0) return true;
  out->data = new (std::nothrow) Elem[size]();
  if (!out->data) return false;
  out->size = size;
  return true;
}

template <typename Vec>
void vecFree(Vec* vec) {
  delete[] vec->data;
  vec->size = 0;
  vec->data = nullptr;
}

/// A name vector holding `text`.
inline void newName(wasm_name_t* out, std::string_view text) {
  if (vecAlloc(out, text.size()) && !text.empty()) std::memcpy(out->data, text.data(), text.size());
}

}  // namespace kiln::capi

// The plain C structures behind the type objects, engines and stores.
struct wasm_config_t {
  kiln::Config config;
};

struct wasm_engine_t {
  kiln::Engine engine;
};

struct wasm_store_t {
  std::shared_ptr<kiln::capi::StoreData> data;
};

struct wasm_valtype_t {
  wasm_valkind_t kind;
};

/// Every type object: wasm_externtype_t, and wasm_functype_t,
/// wasm_globaltype_t, wasm_tabletype_t and wasm_memorytype_t, which are
/// views of it.
struct wasm_externtype_t {
  explicit wasm_externtype_t(wasm_externkind_t kind) : kind(kind) {}
  ~wasm_externtype_t();
  wasm_externtype_t(const wasm_externtype_t&) = delete;
  wasm_externtype_t& operator=(const wasm_externtype_t&) = delete;
  wasm_externkind_t kind;
  wasm_valtype_vec_t params = {0, nullptr};   // func
  wasm_valtype_vec_t results = {0, nullptr};  // func
  wasm_valtype_t* content = nullptr;          // global: value type; table: element type
  wasm_mutability_t mutability = WASM_CONST;  // global
  wasm_limits_t limits = {0, 0};              // table, memory
};

struct wasm_importtype_t {
  wasm_name_t module;
  wasm_name_t name;
  wasm_externtype_t* type;
};

struct wasm_exporttype_t {
  wasm_name_t name;
  wasm_externtype_t* type;
};

struct wasm_frame_t {
  uint32_t funcIndex;
  size_t funcOffset;
  size_t moduleOffset;
};

struct kiln_error_t {
  kiln::Error error;
};

struct wasm_shared_module_t {
  kiln::Module module;
};

// Defines the five vector functions of wasm_NAME_vec_t; COPY(dst, src) and
// DELETE(elem) copy and free one element.
#define KILN_CAPI_DEFINE_VEC(name, Elem, COPY, DELETE)                                          \
  void wasm_##name##_vec_new_empty(wasm_##name##_vec_t* out) {                                  \
    kiln::capi::vecAlloc(out, 0);                                                               \
  }                                                                                             \
  void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t* out, size_t size) {             \
    kiln::capi::vecAlloc(out, size);                                                            \
  }                                                                                             \
  void wasm_##name##_vec_new(wasm_##name##_vec_t* out, size_t size, Elem const data[]) {        \
    if (!kiln::capi::vecAlloc(out, data ? size : 0)) return;                                    \
    for (size_t i = 0; i < out->size; ++i) out->data[i] = data[i];                              \
  }                                                                                             \
  void wasm_##name##_vec_copy(wasm_##name##_vec_t* out, const wasm_##name##_vec_t* in) {        \
    if (!kiln::capi::vecAlloc(out, in && in->data ? in->size : 0)) return;                      \
    for (size_t i = 0; i < out->size; ++i) COPY(out->data[i], in->data[i]);                     \
  }                                                                                             \
  void wasm_##name##_vec_delete(wasm_##name##_vec_t* vec) {                                     \
    if (!vec) return;                                                                           \
    for (size_t i = 0; vec->data && i < vec->size; ++i) DELETE(vec->data[i]);                   \
    kiln::capi::vecFree(vec);                                                                   \
  }
