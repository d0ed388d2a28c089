// Config, engine and store; reference objects (refs, foreign objects, host
// info); values; frames and traps.
#include "objects.h"

#include <algorithm>

using namespace kiln;
using namespace kiln::capi;

namespace kiln::capi {

StoreData::~StoreData() {
  // The store first: host functions' closures die before their environments
  // are finalized; then environments and host info, whose finalizers may use
  // nothing of the store.
  store.reset();
  funcEnvs.clear();
  entityInfo.clear();
  externBoxes.clear();
  boxes.clear();
}

void* StoreData::boxExternRef(const Object& ref) {
  if (ref.shared) {
    auto it = externBoxes.find(ref.shared.get());
    if (it != externBoxes.end()) return it->second.get();
  }
  // The box keeps no pointer to the store (the store owns it).
  auto box = std::make_unique<Object>(ref);
  box->store = nullptr;
  Object* raw = box.get();
  externBoxes.emplace(ref.shared ? static_cast<const void*>(ref.shared.get()) : raw,
                      std::move(box));
  boxes.insert(raw);
  return raw;
}

const Object* StoreData::unboxExternRef(const void* pointer) const {
  return boxes.count(pointer) ? static_cast<const Object*>(pointer) : nullptr;
}

HostInfo* Object::hostInfo(bool create) {
  if (shared) return &shared->hostInfo;
  if (!store) return nullptr;
  std::variant<Extern, Instance> key = entity ? std::variant<Extern, Instance>(*entity)
                                              : std::variant<Extern, Instance>(*instance);
  for (auto& [k, info] : store->entityInfo) {
    if (k == key) return info.get();
  }
  if (!create) return nullptr;
  store->entityInfo.emplace_back(key, std::make_unique<HostInfo>());
  return store->entityInfo.back().second.get();
}

bool Object::same(const Object& other) const {
  if (kind != other.kind) return false;
  if (entity) return other.entity && *entity == *other.entity;
  if (instance) return other.instance && *instance == *other.instance;
  return shared == other.shared;
}

Object* newEntity(std::shared_ptr<StoreData> store, Extern entity) {
  auto* o = new Object;
  static constexpr Kind kinds[] = {Kind::Func, Kind::Table, Kind::Memory, Kind::Global};
  o->kind = kinds[size_t(entity.kind())];
  o->store = std::move(store);
  o->entity = entity;
  if (const Func* func = entity.func()) {
    o->funcType = &func->type();
    o->numbersOnly = std::all_of(o->funcType->params.begin(), o->funcType->params.end(), isNumType) &&
                     std::all_of(o->funcType->results.begin(), o->funcType->results.end(), isNumType);
    if (o->numbersOnly) {
      for (const std::vector<ValType>* types : {&o->funcType->params, &o->funcType->results}) {
        for (ValType type : *types) o->numberKinds.push_back(toValKind(type));
      }
    }
  }
  return o;
}

Object* newInstance(std::shared_ptr<StoreData> store, Instance instance) {
  auto* o = new Object;
  o->kind = Kind::Instance;
  o->store = std::move(store);
  o->instance = std::move(instance);
  return o;
}

Object* newTrap(std::string message, std::vector<TrapFrame> trace) {
  auto* o = new Object;
  o->kind = Kind::Trap;
  o->shared = std::make_shared<Shared>();
  o->message = std::move(message);
  o->trace = std::move(trace);
  return o;
}

Object* newTrap(const Error& error) {
  Object* o = error.trap ? newTrap(error.trap->message, error.trap->backtrace)
                         : newTrap(error.toString());
  if (error.trap) o->code = error.trap->code;
  if (error.kind == ErrorKind::Exit) o->exitStatus = error.exitStatus;
  return o;
}

std::optional<Val> refToVal(StoreData& store, const wasm_ref_t* ref, ValType type) {
  if (!type.isRef()) return std::nullopt;
  const Object* o = object(ref);
  if (!o) return type.isNullable() ? std::optional(Val::nullRef(type)) : std::nullopt;
  if (toValKind(type) == WASM_FUNCREF) {
    // Only functions of this store are functions to Wasm code of this store.
    if (o->kind != Kind::Func || o->store.get() != &store) return std::nullopt;
    return Val::ref(type, o->entity->func()->toVal().ref());
  }
  if (o->store && o->store.get() != &store) return std::nullopt;
  return Val::ref(type, store.boxExternRef(*o));
}

std::optional<Val> toVal(StoreData& store, const wasm_val_t& value, ValType type) {
  if (value.kind != toValKind(type)) return std::nullopt;
  switch (value.kind) {
    case WASM_I32: return Val::i32(value.of.i32);
    case WASM_I64: return Val::i64(value.of.i64);
    case WASM_F32: return Val::f32(value.of.f32);
    case WASM_F64: return Val::f64(value.of.f64);
    default: return refToVal(store, value.of.ref, type);
  }
}

wasm_val_t fromVal(StoreData& store, const Val& value) {
  wasm_val_t out;
  out.kind = toValKind(value.type());
  switch (out.kind) {
    case WASM_I32: out.of.i32 = value.i32(); break;
    case WASM_I64: out.of.i64 = value.i64(); break;
    case WASM_F32: out.of.f32 = value.f32(); break;
    case WASM_F64: out.of.f64 = value.f64(); break;
    case WASM_FUNCREF: {
      std::optional<Func> func =
          Func::fromVal(*store.store, Val::ref(ValType::FuncRef, value.ref()));
      out.of.ref = func ? as<wasm_ref_t>(newEntity(store.shared_from_this(), *func)) : nullptr;
      break;
    }
    default: {
      // An externref made by the C API points to a box this store keeps;
      // any other pointer (none today) is shown as null, never dereferenced.
      const Object* box = store.unboxExternRef(value.ref());
      Object* copy = box ? new Object(*box) : nullptr;
      // Traps and modules have no store; everything else is of this one.
      if (copy && copy->kind != Kind::Trap && copy->kind != Kind::Module) {
        copy->store = store.shared_from_this();
      }
      out.of.ref = as<wasm_ref_t>(copy);
      break;
    }
  }
  return out;
}

}  // namespace kiln::capi

