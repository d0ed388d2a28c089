// The ids of the binary format's sections, one list for every reader and
// writer of modules (decoder, text layer, DWARF lookup, validator).
#pragma once

#include <cstdint>

namespace kiln {

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
  kTagSection = 13,
};

}  // namespace kiln
