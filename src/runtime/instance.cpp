#include "runtime/runtime_state.h"

namespace kiln {

namespace runtime {

std::optional<Extern> InstanceState::getExport(std::string_view name) const {
  auto found = module->exportsByName.find(name);
  if (found == module->exportsByName.end()) return std::nullopt;
  return externFor(module->module->exports[found->second]);
}

std::optional<Extern> InstanceState::externFor(const Export& entry) const {
  switch (entry.kind) {
    case ExternKind::Func: return Access::func(store, vm->funcRef(FuncIndex(entry.index)));
    case ExternKind::Table: return Access::table(store, &vm->table(TableIndex(entry.index)));
    case ExternKind::Memory: return Access::memory(store, &vm->memory(MemoryIndex(entry.index)));
    case ExternKind::Global: return Access::global(store, &vm->global(GlobalIndex(entry.index)));
    case ExternKind::Tag: return Access::tag(store, &vm->tag(entry.index));
  }
  return std::nullopt;
}

}  // namespace runtime

std::optional<Extern> Instance::getExport(std::string_view name) const {
  return state_->getExport(name);
}

std::optional<Func> Instance::getFunc(std::string_view name) const {
  std::optional<Extern> item = getExport(name);
  if (!item || !item->func()) return std::nullopt;
  return *item->func();
}

std::optional<Memory> Instance::getMemory(std::string_view name) const {
  std::optional<Extern> item = getExport(name);
  if (!item || !item->memory()) return std::nullopt;
  return *item->memory();
}

std::optional<Table> Instance::getTable(std::string_view name) const {
  std::optional<Extern> item = getExport(name);
  if (!item || !item->table()) return std::nullopt;
  return *item->table();
}

std::optional<Global> Instance::getGlobal(std::string_view name) const {
  std::optional<Extern> item = getExport(name);
  if (!item || !item->global()) return std::nullopt;
  return *item->global();
}

std::vector<std::pair<std::string, Extern>> Instance::exports() const {
  std::vector<std::pair<std::string, Extern>> result;
  for (const Export& entry : state_->module->module->exports) {
    result.emplace_back(entry.name, *state_->externFor(entry));
  }
  return result;
}

}  // namespace kiln
