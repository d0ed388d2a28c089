#include "binary/decoder.h"

#include <cstring>
#include <new>
#include <stdexcept>

#include "binary/binary_reader.h"
#include "binary/instruction_reader.h"
#include "binary/name_section.h"
#include "binary/section_id.h"
#include "types/huge_pages.h"

namespace kiln {
namespace {

constexpr uint8_t kVersion[4] = {0x01, 0x00, 0x00, 0x00};

// Type section encodings (binary format, "Types").
constexpr uint8_t kRecGroupForm = 0x4E;
constexpr uint8_t kSubForm = 0x50;
constexpr uint8_t kSubFinalForm = 0x4F;
constexpr uint8_t kArrayForm = 0x5E;
constexpr uint8_t kStructForm = 0x5F;
constexpr uint8_t kFuncForm = 0x60;
constexpr uint8_t kDescriptorForm = 0x4D;  // custom descriptors
constexpr uint8_t kDescribesForm = 0x4C;   // custom descriptors
constexpr uint8_t kContForm = 0x5D;        // stack switching
constexpr uint8_t kPackedI8 = 0x78;
constexpr uint8_t kPackedI16 = 0x77;

// Import kind of an exact function import (custom descriptors).
constexpr uint8_t kExactFuncImport = 0x20;

// Table section: a table with an initialiser starts with these two bytes.
constexpr uint8_t kTableWithInit[2] = {0x40, 0x00};

// Limits flags: bit 0 = has maximum, bit 1 = shared (threads), bit 2 = i64
// addresses (memory64 / table64), bit 3 = custom page size (unsupported).
constexpr uint8_t kLimitsHasMax = 0x01;
constexpr uint8_t kLimitsShared = 0x02;
constexpr uint8_t kLimitsI64 = 0x04;
constexpr uint8_t kLimitsPageSize = 0x08;

// No module may define more types: the limit of other engines (V8,
// wasmtime), well inside what a HeapType can index.
constexpr uint64_t kMaxTypes = 1'000'000;
static_assert(kMaxTypes < HeapType::kMaxIndex);

// Rank of each non-custom section in the required order: the tag section
// (13) sits between the memory (5) and global (6) sections, the data count
// section (12) between the element (9) and code (10) sections.
int sectionRank(uint8_t id) {
  static constexpr int kRanks[] = {
      0,   // custom
      1,   // type
      2,   // import
      3,   // function
      4,   // table
      5,   // memory
      7,   // global
      8,   // export
      9,   // start
      10,  // element
      12,  // code
      13,  // data
      11,  // data count
      6,   // tag
  };
  return kRanks[id];
}

// Reserves room for `count` elements only when the count is plausible: every
// entry takes at least one byte, so an untrusted count larger than the bytes
// left cannot be honest and must not drive an allocation. Decoding such a
// vector fails when the bytes run out. A list of megabytes (pandoc's 620,000
// functions) goes in huge pages.
template <class T>
void reserveFor(std::vector<T>& items, uint32_t count, const BinaryReader& reader) {
  if (count <= reader.remaining()) reserveInHugePages(items, count);
}

// Decodes one module; each section is read through its own bounded reader so
// that running past a section's declared size is an error.
class ModuleDecoder {
 public:
  ModuleDecoder(WasmModule& module, Bodies bodies)
      : module_(module), bytes_(module.bytes), bodies_(bodies) {}

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
  void readTagSection(BinaryReader& reader);

  void readRecGroup(BinaryReader& reader);
  DefinedType readSubType(BinaryReader& reader);
  CompositeType readCompositeType(BinaryReader& reader);
  FieldType readFieldType(BinaryReader& reader);
  TagType readTagType(BinaryReader& reader);
  MemoryType readMemoryType(BinaryReader& reader);
  // A one-byte form of the type grammar (a LEB128 s7 in the spec).
  uint8_t readForm(BinaryReader& reader);

