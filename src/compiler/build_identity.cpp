#include "compiler/build_identity.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
// xxHash header-only: no library to link or ship with libkiln.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string_view>
#include <vector>

namespace kiln {

namespace {

/// The loaded object whose segments hold `address`: its GNU build-id note,
/// or its file name when it has none.
struct Search {
  uintptr_t address = 0;
  bool found = false;
  std::vector<uint8_t> buildId;
  std::string fileName;
};

int visitObject(dl_phdr_info* info, size_t, void* data) {
  auto& search = *static_cast<Search*>(data);
  bool holds = false;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& segment = info->dlpi_phdr[i];
    uintptr_t begin = info->dlpi_addr + segment.p_vaddr;
    if (segment.p_type == PT_LOAD && search.address >= begin &&
        search.address < begin + segment.p_memsz) {
      holds = true;
    }
  }
  if (!holds) return 0;
  search.found = true;
  search.fileName = info->dlpi_name && *info->dlpi_name ? info->dlpi_name : "/proc/self/exe";
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_NOTE) continue;
    const auto* p = reinterpret_cast<const uint8_t*>(info->dlpi_addr + segment.p_vaddr);
    const uint8_t* end = p + segment.p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      ElfW(Nhdr) note;
      std::memcpy(&note, p, sizeof note);
      const uint8_t* name = p + sizeof note;
      const uint8_t* desc = name + ((note.n_namesz + 3) & ~3u);
      const uint8_t* next = desc + ((note.n_descsz + 3) & ~3u);
      if (next > end) break;
      if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
        search.buildId.assign(desc, desc + note.n_descsz);
        return 1;
      }
      p = next;
    }
  }
  return 1;
}

BuildIdentity compute() {
  Search search;
  search.address = reinterpret_cast<uintptr_t>(&buildIdentity);
  dl_iterate_phdr(visitObject, &search);
  std::vector<uint8_t> material = search.buildId;
  if (material.empty()) {
    // No build-id (linked with --build-id=none): the binary's own bytes.
    std::ifstream file(search.fileName, std::ios::binary);
    material.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  BuildIdentity identity;
  identity.version = KILN_VERSION;
  material.insert(material.end(), identity.version.begin(), identity.version.end());
  XXH128_hash_t hash = XXH3_128bits(material.data(), material.size());
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, hash);
  std::memcpy(identity.id.data(), canonical.digest, identity.id.size());
  return identity;
}

}  // namespace

const BuildIdentity& buildIdentity() {
  static const BuildIdentity identity = compute();
  return identity;
}

}  // namespace kiln
