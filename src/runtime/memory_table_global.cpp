// The Memory, Table and Global handles.
#include <algorithm>

#include "runtime/runtime_state.h"
#include "runtime/value_types.h"
#include "runtime/values.h"

namespace kiln {

std::optional<Memory> Memory::create(Store& store, const MemoryType& type) {
  runtime::StoreState& state = runtime::Access::state(store);
  if (state.limiter.admit(0, 1, 0)) return std::nullopt;
  std::unique_ptr<VMMemory> memory =
      VMMemory::create(type, runtime::Access::state(state.engine).config,
                       runtime::Access::state(state.engine).memoryPool.get(), nullptr,
                       &state.limiter);
  if (!memory) return std::nullopt;
  state.limiter.count(0, 1, 0);
  VMMemory* raw = memory.get();
  state.memories.push_back(std::move(memory));
  return runtime::Access::memory(&state, raw);
}

const MemoryType& Memory::type() const { return memory_->type(); }
uint64_t Memory::pages() const { return memory_->pages(); }
uint64_t Memory::size() const { return memory_->byteLength(); }
uint8_t* Memory::data() const { return memory_->base(); }
std::optional<uint64_t> Memory::grow(uint64_t delta) const { return memory_->grow(delta); }

std::optional<SharedMemory> SharedMemory::create(const Engine& engine, const MemoryType& type) {
  if (!type.shared || !type.limits.max) return std::nullopt;
  // No pool and no limiter: it belongs to no store.
  std::shared_ptr<VMMemory> memory =
      VMMemory::create(type, runtime::Access::state(engine).config);
  if (!memory) return std::nullopt;
  return SharedMemory(std::move(memory));
}

const MemoryType& SharedMemory::type() const { return memory_->type(); }
uint64_t SharedMemory::pages() const { return memory_->pages(); }
uint64_t SharedMemory::size() const { return memory_->byteLength(); }
uint8_t* SharedMemory::data() const { return memory_->base(); }
std::optional<uint64_t> SharedMemory::grow(uint64_t delta) const { return memory_->grow(delta); }

Memory SharedMemory::in(Store& store) const {
  runtime::StoreState& state = runtime::Access::state(store);
  std::vector<std::shared_ptr<VMMemory>>& held = state.sharedMemories;
  if (std::find(held.begin(), held.end(), memory_) == held.end()) held.push_back(memory_);
  return runtime::Access::memory(&state, memory_.get());
}

namespace {

const SignatureRegistry& signaturesOf(const runtime::StoreState& store) {
  return runtime::Access::state(store.engine).signatures;
}

}  // namespace

std::optional<Table> Table::create(Store& store, const TableType& type, const Val& init) {
  runtime::StoreState& state = runtime::Access::state(store);
  if (!runtime::fitsType(signaturesOf(state), init, type.element)) return std::nullopt;
  if (state.limiter.admit(0, 0, 1)) return std::nullopt;
  std::unique_ptr<VMTable> table =
      VMTable::create(type, runtime::Access::state(state.engine).config.maxTableElements,
                      init.ref(), &state.limiter);
  if (!table) return std::nullopt;
  state.limiter.count(0, 0, 1);
  VMTable* raw = table.get();
  state.tables.push_back(std::move(table));
  return runtime::Access::table(&state, raw);
}

const TableType& Table::type() const { return table_->type(); }
uint64_t Table::size() const { return table_->size(); }

std::optional<Val> Table::get(uint64_t index) const {
  if (index >= table_->size()) return std::nullopt;
  return Val::ref(runtime::valTypeOf(table_->type().element), table_->elements()[index]);
}

bool Table::set(uint64_t index, const Val& value) const {
  if (index >= table_->size() ||
      !runtime::fitsType(signaturesOf(*store_), value, table_->type().element)) {
    return false;
  }
  table_->elements()[index] = value.ref();
  return true;
}

std::optional<uint64_t> Table::grow(uint64_t delta, const Val& init) const {
  if (!runtime::fitsType(signaturesOf(*store_), init, table_->type().element)) return std::nullopt;
  return table_->grow(delta, init.ref());
}

std::optional<Global> Global::create(Store& store, const GlobalType& type, const Val& value) {
  runtime::StoreState& state = runtime::Access::state(store);
  if (!runtime::fitsType(signaturesOf(state), value, type.type)) return std::nullopt;
  auto global = std::make_unique<VMGlobal>(type);
  runtime::toGlobal(value, *global->definition());
  VMGlobal* raw = global.get();
  state.globals.push_back(std::move(global));
  return runtime::Access::global(&state, raw);
}

const GlobalType& Global::type() const { return global_->type(); }

Val Global::get() const { return runtime::fromGlobal(*global_->definition(), global_->type().type); }

bool Global::set(const Val& value) const {
  if (!global_->type().isMutable ||
      !runtime::fitsType(signaturesOf(*store_), value, global_->type().type)) {
    return false;
  }
  runtime::toGlobal(value, *global_->definition());
  return true;
}

}  // namespace kiln
