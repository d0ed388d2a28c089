// The `kiln` command-line tool: wires the subcommands to the argument parser.
// To add a subcommand, write <name>_command.{h,cpp} implementing `Command`,
// add its factory to the list below and its source to CMakeLists.txt.
#include <exception>
#include <iostream>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "command.h"
#include "compile_command.h"
#include "inspect_command.h"
#include "run_command.h"
#include "validate_command.h"
#include "wast_command.h"

int main(int argc, char** argv) {
  using namespace kiln;
  std::vector<std::unique_ptr<Command>> commands;
  commands.push_back(makeValidateCommand());
  commands.push_back(makeInspectCommand());
  commands.push_back(makeRunCommand());
  commands.push_back(makeCompileCommand());
  commands.push_back(makeWastCommand());

  CLI::App app{"Kiln: a WebAssembly runtime", "kiln"};
  app.set_version_flag("--version", "kiln " KILN_VERSION);
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App*, Command*>> declared;
  for (auto& command : commands) {
    CLI::App* subcommand = command->declare(app);
    subcommand->set_version_flag("--version", "kiln " KILN_VERSION);
    declared.emplace_back(subcommand, command.get());
  }

  // `kiln run [OPTIONS] -- FILE [ARGS]...`: CLI11 hands what follows a `--`
  // in a subcommand without positionals back to the app, as extras (without
  // the `--`); the subcommand may take them.
  app.allow_extras();
  try {
    app.parse(argc, argv);
    std::vector<std::string> extras = app.remaining();
    if (!extras.empty()) {
      bool taken = false;
      for (auto& [subcommand, command] : declared) {
        if (subcommand->parsed()) taken = command->takeArgsAfterMark(extras);
      }
      if (!taken) throw CLI::ExtrasError(extras);
    }
  } catch (const CLI::ParseError& error) {
    // --help and --version end parsing with a "success" error; anything else
    // is a usage error, which every subcommand reports with the same code.
    return app.exit(error) == 0 ? kExitOk : kExitUsage;
  }
  // A failure of Kiln itself (memory running out, a library throwing) is
  // reported as one and exits 1: left uncaught it would abort with 134,
  // the status of a guest trap.
  try {
    for (auto& [subcommand, command] : declared) {
      if (subcommand->parsed()) return command->run();
    }
  } catch (const std::bad_alloc&) {
    std::cout.flush();
    std::cerr << "kiln: error: out of memory\n";
    return kExitFailed;
  } catch (const std::exception& error) {
    std::cout.flush();
    std::cerr << "kiln: internal error: " << error.what() << "\n";
    return kExitFailed;
  }
  return kExitUsage;
}
