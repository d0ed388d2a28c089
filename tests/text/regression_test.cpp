// Every input fuzz_text once broke, kept in tests/fuzz/regressions-text:
// the text layer must keep its error contract on each.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "text_contract.h"

namespace kiln::text::test {
namespace {

TEST(Regressions, FuzzerFindingsKeepTheContract) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(KILN_TEXT_REGRESSIONS_DIR)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".md") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(fuzz::textContractViolation(text), std::nullopt) << entry.path();
    ++files;
  }
  RecordProperty("files", int(files));
}

}  // namespace
}  // namespace kiln::text::test
