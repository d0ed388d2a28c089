#include "kiln/typed_func.h"
#include "runtime/runtime_state.h"
#include "runtime/value_types.h"
#include "runtime/values.h"

namespace kiln {

namespace {

Unexpected<Error> callError(std::string message) {
  return Unexpected{Error(ErrorKind::Link, std::move(message))};
}

/// Slots of small calls live on the stack; larger ones on the heap.
constexpr size_t kInlineSlots = 8;

// TypedFunc's slots are the VM's: a value's bytes at the start of 16.
static_assert(sizeof(RawSlot) == sizeof(ValRaw) && alignof(RawSlot) == alignof(ValRaw));

/// A new host function of `type` owned by `store`, called through
/// `callback`; the caller gives it its body.
std::pair<runtime::HostFuncRecord*, Func> newHostFunction(Store& store, const FuncType& type,
                                                          decltype(VMHostFunction::callback) callback) {
  runtime::StoreState& state = runtime::Access::state(store);
  auto record = std::make_unique<runtime::HostFuncRecord>();
  record->vm.callback = callback;
  record->vm.env = record.get();
  const bool meterFuel = state.engine.config().consumeFuel;
  record->vm.fuelCounter = meterFuel ? &state.fuelConsumed : nullptr;
  record->ref.code = hostCallStub(type, meterFuel);
  runtime::EngineState& engine = runtime::Access::state(state.engine);
  record->ref.signatureId = engine.signatures.intern(type);
  record->type = &engine.signatures.type(record->ref.signatureId);
  // Compiled code calls a host function with its VMHostFunction as the vmctx.
  record->ref.vmctx = reinterpret_cast<VMContext*>(&record->vm);
  record->ref.arrayCall = nullptr;
  record->store = &state;
  runtime::HostFuncRecord* raw = record.get();
  state.hostFunctions.push_back(std::move(record));
  return {raw, runtime::Access::func(&state, &raw->ref)};
}

}  // namespace

Func Func::wrap(Store& store, FuncType type, HostFunction body) {
  auto [record, func] = newHostFunction(store, type, &runtime::hostFunctionCallback);
  record->body = std::move(body);
  return func;
}

Func Func::wrapRaw(Store& store, FuncType type, RawHostBody call, std::shared_ptr<void> body) {
  auto [record, func] = newHostFunction(store, type, &runtime::rawHostFunctionCallback);
  record->rawCall = call;
  record->rawBody = std::move(body);
  return func;
}

std::optional<Func> Func::fromVal(Store& store, const Val& value) {
  if (!value.type().isRef() || value.type().heapType() != HeapType::kFunc || value.isNullRef()) {
    return std::nullopt;
  }
  return runtime::Access::func(&runtime::Access::state(store),
                               static_cast<const VMFuncRef*>(value.ref()));
}

const FuncType& Func::type() const {
  return runtime::Access::state(store_->engine).signatures.type(ref_->signatureId);
}

Val Func::toVal() const { return Val::ref(ValType::FuncRef, const_cast<VMFuncRef*>(ref_)); }

Expected<std::vector<Val>, Error> Func::call(std::span<const Val> args) const {
  const FuncType& type = this->type();
  if (args.size() != type.params.size()) {
    return callError("expected " + std::to_string(type.params.size()) + " arguments, got " +
                     std::to_string(args.size()));
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (!runtime::fitsType(runtime::Access::state(store_->engine).signatures, args[i],
                           type.params[i])) {
      return callError("argument " + std::to_string(i) + " is " +
                       std::string(toString(args[i].type())) + ", expected " +
                       std::string(toString(type.params[i])));
    }
  }
  std::vector<Val> results(type.results.size());
  if (runtime::HostFuncRecord* host = runtime::hostFunctionOf(*ref_)) {
    for (size_t i = 0; i < results.size(); ++i) results[i] = runtime::zeroValue(type.results[i]);
    if (std::optional<Error> error = runtime::callHostFunction(*host, type, args, results)) {
      return Unexpected{std::move(*error)};
    }
    return results;
  }

  size_t slotCount = std::max(type.params.size(), type.results.size());
  std::array<ValRaw, kInlineSlots> inlineSlots;
  std::vector<ValRaw> heapSlots;
  ValRaw* slots = inlineSlots.data();
  if (slotCount > kInlineSlots) {
    heapSlots.resize(slotCount);
    slots = heapSlots.data();
  }
  for (size_t i = 0; i < args.size(); ++i) runtime::writeRaw(args[i], slots[i]);
  if (std::optional<Error> error = store_->callWasm(*ref_, slots)) {
    return Unexpected{std::move(*error)};
  }
  for (size_t i = 0; i < results.size(); ++i) results[i] = runtime::fromRaw(slots[i], type.results[i]);
  return results;
}

std::optional<Error> Func::callUnchecked(RawSlot* slots) const {
  if (runtime::HostFuncRecord* host = runtime::hostFunctionOf(*ref_)) {
    return runtime::callHostFunctionRaw(*host, slots);
  }
  return store_->callWasm(*ref_, reinterpret_cast<ValRaw*>(slots));
}

}  // namespace kiln
