// Global, table and memory instances, and externs (any of the four entities).
#include "objects.h"

using namespace kiln;
using namespace kiln::capi;

template <typename C>
static const Object* entityOf(const C* p, Kind kind) {
  return objectOf(p, kind);
}

// ---- globals ----

wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type,
                               const wasm_val_t* value) {
  auto* t = reinterpret_cast<const wasm_externtype_t*>(type);
  if (!store || !t || t->kind != WASM_EXTERN_GLOBAL || !value) return nullptr;
  std::optional<ValType> valType = toValType(t->content->kind);
  if (!valType) return nullptr;
  std::optional<Val> init = toVal(*store->data, *value, *valType);
  if (!init) return nullptr;
  std::optional<Global> global =
      Global::create(*store->data->store, GlobalType{*valType, t->mutability == WASM_VAR}, *init);
  return global ? as<wasm_global_t>(newEntity(store->data, *global)) : nullptr;
}

wasm_globaltype_t* wasm_global_type(const wasm_global_t* global) {
  const Object* o = entityOf(global, Kind::Global);
  if (!o) return nullptr;
  return reinterpret_cast<wasm_globaltype_t*>(newExternType(externTypeOf(*o->entity)));
}

void wasm_global_get(const wasm_global_t* global, wasm_val_t* out) {
  const Object* o = entityOf(global, Kind::Global);
  if (!out) return;
  if (!o) {
    wasm_val_copy(out, nullptr);
    return;
  }
  *out = fromVal(*o->store, o->entity->global()->get());
}

// The standard gives no way to report it: setting an immutable global or a
// value of another type does nothing.
void wasm_global_set(wasm_global_t* global, const wasm_val_t* value) {
  const Object* o = entityOf(global, Kind::Global);
  if (!o || !value) return;
  const Global& g = *o->entity->global();
  if (std::optional<Val> v = toVal(*o->store, *value, g.type().type)) g.set(*v);
}

// ---- tables ----

wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type,
                             wasm_ref_t* init) {
  auto* t = reinterpret_cast<const wasm_externtype_t*>(type);
  if (!store || !t || t->kind != WASM_EXTERN_TABLE) return nullptr;
  std::optional<ValType> element = toValType(t->content->kind);
  std::optional<Limits> limits = toLimits(&t->limits);
  if (!element || !limits) return nullptr;
  std::optional<Val> initVal = refToVal(*store->data, init, *element);
  if (!initVal) return nullptr;
  std::optional<Table> table =
      Table::create(*store->data->store, TableType{*element, *limits}, *initVal);
  return table ? as<wasm_table_t>(newEntity(store->data, *table)) : nullptr;
}

wasm_tabletype_t* wasm_table_type(const wasm_table_t* table) {
  const Object* o = entityOf(table, Kind::Table);
  if (!o) return nullptr;
  return reinterpret_cast<wasm_tabletype_t*>(newExternType(externTypeOf(*o->entity)));
}

wasm_ref_t* wasm_table_get(const wasm_table_t* table, wasm_table_size_t index) {
  const Object* o = entityOf(table, Kind::Table);
  if (!o) return nullptr;
  std::optional<Val> v = o->entity->table()->get(index);
  return v ? fromVal(*o->store, *v).of.ref : nullptr;
}

bool wasm_table_set(wasm_table_t* table, wasm_table_size_t index, wasm_ref_t* ref) {
  const Object* o = entityOf(table, Kind::Table);
  if (!o) return false;
  const Table& t = *o->entity->table();
  std::optional<Val> v = refToVal(*o->store, ref, t.type().element);
  return v && t.set(index, *v);
}

wasm_table_size_t wasm_table_size(const wasm_table_t* table) {
  const Object* o = entityOf(table, Kind::Table);
  return o ? o->entity->table()->size() : 0;
}

bool wasm_table_grow(wasm_table_t* table, wasm_table_size_t delta, wasm_ref_t* init) {
  const Object* o = entityOf(table, Kind::Table);
  if (!o) return false;
  const Table& t = *o->entity->table();
  std::optional<Val> v = refToVal(*o->store, init, t.type().element);
  return v && t.grow(delta, *v).has_value();
}

