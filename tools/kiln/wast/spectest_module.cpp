#include "wast/spectest_module.h"

#include <optional>
#include <string>
#include <vector>

namespace kiln {

bool defineSpectest(Linker& linker, Store& store) {
  const std::string kModule = "spectest";
  using T = ValType;
  const std::pair<const char*, std::vector<ValType>> printers[] = {
      {"print", {}},
      {"print_i32", {T::I32}},
      {"print_i64", {T::I64}},
      {"print_f32", {T::F32}},
      {"print_f64", {T::F64}},
      {"print_i32_f32", {T::I32, T::F32}},
      {"print_f64_f64", {T::F64, T::F64}},
  };
  for (const auto& [name, params] : printers) {
    linker.defineFunc(store, kModule, name, FuncType{params, {}},
                      [](Caller&, std::span<const Val>, std::span<Val>) -> std::optional<Trap> {
                        return std::nullopt;
                      });
  }

  const std::pair<const char*, Val> globals[] = {
      {"global_i32", Val::i32(666)},
      {"global_i64", Val::i64(666)},
      {"global_f32", Val::f32(666.6f)},
      {"global_f64", Val::f64(666.6)},
  };
  for (const auto& [name, value] : globals) {
    auto global = Global::create(store, GlobalType{value.type(), false}, value);
    if (!global) return false;
    linker.define(kModule, name, *global);
  }

  auto table = Table::create(store, TableType{ValType::FuncRef, Limits{10, 20}},
                             Val::nullRef(ValType::FuncRef));
  // The reference interpreter's spectest has a table64 twin of `table`.
  auto table64 = Table::create(store, TableType{ValType::FuncRef, Limits{10, 20}, AddressType::I64},
                               Val::nullRef(ValType::FuncRef));
  auto memory = Memory::create(store, MemoryType{Limits{1, 2}});
  // The threads proposal's spectest adds a shared twin of `memory`.
  auto sharedMemory = Memory::create(store, MemoryType{Limits{1, 2}, AddressType::I32, true});
  if (!table || !table64 || !memory || !sharedMemory) return false;
  linker.define(kModule, "table", *table);
  linker.define(kModule, "table64", *table64);
  linker.define(kModule, "memory", *memory);
  linker.define(kModule, "shared_memory", *sharedMemory);
  return true;
}

}  // namespace kiln
