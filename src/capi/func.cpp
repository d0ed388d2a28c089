// Function instances: host functions (wasm_func_new, wasm_func_new_with_env)
// and calls in both directions.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

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

[[gnu::cold]] static wasm_trap_t* trapOf(const Error& error) {
  return as<wasm_trap_t>(newTrap(error));
}

[[gnu::cold]] static wasm_trap_t* argumentError(size_t index, ValType expected) {
  return callError("argument " + std::to_string(index) + ": expected " + toString(expected));
}

[[gnu::cold]] static wasm_trap_t* resultRoomError(size_t expected, size_t given) {
  return callError("expected room for " + std::to_string(expected) + " results, got " +
                   std::to_string(given));
}

/// The results vector, checked once the function has returned, as the
/// standard's reference implementation does: a call expected to trap may
/// pass an empty one (the wasm-c-api examples do).
static wasm_trap_t* checkResultRoom(const FuncType& type, const wasm_val_vec_t* results) {
  size_t resultCount = results && results->data ? results->size : 0;
  if (resultCount == type.results.size()) [[likely]] return nullptr;
  return resultRoomError(type.results.size(), resultCount);
}

/// Whether a number kind is 64 bits wide: bit 0 of its code.
constexpr bool is64Bits(wasm_valkind_t kind) { return kind & 1; }
static_assert(!is64Bits(WASM_I32) && is64Bits(WASM_I64) && !is64Bits(WASM_F32) &&
              is64Bits(WASM_F64));

/// wasm_func_call of a function whose parameters and results are all
/// numbers (`kinds`: theirs, parameters then results; the arguments' count
/// checked): the C values go straight into Func::callUnchecked's `slots`
/// (room for the larger of both counts), with no Vals.
static wasm_trap_t* callWithNumbers(const Func& func, const FuncType& type,
                                    const wasm_valkind_t* kinds, RawSlot* slots,
                                    const wasm_val_vec_t& args, wasm_val_vec_t* results) {
  const size_t paramCount = type.params.size();
  for (size_t i = 0; i < paramCount; ++i) {
    const wasm_val_t& arg = args.data[i];
    if (arg.kind != kinds[i]) [[unlikely]] return argumentError(i, type.params[i]);
    // Whole 8-byte words, a 32-bit value zero-extended: compiled code's
    // narrower reads of them are then served from the store buffer.
    uint64_t bits;
    std::memcpy(&bits, &arg.of, sizeof bits);
    slots[i].low = is64Bits(arg.kind) ? bits : uint32_t(bits);
    slots[i].high = 0;
  }
  if (std::optional<Error> error = func.callUnchecked(slots)) [[unlikely]] return trapOf(*error);
  if (wasm_trap_t* error = checkResultRoom(type, results)) return error;
  const wasm_valkind_t* resultKinds = kinds + paramCount;
  const size_t resultCount = type.results.size();
  for (size_t i = 0; i < resultCount; ++i) {
    // The whole word (a 32-bit result zero-extended, whatever the callee
    // left above it): the union's member of the kind reads its low bytes.
    const uint64_t bits = is64Bits(resultKinds[i]) ? slots[i].low : uint32_t(slots[i].low);
    results->data[i].kind = resultKinds[i];
    std::memcpy(&results->data[i].of, &bits, sizeof bits);
  }
  return nullptr;
}

/// callWithNumbers with its slots on the stack (left uninitialized:
/// RawSlot's initializers would zero them all on every call; arguments are
/// written before the call, results by the callee), or on the heap for
/// functions of many parameters or results.
static wasm_trap_t* callWithNumbers(const Object& func, const wasm_val_vec_t& args,
                                    wasm_val_vec_t* results) {
  const FuncType& type = *func.funcType;
  const size_t slotCount = std::max(type.params.size(), type.results.size());
  constexpr size_t kInlineSlots = 8;
  if (slotCount <= kInlineSlots) [[likely]] {
    alignas(RawSlot) unsigned char inlineSlots[kInlineSlots * sizeof(RawSlot)];
    return callWithNumbers(*func.entity->func(), type, func.numberKinds.data(),
                           reinterpret_cast<RawSlot*>(inlineSlots), args, results);
  }
  std::vector<RawSlot> heapSlots(slotCount);
  return callWithNumbers(*func.entity->func(), type, func.numberKinds.data(), heapSlots.data(),
                         args, results);
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
  if (o->numbersOnly) return callWithNumbers(*o, *args, results);
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
    if (!v) return argumentError(i, type.params[i]);
    vals.push_back(*v);
  }
  Expected<std::vector<Val>, Error> out = o->entity->func()->call(vals);
  if (!out) return as<wasm_trap_t>(newTrap(out.error()));
  if (wasm_trap_t* error = checkResultRoom(type, results)) return error;
  for (size_t i = 0; i < type.results.size(); ++i) results->data[i] = fromVal(store, (*out)[i]);
  return nullptr;
}
