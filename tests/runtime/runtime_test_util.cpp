#include "runtime_test_util.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "kiln/wat.h"

namespace kiln::test {

Module compileWat(const Engine& engine, std::string_view wat) {
  auto bytes = watToBinary(wat);
  if (!bytes) {
    ADD_FAILURE() << bytes.error().toString();
    std::abort();
  }
  auto module = Module::fromBytes(engine, std::move(*bytes));
  if (!module) {
    ADD_FAILURE() << module.error().toString();
    std::abort();
  }
  return std::move(*module);
}

Instance instantiateOrFail(const Linker& linker, Store& store, const Module& module) {
  auto instance = linker.instantiate(store, module);
  if (!instance) {
    ADD_FAILURE() << instance.error().toString();
    std::abort();
  }
  return *instance;
}

Error instantiationError(const Linker& linker, Store& store, const Module& module) {
  auto instance = linker.instantiate(store, module);
  if (instance) {
    ADD_FAILURE() << "instantiation succeeded";
    return {};
  }
  return instance.error();
}

}  // namespace kiln::test
