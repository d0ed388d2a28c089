#include "compile_command.h"

#include <filesystem>
#include <string>

#include "compile_progress.h"
#include "engine_options.h"
#include "kiln/engine.h"
#include "kiln/module.h"
#include "module_file.h"

namespace kiln {

namespace {

class CompileCommand : public Command {
 public:
  CLI::App* declare(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand(
        "compile", "Compile a module ahead of time into a .kwasm file for `kiln run`");
    sub->add_option("file", file_, "WebAssembly module (.wasm or .wat)")->required();
    CLI::Option* output =
        sub->add_option("-o,--output", output_, "Output file (default: FILE with extension .kwasm)");
    sub->add_option("--cache", cacheDirectory_,
                    "Compile into the compiled-code cache in this directory (what `kiln run "
                    "--cache DIR` then finds) instead of a .kwasm file")
        ->excludes(output);
    sub->footer(
        "The .kwasm runs only with this build of Kiln, on a CPU with the same features, and "
        "with the same code options: pass `kiln run` the --bounds-checks, --force-libcalls, "
        "--cpu, --deterministic and --fuel options given here, and --timeout only to a file "
        "compiled --interruptible. A .kwasm is trusted input, like a shared library.");
    codegen_.declare(sub);
    sub->add_flag("--interruptible", interruptible_,
                  "Compile the checks `kiln run --timeout` needs");
    declareMaxModuleSize(sub, maxModuleBytes_);
    return sub;
  }

  int run() override {
    Config config;
    codegen_.applyTo(config);
    config.interruptible = interruptible_;
    config.maxModuleBytes = maxModuleBytes_;
    // A .kwasm holds the whole module's code: never the lazy strategy that
    // large modules otherwise get.
    config.compileStrategy = CompileStrategy::Eager;
    // Module::fromBytes stores what it compiles in the cache.
    config.cacheDirectory = cacheDirectory_;
    Engine engine(config);
    auto bytes = readModuleFile(file_, engine);
    if (!bytes) {
      reportError(file_, bytes.error().error);
      return bytes.error().exitCode;
    }
    auto module = [&] {
      CompileProgress progress(file_);
      return Module::fromBytes(engine, std::move(bytes).value());
    }();
    if (!module) {
      reportError(file_, module.error());
      return kExitFailed;
    }
    if (!cacheDirectory_.empty()) return kExitOk;
    const std::string output =
        !output_.empty() ? output_ : std::filesystem::path(file_).replace_extension(".kwasm").string();
    if (auto error = module->serializeToFile(output)) {
      reportError(output, *error);
      return error->kind == ErrorKind::Resource ? kExitUsage : kExitFailed;
    }
    return kExitOk;
  }

 private:
  std::string file_;
  std::string output_;
  std::string cacheDirectory_;
  CodegenOptions codegen_;
  bool interruptible_ = false;
  uint64_t maxModuleBytes_ = Config{}.maxModuleBytes;
};

}  // namespace

std::unique_ptr<Command> makeCompileCommand() { return std::make_unique<CompileCommand>(); }

}  // namespace kiln
