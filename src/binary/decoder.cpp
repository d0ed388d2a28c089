#include "binary/decoder.h"

#include <cstring>
#include <new>
#include <stdexcept>

#include "binary/binary_reader.h"
#include "binary/instruction_reader.h"
#include "binary/name_section.h"

namespace kiln {
namespace {

enum SectionId : uint8_t {
  kCustomSection = 0,
  kTypeSection = 1,
  kImportSection = 2,
  kFunctionSection = 3,
  kTableSection = 4,
  kMemorySection = 5,
  kGlobalSection = 6,
  kExportSection = 7,
  kStartSection = 8,
  kElementSection = 9,
  kCodeSection = 10,
  kDataSection = 11,
  kDataCountSection = 12,
};

constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};
constexpr uint8_t kVersion[4] = {0x01, 0x00, 0x00, 0x00};
constexpr uint8_t kFuncTypeForm = 0x60;

// Rank of each non-custom section in the required order. The data count
// section (12) sits between the element (9) and code (10) sections.
int sectionRank(uint8_t id) {
  switch (id) {
    case kDataCountSection:
      return kElementSection + 1;
    case kCodeSection:
    case kDataSection:
      return id + 1;
    default:
      return id;
  }
}

// Reserves room for `count` elements only when the count is plausible: every
// entry takes at least one byte, so an untrusted count larger than the bytes
// left cannot be honest and must not drive an allocation. Decoding such a
// vector fails when the bytes run out.
template <class T>
void reserveFor(std::vector<T>& items, uint32_t count, const BinaryReader& reader) {
  if (count <= reader.remaining()) items.reserve(count);
}

// Decodes one module; each section is read through its own bounded reader so
// that running past a section's declared size is an error.
class ModuleDecoder {
 public:
  explicit ModuleDecoder(WasmModule& module) : module_(module), bytes_(module.bytes) {}

  void decode();

 private:
  void readHeader(BinaryReader& reader);
  void readSection(BinaryReader& reader);
  void checkOrder(uint8_t id, size_t offset);
  void finish(size_t endOffset);

  void readCustomSection(BinaryReader& reader, SectionInfo& info);
  void readTypeSection(BinaryReader& reader);
  void readImportSection(BinaryReader& reader);
  void readFunctionSection(BinaryReader& reader);
  void readTableSection(BinaryReader& reader);
  void readMemorySection(BinaryReader& reader);
  void readGlobalSection(BinaryReader& reader);
  void readExportSection(BinaryReader& reader);
  void readStartSection(BinaryReader& reader);
  void readElementSection(BinaryReader& reader);
  void readCodeSection(BinaryReader& reader, size_t sectionOffset);
  void readDataSection(BinaryReader& reader, size_t sectionOffset);
  void readDataCountSection(BinaryReader& reader);

  void readFunctionBody(BinaryReader& reader, FunctionDefinition& function);
  ElementSegment readElementSegment(BinaryReader& reader);
  DataSegment readDataSegment(BinaryReader& reader);
  void readValTypes(BinaryReader& reader, std::vector<ValType>& types);
  Limits readLimits(BinaryReader& reader);
  TableType readTableType(BinaryReader& reader);
  GlobalType readGlobalType(BinaryReader& reader);
  ConstExpr readConstExpr(BinaryReader& reader);

