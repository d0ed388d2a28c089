#include "module_builder.h"

namespace kiln::test {

namespace {

void append(Bytes& out, const Bytes& bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }

Bytes name(const std::string& text) {
  Bytes out = uleb(text.size());
  out.insert(out.end(), text.begin(), text.end());
  return out;
}

Bytes limits(uint32_t min, std::optional<uint32_t> max) {
  Bytes out{uint8_t(max ? 1 : 0)};
  append(out, uleb(min));
  if (max) append(out, uleb(*max));
  return out;
}

Bytes vec(const std::vector<Bytes>& items) {
  Bytes out = uleb(items.size());
  for (const Bytes& item : items) append(out, item);
  return out;
}

void section(Bytes& out, uint8_t id, const Bytes& payload) {
  out.push_back(id);
  append(out, uleb(payload.size()));
  append(out, payload);
}

}  // namespace

Bytes uleb(uint64_t value) {
  Bytes out;
  do {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(byte);
  } while (value != 0);
  return out;
}

Bytes sleb(int64_t value) {
  Bytes out;
  for (;;) {
    const uint8_t byte = value & 0x7F;
    value >>= 7;
    const bool done = (value == 0 && !(byte & 0x40)) || (value == -1 && (byte & 0x40));
    out.push_back(done ? byte : uint8_t(byte | 0x80));
    if (done) return out;
  }
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) append(out, part);
  return out;
}

Bytes i32ConstExpr(int32_t value) { return cat({{0x41}, sleb(value), {0x0B}}); }

Bytes heapType(HeapType type) {
  if (type.isIndex()) return sleb(type.index());
  return {uint8_t(type.code())};
}

Bytes valType(ValType type) {
  if (!type.isRef()) return {uint8_t(type.kind())};
  const HeapType heap = type.heapType();
  if (type.isNullable() && heap.isAbstract()) return {uint8_t(heap.code())};
  return cat({{uint8_t(type.isNullable() ? 0x63 : 0x64)}, heapType(heap)});
}

Bytes funcType(std::vector<ValType> params, std::vector<ValType> results) {
  Bytes type{0x60};
  append(type, uleb(params.size()));
  for (ValType param : params) append(type, valType(param));
  append(type, uleb(results.size()));
  for (ValType result : results) append(type, valType(result));
  return type;
}

Bytes field(Bytes storage, bool isMutable) { return cat({storage, {uint8_t(isMutable ? 1 : 0)}}); }

Bytes structType(std::vector<Bytes> fields) { return cat({{0x5F}, vec(fields)}); }

Bytes arrayType(Bytes field) { return cat({{0x5E}, field}); }

Bytes subType(std::vector<uint32_t> supertypes, bool isFinal, Bytes composite) {
  Bytes out{uint8_t(isFinal ? 0x4F : 0x50)};
  append(out, uleb(supertypes.size()));
  for (uint32_t super : supertypes) append(out, uleb(super));
  append(out, composite);
  return out;
}

uint32_t ModuleBuilder::addType(std::vector<ValType> params, std::vector<ValType> results) {
  return addRecGroup({funcType(std::move(params), std::move(results))});
}

uint32_t ModuleBuilder::addRecGroup(std::vector<Bytes> subtypes, bool explicitRec) {
  const uint32_t first = typeCount_;
  typeCount_ += uint32_t(subtypes.size());
  if (subtypes.size() == 1 && !explicitRec) {
    types_.push_back(subtypes[0]);
  } else {
    types_.push_back(cat({{0x4E}, vec(subtypes)}));
  }
  return first;
}

uint32_t ModuleBuilder::importTable(ValType element, uint32_t min) {
  std::string field = "t";
  field += std::to_string(imports_.size());
  imports_.push_back(cat({name("env"), name(field), {0x01}, valType(element), limits(min, {})}));
  return 0;
}

uint32_t ModuleBuilder::importMemory(Bytes memoryLimits) {
  std::string field = "m";
  field += std::to_string(imports_.size());
  imports_.push_back(cat({name("env"), name(field), {0x02}, memoryLimits}));
  return 0;
}

uint32_t ModuleBuilder::importTag(uint32_t type) {
  std::string field = "e";
  field += std::to_string(imports_.size());
  imports_.push_back(cat({name("env"), name(field), {0x04, 0x00}, uleb(type)}));
  return importedTags_++;
}

