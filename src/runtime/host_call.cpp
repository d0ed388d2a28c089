// Calling host functions: from compiled code through their VMHostFunction,
// and directly from the host.
#include <algorithm>
#include <cstddef>
#include <exception>
#include <new>
#include <type_traits>

#include "runtime/runtime_state.h"
#include "runtime/value_types.h"
#include "runtime/values.h"
#include "vm/call_state.h"

namespace kiln::runtime {

namespace {

/// The error a host function returned, kept whole until the entry trampoline
/// has resumed and the runtime picks it up (CallState holds only plain data,
/// since the signal handler touches it).
thread_local std::optional<Error> tlsHostError;
/// Whether tlsHostError holds one: a plain flag, which every entry into Wasm
/// reads without the guarded access a thread_local with a destructor needs.
__attribute__((tls_model("initial-exec"))) constinit thread_local bool tlsHostErrorSet = false;

/// What a host function learns about its caller: the calling instance's
/// exports, found through the caller's vmctx.
class CallerContext final : public Caller {
 public:
  CallerContext(StoreState& store, VMContext* vmctx) : store_(store), vmctx_(vmctx) {}

  std::optional<Extern> getExport(std::string_view name) override {
    if (!vmctx_) return std::nullopt;
    return state()->getExport(name);
  }
  std::optional<Instance> instance() override {
    if (!vmctx_) return std::nullopt;
    return Access::instance(state());
  }
  Store& store() override { return store_.owner; }

 private:
  InstanceState* state() const {
    return static_cast<InstanceState*>(VMInstance::fromVMContext(vmctx_)->embedderData());
  }

