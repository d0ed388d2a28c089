// spec_frontend: runs the front end (decoder + validator) over the official
// test suite. Reads each .wast with Kiln's text layer, then checks every
// command that is about decoding or validating a module; see frontend_check.h.
//
//   spec_frontend --testsuite DIR [--recursive] [--superseded FILE] [--verbose] [FILE.wast...]
//
// --recursive also runs the scripts in the suite's subdirectories (the 3.0
// suite's legacy/, custom/ and proposals/*); scripts are then named by their
// path inside the suite. A module the front end rejects as Unsupported (a
// feature Kiln declares unsupported, binary/feature.h) is skipped, and the
// skipped commands are counted per feature.
//
// --superseded names the commands of the 2.0 suite whose rule WebAssembly 3.0
// changed (one "file.wast:line  reason" per line): when such a command fails
// it is counted as superseded, not failed. The last line is
// "front end: N passed, M failed, K skipped" (with ", S superseded by 3.0" when
// any are); the exit status is
// non-zero when M > 0.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "frontend_check.h"
#include "wast_script.h"

namespace fs = std::filesystem;
using namespace kiln::spec;

namespace {

struct Options {
  fs::path testsuite;
  fs::path superseded;
  bool recursive = false;
  bool verbose = false;
  std::vector<std::string> files;
};

// Counts for one row of the table (one CheckKind) or one file.
struct Tally {
  int total = 0;
  int passed = 0;
  int failed = 0;
  int wrongKind = 0;
  int skipped = 0;        // rejected as Unsupported
  int textMalformed = 0;  // text-format assert_malformed: not applicable
  int runTime = 0;        // actions, register, ...: not front-end checks

  void add(const CheckResult& result) {
    ++total;
    if (!result.applicable) {
      ++(result.kind == CheckKind::TextMalformed ? textMalformed : runTime);
      return;
    }
    if (!result.skippedFeature.empty()) {
      ++skipped;
      return;
    }
    ++(result.passed ? passed : failed);
    if (result.rejected && !result.rightErrorKind) ++wrongKind;
  }
};

// Fills `options` from the command line; the exit status when the program
// should stop there (after --help, or a usage error).
std::optional<int> parseOptions(int argc, char** argv, Options& options) {
  CLI::App app{"The front end over the official test suite", "spec_frontend"};
  app.add_option("--testsuite", options.testsuite, "The official test suite's folder")
      ->required();
  app.add_flag("--recursive", options.recursive,
               "Also run the scripts in the suite's subdirectories");
  app.add_option("--superseded", options.superseded,
                 "Commands of the 2.0 suite whose rule 3.0 changed");
  app.add_flag("--verbose,-v", options.verbose, "Print the totals of each file");
  app.add_option("files", options.files, "Scripts: paths, or names inside the suite");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  return std::nullopt;
}

// "file.wast:line" -> reason, from the --superseded file ('#' starts a comment).
std::map<std::string, std::string> readSuperseded(const fs::path& path) {
  std::map<std::string, std::string> entries;
  if (path.empty()) return entries;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string where;
    fields >> where;
    std::string reason;
    std::getline(fields >> std::ws, reason);
    entries[where] = reason;
  }
  return entries;
}