void ModuleBuilder::addTableWithInit(ValType element, uint32_t min, Bytes init) {
  tables_.push_back(cat({{0x40, 0x00}, valType(element), limits(min, {}), init}));
}

void ModuleBuilder::addTableWithLimits(ValType element, Bytes tableLimits) {
  tables_.push_back(cat({valType(element), tableLimits}));
}

void ModuleBuilder::addMemoryWithLimits(Bytes memoryLimits) { memories_.push_back(memoryLimits); }

uint32_t ModuleBuilder::addTag(uint32_t type) {
  tags_.push_back(cat({{0x00}, uleb(type)}));
  return importedTags_ + uint32_t(tags_.size() - 1);
}

uint32_t ModuleBuilder::importFunction(uint32_t type) {
  // Appending (not "f" + ...) sidesteps a g++ 12 -O3 false -Wrestrict.
  std::string field = "f";
  field += std::to_string(imports_.size());
  imports_.push_back(cat({name("env"), name(field), {0x00}, uleb(type)}));
  return importedFunctions_++;
}

uint32_t ModuleBuilder::importGlobal(ValType type, bool isMutable) {
  std::string field = "g";
  field += std::to_string(imports_.size());
  imports_.push_back(
      cat({name("env"), name(field), {0x03}, valType(type), {uint8_t(isMutable ? 1 : 0)}}));
  return importedGlobals_++;
}

uint32_t ModuleBuilder::addFunction(uint32_t type, Bytes code,
                                    std::vector<std::pair<uint32_t, ValType>> locals) {
  functionTypes_.push_back(type);
  Bytes body = uleb(locals.size());
  for (const auto& [count, localType] : locals) {
    append(body, uleb(count));
    append(body, valType(localType));
  }
  append(body, code);
  bodies_.push_back(cat({uleb(body.size()), body}));
  return importedFunctions_ + uint32_t(functionTypes_.size() - 1);
}

void ModuleBuilder::addTable(ValType element, uint32_t min, std::optional<uint32_t> max) {
  tables_.push_back(cat({valType(element), limits(min, max)}));
}

void ModuleBuilder::addMemory(uint32_t min, std::optional<uint32_t> max) {
  memories_.push_back(limits(min, max));
}

void ModuleBuilder::addGlobal(ValType type, bool isMutable, Bytes init) {
  globals_.push_back(cat({valType(type), {uint8_t(isMutable ? 1 : 0)}, init}));
}

void ModuleBuilder::addExport(const std::string& exportName, ExternKind kind, uint32_t index) {
  exports_.push_back(cat({name(exportName), {uint8_t(kind)}, uleb(index)}));
}

void ModuleBuilder::declareFunctions(const std::vector<uint32_t>& functions) {
  Bytes segment{0x03, 0x00};  // declarative, elemkind funcref
  append(segment, uleb(functions.size()));
  for (uint32_t function : functions) append(segment, uleb(function));
  elements_.push_back(segment);
}

void ModuleBuilder::addActiveElements(const std::vector<uint32_t>& functions) {
  Bytes segment = cat({{0x00}, i32ConstExpr(0)});
  append(segment, uleb(functions.size()));
  for (uint32_t function : functions) append(segment, uleb(function));
  elements_.push_back(segment);
}

Bytes ModuleBuilder::build() const {
  Bytes out{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  if (!types_.empty()) section(out, 1, vec(types_));
  if (!imports_.empty()) section(out, 2, vec(imports_));
  if (!functionTypes_.empty()) {
    std::vector<Bytes> indices;
    for (uint32_t type : functionTypes_) indices.push_back(uleb(type));
    section(out, 3, vec(indices));
  }
  if (!tables_.empty()) section(out, 4, vec(tables_));
  if (!memories_.empty()) section(out, 5, vec(memories_));
  if (!tags_.empty()) section(out, 13, vec(tags_));
  if (!globals_.empty()) section(out, 6, vec(globals_));
  if (!exports_.empty()) section(out, 7, vec(exports_));
  if (start_) section(out, 8, uleb(*start_));
  if (!elements_.empty()) section(out, 9, vec(elements_));
  if (dataCount_) section(out, 12, uleb(*dataCount_));
  if (!bodies_.empty()) section(out, 10, vec(bodies_));
  if (dataCount_) {
    std::vector<Bytes> segments(*dataCount_, Bytes{0x01, 0x00});  // passive, empty
    section(out, 11, vec(segments));
  }
  return out;
}

}  // namespace kiln::test
