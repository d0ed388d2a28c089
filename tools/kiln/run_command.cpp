#include "run_command.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiln/kiln.h"
#include "background_cache_fill.h"
#include "compile_progress.h"
#include "engine_options.h"
#include "module_file.h"
#include "wast/value_text.h"
#include "wast/watchdog.h"

namespace kiln {

namespace {

/// The exit code of a trapping run: that of a process killed by SIGABRT
/// (128 + 6), which is what a native program hitting the same fault
/// usually reports.
constexpr int kExitTrap = 134;

// "--dir HOST" or "--dir HOST::GUEST", as wasmtime spells it.
WasiPreopen parsePreopen(const std::string& text) {
  const size_t separator = text.find("::");
  if (separator == std::string::npos) return {text, text};
  return {text.substr(0, separator), text.substr(separator + 2)};
}

// "--env NAME=VALUE" sets a variable; "--env NAME" passes the host's value
// (or nothing, when the host has none).
std::optional<std::pair<std::string, std::string>> parseEnv(const std::string& text) {
  const size_t equals = text.find('=');
  if (equals != std::string::npos) return std::pair{text.substr(0, equals), text.substr(equals + 1)};
  const char* value = std::getenv(text.c_str());
  if (!value) return std::nullopt;
  return std::pair{text, std::string(value)};
}

/// "error: <message>" and the Wasm backtrace, if the error has one; frames
/// of a module without a name of its own are shown under `moduleName`.
/// An uncaught exception as `kiln run` reports it: its tag, by the name the
/// instance exports it under when it does (else its place is unknown to the
/// host), and the values it carries.
std::string describeException(const Exception& exception, const std::optional<Instance>& instance) {
  std::string tag = "a tag the module does not export";
  if (instance) {
    for (const auto& [name, item] : instance->exports()) {
      if (item.tag() && *item.tag() == exception.tag()) {
        tag = "tag \"" + name + "\"";
        break;
      }
    }
  }
  std::string text = "uncaught exception: " + tag;
  if (exception.payload().empty()) return text + " with no values";
  text += " with values (";
  for (size_t i = 0; i < exception.payload().size(); ++i) {
    text += (i ? ", " : "") + describeValue(exception.payload()[i]);
  }
  return text + ")";
}

void printTrap(const Error& error, std::string_view moduleName,
               const std::optional<Instance>& instance) {
  std::cout.flush();
  if (error.exception) {
    std::cerr << "error: " << describeException(*error.exception, instance) << "\n";
    return;
  }
  std::cerr << "error: " << error.message << "\n";
  if (!error.trap || error.trap->backtrace.empty()) return;
  std::cerr << "wasm backtrace:\n" << formatBacktrace(*error.trap, moduleName);
}

/// CLI11 cannot declare FILE and ARGS as positionals without misparsing
/// them (see declare), so the usage line names them itself.
class RunUsageFormatter : public CLI::Formatter {
 public:
  std::string make_usage(const CLI::App*, std::string name) const override {
    return "Usage: " + name + " [OPTIONS] FILE [ARGS]...\n";
  }
};

class RunCommand : public Command {
 public:
  CLI::App* declare(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand(
        "run", "Run a WASI command module, or call one function of a module (--invoke)");
    // FILE and ARGS are whatever is left, in order: as a declared positional
    // CLI11 would fill FILE from the last word rather than the first, and it
    // would take "-inf" for an option. Parsing stops at FILE, so options
    // after it (`prog.wasm --dir x`) are the guest's, as with wasmtime.
    sub->allow_extras();
    sub->prefix_command();
    sub->formatter(std::make_shared<RunUsageFormatter>());
    sub->footer(
        "FILE: a WebAssembly module (.wasm or .wat), or one compiled by `kiln compile` (.kwasm).\n"
        "ARGS: the guest's command-line arguments, or with --invoke the function's "
        "arguments, e.g. 1 0x10 -2.5 -inf nan.\n"
        "Kiln's options come before FILE; everything after FILE goes to the guest as it is "
        "(`kiln run app.wasm --help` passes --help to app). `--` ends Kiln's options, for a "
        "FILE that starts with '-'. With --invoke, a `--` right after FILE is skipped: "
        "kiln run --invoke f m.wasm -- -1 -2.");
    subcommand_ = sub;
    sub->add_option("--invoke", invoke_, "Exported function to call (default: _start)");
    sub->add_option("--dir", dirs_, "Preopen a host directory: HOST or HOST::GUEST")
        ->allow_extra_args(false);
    sub->add_option("--env", envs_, "Set NAME=VALUE, or pass the host's NAME, to the guest")
        ->allow_extra_args(false);
    engine_.cacheByDefault = true;
    engine_.declare(sub, "Interrupt the call after this many seconds (it then traps)");
    return sub;
  }

