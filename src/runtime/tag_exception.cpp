// Tags and exceptions in the embedding API: host-created tags, and the
// conversions between the VM's exceptions and the host's Exception values.
#include "runtime/runtime_state.h"
#include "runtime/values.h"

namespace kiln {

Tag Tag::create(Store& store, std::vector<ValType> params) {
  runtime::StoreState& state = runtime::Access::state(store);
  FuncType type{std::move(params), {}};
  uint32_t id = runtime::Access::state(state.engine).signatures.intern(type);
  state.tags.push_back(std::make_shared<VMTag>(VMTag{std::move(type), id}));
  return runtime::Access::tag(&state, state.tags.back().get());
}

const FuncType& Tag::type() const { return tag_->type; }

namespace runtime {

Exception exceptionOf(StoreState& store, const VMException& exception) {
  const FuncType& type = exception.tag->type;
  std::vector<Val> payload;
  payload.reserve(type.params.size());
  for (size_t i = 0; i < type.params.size(); ++i) {
    payload.push_back(fromRaw(exception.payload()[i], type.params[i]));
  }
  return Exception(Access::tag(&store, exception.tag), std::move(payload));
}

Expected<VMException*, Error> vmExceptionOf(StoreState& store, const Exception& exception) {
  const FuncType& type = exception.tag().type();
  std::span<const Val> values = exception.payload();
  if (values.size() != type.params.size()) {
    // Appended piece by piece: GCC 12's -Wrestrict misfires on
    // "literal" + std::to_string(...) at -O3.
    std::string message = "exception payload of ";
    message += std::to_string(values.size());
    message += " values for a tag of type ";
    message += toString(type);
    return Unexpected{Error(ErrorKind::Link, std::move(message))};
  }
  std::vector<ValRaw> raw(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].type() != type.params[i]) {
      std::string message = "exception payload value ";
      message += std::to_string(i);
      message += " is a ";
      message += toString(values[i].type());
      message += " where its tag says ";
      message += toString(type.params[i]);
      return Unexpected{Error(ErrorKind::Link, std::move(message))};
    }
    writeRaw(values[i], raw[i]);
  }
  VMException* thrown = store.exceptions.allocate(Access::vmTag(exception.tag()), raw);
  if (!thrown) return Unexpected{Error(ErrorKind::Resource, "out of memory for an exception")};
  // The host may have kept its exnref values: never reused.
  thrown->referenced = true;
  return thrown;
}

}  // namespace runtime

}  // namespace kiln
