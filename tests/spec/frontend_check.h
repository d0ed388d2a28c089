// What the front end (decoder + validator) must do with one command of a
// .wast script, as Kiln's text layer parsed it.
#pragma once

#include <string>

#include "text/script.h"

namespace kiln::spec {

/// The rows of the runner's table: which front-end rule a command tests.
enum class CheckKind {
  WasmModule,                // `module`: must decode and validate
  AssertMalformed,       // binary `assert_malformed`: must be rejected as Malformed
  AssertInvalid,         // `assert_invalid`: must be rejected (ideally as Invalid)
  AssertUnlinkable,      // module of `assert_unlinkable`: must decode and validate
  AssertUninstantiable,  // module of `assert_uninstantiable`: must decode and validate
  TextMalformed,         // text `assert_malformed`: tests a text parser, not Kiln
  NotFrontEnd,           // actions, `register`, `assert_return`, ...: run-time checks
};
inline constexpr int kCheckKindCount = 7;

/// Table label of a kind.
const char* checkKindName(CheckKind kind);

/// The result of checking one command.
struct CheckResult {
  CheckKind kind = CheckKind::NotFrontEnd;
  bool applicable = false;   // false for TextMalformed and NotFrontEnd
  bool passed = false;
  /// For rejections the spec expects: whether the error kind was the one the
  /// spec names (Malformed for assert_malformed, Invalid for assert_invalid).
  bool rejected = false;
  bool rightErrorKind = false;
  /// For rejections: whether our message contains the spec's text.
  bool messageMatches = false;
  /// Set when the front end rejected the module as Unsupported: the feature
  /// it named (the message up to " ("). Such a command is skipped, neither
  /// passed nor failed.
  std::string skippedFeature;
  std::string expectedText;  // the spec's text, for rejections
  std::string detail;        // what happened, for failures and mismatches
};

/// Classifies `command` and, if it is a front-end check, runs parseModule on
/// its module's bytes.
CheckResult checkCommand(const text::Command& command);

}  // namespace kiln::spec
