#include "compiler/x64/perf_map.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace kiln::x64 {

void writePerfMap(const WasmModule& module, uint32_t firstDefined, const uint8_t* base,
                  std::span<const uint32_t> offsets, std::span<const uint32_t> sizes) {
  char path[64];
  std::snprintf(path, sizeof path, "/tmp/perf-%d.map", int(getpid()));
  FILE* file = std::fopen(path, "a");
  if (!file) return;
  for (size_t i = 0; i < offsets.size(); ++i) {
    uint32_t index = module.importedFunctionCount() + firstDefined + uint32_t(i);
    auto name = module.names.functionNames.find(index);
    std::fprintf(file, "%lx %x %s\n", reinterpret_cast<unsigned long>(base + offsets[i]), sizes[i],
                 name != module.names.functionNames.end()
                     ? name->second.c_str()
                     : ("wasm-function[" + std::to_string(index) + "]").c_str());
  }
  std::fclose(file);
}

}  // namespace kiln::x64
