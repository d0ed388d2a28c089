#include "binary/name_section.h"

#include "binary/binary_reader.h"

namespace kiln {
namespace {

enum NameSubsectionId : uint8_t {
  kModuleNameSubsection = 0,
  kFunctionNamesSubsection = 1,
  kLocalNamesSubsection = 2,
};

// A name map: vec(index name), indices strictly increasing as the spec
// requires.
std::map<uint32_t, std::string> readNameMap(BinaryReader& reader) {
  std::map<uint32_t, std::string> names;
  const uint32_t count = reader.readU32();
  for (uint32_t i = 0; i < count; ++i) {
    const size_t at = reader.offset();
    const uint32_t index = reader.readU32();
    if (!names.empty() && index <= names.rbegin()->first) {
      BinaryReader::fail(at, "name map indices out of order");
    }
    names.emplace_hint(names.end(), index, reader.readName());
  }
  return names;
}

void readSubsection(BinaryReader& reader, uint8_t id, NameSection& names) {
  switch (id) {
    case kModuleNameSubsection:
      names.moduleName = reader.readName();
      break;
    case kFunctionNamesSubsection:
      names.functionNames = readNameMap(reader);
      break;
    case kLocalNamesSubsection: {
      const uint32_t count = reader.readU32();
      for (uint32_t i = 0; i < count; ++i) {
        const size_t at = reader.offset();
        const uint32_t function = reader.readU32();
        if (!names.localNames.empty() && function <= names.localNames.rbegin()->first) {
          BinaryReader::fail(at, "local name functions out of order");
        }
        names.localNames.emplace_hint(names.localNames.end(), function, readNameMap(reader));
      }
      break;
    }
    default:
      reader.skipBytes(reader.remaining());  // a later extension: not needed
      break;
  }
}

}  // namespace

std::optional<NameSection> decodeNameSection(std::span<const uint8_t> bytes, size_t begin,
                                             size_t end) {
  NameSection names;
  try {
    BinaryReader reader(bytes, begin, end, /*endIsSection=*/true);
    int lastId = -1;
    while (!reader.atEnd()) {
      const size_t idAt = reader.offset();
      const uint8_t id = reader.readByte();
      if (int(id) <= lastId) BinaryReader::fail(idAt, "name subsections out of order");
      lastId = id;
      const uint32_t size = reader.readU32();
      const size_t payload = reader.skipBytes(size);
      BinaryReader subsection(bytes, payload, payload + size, /*endIsSection=*/true);
      readSubsection(subsection, id, names);
      if (!subsection.atEnd()) BinaryReader::fail(subsection.offset(), "name subsection size mismatch");
    }
  } catch (const DecodeFailure&) {
    return std::nullopt;
  }
  return names;
}

}  // namespace kiln
