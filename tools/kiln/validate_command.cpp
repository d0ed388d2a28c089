#include "validate_command.h"

#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "kiln/engine.h"
#include "kiln/module.h"
#include "module_file.h"

namespace kiln {

namespace {

class ValidateCommand : public Command {
 public:
  CLI::App* declare(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand("validate", "Check that modules are well-formed and valid");
    sub->add_option("files", files_, "WebAssembly modules (.wasm or .wat)")->required();
    declareMaxModuleSize(sub, maxModuleBytes_);
    return sub;
  }

  int run() override {
    Config config;
    config.maxModuleBytes = maxModuleBytes_;
    Engine engine(config);
    int exitCode = kExitOk;
    for (const std::string& path : files_) {
      // The worst outcome wins: an unreadable file (2) outranks an invalid one (1).
      auto bytes = readModuleFile(path, engine);
      if (!bytes) {
        reportError(path, bytes.error().error);
        exitCode = std::max(exitCode, bytes.error().exitCode);
      } else if (std::optional<Error> error = Module::validate(engine, *bytes)) {
        reportError(path, *error);
        exitCode = std::max(exitCode, int(kExitFailed));
      } else {
        std::cout << path << ": ok\n";
      }
    }
    return exitCode;
  }

 private:
  std::vector<std::string> files_;
  uint64_t maxModuleBytes_ = Config{}.maxModuleBytes;
};

}  // namespace

std::unique_ptr<Command> makeValidateCommand() { return std::make_unique<ValidateCommand>(); }

}  // namespace kiln