  void readFunctionBody(BinaryReader& reader, FunctionDefinition& function);
  ElementSegment readElementSegment(BinaryReader& reader);
  DataSegment readDataSegment(BinaryReader& reader);
  void readValTypes(BinaryReader& reader, std::vector<ValType>& types);
  // Limits and the flags byte they start with.
  Limits readLimits(BinaryReader& reader, uint8_t& flags, bool isMemory);
  TableType readTableType(BinaryReader& reader);
  GlobalType readGlobalType(BinaryReader& reader);
  ConstExpr readConstExpr(BinaryReader& reader);

  WasmModule& module_;
  std::span<const uint8_t> bytes_;
  Bodies bodies_;
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
  const size_t magicAt = reader.skipBytes(sizeof kWasmMagic);
  if (std::memcmp(reader.pointerAt(magicAt), kWasmMagic, sizeof kWasmMagic) != 0) {
    BinaryReader::fail(magicAt, "magic header not detected");
  }
  const size_t versionAt = reader.skipBytes(sizeof kVersion);
  if (std::memcmp(reader.pointerAt(versionAt), kVersion, sizeof kVersion) != 0) {
    BinaryReader::fail(versionAt, "unknown binary version");
  }
}

void ModuleDecoder::checkOrder(uint8_t id, size_t offset) {
  if (id == kCustomSection) return;
  if (id > kTagSection) BinaryReader::fail(offset, "malformed section id");
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
    case kTagSection: readTagSection(section); break;
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
  for (uint32_t i = 0; i < count; ++i) readRecGroup(reader);
}

uint8_t ModuleDecoder::readForm(BinaryReader& reader) {
  const size_t at = reader.offset();
  const uint8_t form = reader.readByte();
  if (form & 0x80) BinaryReader::fail(at, "integer representation too long");
  return form;
}

// A recursion group: `0x4E vec(subtype)`, or a single subtype alone.
void ModuleDecoder::readRecGroup(BinaryReader& reader) {
  const size_t at = reader.offset();
  uint32_t size = 1;
  if (reader.peekByte() == kRecGroupForm) {
    reader.readByte();
    size = reader.readU32();
  }
  const uint64_t start = module_.types.size();
  if (start + size > kMaxTypes) BinaryReader::fail(at, "too many types");
  for (uint32_t i = 0; i < size; ++i) {
    DefinedType type = readSubType(reader);
    type.recGroupStart = uint32_t(start);
    type.recGroupSize = size;
    module_.types.push_back(std::move(type));
  }
}

// `0x50 vec(typeidx) comptype` (sub), `0x4F vec(typeidx) comptype` (sub
// final), or a composite type alone (final, no supertype).
DefinedType ModuleDecoder::readSubType(BinaryReader& reader) {
  DefinedType type;
  const uint8_t first = reader.peekByte();
  if (first == kSubForm || first == kSubFinalForm) {
    reader.readByte();
    type.isFinal = first == kSubFinalForm;
    // 3.0 allows at most one supertype (the validator checks): the first
    // is kept, the others only counted.
    type.supertypeCount = reader.readU32();
    for (uint32_t i = 0; i < type.supertypeCount; ++i) {
      const uint32_t supertype = reader.readU32();
      if (i == 0) type.supertype = supertype;
    }
  }
  type.composite = readCompositeType(reader);
  return type;
}

CompositeType ModuleDecoder::readCompositeType(BinaryReader& reader) {
  CompositeType composite;
  const size_t at = reader.offset();
  switch (readForm(reader)) {
    case kFuncForm:
      composite.kind = CompositeType::Kind::Func;
      readValTypes(reader, composite.func.params);
      readValTypes(reader, composite.func.results);
      break;
    case kStructForm: {
      composite.kind = CompositeType::Kind::Struct;
      const uint32_t count = reader.readU32();
      reserveFor(composite.fields, count, reader);
      for (uint32_t i = 0; i < count; ++i) composite.fields.push_back(readFieldType(reader));
      break;
    }
    case kArrayForm:
      composite.kind = CompositeType::Kind::Array;
      composite.fields.push_back(readFieldType(reader));
      break;
    case kDescriptorForm:
    case kDescribesForm:
      throw unsupportedFailure(at, Feature::CustomDescriptors, "descriptor type");
    case kContForm:
      throw unsupportedFailure(at, Feature::StackSwitching, "continuation type");
    default:
      BinaryReader::fail(at, "malformed definition type");
  }
  return composite;
}

FieldType ModuleDecoder::readFieldType(BinaryReader& reader) {
  FieldType field;
  const uint8_t first = reader.peekByte();
  if (first == kPackedI8 || first == kPackedI16) {
    reader.readByte();
    field.storage.packed = first == kPackedI8 ? StorageType::Packed::I8 : StorageType::Packed::I16;
  } else {
    const size_t at = reader.offset();
    try {
      field.storage.type = reader.readValType();
    } catch (DecodeFailure& failure) {
      if (failure.message == "malformed value type") BinaryReader::fail(at, "malformed storage type");
      throw;
    }
  }
  const size_t at = reader.offset();
  const uint8_t mutability = reader.readByte();
  if (mutability > 1) BinaryReader::fail(at, "malformed mutability");
  field.isMutable = mutability == 1;
  return field;
}

// Limits flags are a byte (a one-bit LEB128 in 2.0, hence its messages for
// a set continuation bit). The bounds are u64 whatever the address type;
// the validator checks their range.
Limits ModuleDecoder::readLimits(BinaryReader& reader, uint8_t& flags, bool isMemory) {
  const size_t at = reader.offset();
  flags = reader.readByte();
  if (flags & 0x80) BinaryReader::fail(at, "integer representation too long");
  if (flags & kLimitsPageSize && isMemory && flags < 0x10) {
    // Custom page sizes: the limits end with the page size's log2. Only
    // a complete one is that proposal; anything else is malformed, as 3.0
    // says of the flag.
    try {
      reader.readU64();
      if (flags & kLimitsHasMax) reader.readU64();
      reader.readU32();
    } catch (const DecodeFailure&) {
      BinaryReader::fail(at, "malformed limits flags");
    }
    throw unsupportedFailure(at, Feature::CustomPageSizes, "memory page size");
  }
  const uint8_t allowed = kLimitsHasMax | kLimitsI64 | (isMemory ? kLimitsShared : 0);
  if (flags & ~allowed) BinaryReader::fail(at, "malformed limits flags");
  Limits limits;
  limits.min = reader.readU64();
  if (flags & kLimitsHasMax) limits.max = reader.readU64();
  return limits;
}

MemoryType ModuleDecoder::readMemoryType(BinaryReader& reader) {
  MemoryType type;
  uint8_t flags = 0;
  type.limits = readLimits(reader, flags, /*isMemory=*/true);
  type.addressType = flags & kLimitsI64 ? AddressType::I64 : AddressType::I32;
  type.shared = flags & kLimitsShared;
  return type;
}

TableType ModuleDecoder::readTableType(BinaryReader& reader) {
  TableType type;
  type.element = reader.readRefType();
  uint8_t flags = 0;
  type.limits = readLimits(reader, flags, /*isMemory=*/false);
  type.addressType = flags & kLimitsI64 ? AddressType::I64 : AddressType::I32;
  return type;
}

TagType ModuleDecoder::readTagType(BinaryReader& reader) {
  // An attribute byte (0: exception) precedes the type index.
  const size_t at = reader.offset();
  if (reader.readByte() != 0x00) BinaryReader::fail(at, "zero byte expected");
  return TagType{reader.readU32()};
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
        import.memory = readMemoryType(reader);
        break;
      case uint8_t(ExternKind::Global):
        import.global = readGlobalType(reader);
        break;
      case uint8_t(ExternKind::Tag):
        import.tag = readTagType(reader);
        break;
      case kExactFuncImport:
        throw unsupportedFailure(kindAt, Feature::CustomDescriptors, "exact function import");
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
  for (uint32_t i = 0; i < count; ++i) {
    std::optional<ConstExpr> init;
    const bool hasInit = reader.peekByte() == kTableWithInit[0];
    if (hasInit) {
      reader.readByte();
      const size_t at = reader.offset();
      if (reader.readByte() != kTableWithInit[1]) BinaryReader::fail(at, "malformed table");
    }
    module_.tables.push_back(readTableType(reader));
    if (hasInit) init = readConstExpr(reader);
    module_.tableInits.push_back(std::move(init));
  }
}

void ModuleDecoder::readTagSection(BinaryReader& reader) {
  const uint32_t count = reader.readU32();
  reserveFor(module_.tags, count, reader);
  for (uint32_t i = 0; i < count; ++i) module_.tags.push_back(readTagType(reader));
}

void ModuleDecoder::readMemorySection(BinaryReader& reader) {
  const uint32_t count = reader.readU32();
  reserveFor(module_.memories, count, reader);
  for (uint32_t i = 0; i < count; ++i) module_.memories.push_back(readMemoryType(reader));
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
    if (kind > uint8_t(ExternKind::Tag)) BinaryReader::fail(kindAt, "malformed export kind");
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
  int depth = 0;
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
          expr.heapType = instr.heapType;
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
          expr.kind = ConstExpr::Kind::Other;  // the validator decides
          break;
      }
    } else if (instr.opcode != Opcode::End) {
      // Extended constant expressions and GC allocations: more than one
      // instruction.
      expr.kind = ConstExpr::Kind::Other;
    }
    const int change = nestingChange(instr.opcode);
    if (change < 0 && depth == 0) break;
    depth += change;
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
  // Flags 0 to 3 list functions, of type (ref func); flag 4 implies
  // funcref; the others spell out the element kind or type.
  const bool hasType = notActive || explicitTableOrDeclarative;
  if (!usesExpressions) segment.type = ValType::ref(HeapType::kFunc, false);
  if (usesExpressions) {
    if (hasType) segment.type = reader.readRefType();
  } else if (hasType) {
    const size_t at = reader.offset();
    if (reader.readByte() != 0x00) BinaryReader::fail(at, "malformed element kind");
  }