// ---- config, engine, store ----

wasm_config_t* wasm_config_new(void) { return new wasm_config_t; }
void wasm_config_delete(wasm_config_t* config) { delete config; }

wasm_engine_t* wasm_engine_new(void) { return new wasm_engine_t{Engine()}; }
wasm_engine_t* wasm_engine_new_with_config(wasm_config_t* config) {
  if (!config) return wasm_engine_new();
  auto* engine = new wasm_engine_t{Engine(config->config)};
  delete config;
  return engine;
}
void wasm_engine_delete(wasm_engine_t* engine) { delete engine; }

wasm_store_t* wasm_store_new(wasm_engine_t* engine) {
  if (!engine) return nullptr;
  return new wasm_store_t{std::make_shared<StoreData>(engine->engine)};
}
void wasm_store_delete(wasm_store_t* store) { delete store; }

// ---- the functions every reference object has ----

#define KILN_CAPI_REF_BASE(name)                                                                \
  void wasm_##name##_delete(wasm_##name##_t* ref) { delete object(ref); }                       \
  wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t* ref) {                             \
    return ref ? as<wasm_##name##_t>(new Object(*object(ref))) : nullptr;                      \
  }                                                                                             \
  bool wasm_##name##_same(const wasm_##name##_t* a, const wasm_##name##_t* b) {                 \
    if (!a || !b) return a == b;                                                                \
    return object(a)->same(*object(b));                                                         \
  }                                                                                             \
  void* wasm_##name##_get_host_info(const wasm_##name##_t* ref) {                               \
    HostInfo* info = ref ? const_cast<Object*>(object(ref))->hostInfo(false) : nullptr;         \
    return info ? info->info : nullptr;                                                         \
  }                                                                                             \
  void wasm_##name##_set_host_info(wasm_##name##_t* ref, void* info) {                          \
    wasm_##name##_set_host_info_with_finalizer(ref, info, nullptr);                             \
  }                                                                                             \
  void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t* ref, void* info,             \
                                                  void (*finalizer)(void*)) {                   \
    if (HostInfo* slot = ref ? object(ref)->hostInfo(true) : nullptr)                           \
      slot->reset(info, finalizer);                                                             \
  }

#define KILN_CAPI_REF(name, KIND)                                                               \
  KILN_CAPI_REF_BASE(name)                                                                      \
  wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t* p) { return as<wasm_ref_t>(object(p)); }   \
  const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t* p) {                      \
    return as<wasm_ref_t>(object(p));                                                           \
  }                                                                                             \
  wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t* ref) {                                        \
    Object* o = object(ref);                                                                    \
    return o && o->kind == KIND ? as<wasm_##name##_t>(o) : nullptr;                             \
  }                                                                                             \
  const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t* ref) {                    \
    const Object* o = object(ref);                                                              \
    return o && o->kind == KIND ? as<wasm_##name##_t>(o) : nullptr;                             \
  }

KILN_CAPI_REF_BASE(ref)
KILN_CAPI_REF(trap, Kind::Trap)
KILN_CAPI_REF(foreign, Kind::Foreign)
KILN_CAPI_REF(module, Kind::Module)
KILN_CAPI_REF(func, Kind::Func)
KILN_CAPI_REF(global, Kind::Global)
KILN_CAPI_REF(table, Kind::Table)
KILN_CAPI_REF(memory, Kind::Memory)
KILN_CAPI_REF(instance, Kind::Instance)

