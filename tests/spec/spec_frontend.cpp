// spec_frontend: runs the front end (decoder + validator) over the official
// test suite. Converts each .wast with wast2json, then checks every command
// that is about decoding or validating a module; see frontend_check.h.
//
//   spec_frontend --testsuite DIR [--out DIR] [--wast2json PATH] [--verbose] [FILE.wast...]
//
// The last line is "front end: N passed, M failed"; the exit status is
// non-zero when M > 0.

#include <CLI/CLI.hpp>

#include <array>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "frontend_check.h"
#include "wast_script.h"

namespace fs = std::filesystem;
using namespace kiln::spec;

namespace {

struct Options {
  fs::path testsuite;
  fs::path outputRoot = "spec-json";
  std::string wast2json = "wast2json";
  bool verbose = false;
  std::vector<std::string> files;
};

// Counts for one row of the table (one CheckKind) or one file.
struct Tally {
  int total = 0;
  int passed = 0;
  int failed = 0;
  int wrongKind = 0;
  int textMalformed = 0;  // text-format assert_malformed: not applicable
  int runTime = 0;        // actions, register, ...: not front-end checks

  void add(const CheckResult& result) {
    ++total;
    if (!result.applicable) {
      ++(result.kind == CheckKind::TextMalformed ? textMalformed : runTime);
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
  app.add_option("--out", options.outputRoot, "Where wast2json's output goes");
  app.add_option("--wast2json", options.wast2json, "wabt's wast2json");
  app.add_flag("--verbose,-v", options.verbose, "Print the totals of each file");
  app.add_option("files", options.files, "Scripts: paths, or names inside the suite");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  return std::nullopt;
}

// The scripts to run: the named ones, or the whole suite.
std::vector<fs::path> selectScripts(const Options& options) {
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
  int conversionFailures = 0;

  std::vector<fs::path> scripts;
  try {
    scripts = selectScripts(options);
  } catch (const fs::filesystem_error& error) {
    std::printf("FAIL: %s\n", error.what());
    return 1;
  }

  for (const fs::path& wastPath : scripts) {
    WastScript script;
    try {
      script = convertWast(options.wast2json, wastPath, options.outputRoot);
    } catch (const std::exception& error) {
      std::printf("FAIL %s: %s\n", wastPath.filename().c_str(), error.what());
      ++conversionFailures;
      continue;
    }
    std::string fileName = wastPath.filename().string();
    Tally fileTally;
    for (const WastCommand& command : script.commands) {
      CheckResult result = checkCommand(script, command);
      byKind[static_cast<size_t>(result.kind)].add(result);
      fileTally.add(result);
      std::string where = fileName + ":" + std::to_string(command.line);
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
    std::printf("\n%-40s %8s %8s %8s %9s %9s\n", "file", "checked", "passed", "failed",
                "text n/a", "run-time");
    for (const auto& [name, tally] : byFile) {
      std::printf("%-40s %8d %8d %8d %9d %9d\n", name.c_str(), tally.passed + tally.failed,
                  tally.passed, tally.failed, tally.textMalformed, tally.runTime);
    }
  }

  std::printf("\n%-32s %8s %8s %8s %11s\n", "assertion kind", "total", "passed", "failed",
              "wrong kind");
  int passed = 0;
  int failed = conversionFailures;
  for (int i = 0; i < kCheckKindCount; ++i) {
    auto kind = static_cast<CheckKind>(i);
    const Tally& tally = byKind[i];
    if (kind == CheckKind::TextMalformed) {
      std::printf("%-32s %8d   text (not applicable)\n", checkKindName(kind), tally.total);
    } else if (kind == CheckKind::NotFrontEnd) {
      std::printf("%-32s %8d   n/a (run-time checks)\n", checkKindName(kind), tally.total);
    } else {
      std::printf("%-32s %8d %8d %8d %11d\n", checkKindName(kind), tally.total, tally.passed,
                  tally.failed, tally.wrongKind);
    }
    passed += tally.passed;
    failed += tally.failed;
  }
  std::printf("(wrong kind: rejected as invalid instead of malformed or the other way round;\n"
              " a failure for assert_malformed, only counted for assert_invalid)\n");
  std::printf("\nscripts: %zu converted, %d failed to convert\n", byFile.size(),
              conversionFailures);

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
  std::printf("front end: %d passed, %d failed\n", passed, failed);
  return failed > 0 ? 1 : 0;
}