  const uint32_t itemCount = reader.readU32();
  segment.itemsAreFunctionIndices = !usesExpressions;
  segment.itemsOffset = reader.offset();
  if (usesExpressions) {
    reserveFor(segment.items, itemCount, reader);
    for (uint32_t i = 0; i < itemCount; ++i) segment.items.push_back(readConstExpr(reader));
  } else {
    reserveFor(segment.functionIndices, itemCount, reader);
    for (uint32_t i = 0; i < itemCount; ++i) segment.functionIndices.push_back(reader.readU32());
  }
  return segment;
}

void ModuleDecoder::readCodeSection(BinaryReader& reader, size_t sectionOffset) {
  sawCodeSection_ = true;
  const uint32_t count = reader.readU32();
  if (count != module_.functions.size()) {
    BinaryReader::fail(sectionOffset, "function and code section have inconsistent lengths");
  }
  if (bodies_ == Bodies::Skip) {
    reader.skipBytes(reader.remaining());
    return;
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
  if (module_.localRuns.size() + runCount > UINT32_MAX) BinaryReader::fail(begin, "too many locals");
  function.firstLocalRun = uint32_t(module_.localRuns.size());
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
    module_.localRuns.push_back(run);
  }
  function.localRunCount = runCount;
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

Expected<WasmModule, ModuleError> decodeModule(std::vector<uint8_t> bytes, Bodies bodies) {
  WasmModule module;
  module.bytes = std::move(bytes);
  try {
    ModuleDecoder(module, bodies).decode();
  } catch (const DecodeFailure& failure) {
    return Unexpected{failure.toModuleError()};
  } catch (const std::bad_alloc&) {
    return Unexpected{ModuleError{ModuleErrorKind::Malformed, 0, std::nullopt, "out of memory"}};
  } catch (const std::length_error&) {
    return Unexpected{ModuleError{ModuleErrorKind::Malformed, 0, std::nullopt, "out of memory"}};
  }
  return module;
}

}  // namespace kiln
