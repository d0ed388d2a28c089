// Type objects: valtype, functype, globaltype, tabletype, memorytype,
// externtype, importtype, exporttype and their vectors.
#include "objects.h"

using namespace kiln;
using namespace kiln::capi;

wasm_externtype_t::~wasm_externtype_t() {
  wasm_valtype_vec_delete(&params);
  wasm_valtype_vec_delete(&results);
  wasm_valtype_delete(content);
}

namespace kiln::capi {

std::optional<ValType> toValType(wasm_valkind_t kind) {
  switch (kind) {
    case WASM_I32: return ValType::I32;
    case WASM_I64: return ValType::I64;
    case WASM_F32: return ValType::F32;
    case WASM_F64: return ValType::F64;
    case WASM_EXTERNREF: return ValType::ExternRef;
    case WASM_FUNCREF: return ValType::FuncRef;
    default: return std::nullopt;
  }
}

// The C API has two reference kinds: references to functions are funcrefs,
// every other reference type (extern, and the 3.0 hierarchies) is shown as
// externref. v128 has no kind; it shows as i64 (wasm_func_call refuses a
// function with a v128 parameter or result).
wasm_valkind_t toValKind(ValType type) {
  if (type.isRef()) {
    HeapType heap = type.heapType();
    bool func = heap.code() == HeapType::kFunc || heap.code() == HeapType::kNoFunc ||
                heap.isIndex();
    return func ? WASM_FUNCREF : WASM_EXTERNREF;
  }
  switch (type.kind()) {
    case ValKind::I32: return WASM_I32;
    case ValKind::F32: return WASM_F32;
    case ValKind::F64: return WASM_F64;
    default: return WASM_I64;
  }
}

static wasm_valtype_t* newValType(ValType type) { return new wasm_valtype_t{toValKind(type)}; }

static void newValTypeVec(wasm_valtype_vec_t* out, const std::vector<ValType>& types) {
  if (!vecAlloc(out, types.size())) return;
  for (size_t i = 0; i < types.size(); ++i) out->data[i] = newValType(types[i]);
}

static wasm_limits_t fromLimits(const Limits& limits) {
  auto clamp = [](uint64_t v) { return uint32_t(std::min<uint64_t>(v, UINT32_MAX)); };
  return {clamp(limits.min), limits.max ? clamp(*limits.max) : wasm_limits_max_default};
}

std::optional<Limits> toLimits(const wasm_limits_t* limits) {
  if (!limits) return std::nullopt;
  Limits result{limits->min, std::nullopt};
  if (limits->max != wasm_limits_max_default) {
    if (limits->max < limits->min) return std::nullopt;
    result.max = limits->max;
  }
  return result;
}

wasm_externtype_t* newExternType(const ExternType& type) {
  switch (type.kind) {
    case ExternKind::Func: {
      auto* t = new wasm_externtype_t(WASM_EXTERN_FUNC);
      newValTypeVec(&t->params, type.func.params);
      newValTypeVec(&t->results, type.func.results);
      return t;
    }
    case ExternKind::Global: {
      auto* t = new wasm_externtype_t(WASM_EXTERN_GLOBAL);
      t->content = newValType(type.global.type);
      t->mutability = type.global.isMutable ? WASM_VAR : WASM_CONST;
      return t;
    }
    case ExternKind::Table: {
      auto* t = new wasm_externtype_t(WASM_EXTERN_TABLE);
      t->content = newValType(type.table.element);
      t->limits = fromLimits(type.table.limits);
      return t;
    }
    case ExternKind::Memory: {
      auto* t = new wasm_externtype_t(WASM_EXTERN_MEMORY);
      t->limits = fromLimits(type.memory.limits);
      return t;
    }
    case ExternKind::Tag: break;
  }
  return nullptr;
}

std::optional<FuncType> toFuncType(const wasm_functype_t* ctype) {
  auto* t = reinterpret_cast<const wasm_externtype_t*>(ctype);
  if (!t || t->kind != WASM_EXTERN_FUNC) return std::nullopt;
  FuncType type;
  auto convert = [](const wasm_valtype_vec_t& vec, std::vector<ValType>& list) {
    for (size_t i = 0; i < vec.size; ++i) {
      std::optional<ValType> v = vec.data[i] ? toValType(vec.data[i]->kind) : std::nullopt;
      if (!v) return false;
      list.push_back(*v);
    }
    return true;
  };
  if (!convert(t->params, type.params) || !convert(t->results, type.results)) return std::nullopt;
  return type;
}

ExternType externTypeOf(const Extern& entity) {
  ExternType type;
  type.kind = entity.kind();
  if (auto* f = entity.func()) type.func = f->type();
  if (auto* g = entity.global()) type.global = g->type();
  if (auto* t = entity.table()) {
    type.table = t->type();
    type.table.limits.min = t->size();  // the current size, as wasm_table_type reports it
  }
  if (auto* m = entity.memory()) {
    type.memory = m->type();
    type.memory.limits.min = m->pages();
  }
  return type;
}

}  // namespace kiln::capi

// ---- valtype ----