// ---- memories ----

wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type) {
  auto* t = reinterpret_cast<const wasm_externtype_t*>(type);
  if (!store || !t || t->kind != WASM_EXTERN_MEMORY) return nullptr;
  std::optional<Limits> limits = toLimits(&t->limits);
  if (!limits) return nullptr;
  std::optional<Memory> memory = Memory::create(*store->data->store, MemoryType{*limits});
  return memory ? as<wasm_memory_t>(newEntity(store->data, *memory)) : nullptr;
}

wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* memory) {
  const Object* o = entityOf(memory, Kind::Memory);
  if (!o) return nullptr;
  return reinterpret_cast<wasm_memorytype_t*>(newExternType(externTypeOf(*o->entity)));
}

byte_t* wasm_memory_data(wasm_memory_t* memory) {
  const Object* o = entityOf(memory, Kind::Memory);
  return o ? reinterpret_cast<byte_t*>(o->entity->memory()->data()) : nullptr;
}

size_t wasm_memory_data_size(const wasm_memory_t* memory) {
  const Object* o = entityOf(memory, Kind::Memory);
  return o ? o->entity->memory()->size() : 0;
}

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* memory) {
  const Object* o = entityOf(memory, Kind::Memory);
  return o ? o->entity->memory()->pages() : 0;
}

bool wasm_memory_grow(wasm_memory_t* memory, wasm_memory_pages_t delta) {
  const Object* o = entityOf(memory, Kind::Memory);
  return o && o->entity->memory()->grow(delta).has_value();
}

// ---- externs ----

wasm_externkind_t wasm_extern_kind(const wasm_extern_t* ext) {
  const Object* o = object(ext);
  if (!o) return WASM_EXTERN_FUNC;
  switch (o->kind) {
    case Kind::Global: return WASM_EXTERN_GLOBAL;
    case Kind::Table: return WASM_EXTERN_TABLE;
    case Kind::Memory: return WASM_EXTERN_MEMORY;
    default: return WASM_EXTERN_FUNC;
  }
}

wasm_externtype_t* wasm_extern_type(const wasm_extern_t* ext) {
  const Object* o = object(ext);
  return o && o->isExtern() ? newExternType(externTypeOf(*o->entity)) : nullptr;
}

#define KILN_CAPI_EXTERN_VIEW(name, KIND)                                                       \
  wasm_extern_t* wasm_##name##_as_extern(wasm_##name##_t* p) {                                  \
    return as<wasm_extern_t>(object(p));                                                        \
  }                                                                                             \
  const wasm_extern_t* wasm_##name##_as_extern_const(const wasm_##name##_t* p) {                \
    return as<wasm_extern_t>(object(p));                                                        \
  }                                                                                             \
  wasm_##name##_t* wasm_extern_as_##name(wasm_extern_t* ext) {                                  \
    Object* o = object(ext);                                                                    \
    return o && o->kind == KIND ? as<wasm_##name##_t>(o) : nullptr;                             \
  }                                                                                             \
  const wasm_##name##_t* wasm_extern_as_##name##_const(const wasm_extern_t* ext) {              \
    const Object* o = object(ext);                                                              \
    return o && o->kind == KIND ? as<wasm_##name##_t>(o) : nullptr;                             \
  }

KILN_CAPI_EXTERN_VIEW(func, Kind::Func)
KILN_CAPI_EXTERN_VIEW(global, Kind::Global)
KILN_CAPI_EXTERN_VIEW(table, Kind::Table)
KILN_CAPI_EXTERN_VIEW(memory, Kind::Memory)

#define KILN_CAPI_COPY_EXTERN(dst, src) (dst) = wasm_extern_copy(src)
KILN_CAPI_DEFINE_VEC(extern, wasm_extern_t*, KILN_CAPI_COPY_EXTERN, wasm_extern_delete)
