#include "runtime/runtime_state.h"
#include "runtime/values.h"

namespace kiln {

namespace {

Unexpected<Trap> callError(std::string message) {
  return Unexpected<Trap>{Trap{TrapCode::Unreachable, std::move(message), {}}};
}

/// Slots of small calls live on the stack; larger ones on the heap.
constexpr size_t kInlineSlots = 8;

}  // namespace

Func Func::wrap(Store& store, FuncType type, HostFunction body) {
  runtime::StoreState& state = store.state();
  auto record = std::make_unique<runtime::HostFuncRecord>();
  record->vm.callback = &runtime::hostFunctionCallback;
  record->vm.env = record.get();
  record->ref.code = hostCallStub(type);
  record->ref.signatureId = state.engine.state().signatures.intern(type);
  record->type = &state.engine.state().signatures.type(record->ref.signatureId);
  // Compiled code calls a host function with its VMHostFunction as the vmctx.
  record->ref.vmctx = reinterpret_cast<VMContext*>(&record->vm);
  record->ref.arrayCall = nullptr;
  record->body = std::move(body);
  record->store = &state;
  const VMFuncRef* ref = &record->ref;
  state.hostFunctions.push_back(std::move(record));
  return Func(&state, ref);
}

std::optional<Func> Func::fromVal(Store& store, const Val& value) {
  if (value.type() != ValType::FuncRef || value.isNullRef()) return std::nullopt;
  return Func(&store.state(), static_cast<const VMFuncRef*>(value.ref()));
}

const FuncType& Func::type() const {
  return store_->engine.state().signatures.type(ref_->signatureId);
}

Val Func::toVal() const { return Val::ref(ValType::FuncRef, const_cast<VMFuncRef*>(ref_)); }

Expected<std::vector<Val>, Trap> Func::call(std::span<const Val> args) const {
  const FuncType& type = this->type();
  if (args.size() != type.params.size()) {
    return callError("expected " + std::to_string(type.params.size()) + " arguments, got " +
                     std::to_string(args.size()));
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type() != type.params[i]) {
      return callError("argument " + std::to_string(i) + " is " +
                       std::string(toString(args[i].type())) + ", expected " +
                       std::string(toString(type.params[i])));
    }
  }
  std::vector<Val> results(type.results.size());
  if (runtime::HostFuncRecord* host = runtime::hostFunctionOf(*ref_)) {
    for (size_t i = 0; i < results.size(); ++i) results[i] = runtime::zeroValue(type.results[i]);
    if (std::optional<Trap> trap = runtime::callHostFunction(*host, type, args, results)) {
      return Unexpected<Trap>{std::move(*trap)};
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
  for (size_t i = 0; i < args.size(); ++i) slots[i] = runtime::toRaw(args[i]);
  if (std::optional<Trap> trap = store_->callWasm(*ref_, slots)) {
    return Unexpected<Trap>{std::move(*trap)};
  }
  for (size_t i = 0; i < results.size(); ++i) results[i] = runtime::fromRaw(slots[i], type.results[i]);
  return results;
}

}  // namespace kiln