wasm_valtype_t* wasm_valtype_new(wasm_valkind_t kind) {
  if (!toValType(kind)) return nullptr;
  return new wasm_valtype_t{kind};
}
void wasm_valtype_delete(wasm_valtype_t* type) { delete type; }
wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t* type) {
  return type ? new wasm_valtype_t{type->kind} : nullptr;
}
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* type) {
  return type ? type->kind : wasm_valkind_t(WASM_I32);
}

// ---- externtype and its views ----

static wasm_externtype_t* copyExternType(const wasm_externtype_t* type) {
  if (!type) return nullptr;
  auto* t = new wasm_externtype_t(type->kind);
  wasm_valtype_vec_copy(&t->params, &type->params);
  wasm_valtype_vec_copy(&t->results, &type->results);
  t->content = wasm_valtype_copy(type->content);
  t->mutability = type->mutability;
  t->limits = type->limits;
  return t;
}

wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t* type) {
  return copyExternType(type);
}
void wasm_externtype_delete(wasm_externtype_t* type) { delete type; }
wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* type) {
  return type ? type->kind : wasm_externkind_t(WASM_EXTERN_FUNC);
}

// The views and the common functions of the four kinds of type object.
#define KILN_CAPI_TYPE_VIEW(name, KIND)                                                         \
  wasm_externtype_t* wasm_##name##_as_externtype(wasm_##name##_t* type) {                       \
    return reinterpret_cast<wasm_externtype_t*>(type);                                          \
  }                                                                                             \
  const wasm_externtype_t* wasm_##name##_as_externtype_const(const wasm_##name##_t* type) {     \
    return reinterpret_cast<const wasm_externtype_t*>(type);                                    \
  }                                                                                             \
  wasm_##name##_t* wasm_externtype_as_##name(wasm_externtype_t* type) {                         \
    return type && type->kind == KIND ? reinterpret_cast<wasm_##name##_t*>(type) : nullptr;     \
  }                                                                                             \
  const wasm_##name##_t* wasm_externtype_as_##name##_const(const wasm_externtype_t* type) {     \
    return type && type->kind == KIND ? reinterpret_cast<const wasm_##name##_t*>(type)          \
                                      : nullptr;                                                \
  }                                                                                             \
  void wasm_##name##_delete(wasm_##name##_t* type) {                                            \
    delete reinterpret_cast<wasm_externtype_t*>(type);                                          \
  }                                                                                             \
  wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t* type) {                            \
    return reinterpret_cast<wasm_##name##_t*>(                                                  \
        copyExternType(reinterpret_cast<const wasm_externtype_t*>(type)));                      \
  }

KILN_CAPI_TYPE_VIEW(functype, WASM_EXTERN_FUNC)
KILN_CAPI_TYPE_VIEW(globaltype, WASM_EXTERN_GLOBAL)
KILN_CAPI_TYPE_VIEW(tabletype, WASM_EXTERN_TABLE)
KILN_CAPI_TYPE_VIEW(memorytype, WASM_EXTERN_MEMORY)

static const wasm_externtype_t* view(const void* type, wasm_externkind_t kind) {
  auto* t = static_cast<const wasm_externtype_t*>(type);
  return t && t->kind == kind ? t : nullptr;
}

// ---- functype ----

wasm_functype_t* wasm_functype_new(wasm_valtype_vec_t* params, wasm_valtype_vec_t* results) {
  auto* t = new wasm_externtype_t(WASM_EXTERN_FUNC);
  // Takes over the vectors' contents; a null vector is an empty one.
  if (params) t->params = std::exchange(*params, wasm_valtype_vec_t{0, nullptr});
  if (results) t->results = std::exchange(*results, wasm_valtype_vec_t{0, nullptr});
  return reinterpret_cast<wasm_functype_t*>(t);
}
const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* type) {
  auto* t = view(type, WASM_EXTERN_FUNC);
  return t ? &t->params : nullptr;
}
const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* type) {
  auto* t = view(type, WASM_EXTERN_FUNC);
  return t ? &t->results : nullptr;
}

// ---- globaltype ----

wasm_globaltype_t* wasm_globaltype_new(wasm_valtype_t* content, wasm_mutability_t mutability) {
  if (!content || mutability > WASM_VAR) {
    wasm_valtype_delete(content);
    return nullptr;
  }
  auto* t = new wasm_externtype_t(WASM_EXTERN_GLOBAL);
  t->content = content;
  t->mutability = mutability;
  return reinterpret_cast<wasm_globaltype_t*>(t);
}
const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* type) {
  auto* t = view(type, WASM_EXTERN_GLOBAL);
  return t ? t->content : nullptr;
}
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* type) {
  auto* t = view(type, WASM_EXTERN_GLOBAL);
  return t ? t->mutability : wasm_mutability_t(WASM_CONST);
}

// ---- tabletype ----