// An extern is any of the four entity kinds.
KILN_CAPI_REF_BASE(extern)
wasm_ref_t* wasm_extern_as_ref(wasm_extern_t* p) { return as<wasm_ref_t>(object(p)); }
const wasm_ref_t* wasm_extern_as_ref_const(const wasm_extern_t* p) {
  return as<wasm_ref_t>(object(p));
}
wasm_extern_t* wasm_ref_as_extern(wasm_ref_t* ref) {
  Object* o = object(ref);
  return o && o->isExtern() ? as<wasm_extern_t>(o) : nullptr;
}
const wasm_extern_t* wasm_ref_as_extern_const(const wasm_ref_t* ref) {
  const Object* o = object(ref);
  return o && o->isExtern() ? as<wasm_extern_t>(o) : nullptr;
}

// ---- values ----

void wasm_val_delete(wasm_val_t* value) {
  if (value && wasm_valkind_is_ref(value->kind)) {
    wasm_ref_delete(value->of.ref);
    value->of.ref = nullptr;
  }
}

void wasm_val_copy(wasm_val_t* out, const wasm_val_t* value) {
  if (!out) return;
  if (!value) {
    *out = wasm_val_t{WASM_EXTERNREF, {}};
    out->of.ref = nullptr;
    return;
  }
  *out = *value;
  if (wasm_valkind_is_ref(value->kind)) out->of.ref = wasm_ref_copy(value->of.ref);
}

#define KILN_CAPI_COPY_VAL(dst, src) wasm_val_copy(&(dst), &(src))
#define KILN_CAPI_DELETE_VAL(elem) wasm_val_delete(&(elem))
KILN_CAPI_DEFINE_VEC(val, wasm_val_t, KILN_CAPI_COPY_VAL, KILN_CAPI_DELETE_VAL)

// ---- foreign objects ----

wasm_foreign_t* wasm_foreign_new(wasm_store_t* store) {
  if (!store) return nullptr;
  auto* o = new Object;
  o->kind = Kind::Foreign;
  o->store = store->data;
  o->shared = std::make_shared<Shared>();
  return as<wasm_foreign_t>(o);
}

// ---- frames and traps ----

void wasm_frame_delete(wasm_frame_t* frame) { delete frame; }
wasm_frame_t* wasm_frame_copy(const wasm_frame_t* frame) {
  return frame ? new wasm_frame_t(*frame) : nullptr;
}
// Kiln's frames do not name their instance yet.
wasm_instance_t* wasm_frame_instance(const wasm_frame_t*) { return nullptr; }
uint32_t wasm_frame_func_index(const wasm_frame_t* frame) { return frame ? frame->funcIndex : 0; }
size_t wasm_frame_func_offset(const wasm_frame_t* frame) { return frame ? frame->funcOffset : 0; }
size_t wasm_frame_module_offset(const wasm_frame_t* frame) {
  return frame ? frame->moduleOffset : 0;
}

#define KILN_CAPI_COPY_FRAME(dst, src) (dst) = wasm_frame_copy(src)
KILN_CAPI_DEFINE_VEC(frame, wasm_frame_t*, KILN_CAPI_COPY_FRAME, wasm_frame_delete)

wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t* message) {
  if (!store) return nullptr;
  std::string text;
  if (message && message->data) text.assign(message->data, message->size);
  // Messages conventionally carry their NUL; the trap keeps the text.
  if (!text.empty() && text.back() == '\0') text.pop_back();
  return as<wasm_trap_t>(newTrap(std::move(text)));
}

void wasm_trap_message(const wasm_trap_t* trap, wasm_message_t* out) {
  if (!out) return;
  const Object* o = objectOf(trap, Kind::Trap);
  if (!o) {
    vecAlloc(out, 0);
    return;
  }
  if (!vecAlloc(out, o->message.size() + 1)) return;
  std::memcpy(out->data, o->message.c_str(), o->message.size() + 1);
}

// Kiln's TrapFrame has the module offset of the instruction; the offset in
// the function is not known (reported as 0).
static wasm_frame_t* newFrame(const TrapFrame& frame) {
  return new wasm_frame_t{frame.functionIndex, 0, frame.codeOffset};
}

wasm_frame_t* wasm_trap_origin(const wasm_trap_t* trap) {
  const Object* o = objectOf(trap, Kind::Trap);
  if (!o || o->trace.empty()) return nullptr;
  return newFrame(o->trace.front());
}

void wasm_trap_trace(const wasm_trap_t* trap, wasm_frame_vec_t* out) {
  const Object* o = objectOf(trap, Kind::Trap);
  if (!vecAlloc(out, o ? o->trace.size() : 0)) return;
  for (size_t i = 0; i < out->size; ++i) out->data[i] = newFrame(o->trace[i]);
}