// The scripts to run: the named ones, or the whole suite.
std::vector<fs::path> selectScripts(const Options& options) {
  if (options.files.empty() && options.recursive) {
    std::vector<fs::path> scripts;
    for (const auto& entry : fs::recursive_directory_iterator(options.testsuite)) {
      if (entry.is_regular_file() && entry.path().extension() == ".wast") {
        scripts.push_back(entry.path());
      }
    }
    std::sort(scripts.begin(), scripts.end());
    return scripts;
  }
  if (options.files.empty()) return listWastFiles(options.testsuite);
  std::vector<fs::path> scripts;
  for (const std::string& file : options.files) {
    fs::path path = file;
    if (!fs::exists(path)) {
      path = options.testsuite / file;
      if (path.extension() != ".wast") path += ".wast";
    }
    scripts.push_back(path);
  }
  return scripts;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (std::optional<int> exitStatus = parseOptions(argc, argv, options)) return *exitStatus;

  std::array<Tally, kCheckKindCount> byKind;
  std::vector<std::pair<std::string, Tally>> byFile;
  std::vector<std::string> messageMismatches;
  std::vector<std::string> wrongKinds;
  int rejections = 0;
  int matchingMessages = 0;
  int parseFailures = 0;

  int superseded = 0;
  std::map<std::string, int> skippedByFeature;

  std::vector<fs::path> scripts;
  std::map<std::string, std::string> supersededCommands;
  try {
    scripts = selectScripts(options);
    supersededCommands = readSuperseded(options.superseded);
  } catch (const std::exception& error) {
    std::printf("FAIL: %s\n", error.what());
    return 1;
  }

  for (const fs::path& wastPath : scripts) {
    std::optional<std::vector<uint8_t>> bytes = readBinaryFile(wastPath);
    if (!bytes) {
      std::printf("FAIL %s: cannot read\n", wastPath.filename().c_str());
      ++parseFailures;
      continue;
    }
    kiln::text::WatOptions textOptions;
    textOptions.nameSection = false;
    auto script = kiln::text::parseWast(
        std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()),
        textOptions);
    if (!script) {
      std::printf("FAIL %s\n", script.error().toString(wastPath.filename().string()).c_str());
      ++parseFailures;
      continue;
    }
    // Inside the suite, scripts are named by their relative path.
    std::string fileName = wastPath.lexically_relative(options.testsuite).string();
    if (fileName.empty() || fileName.starts_with("..")) fileName = wastPath.filename().string();
    Tally fileTally;
    for (const kiln::text::Command& command : script->commands) {
      CheckResult result = checkCommand(command);
      std::string where = fileName + ":" + std::to_string(kiln::text::subjectLine(command));
      if (result.applicable && !result.passed) {
        if (auto entry = supersededCommands.find(where); entry != supersededCommands.end()) {
          std::printf("SUPERSEDED %s: %s (%s)\n", where.c_str(), entry->second.c_str(),
                      result.detail.c_str());
          ++superseded;
          continue;
        }
      }
      byKind[static_cast<size_t>(result.kind)].add(result);
      fileTally.add(result);
      if (!result.skippedFeature.empty()) {
        ++skippedByFeature[result.skippedFeature];
        if (options.verbose) std::printf("SKIP %s: %s\n", where.c_str(), result.detail.c_str());
        continue;
      }
      if (result.applicable && !result.passed) {
        std::printf("FAIL %s: %s: %s\n", where.c_str(), checkKindName(result.kind),
                    result.detail.c_str());
      }
      if (result.rejected) {
        if (!result.rightErrorKind) wrongKinds.push_back(where + ": " + result.detail);
        ++rejections;
        if (result.messageMatches) {
          ++matchingMessages;
        } else {
          messageMismatches.push_back(where + ": " + result.detail);
        }
      }
    }
    byFile.emplace_back(fileName, fileTally);
  }

  if (options.verbose) {
    std::printf("\n%-40s %8s %8s %8s %8s %9s %9s\n", "file", "checked", "passed", "failed",
                "skipped", "text n/a", "run-time");
    for (const auto& [name, tally] : byFile) {
      std::printf("%-40s %8d %8d %8d %8d %9d %9d\n", name.c_str(), tally.passed + tally.failed,
                  tally.passed, tally.failed, tally.skipped, tally.textMalformed, tally.runTime);
    }
  }

  // Per part of the suite: the top level, legacy/, custom/, proposals/<name>/.
  std::map<std::string, Tally> byPart;
  for (const auto& [name, tally] : byFile) {
    const size_t slash = name.rfind('/');
    Tally& part = byPart[slash == std::string::npos ? "(top level)" : name.substr(0, slash)];
    part.passed += tally.passed;
    part.failed += tally.failed;
    part.skipped += tally.skipped;
    ++part.total;  // scripts
  }
  if (byPart.size() > 1) {
    std::printf("\n%-32s %8s %8s %8s %8s\n", "part of the suite", "scripts", "passed", "failed",
                "skipped");
    for (const auto& [part, tally] : byPart) {
      std::printf("%-32s %8d %8d %8d %8d\n", part.c_str(), tally.total, tally.passed,
                  tally.failed, tally.skipped);
    }
  }

  std::printf("\n%-32s %8s %8s %8s %8s %11s\n", "assertion kind", "total", "passed", "failed",
              "skipped", "wrong kind");
  int passed = 0;
  int failed = parseFailures;
  int skipped = 0;
  for (int i = 0; i < kCheckKindCount; ++i) {
    auto kind = static_cast<CheckKind>(i);
    const Tally& tally = byKind[i];
    if (kind == CheckKind::TextMalformed) {
      std::printf("%-32s %8d   text (not applicable)\n", checkKindName(kind), tally.total);
    } else if (kind == CheckKind::NotFrontEnd) {
      std::printf("%-32s %8d   n/a (run-time checks)\n", checkKindName(kind), tally.total);
    } else {
      std::printf("%-32s %8d %8d %8d %8d %11d\n", checkKindName(kind), tally.total, tally.passed,
                  tally.failed, tally.skipped, tally.wrongKind);
    }
    passed += tally.passed;
    failed += tally.failed;
    skipped += tally.skipped;
  }
  std::printf("(wrong kind: rejected as invalid instead of malformed or the other way round;\n"
              " a failure for assert_malformed, only counted for assert_invalid)\n");
  std::printf("\nscripts: %zu parsed, %d failed to parse\n", byFile.size(), parseFailures);

  if (options.verbose && !wrongKinds.empty()) {
    std::printf("\nrejected with the wrong error kind:\n");
    for (const std::string& wrongKind : wrongKinds) std::printf("  %s\n", wrongKind.c_str());
  }

  if (options.verbose && !messageMismatches.empty()) {
    std::printf("\nmessages not containing the spec's text:\n");
    for (const std::string& mismatch : messageMismatches) std::printf("  %s\n", mismatch.c_str());
  }
  double percent = rejections == 0 ? 100.0 : 100.0 * matchingMessages / rejections;
  std::printf("messages matching the spec's text: %d/%d (%.1f%%)\n", matchingMessages, rejections,
              percent);
  if (!skippedByFeature.empty()) {
    std::printf("\nskipped (rejected as Unsupported), by feature:\n");
    for (const auto& [feature, count] : skippedByFeature) {
      std::printf("  %-40s %6d\n", feature.c_str(), count);
    }
  }
  std::printf("front end: %d passed, %d failed, %d skipped", passed, failed, skipped);
  if (superseded > 0) std::printf(", %d superseded by 3.0", superseded);
  std::printf("\n");
  return failed > 0 ? 1 : 0;
}