  StoreState& store_;
  VMContext* vmctx_;
};

/// Values of small calls live on the stack; larger ones on the heap. WASI's
/// widest function (path_open) takes 9 parameters.
constexpr size_t kInlineValues = 12;

/// The trap a host function's escaped C++ exception becomes. Called only
/// inside a catch block.
Error trapOfHostException() {
  try {
    throw;
  } catch (const std::exception& error) {
    return Trap{TrapCode::Unreachable, std::string("host function threw: ") + error.what(), {}};
  } catch (...) {
    return Trap{TrapCode::Unreachable, "host function threw an exception", {}};
  }
}

/// Runs the host function body. Never throws: an exception becomes a trap.
std::optional<Error> invoke(const HostFuncRecord& function, VMContext* caller,
                            std::span<const Val> params, std::span<Val> results) {
  try {
    CallerContext context(*function.store, caller);
    return function.body(context, params, results);
  } catch (...) {
    return trapOfHostException();
  }
}

/// Runs a raw host function body on `slots`. Never throws.
std::optional<Error> invokeRaw(const HostFuncRecord& function, VMContext* caller, RawSlot* slots) {
  try {
    CallerContext context(*function.store, caller);
    return function.rawCall(function.rawBody.get(), context, slots);
  } catch (...) {
    return trapOfHostException();
  }
}

/// Hands the error a host function returned to the calling Wasm code: an
/// exception is thrown into it, whose handlers may catch it; anything else
/// unwinds its frames as a trap does. Returns the callback's result, false.
bool raiseHostError(const HostFuncRecord& function, Error error) {
  if (error.kind == ErrorKind::Exception && error.exception) {
    Expected<VMException*, Error> thrown = vmExceptionOf(*function.store, *error.exception);
    if (thrown) {
      CallState::current().recordException(*thrown);
      return false;
    }
    error = thrown.error();
  }
  // An error of another kind (the guest's exit, say) is recorded with a
  // placeholder code and replaces the trap once the Wasm frames are gone.
  // Only a trap of its own is given their backtrace (StoreState::errorOf):
  // for anything else resolving one would be wasted (a WASI program's exit
  // resolved its frames, and pandoc's source positions with them).
  if (error.trap) {
    CallState::current().recordTrap(error.trap->code);
  } else {
    CallState::current().recordTrapWithoutBacktrace(TrapCode::Unreachable);
  }
  tlsHostError = std::move(error);
  tlsHostErrorSet = true;
  return false;
}

/// Checks the results a host function wrote against its type.
std::optional<Error> checkResults(const HostFuncRecord& function, const FuncType& type,
                                  std::span<const Val> results) {
  const SignatureRegistry& signatures = Access::state(function.store->engine).signatures;
  for (size_t i = 0; i < results.size(); ++i) {
    if (!fitsType(signatures, results[i], type.results[i])) {
      return Trap{TrapCode::Unreachable,
                  "host function returned a " + std::string(toString(results[i].type())) +
                      " where its type says " + std::string(toString(type.results[i])),
                  {}};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Error> callHostFunction(const HostFuncRecord& function, const FuncType& type,
                                      std::span<const Val> params, std::span<Val> results) {
  if (function.rawCall) {
    // Through the slots its body takes, as Func::callUnchecked's caller would.
    std::vector<RawSlot> slots(std::max(params.size(), results.size()));
    for (size_t i = 0; i < params.size(); ++i) {
      writeRaw(params[i], *reinterpret_cast<ValRaw*>(&slots[i]));
    }
    if (std::optional<Error> error = invokeRaw(function, nullptr, slots.data())) return error;
    for (size_t i = 0; i < results.size(); ++i) {
      results[i] = fromRaw(*reinterpret_cast<const ValRaw*>(&slots[i]), type.results[i]);
    }
    return std::nullopt;
  }
  std::optional<Error> error = invoke(function, nullptr, params, results);
  return error ? error : checkResults(function, type, results);
}

std::optional<Error> callHostFunctionRaw(const HostFuncRecord& function, RawSlot* slots) {
  if (function.rawCall) return invokeRaw(function, nullptr, slots);
  // A body takes values: box them, as compiled code's calls do.
  const FuncType& type = *function.type;
  auto* raw = reinterpret_cast<ValRaw*>(slots);
  std::vector<Val> params(type.params.size());
  for (size_t i = 0; i < params.size(); ++i) params[i] = fromRaw(raw[i], type.params[i]);
  std::vector<Val> results(type.results.size());
  for (size_t i = 0; i < results.size(); ++i) results[i] = zeroValue(type.results[i]);
  if (std::optional<Error> error = callHostFunction(function, type, params, results)) return error;
  for (size_t i = 0; i < results.size(); ++i) writeRaw(results[i], raw[i]);
  return std::nullopt;
}

bool hostFunctionCallback(void* env, VMContext* caller, ValRaw* argsAndResults) {
  const auto& function = *static_cast<const HostFuncRecord*>(env);
  const FuncType& type = *function.type;
  size_t paramCount = type.params.size();
  size_t resultCount = type.results.size();
  // Parameters then results. Inline storage is left uninitialized, so that
  // a call constructs only the values its type has (zeroing the whole array
  // cost more than the rest of a small call).
  static_assert(std::is_trivially_destructible_v<Val>);
  alignas(Val) std::byte inlineValues[2 * kInlineValues * sizeof(Val)];
  std::vector<Val> heapValues;
  Val* values = reinterpret_cast<Val*>(inlineValues);
  if (paramCount + resultCount > 2 * kInlineValues) {
    try {
      heapValues.resize(paramCount + resultCount);
    } catch (const std::bad_alloc&) {
      return raiseHostError(
          function, Trap{TrapCode::Unreachable, "out of memory calling a host function", {}});
    }
    values = heapValues.data();
  }
  // Placement new builds each value in place; std::construct_at would copy
  // it from a temporary, reading back narrow stores as wide loads (a
  // store-forwarding stall per value).
  for (size_t i = 0; i < paramCount; ++i) {
    new (values + i) Val(fromRaw(argsAndResults[i], type.params[i]));
  }
  for (size_t i = 0; i < resultCount; ++i) {
    new (values + paramCount + i) Val(zeroValue(type.results[i]));
  }
  std::span<const Val> params(values, paramCount);
  std::span<Val> results(values + paramCount, resultCount);
  if (std::optional<Error> error = invoke(function, caller, params, results)) {
    return raiseHostError(function, std::move(*error));
  }
  if (std::optional<Error> error = checkResults(function, type, results)) {
    return raiseHostError(function, std::move(*error));
  }
  for (size_t i = 0; i < resultCount; ++i) writeRaw(results[i], argsAndResults[i]);
  return true;
}

bool rawHostFunctionCallback(void* env, VMContext* caller, ValRaw* argsAndResults) {
  const auto& function = *static_cast<const HostFuncRecord*>(env);
  std::optional<Error> error =
      invokeRaw(function, caller, reinterpret_cast<RawSlot*>(argsAndResults));
  return error ? raiseHostError(function, std::move(*error)) : true;
}

void discardHostError() {
  if (!tlsHostErrorSet) return;
  tlsHostError.reset();
  tlsHostErrorSet = false;
}

std::optional<Error> takeHostError() {
  if (!tlsHostErrorSet) return std::nullopt;
  std::optional<Error> error = std::move(tlsHostError);
  tlsHostError.reset();
  tlsHostErrorSet = false;
  return error;
}

}  // namespace kiln::runtime
