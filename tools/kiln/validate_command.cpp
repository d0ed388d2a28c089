#include "validate_command.h"

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "module_file.h"

namespace kiln {

namespace {

class ValidateCommand : public Command {
 public:
  CLI::App* declare(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand("validate", "Check that modules are well-formed and valid");
    sub->add_option("files", files_, "WebAssembly binary modules (.wasm)")->required();
    return sub;
  }

  int run() override {
    int exitCode = kExitOk;
    for (const std::string& path : files_) {
      auto module = loadModuleFile(path);
      if (module) {
        std::cout << path << ": ok\n";
      } else {
        reportLoadFailure(path, module.error());
        // The worst outcome wins: an unreadable file (2) outranks an invalid one (1).
        exitCode = std::max(exitCode, module.error().exitCode);
      }
    }
    return exitCode;
  }

 private:
  std::vector<std::string> files_;
};

}  // namespace

std::unique_ptr<Command> makeValidateCommand() { return std::make_unique<ValidateCommand>(); }

}  // namespace kiln
