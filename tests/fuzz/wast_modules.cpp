// wast_modules: writes the modules of spec scripts to files, the seeds of
// the fuzz corpora (tests/fuzz/make_corpus.sh).
//
//   wast_modules --binary DIR FILE.wast...   every module as bytes: DIR/<script>.<line>.wasm
//   wast_modules --text DIR FILE.wast...     every module written in text (quoted ones
//                                            too, malformed included): DIR/<script>.<line>.wat
//
// Prints how many files it wrote; exits 1 when a script cannot be read.

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "script_modules.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 3 || (std::string(argv[1]) != "--binary" && std::string(argv[1]) != "--text")) {
    std::fprintf(stderr, "usage: wast_modules --binary|--text DIR FILE.wast...\n");
    return 2;
  }
  const bool text = std::string(argv[1]) == "--text";
  const fs::path directory = argv[2];
  fs::create_directories(directory);
  size_t written = 0;
  int status = 0;
  for (int i = 3; i < argc; ++i) {
    try {
      for (const kiln::fuzz::ScriptModule& module : kiln::fuzz::scriptModules(argv[i])) {
        std::string name = module.label;
        for (char& c : name) c = c == ':' ? '.' : c;
        if (text && !module.text.empty()) {
          std::ofstream(directory / (name + ".wat"), std::ios::binary) << module.text;
          ++written;
        } else if (!text && !module.bytes.empty()) {
          std::ofstream out(directory / (name + ".wasm"), std::ios::binary);
          out.write(reinterpret_cast<const char*>(module.bytes.data()),
                    std::streamsize(module.bytes.size()));
          ++written;
        }
      }
    } catch (const std::exception& error) {
      std::fprintf(stderr, "wast_modules: %s\n", error.what());
      status = 1;
    }
  }
  std::printf("wast_modules: %zu files in %s\n", written, directory.c_str());
  return status;
}
