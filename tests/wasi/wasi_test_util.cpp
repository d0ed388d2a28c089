#include "wasi_test_util.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace kiln::wasi::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "kiln-wasi-XXXXXX").string();
  path_ = mkdtemp(pattern.data());
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void TempDir::writeFile(const std::string& relative, std::string_view contents) const {
  std::ofstream(path_ + "/" + relative, std::ios::binary) << contents;
}

std::string TempDir::readFile(const std::string& relative) const {
  std::ifstream in(path_ + "/" + relative, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace kiln::wasi::test