wasm_tabletype_t* wasm_tabletype_new(wasm_valtype_t* element, const wasm_limits_t* limits) {
  if (!element || !wasm_valkind_is_ref(element->kind) || !toLimits(limits)) {
    wasm_valtype_delete(element);
    return nullptr;
  }
  auto* t = new wasm_externtype_t(WASM_EXTERN_TABLE);
  t->content = element;
  t->limits = *limits;
  return reinterpret_cast<wasm_tabletype_t*>(t);
}
const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* type) {
  auto* t = view(type, WASM_EXTERN_TABLE);
  return t ? t->content : nullptr;
}
const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* type) {
  auto* t = view(type, WASM_EXTERN_TABLE);
  return t ? &t->limits : nullptr;
}

// ---- memorytype ----

wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits) {
  if (!toLimits(limits)) return nullptr;
  auto* t = new wasm_externtype_t(WASM_EXTERN_MEMORY);
  t->limits = *limits;
  return reinterpret_cast<wasm_memorytype_t*>(t);
}
const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* type) {
  auto* t = view(type, WASM_EXTERN_MEMORY);
  return t ? &t->limits : nullptr;
}

// ---- importtype and exporttype ----

static wasm_name_t takeName(wasm_name_t* name) {
  return name ? std::exchange(*name, wasm_name_t{0, nullptr}) : wasm_name_t{0, nullptr};
}

static wasm_name_t copyName(const wasm_name_t& name) {
  wasm_name_t out;
  wasm_name_copy(&out, &name);
  return out;
}

wasm_importtype_t* wasm_importtype_new(wasm_name_t* module, wasm_name_t* name,
                                       wasm_externtype_t* type) {
  if (!module || !name || !type) {
    wasm_name_delete(module);
    wasm_name_delete(name);
    wasm_externtype_delete(type);
    return nullptr;
  }
  return new wasm_importtype_t{takeName(module), takeName(name), type};
}
void wasm_importtype_delete(wasm_importtype_t* type) {
  if (!type) return;
  wasm_name_delete(&type->module);
  wasm_name_delete(&type->name);
  wasm_externtype_delete(type->type);
  delete type;
}
wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t* type) {
  if (!type) return nullptr;
  return new wasm_importtype_t{copyName(type->module), copyName(type->name),
                               copyExternType(type->type)};
}
const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* type) {
  return type ? &type->module : nullptr;
}
const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* type) {
  return type ? &type->name : nullptr;
}
const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* type) {
  return type ? type->type : nullptr;
}

wasm_exporttype_t* wasm_exporttype_new(wasm_name_t* name, wasm_externtype_t* type) {
  if (!name || !type) {
    wasm_name_delete(name);
    wasm_externtype_delete(type);
    return nullptr;
  }
  return new wasm_exporttype_t{takeName(name), type};
}
void wasm_exporttype_delete(wasm_exporttype_t* type) {
  if (!type) return;
  wasm_name_delete(&type->name);
  wasm_externtype_delete(type->type);
  delete type;
}
wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t* type) {
  if (!type) return nullptr;
  return new wasm_exporttype_t{copyName(type->name), copyExternType(type->type)};
}
const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* type) {
  return type ? &type->name : nullptr;
}
const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* type) {
  return type ? type->type : nullptr;
}

// ---- vectors ----

#define KILN_CAPI_COPY_BYTE(dst, src) (dst) = (src)
#define KILN_CAPI_DELETE_NOTHING(elem) (void)(elem)
KILN_CAPI_DEFINE_VEC(byte, wasm_byte_t, KILN_CAPI_COPY_BYTE, KILN_CAPI_DELETE_NOTHING)

#define KILN_CAPI_DEFINE_TYPE_VEC(name)                                                         \
  KILN_CAPI_DEFINE_VEC(name, wasm_##name##_t*, KILN_CAPI_COPY_TYPE_##name,                      \
                       wasm_##name##_delete)
#define KILN_CAPI_COPY_TYPE_valtype(dst, src) (dst) = wasm_valtype_copy(src)
#define KILN_CAPI_COPY_TYPE_functype(dst, src) (dst) = wasm_functype_copy(src)
#define KILN_CAPI_COPY_TYPE_globaltype(dst, src) (dst) = wasm_globaltype_copy(src)
#define KILN_CAPI_COPY_TYPE_tabletype(dst, src) (dst) = wasm_tabletype_copy(src)
#define KILN_CAPI_COPY_TYPE_memorytype(dst, src) (dst) = wasm_memorytype_copy(src)
#define KILN_CAPI_COPY_TYPE_externtype(dst, src) (dst) = wasm_externtype_copy(src)
#define KILN_CAPI_COPY_TYPE_importtype(dst, src) (dst) = wasm_importtype_copy(src)
#define KILN_CAPI_COPY_TYPE_exporttype(dst, src) (dst) = wasm_exporttype_copy(src)

KILN_CAPI_DEFINE_TYPE_VEC(valtype)
KILN_CAPI_DEFINE_TYPE_VEC(functype)
KILN_CAPI_DEFINE_TYPE_VEC(globaltype)
KILN_CAPI_DEFINE_TYPE_VEC(tabletype)
KILN_CAPI_DEFINE_TYPE_VEC(memorytype)
KILN_CAPI_DEFINE_TYPE_VEC(externtype)
KILN_CAPI_DEFINE_TYPE_VEC(importtype)
KILN_CAPI_DEFINE_TYPE_VEC(exporttype)
