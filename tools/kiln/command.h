// The interface every `kiln` subcommand implements, and the exit codes they share.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace kiln {

/// Process exit codes common to all subcommands.
enum ExitCode : int {
  kExitOk = 0,
  /// The input was rejected: a malformed or invalid module, a failing test, ...
  kExitFailed = 1,
  /// The command could not do its job: bad usage or an unreadable file.
  kExitUsage = 2,
};

/// One `kiln` subcommand. It declares its options on the parser, which fills
/// the command's fields; `run` then does the work.
class Command {
 public:
  virtual ~Command() = default;

  /// Adds this subcommand and its options to `app`; returns the subcommand.
  virtual CLI::App* declare(CLI::App& app) = 0;

  /// Runs the command with the parsed options; returns the process exit code.
  virtual int run() = 0;

  /// Takes `args`, what followed a `--` on the command line, when the
  /// command accepts them (`kiln run -- FILE ARGS`); false when it does not.
  virtual bool takeArgsAfterMark(const std::vector<std::string>& /*args*/) { return false; }
};

}  // namespace kiln
