#include "vm/instance.h"

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>

#include "types/huge_pages.h"
#include "vm/libcalls.h"

namespace kiln {

namespace {

Unexpected<std::string> failure(std::string message) {
  return Unexpected<std::string>{std::move(message)};
}

}  // namespace

VMInstance::VMInstance(std::shared_ptr<const WasmModule> module, VMContext* vmctx)
    : module_(std::move(module)), offsets_(*module_), vmctx_(vmctx) {}

Expected<std::unique_ptr<VMInstance>, std::string> VMInstance::create(
    std::shared_ptr<const WasmModule> module, const Config& config, MemoryPool* pool,
    SignatureRegistry& signatures, InstanceImports imports, const MemoryImage* image,
    VMResourceLimiter* limiter) {
  const WasmModule& m = *module;
  if (imports.functions.size() != m.importedFunctionCount() ||
      imports.tables.size() != m.importedTableCount() ||
      imports.memories.size() != m.importedMemoryCount() ||
      imports.globals.size() != m.importedGlobalCount() ||
      imports.tags.size() != m.importedTagCount()) {
    return failure("import count mismatch");
  }
  VMOffsets offsets(m);
  // calloc: malloc's blocks are 16-aligned on x86-64, and a big one (pandoc's
  // 620,000 function references: 20 MB) comes zeroed from mmap, unwritten.
  static_assert(alignof(std::max_align_t) >= 16);
  void* block = std::calloc(1, offsets.size());
  if (!block) return failure("out of memory for the VMContext");
  adviseHugePages(block, offsets.size());
  std::unique_ptr<VMInstance> instance(new VMInstance(module, static_cast<VMContext*>(block)));
  VMInstance& self = *instance;

  auto* header = self.at<VMContextHeader>(0);
  header->libcalls = kVMLibCallTable;
  header->instance = &self;

  const std::vector<uint32_t> typeIds = signatures.internTypes(m.types);
  for (uint32_t i = 0; i < m.types.size(); ++i) {
    *self.at<uint32_t>(offsets.signatureId(i)) = typeIds[i];
  }
  for (uint32_t i = 0; i < imports.functions.size(); ++i) {
    *self.at<VMFunctionImport>(offsets.importedFunction(i)) = imports.functions[i];
  }
  for (uint32_t i = 0; i < m.functionCount(); ++i) {
    VMFuncRef* ref = self.funcRef(FuncIndex(i));
    ref->signatureId =
        *self.at<uint32_t>(offsets.signatureId(m.functionTypeIndex(FuncIndex(i)).value));
    if (i < imports.functions.size()) {
      ref->code = imports.functions[i].code;
      ref->vmctx = imports.functions[i].vmctx;
      if (i < imports.functionArrayCalls.size()) ref->arrayCall = imports.functionArrayCalls[i];
    } else {
      ref->vmctx = self.vmctx_;
    }
  }

  for (uint32_t i = 0; i < imports.tables.size(); ++i) {
    VMTable* table = imports.tables[i].get();
    *self.at<VMTableImport>(offsets.importedTable(i)) = {table->definition(), table};
    self.tables_.push_back(std::move(imports.tables[i]));
  }
  for (uint32_t i = 0; i < m.tables.size(); ++i) {
    TableType type = m.tables[i];
    type.element = canonicalType(type.element, typeIds);
    std::shared_ptr<VMTable> table =
        VMTable::create(type, config.maxTableElements, nullptr, limiter);
    if (!table) {
      return failure("table " + std::to_string(self.tables_.size()) +
                     ": minimum over the limit or out of memory");
    }
    table->publishTo(self.at<VMTableDefinition>(offsets.localTable(i)));
    self.tables_.push_back(std::move(table));
  }

  for (uint32_t i = 0; i < imports.memories.size(); ++i) {
    VMMemory* memory = imports.memories[i].get();
    *self.at<VMMemoryImport>(offsets.importedMemory(i)) = {memory->definition(), memory};
    self.memories_.push_back(std::move(imports.memories[i]));
  }
  for (uint32_t i = 0; i < m.memories.size(); ++i) {
    // Only a module with no imported memory has an image, for its memory 0.
    std::shared_ptr<VMMemory> memory =
        VMMemory::create(m.memories[i], config, pool, i == 0 ? image : nullptr, limiter);
    if (!memory) {
      return failure("memory " + std::to_string(self.memories_.size()) +
                     ": minimum over the limit or address space exhausted");
    }
    memory->publishTo(self.at<VMMemoryDefinition>(offsets.localMemory(i)));
    self.memories_.push_back(std::move(memory));
  }

  for (uint32_t i = 0; i < imports.globals.size(); ++i) {
    VMGlobal* global = imports.globals[i].get();
    *self.at<VMGlobalImport>(offsets.importedGlobal(i)) = {global->definition(), global};
    self.globals_.push_back(std::move(imports.globals[i]));
  }
  for (uint32_t i = 0; i < m.globals.size(); ++i) {
    auto* storage = self.at<VMGlobalDefinition>(offsets.localGlobal(i));
    GlobalType type = m.globals[i].type;
    type.type = canonicalType(type.type, typeIds);
    self.globals_.push_back(std::make_shared<VMGlobal>(type, storage));
  }

  self.tags_ = std::move(imports.tags);
  for (const TagType& tag : m.tags) {
    const uint32_t signatureId = *self.at<uint32_t>(offsets.signatureId(tag.typeIndex));
    self.tags_.push_back(
        std::make_shared<VMTag>(VMTag{m.funcType(TypeIndex(tag.typeIndex)), signatureId}));
  }

  self.dataDropped_.assign(m.data.size(), false);
  self.elements_.resize(m.elements.size());
  self.elementDropped_.assign(m.elements.size(), false);
  for (uint32_t i = 0; i < m.elements.size(); ++i) {
    if (m.elements[i].mode == ElementSegment::Mode::Declarative) self.dropElement(ElemIndex(i));
  }
  self.resolveElementSegments();
  return instance;
}

VMInstance::~VMInstance() {
  // Memories and tables shared with importers stop pointing into this
  // VMContext before it is freed. A failed create() leaves only some of them
  // created, so the loops run over those that exist.
  for (size_t i = module_->importedMemoryCount(); i < memories_.size(); ++i) {
    memories_[i]->publishTo(nullptr);
  }
  for (size_t i = module_->importedTableCount(); i < tables_.size(); ++i) {
    tables_[i]->publishTo(nullptr);
  }
  std::free(vmctx_);
}

std::optional<TrapCode> VMInstance::initialize() {
  initializeGlobals();
  const WasmModule& m = *module_;
  // A table declared with an initial value (3.0) holds it before any
  // segment is applied; the value may read globals.
  for (uint32_t i = 0; i < m.tables.size(); ++i) {
    if (!m.tableInits[i]) continue;
    VMTable& local = *tables_[m.importedTableCount() + i];
    std::fill_n(local.elements(), local.size(), evaluate(*m.tableInits[i]).ref);
  }
  // Items may read globals (global.get), so they are evaluated again now
  // that the globals hold their initial values.
  resolveElementSegments();
  // The image holds every active data segment, applied in order and in
  // bounds (MemoryImage::build checked), so mapping it was their whole
  // effect, provided that initialisation reaches them.
  const bool imageMapped = m.importedMemoryCount() == 0 && !memories_.empty() &&
                           memories_[0]->holdsImage();
  for (uint32_t i = 0; i < m.elements.size(); ++i) {
    const ElementSegment& segment = m.elements[i];
    if (segment.mode != ElementSegment::Mode::Active) continue;
    uint32_t length = uint32_t(elements_[i].size());
    VMTable& target = table(segment.table);
    std::optional<TrapCode> trap = initTable(
        *this, target, ElemIndex(i), addressOf(segment.offset, target.type().addressType), 0, length);
    if (trap) {
      // The spec stops before any data segment; funcrefs of this instance
      // that earlier segments put in an imported table can read its memory.
      if (imageMapped) unapplyImage();
      return trap;
    }
    dropElement(ElemIndex(i));
  }
  for (uint32_t i = 0; i < m.data.size(); ++i) {
    const DataSegment& segment = m.data[i];
    if (segment.mode != DataSegment::Mode::Active) continue;
    if (imageMapped) {
      dropData(DataIndex(i));
      continue;
    }
    VMMemory& target = memory(segment.memory);
    std::optional<TrapCode> trap =
        initMemory(*this, target, DataIndex(i), addressOf(segment.offset, target.type().addressType),
                   0, segment.size);
    if (trap) return trap;
    dropData(DataIndex(i));
  }
  return std::nullopt;
}

void VMInstance::unapplyImage() {
  // The image differs from fresh zeroed memory in the active segments' bytes
  // only: zeroing them copies just their pages (copy-on-write), and the rest
  // still reads the image's holes, as zeros.
  uint8_t* base = memories_[0]->base();
  for (const DataSegment& segment : module_->data) {
    if (segment.mode != DataSegment::Mode::Active) continue;
    std::memset(base + addressOf(segment.offset, AddressType::I32), 0, segment.size);
  }
}

uint64_t VMInstance::addressOf(const ConstExpr& offset, AddressType type) const {
  VMGlobalDefinition value = evaluate(offset);
  return type == AddressType::I64 ? uint64_t(value.i64) : uint32_t(value.i32);
}

void VMInstance::initializeGlobals() {
  const WasmModule& m = *module_;
  uint32_t imported = m.importedGlobalCount();
  for (uint32_t i = 0; i < m.globals.size(); ++i) {
    *globals_[imported + i]->definition() = evaluate(m.globals[i].init);
  }
}

std::span<const uint8_t> VMInstance::dataSegment(DataIndex index) const {
  if (dataDropped_[index.value]) return {};
  const DataSegment& segment = module_->data[index.value];
  return {module_->bytes.data() + segment.dataOffset, segment.size};
}

void VMInstance::dropElement(ElemIndex index) {
  elements_[index.value].clear();
  elements_[index.value].shrink_to_fit();
  elementDropped_[index.value] = true;
}

void VMInstance::resolveElementSegments() {
  for (uint32_t i = 0; i < module_->elements.size(); ++i) {
    if (elementDropped_[i]) continue;
    const ElementSegment& segment = module_->elements[i];
    std::vector<void*>& resolved = elements_[i];
    reserveInHugePages(resolved, segment.itemCount());
    resolved.resize(segment.itemCount());
    for (size_t j = 0; j < segment.items.size(); ++j) resolved[j] = evaluate(segment.items[j]).ref;
    for (size_t j = 0; j < segment.functionIndices.size(); ++j) {
      resolved[j] = funcRef(FuncIndex(segment.functionIndices[j]));
    }
  }
}

}  // namespace kiln