  bool takeArgsAfterMark(const std::vector<std::string>& args) override {
    if (!subcommand_->remaining().empty()) return false;  // FILE came before the `--`
    argsAfterMark_ = args;
    return true;
  }

  int run() override { end(runGuest()); }

 private:
  /// Ends the process with `status`. It ends at once, without destructors,
  /// also from within runGuest once the guest has run: tearing down a big
  /// module and its instance (pandoc: 620,000 functions, 30 MB of data, a
  /// table of 500,000) took 20 ms of a 200 ms run, where the kernel frees a
  /// process's memory whole. Spawned threads may still be running Wasm code,
  /// and destructors would pull their stores away (wasmtime ends a
  /// wasi-threads program the same way).
  [[noreturn]] void end(int status) {
    if (cacheFill_) fillCacheInBackground(cacheFill_->directory, cacheFill_->options, file_);
    std::cout.flush();
    std::fflush(nullptr);
    std::_Exit(status);
  }

  int runGuest() {
    std::vector<std::string> argTexts =
        argsAfterMark_.empty() ? subcommand_->remaining() : argsAfterMark_;
    if (argTexts.empty()) {
      std::cerr << "kiln run: FILE is required\nRun with --help for more information.\n";
      return kExitUsage;
    }
    file_ = argTexts.front();
    argTexts.erase(argTexts.begin());
    // `kiln run FILE --invoke NAME ARGS...` is accepted too: --invoke right
    // after FILE cannot be meant for a guest, which --invoke does not start.
    if (invoke_.empty() && argTexts.size() >= 2 && argTexts[0] == "--invoke") {
      invoke_ = argTexts[1];
      argTexts.erase(argTexts.begin(), argTexts.begin() + 2);
    }
    // A function's arguments are never "--": it only separates them.
    if (!invoke_.empty() && !argTexts.empty() && argTexts[0] == "--") argTexts.erase(argTexts.begin());
    const Config config = engine_.config();
    Engine engine(config);

    // A .kwasm (kiln compile) is loaded as it is, its code mapped from the file.
    std::optional<Expected<Module, Error>> loaded;
    const ModuleFileKind kind = moduleFileKind(file_);
    if (kind == ModuleFileKind::Serialized) {
      loaded.emplace(Module::deserializeFile(engine, file_));
    } else if (kind == ModuleFileKind::Regular) {
      // A module found in the cache is never read whole (docs/cache.md).
      CompileProgress progress(file_);
      loaded.emplace(Module::fromFile(engine, file_));
    } else {
      auto bytes = readModuleFile(file_, engine);
      if (!bytes) return fail(bytes.error().exitCode, bytes.error().error);
      CompileProgress progress(file_);
      loaded.emplace(Module::fromBytes(engine, std::move(bytes).value()));
    }
    Expected<Module, Error>& module = *loaded;
    if (!module) return fail(kExitFailed, module.error());
    // A lazily compiled module is not in the cache: it is compiled into it
    // once this run has ended.
    if (!config.cacheDirectory.empty() && !module->isCompiledWhole()) {
      std::vector<std::string> options = engine_.codegen.arguments();
      if (config.interruptible) options.push_back("--interruptible");
      options.insert(options.end(), {"--max-module-size", std::to_string(config.maxModuleBytes)});
      cacheFill_ = CacheFill{config.cacheDirectory, std::move(options)};
    }

    // Without --invoke the module is a WASI command: argv is FILE as written,
    // then ARGS. With --invoke, ARGS are the function's arguments.
    WasiConfig wasiConfig;
    wasiConfig.args.push_back(file_);
    if (invoke_.empty()) wasiConfig.args.insert(wasiConfig.args.end(), argTexts.begin(), argTexts.end());
    for (const std::string& dir : dirs_) wasiConfig.preopens.push_back(parsePreopen(dir));
    for (const std::string& env : envs_) {
      if (auto pair = parseEnv(env)) wasiConfig.env.push_back(*pair);
    }
    auto wasi = Wasi::create(wasiConfig);
    if (!wasi) return fail(kExitFailed, wasi.error());
    // A guest writing to a closed pipe gets EPIPE, not a dead host.
    std::signal(SIGPIPE, SIG_IGN);

    // What every store running the module needs: the main one and, in a
    // wasi-threads program, each spawned thread's.
    WasiThreads::Setup setup = [wasi = *wasi, fuel = engine_.codegen.fuel](Linker& linker,
                                                                            Store& store) {
      wasi.define(linker, store);
      if (fuel) store.setFuel(*fuel);
    };
    if (auto shared = wasiThreadsMemory(engine, *module)) {
      setup = [setup, shared = *shared](Linker& linker, Store& store) {
        setup(linker, store);
        linker.define(shared.module, shared.name, shared.memory.in(store));
      };
      threads_.emplace(engine, *module, setup, [this](const Error& error) {
        // A thread that exits or traps ends the program.
        int status = stopped(error);
        std::fflush(nullptr);
        std::_Exit(status);
      });
    }

    Store store(engine);
    std::optional<Watchdog> watchdog;
    if (config.interruptible) {
      watchdog.emplace(
          [&store, this] {
            store.interrupt();
            if (threads_) threads_->interrupt();
          },
          engine_.timeout());
    }
    Watchdog* guard = watchdog ? &*watchdog : nullptr;
    Linker linker;
    setup(linker, store);
    if (threads_) threads_->define(linker, store);
    // The start function may trap, or exit through WASI.
    auto instance = guarded(guard, [&] { return linker.instantiate(store, *module); });
    if (!instance) end(stopped(instance.error()));
    instance_ = *instance;

    std::string name = invoke_.empty() ? "_start" : invoke_;
    auto func = instance->getFunc(name);
    if (!func) {
      std::string hint = invoke_.empty() ? "; name one with --invoke" : "";
      return fail(kExitFailed, "no exported function \"" + name + "\"" + hint);
    }
    if (invoke_.empty()) {
      auto result = guarded(guard, [&] { return func->call({}); });
      end(result ? kExitOk : stopped(result.error()));
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
    if (!results) end(stopped(results.error()));
    for (const Val& result : *results) std::cout << formatValue(result) << "\n";
    end(kExitOk);
  }

  /// A wasi-threads program's shared memory import.
  struct SharedImport {
    std::string module;
    std::string name;
    SharedMemory memory;
  };
  /// The memory a wasi-threads program (one importing wasi.thread-spawn)
  /// imports, made now; nothing for another program, which then gets no
  /// thread-spawn and fails to link if it imports one.
  static std::optional<SharedImport> wasiThreadsMemory(const Engine& engine, const Module& module) {
    std::vector<ImportType> imports = module.imports();
    auto spawns = [](const ImportType& i) { return i.module == "wasi" && i.name == "thread-spawn"; };
    if (std::none_of(imports.begin(), imports.end(), spawns)) return std::nullopt;
    for (const ImportType& import : imports) {
      if (import.type.kind != ExternKind::Memory || !import.type.memory.shared) continue;
      std::optional<SharedMemory> memory = SharedMemory::create(engine, import.type.memory);
      if (memory) return SharedImport{import.module, import.name, *memory};
    }
    return std::nullopt;
  }

  int fail(int exitCode, const Error& error) const { return fail(exitCode, error.toString()); }
  int fail(int exitCode, const std::string& message) const {
    reportError(file_, message);
    return exitCode;
  }

  // The exit status of a run that `error` stopped, after saying why: the
  // guest's own status when it exited, 134 for a trap (or an uncaught
  // exception), 1 when it could not start (a link or resource error).
  int stopped(const Error& error) const {
    switch (error.kind) {
      case ErrorKind::Exit: return error.exitStatus;
      case ErrorKind::Trap:
      case ErrorKind::Exception:
        printTrap(error, std::filesystem::path(file_).stem().string(), instance_);
        return kExitTrap;
      default: return fail(kExitFailed, error);
    }
  }

  std::string file_;
  std::optional<Instance> instance_;  // once instantiated: names an uncaught exception's tag
  std::optional<WasiThreads> threads_;  // a wasi-threads program's
  /// The cache to compile a lazily compiled module into after the run.
  struct CacheFill {
    std::string directory;
    std::vector<std::string> options;  // kiln compile's, for the same code
  };
  std::optional<CacheFill> cacheFill_;
  CLI::App* subcommand_ = nullptr;
  std::string invoke_;  // empty: run _start as a WASI command
  std::vector<std::string> argsAfterMark_;  // FILE and ARGS after `kiln run [OPTIONS] --`
  std::vector<std::string> dirs_;
  std::vector<std::string> envs_;
  EngineOptions engine_;
};

}  // namespace

std::unique_ptr<Command> makeRunCommand() { return std::make_unique<RunCommand>(); }

}  // namespace kiln
