// Function instances: host functions (wasm_func_new, wasm_func_new_with_env)
// and calls in both directions.
#include <algorithm>
#include <bit>
#include <cstdint>

#include "objects.h"

using namespace kiln;
using namespace kiln::capi;

namespace {

/// Frees the references of C values the C API made for a call.
void deleteVals(std::vector<wasm_val_t>& vals) {
  for (wasm_val_t& v : vals) wasm_val_delete(&v);
}

/// The body of a C host function: C++ values -> C values, the callback, and
/// back, checking what it wrote against the function type.
HostFunction hostBody(StoreData* store, wasm_func_callback_with_env_t callback, void* env) {
  return [store, callback, env](Caller&, std::span<const Val> params,
                                std::span<Val> results) -> std::optional<Error> {
    std::vector<wasm_val_t> args;
    args.reserve(params.size());
    for (const Val& p : params) args.push_back(fromVal(*store, p));
    std::vector<wasm_val_t> outs(results.size());
    for (size_t i = 0; i < results.size(); ++i) {
      outs[i].kind = toValKind(results[i].type());
      outs[i].of.i64 = 0;
      if (wasm_valkind_is_ref(outs[i].kind)) outs[i].of.ref = nullptr;
    }
    wasm_val_vec_t argVec{args.size(), args.data()};
    wasm_val_vec_t resultVec{outs.size(), outs.data()};
    wasm_trap_t* trap = callback(env, &argVec, &resultVec);
    deleteVals(args);
    std::optional<Error> error;
    if (const Object* t = objectOf(trap, Kind::Trap)) {
      // A trap passed on from a nested call keeps its code (or exit status).
      error = t->exitStatus ? Error::exit(*t->exitStatus)
                            : Error(Trap(t->code.value_or(TrapCode::Unreachable), t->message,
                                         t->trace));
    } else if (trap) {
      error = Error(Trap(TrapCode::Unreachable, "host function returned a non-trap object"));
    } else {
      for (size_t i = 0; i < results.size() && !error; ++i) {
        std::optional<Val> v = toVal(*store, outs[i], results[i].type());
        if (v) {
          results[i] = *v;
        } else {
          error = Error(Trap(TrapCode::Unreachable,
                             "host function result " + std::to_string(i) + ": type mismatch"));
        }
      }
    }
    wasm_ref_delete(as<wasm_ref_t>(object(trap)));
    deleteVals(outs);
    return error;
  };
}

/// Adapts a callback without environment to the one with.
wasm_trap_t* callWithoutEnv(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  return reinterpret_cast<wasm_func_callback_t>(env)(args, results);
}

}  // namespace

wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                    wasm_func_callback_with_env_t callback, void* env,
                                    void (*finalizer)(void*)) {
  std::optional<FuncType> funcType = toFuncType(type);
  if (!store || !funcType || !callback) {
    if (finalizer) finalizer(env);
    return nullptr;
  }
  StoreData& data = *store->data;
  if (finalizer) data.funcEnvs.push_back(std::make_unique<HostInfo>(env, finalizer));
  Func func = Func::wrap(*data.store, std::move(*funcType), hostBody(&data, callback, env));
  return as<wasm_func_t>(newEntity(store->data, func));
}

wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type,
                           wasm_func_callback_t callback) {
  if (!callback) return nullptr;
  return wasm_func_new_with_env(store, type, callWithoutEnv, reinterpret_cast<void*>(callback),
                                nullptr);
}

static const Func* funcOf(const wasm_func_t* func) {
  const Object* o = objectOf(func, Kind::Func);
  return o ? o->entity->func() : nullptr;
}

wasm_functype_t* wasm_func_type(const wasm_func_t* func) {
  const Func* f = funcOf(func);
  if (!f) return nullptr;
  ExternType type;
  type.func = f->type();
  return reinterpret_cast<wasm_functype_t*>(newExternType(type));
}

size_t wasm_func_param_arity(const wasm_func_t* func) {
  const Func* f = funcOf(func);
  return f ? f->type().params.size() : 0;
}

size_t wasm_func_result_arity(const wasm_func_t* func) {
  const Func* f = funcOf(func);
  return f ? f->type().results.size() : 0;
}

static wasm_trap_t* callError(std::string message) {
  return as<wasm_trap_t>(newTrap("wasm_func_call: " + message));
}

/// The results vector, checked once the function has returned, as the
/// standard's reference implementation does: a call expected to trap may
/// pass an empty one (the wasm-c-api examples do).
static wasm_trap_t* checkResultRoom(const FuncType& type, const wasm_val_vec_t* results) {
  size_t resultCount = results && results->data ? results->size : 0;
  if (resultCount == type.results.size()) return nullptr;
  return callError("expected room for " + std::to_string(type.results.size()) +
                   " results, got " + std::to_string(resultCount));
}

