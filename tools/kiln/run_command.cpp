#include "run_command.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "kiln/kiln.h"
#include "module_file.h"
#include "wast/value_text.h"
#include "wast/watchdog.h"

namespace kiln {

namespace {

/// The exit code of a trapping run: that of a process killed by SIGABRT
/// (128 + 6), which is what a native program hitting the same fault
/// usually reports.
constexpr int kExitTrap = 134;

void printTrap(const Trap& trap) {
  std::cout.flush();
  std::cerr << "error: " << trap.message << "\n";
  for (size_t i = 0; i < trap.backtrace.size(); ++i) {
    const TrapFrame& frame = trap.backtrace[i];
    char offset[16];
    std::snprintf(offset, sizeof offset, "0x%x", frame.codeOffset);
    std::cerr << "  #" << i << " func[" << frame.functionIndex << "] "
              << (frame.functionName.empty() ? "<unnamed>" : frame.functionName) << " @ "
              << offset << "\n";
  }
}

class RunCommand : public Command {
 public:
  CLI::App* declare(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand("run", "Instantiate a module and call one of its functions");
    sub->add_option("file", file_, "WebAssembly module (.wasm or .wat)")->required();
    // The function's arguments are whatever is left: CLI11 would take "-inf"
    // for an option, and would not put arguments after "--" in order with
    // the ones before it.
    sub->allow_extras();
    sub->footer("ARGS: the function's arguments, e.g. 1 0x10 -2.5 -inf nan");
    subcommand_ = sub;
    sub->add_option("--invoke", invoke_, "Exported function to call (default: _start)");
    sub->add_flag("--bounds-checks", boundsChecks_,
                  "Check memory accesses explicitly instead of relying on guard pages");
    sub->add_flag("--force-libcalls", forceLibcalls_,
                  "Route rounding, copies and fills through runtime library calls");
    sub->add_option("--timeout", timeoutSeconds_,
                    "Interrupt the call after this many seconds (it then traps)")
        ->check(CLI::NonNegativeNumber);
    return sub;
  }

  int run() override {
    std::vector<std::string> argTexts = subcommand_->remaining();
    Config config;
    config.memoryMode = boundsChecks_ ? MemoryMode::BoundsChecks : MemoryMode::GuardPages;
    config.forceLibcalls = forceLibcalls_;
    config.interruptible = timeoutSeconds_ > 0;
    Engine engine(config);

    auto bytes = readFileBytes(file_);
    if (!bytes) return fail(kExitUsage, "cannot read: " + bytes.error());
    auto module = Module::fromFile(engine, file_);
    if (!module) return fail(kExitFailed, module.error());

    Store store(engine);
    std::optional<Watchdog> watchdog;
    if (config.interruptible) {
      watchdog.emplace(store, std::chrono::milliseconds(int64_t(timeoutSeconds_ * 1000)));
    }
    Watchdog* guard = watchdog ? &*watchdog : nullptr;
    Linker linker;
    auto instance = guarded(guard, [&] { return linker.instantiate(store, *module); });
    if (!instance) {
      const InstantiationError& error = instance.error();
      if (error.trap) {
        printTrap(*error.trap);
        return kExitTrap;
      }
      return fail(kExitFailed, error.message);
    }

    std::string name = invoke_.empty() ? "_start" : invoke_;
    auto func = instance->getFunc(name);
    if (!func) {
      std::string hint = invoke_.empty() ? "; name one with --invoke" : "";
      return fail(kExitFailed, "no exported function \"" + name + "\"" + hint);
    }
    const FuncType& type = func->type();
    if (argTexts.size() != type.params.size()) {
      return fail(kExitUsage, "\"" + name + "\" has type " + toString(type) + ": expected " +
                                  std::to_string(type.params.size()) + " arguments, got " +
                                  std::to_string(argTexts.size()));
    }
    std::vector<Val> args;
    for (size_t i = 0; i < argTexts.size(); ++i) {
      auto value = parseValue(type.params[i], argTexts[i]);
      if (!value) return fail(kExitUsage, "argument " + std::to_string(i + 1) + ": " + value.error());
      args.push_back(*value);
    }

    auto results = guarded(guard, [&] { return func->call(args); });
    if (!results) {
      printTrap(results.error());
      return kExitTrap;
    }
    for (const Val& result : *results) std::cout << formatValue(result) << "\n";
    return kExitOk;
  }

 private:
  int fail(int exitCode, const std::string& message) const {
    reportLoadFailure(file_, LoadFailure{exitCode, message});
    return exitCode;
  }

  std::string file_;
  CLI::App* subcommand_ = nullptr;
  std::string invoke_;  // empty: _start
  bool boundsChecks_ = false;
  bool forceLibcalls_ = false;
  double timeoutSeconds_ = 0;
};

}  // namespace

std::unique_ptr<Command> makeRunCommand() { return std::make_unique<RunCommand>(); }

}  // namespace kiln