  WasmModule& module_;
  std::span<const uint8_t> bytes_;
  int lastRank_ = 0;
  bool sawCodeSection_ = false;
  bool sawDataSection_ = false;
};

void ModuleDecoder::decode() {
  BinaryReader reader(bytes_, 0, bytes_.size(), /*endIsSection=*/false);
  readHeader(reader);
  while (!reader.atEnd()) readSection(reader);
  finish(reader.offset());
}

void ModuleDecoder::readHeader(BinaryReader& reader) {
  const size_t magicAt = reader.skipBytes(sizeof kMagic);
  if (std::memcmp(reader.pointerAt(magicAt), kMagic, sizeof kMagic) != 0) {
    BinaryReader::fail(magicAt, "magic header not detected");
  }
  const size_t versionAt = reader.skipBytes(sizeof kVersion);
  if (std::memcmp(reader.pointerAt(versionAt), kVersion, sizeof kVersion) != 0) {
    BinaryReader::fail(versionAt, "unknown binary version");
  }
}

void ModuleDecoder::checkOrder(uint8_t id, size_t offset) {
  if (id == kCustomSection) return;
  if (id > kDataCountSection) BinaryReader::fail(offset, "malformed section id");
  const int rank = sectionRank(id);
  // A repeated or out-of-order section: the spec's reference interpreter
  // reads sections in order, so whatever comes too late is left over.
  if (rank <= lastRank_) BinaryReader::fail(offset, "unexpected content after last section");
  lastRank_ = rank;
}

void ModuleDecoder::readSection(BinaryReader& reader) {
  const size_t sectionOffset = reader.offset();
  const uint8_t id = reader.readByte();
  checkOrder(id, sectionOffset);
  const uint32_t size = reader.readU32();
  const size_t payloadOffset = reader.offset();
  if (size > reader.remaining()) BinaryReader::fail(payloadOffset, "length out of bounds");
  reader.skipBytes(size);

  SectionInfo info;
  info.id = id;
  info.offset = sectionOffset;
  info.payloadOffset = payloadOffset;
  info.payloadSize = size;

  BinaryReader section(bytes_, payloadOffset, payloadOffset + size, /*endIsSection=*/true);
  switch (id) {
    case kCustomSection: readCustomSection(section, info); break;
    case kTypeSection: readTypeSection(section); break;
    case kImportSection: readImportSection(section); break;
    case kFunctionSection: readFunctionSection(section); break;
    case kTableSection: readTableSection(section); break;
    case kMemorySection: readMemorySection(section); break;
    case kGlobalSection: readGlobalSection(section); break;
    case kExportSection: readExportSection(section); break;
    case kStartSection: readStartSection(section); break;
    case kElementSection: readElementSection(section); break;
    case kCodeSection: readCodeSection(section, sectionOffset); break;
    case kDataSection: readDataSection(section, sectionOffset); break;
    case kDataCountSection: readDataCountSection(section); break;
  }
  if (!section.atEnd()) BinaryReader::fail(section.offset(), "section size mismatch");
  module_.sections.push_back(std::move(info));
}

// Cross-section rules that can only be checked once every section is seen.
void ModuleDecoder::finish(size_t endOffset) {
  if (!sawCodeSection_ && !module_.functions.empty()) {
    BinaryReader::fail(endOffset, "function and code section have inconsistent lengths");
  }
  if (!sawDataSection_ && module_.dataCount && *module_.dataCount != 0) {
    BinaryReader::fail(endOffset, "data count and data section have inconsistent lengths");
  }
}

void ModuleDecoder::readCustomSection(BinaryReader& reader, SectionInfo& info) {
  CustomSection custom;
  // The name must lie inside the section: a section too short to hold it is
  // cut off, whatever follows it.
  if (reader.atEnd()) reader.failUnexpectedEnd();
  custom.name = reader.readName();
  custom.payloadOffset = reader.offset();
  custom.payloadSize = reader.remaining();
  reader.skipBytes(custom.payloadSize);
  if (custom.name == "name") {
    // A malformed name section is ignored: custom sections never make a
    // module malformed beyond their own name.
    if (auto names = decodeNameSection(bytes_, custom.payloadOffset,
                                       custom.payloadOffset + custom.payloadSize)) {
      module_.names = std::move(*names);
    }
  }
  info.customName = custom.name;
  module_.customSections.push_back(std::move(custom));
}

void ModuleDecoder::readValTypes(BinaryReader& reader, std::vector<ValType>& types) {
  const uint32_t count = reader.readU32();
  reserveFor(types, count, reader);
  for (uint32_t i = 0; i < count; ++i) types.push_back(reader.readValType());
}

void ModuleDecoder::readTypeSection(BinaryReader& reader) {
  const uint32_t count = reader.readU32();
  reserveFor(module_.types, count, reader);
  for (uint32_t i = 0; i < count; ++i) {
    // The form is a one-byte signed LEB128 in the spec's grammar.
    const size_t at = reader.offset();
    const uint8_t form = reader.readByte();
    if (form & 0x80) BinaryReader::fail(at, "integer representation too long");
    if (form != kFuncTypeForm) BinaryReader::fail(at, "malformed function type");
    FuncType& type = module_.types.emplace_back();
    readValTypes(reader, type.params);
    readValTypes(reader, type.results);
  }
}

// Limits flags are a one-bit LEB128 in the spec's grammar, hence its messages
// for a set continuation bit or a value above 1.
Limits ModuleDecoder::readLimits(BinaryReader& reader) {
  const size_t at = reader.offset();
  const uint8_t flags = reader.readByte();
  if (flags & 0x80) BinaryReader::fail(at, "integer representation too long");
  if (flags > 1) BinaryReader::fail(at, "integer too large");
  Limits limits;
  limits.min = reader.readU32();
  if (flags == 1) limits.max = reader.readU32();
  return limits;
}

TableType ModuleDecoder::readTableType(BinaryReader& reader) {
  TableType type;
  type.element = reader.readRefType();
  type.limits = readLimits(reader);
  return type;
}

GlobalType ModuleDecoder::readGlobalType(BinaryReader& reader) {
  GlobalType type;
  type.type = reader.readValType();
  const size_t at = reader.offset();
  const uint8_t mutability = reader.readByte();
  if (mutability > 1) BinaryReader::fail(at, "malformed mutability");
  type.isMutable = mutability == 1;
  return type;
}

void ModuleDecoder::readImportSection(BinaryReader& reader) {
  const uint32_t count = reader.readU32();
  reserveFor(module_.imports, count, reader);
  for (uint32_t i = 0; i < count; ++i) {
    Import import;
    import.offset = reader.offset();
    import.module = reader.readName();
    import.name = reader.readName();
    const size_t kindAt = reader.offset();
    const uint8_t kind = reader.readByte();
    switch (kind) {
      case uint8_t(ExternKind::Func):
        import.funcType = TypeIndex(reader.readU32());
        break;
      case uint8_t(ExternKind::Table):
        import.table = readTableType(reader);
        break;
      case uint8_t(ExternKind::Memory):
        import.memory.limits = readLimits(reader);
        break;
      case uint8_t(ExternKind::Global):
        import.global = readGlobalType(reader);
        break;
      default:
        BinaryReader::fail(kindAt, "malformed import kind");
    }
    import.kind = ExternKind(kind);
    module_.importsByKind[kind].push_back(uint32_t(module_.imports.size()));
    module_.imports.push_back(std::move(import));
  }
}

void ModuleDecoder::readFunctionSection(BinaryReader& reader) {
  const uint32_t count = reader.readU32();
  reserveFor(module_.functions, count, reader);
  for (uint32_t i = 0; i < count; ++i) {
    module_.functions.emplace_back().type = TypeIndex(reader.readU32());
  }
}

void ModuleDecoder::readTableSection(BinaryReader& reader) {
  const uint32_t count = reader.readU32();
  reserveFor(module_.tables, count, reader);
  for (uint32_t i = 0; i < count; ++i) module_.tables.push_back(readTableType(reader));
}

void ModuleDecoder::readMemorySection(BinaryReader& reader) {
  const uint32_t count = reader.readU32();
  reserveFor(module_.memories, count, reader);
  for (uint32_t i = 0; i < count; ++i) {
    module_.memories.push_back(MemoryType{readLimits(reader)});
  }
}

void ModuleDecoder::readGlobalSection(BinaryReader& reader) {
  const uint32_t count = reader.readU32();
  reserveFor(module_.globals, count, reader);
  for (uint32_t i = 0; i < count; ++i) {
    GlobalDefinition global;
    global.type = readGlobalType(reader);
    global.init = readConstExpr(reader);
    module_.globals.push_back(global);
  }
}

void ModuleDecoder::readExportSection(BinaryReader& reader) {
  const uint32_t count = reader.readU32();
  reserveFor(module_.exports, count, reader);
  for (uint32_t i = 0; i < count; ++i) {
    Export exported;
    exported.offset = reader.offset();
    exported.name = reader.readName();
    const size_t kindAt = reader.offset();
    const uint8_t kind = reader.readByte();
    if (kind > uint8_t(ExternKind::Global)) BinaryReader::fail(kindAt, "malformed export kind");
    exported.kind = ExternKind(kind);
    exported.index = reader.readU32();
    module_.exports.push_back(std::move(exported));
  }
}

void ModuleDecoder::readStartSection(BinaryReader& reader) {
  module_.start = FuncIndex(reader.readU32());
}

// Reads instructions up to the `end` that closes the expression and records
// what the first instruction says. The validator re-reads the byte range to
// check that the expression is constant and well-typed.
ConstExpr ModuleDecoder::readConstExpr(BinaryReader& reader) {
  ConstExpr expr;
  expr.offset = reader.offset();
  InstructionReader instructions(bytes_, reader.offset(), reader.end());
  uint32_t depth = 0;
  bool first = true;
  for (;;) {
    const Instruction& instr = instructions.next();
    if (first) {
      first = false;
      switch (instr.opcode) {
        case Opcode::I32Const:
          expr.kind = ConstExpr::Kind::I32Const;
          expr.bits = uint32_t(instr.value);
          break;
        case Opcode::I64Const:
          expr.kind = ConstExpr::Kind::I64Const;
          expr.bits = instr.value;
          break;
        case Opcode::F32Const:
          expr.kind = ConstExpr::Kind::F32Const;
          expr.bits = instr.value;
          break;
        case Opcode::F64Const:
          expr.kind = ConstExpr::Kind::F64Const;
          expr.bits = instr.value;
          break;
        case Opcode::V128Const:
          expr.kind = ConstExpr::Kind::V128Const;
          std::memcpy(&expr.bits, instr.bytes.data(), 8);
          std::memcpy(&expr.bitsHigh, instr.bytes.data() + 8, 8);
          break;
        case Opcode::RefNull:
          expr.kind = ConstExpr::Kind::RefNull;
          expr.refType = instr.type;
          break;
        case Opcode::RefFunc:
          expr.kind = ConstExpr::Kind::RefFunc;
          expr.index = instr.index;
          break;
        case Opcode::GlobalGet:
          expr.kind = ConstExpr::Kind::GlobalGet;
          expr.index = instr.index;
          break;
        default:
          break;  // not constant: the validator rejects it
      }
    }
    if (instr.opcode == Opcode::Block || instr.opcode == Opcode::Loop ||
        instr.opcode == Opcode::If) {
      ++depth;
    } else if (instr.opcode == Opcode::End) {
      if (depth == 0) break;
      --depth;
    }
  }
  expr.endOffset = instructions.offset();
  reader.skipBytes(expr.endOffset - expr.offset);
  return expr;
}

void ModuleDecoder::readElementSection(BinaryReader& reader) {
  const uint32_t count = reader.readU32();
  reserveFor(module_.elements, count, reader);
  for (uint32_t i = 0; i < count; ++i) module_.elements.push_back(readElementSegment(reader));
}

// The eight encodings, by flag bits: bit 0 = passive or declarative (bit 1
// then picks declarative), otherwise active with bit 1 = explicit table index;
// bit 2 = items are expressions rather than function indices.
ElementSegment ModuleDecoder::readElementSegment(BinaryReader& reader) {
  ElementSegment segment;
  segment.position = reader.offset();
  const uint32_t flags = reader.readU32();
  if (flags > 7) BinaryReader::fail(segment.position, "malformed elements segment kind");
  const bool notActive = flags & 1;
  const bool explicitTableOrDeclarative = flags & 2;
  const bool usesExpressions = flags & 4;

  if (notActive) {
    segment.mode = explicitTableOrDeclarative ? ElementSegment::Mode::Declarative
                                              : ElementSegment::Mode::Passive;
  } else {
    segment.mode = ElementSegment::Mode::Active;
    if (explicitTableOrDeclarative) segment.table = TableIndex(reader.readU32());
    segment.offset = readConstExpr(reader);
  }
  // Flags 0 and 4 imply funcref; the others spell out the element kind or type.
  const bool hasType = notActive || explicitTableOrDeclarative;
  if (usesExpressions) {
    if (hasType) segment.type = reader.readRefType();
  } else if (hasType) {
    const size_t at = reader.offset();
    if (reader.readByte() != 0x00) BinaryReader::fail(at, "malformed element kind");
  }

  const uint32_t itemCount = reader.readU32();
  reserveFor(segment.items, itemCount, reader);
  segment.itemsAreFunctionIndices = !usesExpressions;
  for (uint32_t i = 0; i < itemCount; ++i) {
    if (usesExpressions) {
      segment.items.push_back(readConstExpr(reader));
    } else {
      ConstExpr item;
      item.kind = ConstExpr::Kind::RefFunc;
      item.offset = reader.offset();
      item.index = reader.readU32();
      item.endOffset = reader.offset();
      segment.items.push_back(item);
    }
  }
  return segment;
}

void ModuleDecoder::readCodeSection(BinaryReader& reader, size_t sectionOffset) {
  sawCodeSection_ = true;
  const uint32_t count = reader.readU32();
  if (count != module_.functions.size()) {
    BinaryReader::fail(sectionOffset, "function and code section have inconsistent lengths");
  }
  for (FunctionDefinition& function : module_.functions) readFunctionBody(reader, function);
}

void ModuleDecoder::readFunctionBody(BinaryReader& reader, FunctionDefinition& function) {
  function.bodyOffset = reader.offset();
  const uint32_t size = reader.readU32();
  const size_t begin = reader.offset();
  if (size > reader.remaining()) BinaryReader::fail(begin, "length out of bounds");
  reader.skipBytes(size);

  BinaryReader body(bytes_, begin, begin + size, /*endIsSection=*/true);
  const uint32_t runCount = body.readU32();
  reserveFor(function.localRuns, runCount, body);
  uint64_t total = 0;
  for (uint32_t i = 0; i < runCount; ++i) {
    const size_t at = body.offset();
    LocalRun run;
    run.count = body.readU32();
    total += run.count;
    if (total > UINT32_MAX) BinaryReader::fail(at, "too many locals");
    if (total > kMaxFunctionLocals) {
      BinaryReader::fail(at, "too many locals: " + std::to_string(total) +
                                 " declared, over Kiln's limit of " +
                                 std::to_string(kMaxFunctionLocals));
    }
    run.type = body.readValType();
    function.localRuns.push_back(run);
  }
  function.localCount = uint32_t(total);
  function.codeOffset = body.offset();
  function.codeEnd = body.end();
}

void ModuleDecoder::readDataSection(BinaryReader& reader, size_t sectionOffset) {
  sawDataSection_ = true;
  const uint32_t count = reader.readU32();
  if (module_.dataCount && *module_.dataCount != count) {
    BinaryReader::fail(sectionOffset, "data count and data section have inconsistent lengths");
  }
  reserveFor(module_.data, count, reader);
  for (uint32_t i = 0; i < count; ++i) module_.data.push_back(readDataSegment(reader));
}

DataSegment ModuleDecoder::readDataSegment(BinaryReader& reader) {
  DataSegment segment;
  segment.position = reader.offset();
  const uint32_t flags = reader.readU32();
  switch (flags) {
    case 0:
      segment.offset = readConstExpr(reader);
      break;
    case 1:
      segment.mode = DataSegment::Mode::Passive;
      break;
    case 2:
      segment.memory = MemoryIndex(reader.readU32());
      segment.offset = readConstExpr(reader);
      break;
    default:
      BinaryReader::fail(segment.position, "malformed data segment kind");
  }
  segment.size = reader.readU32();
  segment.dataOffset = reader.skipBytes(segment.size);
  return segment;
}

void ModuleDecoder::readDataCountSection(BinaryReader& reader) {
  module_.dataCount = reader.readU32();
}

}  // namespace

Expected<WasmModule, ModuleError> decodeModule(std::vector<uint8_t> bytes) {
  WasmModule module;
  module.bytes = std::move(bytes);
  try {
    ModuleDecoder(module).decode();
  } catch (const DecodeFailure& failure) {
    return Unexpected{ModuleError{ModuleErrorKind::Malformed, failure.offset, std::nullopt,
                                  failure.message}};
  } catch (const std::bad_alloc&) {
    return Unexpected{ModuleError{ModuleErrorKind::Malformed, 0, std::nullopt, "out of memory"}};
  } catch (const std::length_error&) {
    return Unexpected{ModuleError{ModuleErrorKind::Malformed, 0, std::nullopt, "out of memory"}};
  }
  return module;
}

}  // namespace kiln