/// wasm_func_call of a function whose parameters and results are all
/// numbers (the arguments' count checked): the C values go straight into
/// Func::callUnchecked's slots, with no Vals and no allocation for small
/// calls.
static wasm_trap_t* callWithNumbers(const Func& func, const FuncType& type,
                                    const wasm_val_vec_t& args, wasm_val_vec_t* results) {
  constexpr size_t kInlineSlots = 8;
  size_t slotCount = std::max(type.params.size(), type.results.size());
  // Left uninitialized (RawSlot's initializers would zero them all on
  // every call): arguments are written below, results by the callee.
  alignas(RawSlot) unsigned char inlineSlots[kInlineSlots * sizeof(RawSlot)];
  std::vector<RawSlot> heapSlots;
  RawSlot* slots = reinterpret_cast<RawSlot*>(inlineSlots);
  if (slotCount > kInlineSlots) {
    heapSlots.resize(slotCount);
    slots = heapSlots.data();
  }
  for (size_t i = 0; i < type.params.size(); ++i) {
    const wasm_val_t& arg = args.data[i];
    if (arg.kind != toValKind(type.params[i])) {
      return callError("argument " + std::to_string(i) + ": expected " +
                       toString(type.params[i]));
    }
    // Whole 8-byte words: compiled code's narrower reads of them are then
    // served from the store buffer.
    switch (arg.kind) {
      case WASM_I32: slots[i].low = uint32_t(arg.of.i32); break;
      case WASM_I64: slots[i].low = uint64_t(arg.of.i64); break;
      case WASM_F32: slots[i].low = std::bit_cast<uint32_t>(arg.of.f32); break;
      default: slots[i].low = std::bit_cast<uint64_t>(arg.of.f64); break;
    }
    slots[i].high = 0;
  }
  if (std::optional<Error> error = func.callUnchecked(slots)) {
    return as<wasm_trap_t>(newTrap(*error));
  }
  if (wasm_trap_t* error = checkResultRoom(type, results)) return error;
  for (size_t i = 0; i < type.results.size(); ++i) {
    wasm_val_t& out = results->data[i];
    out.kind = toValKind(type.results[i]);
    switch (out.kind) {
      case WASM_I32: out.of.i32 = int32_t(uint32_t(slots[i].low)); break;
      case WASM_I64: out.of.i64 = int64_t(slots[i].low); break;
      case WASM_F32: out.of.f32 = std::bit_cast<float>(uint32_t(slots[i].low)); break;
      default: out.of.f64 = std::bit_cast<double>(slots[i].low); break;
    }
  }
  return nullptr;
}

wasm_trap_t* wasm_func_call(const wasm_func_t* func, const wasm_val_vec_t* args,
                            wasm_val_vec_t* results) {
  const Object* o = objectOf(func, Kind::Func);
  if (!o) return callError("not a function");
  StoreData& store = *o->store;
  const FuncType& type = *o->funcType;
  size_t argCount = args && args->data ? args->size : 0;
  if (argCount != type.params.size()) {
    return callError("expected " + std::to_string(type.params.size()) + " arguments, got " +
                     std::to_string(argCount));
  }
  if (o->numbersOnly) return callWithNumbers(*o->entity->func(), type, *args, results);
  // The standard has no v128 kind (a v128 shows as i64): such a call would
  // pass or return the wrong bits, so it is refused.
  auto isV128 = [](ValType t) { return t == ValType::V128; };
  if (std::any_of(type.params.begin(), type.params.end(), isV128) ||
      std::any_of(type.results.begin(), type.results.end(), isV128)) {
    return callError("a v128 cannot cross the C API");
  }
  std::vector<Val> vals;
  vals.reserve(argCount);
  for (size_t i = 0; i < argCount; ++i) {
    std::optional<Val> v = toVal(store, args->data[i], type.params[i]);
    if (!v) {
      return callError("argument " + std::to_string(i) + ": expected " +
                       toString(type.params[i]));
    }
    vals.push_back(*v);
  }
  Expected<std::vector<Val>, Error> out = o->entity->func()->call(vals);
  if (!out) return as<wasm_trap_t>(newTrap(out.error()));
  if (wasm_trap_t* error = checkResultRoom(type, results)) return error;
  for (size_t i = 0; i < type.results.size(); ++i) results->data[i] = fromVal(store, (*out)[i]);
  return nullptr;
}
