// Calling host functions: from compiled code through their VMHostFunction,
// and directly from the host.
#include <exception>

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

/// Runs the host function body. Never throws: an exception becomes a trap.
std::optional<Error> invoke(const HostFuncRecord& function, VMContext* caller,
                            std::span<const Val> params, std::span<Val> results) {
  try {
    CallerContext context(*function.store, caller);
    return function.body(context, params, results);
  } catch (const std::exception& error) {
    return Trap{TrapCode::Unreachable, std::string("host function threw: ") + error.what(), {}};
  } catch (...) {
    return Trap{TrapCode::Unreachable, "host function threw an exception", {}};
  }
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
  std::optional<Error> error = invoke(function, nullptr, params, results);
  return error ? error : checkResults(function, type, results);
}

bool hostFunctionCallback(void* env, VMContext* caller, ValRaw* argsAndResults) {
  const auto& function = *static_cast<const HostFuncRecord*>(env);
  const FuncType& type = *function.type;
  std::array<Val, kInlineValues> inlineParams;
  std::array<Val, kInlineValues> inlineResults;
  std::vector<Val> heapParams;
  std::vector<Val> heapResults;
  std::span<Val> params(inlineParams.data(), type.params.size());
  std::span<Val> results(inlineResults.data(), type.results.size());
  std::optional<Error> error;
  try {
    if (type.params.size() > kInlineValues) {
      heapParams.resize(type.params.size());
      params = heapParams;
    }
    if (type.results.size() > kInlineValues) {
      heapResults.resize(type.results.size());
      results = heapResults;
    }
    for (size_t i = 0; i < params.size(); ++i) params[i] = fromRaw(argsAndResults[i], type.params[i]);
    for (size_t i = 0; i < results.size(); ++i) results[i] = zeroValue(type.results[i]);
  } catch (const std::bad_alloc&) {
    error = Trap{TrapCode::Unreachable, "out of memory calling a host function", {}};
  }
  if (!error) error = invoke(function, caller, params, results);
  if (!error) error = checkResults(function, type, results);
  if (error && error->kind == ErrorKind::Exception && error->exception) {
    // Thrown into the calling Wasm code, whose handlers may catch it.
    Expected<VMException*, Error> thrown = vmExceptionOf(*function.store, *error->exception);
    if (thrown) {
      CallState::current().recordException(*thrown);
      return false;
    }
    error = std::move(thrown.error());
  }
  if (error) {
    // The Wasm frames unwind as for a trap; an error of another kind (the
    // guest's exit, say) is recorded with a placeholder code and replaces
    // the trap once they are gone.
    CallState::current().recordTrap(error->trap ? error->trap->code : TrapCode::Unreachable);
    tlsHostError = std::move(error);
    return false;
  }
  for (size_t i = 0; i < results.size(); ++i) writeRaw(results[i], argsAndResults[i]);
  return true;
}

std::optional<Error> takeHostError() {
  std::optional<Error> error = std::move(tlsHostError);
  tlsHostError.reset();
  return error;
}

}  // namespace kiln::runtime
