#include "wast/wast_runner.h"

#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include <wabt/cast.h>
#include <wabt/ir.h>
#include <wabt/wast-lexer.h>
#include <wabt/wast-parser.h>

#include "kiln/kiln.h"
#include "module_file.h"
#include "wast/expected_value.h"
#include "wast/script_module_bytes.h"
#include "wast/spectest_module.h"
#include "wast/trap_text.h"
#include "wast/value_text.h"
#include "wast/wabt_values.h"
#include "wast/watchdog.h"

namespace kiln {

namespace {

// What became of one command.
struct Outcome {
  enum class Kind { Passed, Failed, Skipped };
  Kind kind = Kind::Passed;
  std::string detail;  // for a failure: what differed

  static Outcome passed() { return {Kind::Passed, {}}; }
  static Outcome failed(std::string detail) { return {Kind::Failed, std::move(detail)}; }
  static Outcome skipped() { return {Kind::Skipped, {}}; }
};

// A module command's result, kept for the commands that refer to it later.
struct ModuleSlot {
  std::optional<Instance> instance;
  // Kiln refused the module as Unsupported (SIMD, for now), or it imports
  // from one that was: commands on it are skipped.
  bool unsupported = false;
};

// A module compiled by Kiln, or why not.
struct Compiled {
  std::optional<Module> module;
  std::optional<Error> error;
  bool unsupported() const { return error && error->kind == ErrorKind::Unsupported; }
};

// The result of an invoke or get, or the outcome that stopped it first.
struct ActionResult {
  std::optional<Outcome> stopped;
  std::optional<Error> error;  // the call did not return: a trap, usually
  std::vector<Val> values;
};

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

std::string describeValues(const std::vector<Val>& values) {
  std::string out = "(";
  for (size_t i = 0; i < values.size(); ++i) {
    out += (i ? ", " : "") + describeValue(values[i]);
  }
  return out + ")";
}

// The wast keyword of a command, for failure lines.
std::string commandName(const wabt::Command& command) {
  switch (command.type) {
    case wabt::CommandType::Module:
    case wabt::CommandType::ScriptModule: return "module";
    case wabt::CommandType::Action:
      return wabt::cast<wabt::ActionCommand>(&command)->action->type() == wabt::ActionType::Get
                 ? "get"
                 : "invoke";
    case wabt::CommandType::Register: return "register";
    case wabt::CommandType::AssertMalformed: return "assert_malformed";
    case wabt::CommandType::AssertInvalid: return "assert_invalid";
    case wabt::CommandType::AssertUnlinkable: return "assert_unlinkable";
    case wabt::CommandType::AssertUninstantiable: return "assert_uninstantiable";
    case wabt::CommandType::AssertReturn: return "assert_return";
    case wabt::CommandType::AssertTrap: return "assert_trap";
    case wabt::CommandType::AssertExhaustion: return "assert_exhaustion";
    case wabt::CommandType::AssertException: return "assert_exception";
  }
  return "command";
}

template <class T>
const T& as(const wabt::Command& command) {
  return *wabt::cast<T>(&command);
}

// The script line a command starts on (its module's or action's location).
int commandLine(const wabt::Command& command) {
  using wabt::CommandType;
  switch (command.type) {
    case CommandType::Module: return as<wabt::ModuleCommand>(command).module.loc.line;
    case CommandType::ScriptModule:
      return as<wabt::ScriptModuleCommand>(command).script_module->location().line;
    case CommandType::Action: return as<wabt::ActionCommand>(command).action->loc.line;
    case CommandType::Register: return as<wabt::RegisterCommand>(command).var.loc.line;
    case CommandType::AssertMalformed:
      return as<wabt::AssertMalformedCommand>(command).module->location().line;
    case CommandType::AssertInvalid:
      return as<wabt::AssertInvalidCommand>(command).module->location().line;
    case CommandType::AssertUnlinkable:
      return as<wabt::AssertUnlinkableCommand>(command).module->location().line;
    case CommandType::AssertUninstantiable:
      return as<wabt::AssertUninstantiableCommand>(command).module->location().line;
    case CommandType::AssertReturn: return as<wabt::AssertReturnCommand>(command).action->loc.line;
    case CommandType::AssertTrap: return as<wabt::AssertTrapCommand>(command).action->loc.line;
    case CommandType::AssertExhaustion:
      return as<wabt::AssertExhaustionCommand>(command).action->loc.line;
    case CommandType::AssertException:
      return as<wabt::AssertExceptionCommand>(command).action->loc.line;
  }
  return 0;
}

// "trap \"...\"" or "<kind> error \"...\"".
std::string describeError(const Error& error) {
  if (error.kind == ErrorKind::Trap) return "trap " + quoted(error.message);
  return std::string(toString(error.kind)) + " error " + quoted(error.toString());
}

// Why a call did not return: "trapped: \"...\"" or "stopped: <kind> error \"...\"".
std::string describeStop(const Error& error) {
  if (error.kind == ErrorKind::Trap) return "trapped: " + quoted(error.message);
  return "stopped: " + describeError(error);
}

// True when `error` is the trap a script describes as `text`.
bool isTrap(const Error& error, const std::string& text) {
  return error.kind == ErrorKind::Trap && trapMatchesText(error.trap->code, text);
}

// Runs the commands of one script in order, in one store.
class ScriptRunner {
 public:
  ScriptRunner(const Engine& engine, std::string path, std::ostream& out,
               std::chrono::milliseconds timeout)
      : engine_(engine), path_(std::move(path)), out_(out), store_(engine) {
    if (timeout.count() > 0) watchdog_ = std::make_unique<Watchdog>(store_, timeout);
  }

  WastTotals run(const wabt::Script& script) {
    WastTotals totals;
    if (!defineSpectest(linker_, store_)) {
      out_ << path_ << ": error: cannot create the spectest module\n";
      ++totals.failed;
      return totals;
    }
    for (size_t index = 0; index < script.commands.size(); ++index) {
      const wabt::Command& command = *script.commands[index];
      Outcome outcome = runGuarded(command, wabt::Index(index));
      switch (outcome.kind) {
        case Outcome::Kind::Passed: ++totals.passed; break;
        case Outcome::Kind::Skipped: ++totals.skipped; break;
        case Outcome::Kind::Failed:
          ++totals.failed;
          out_ << path_ << ":" << commandLine(command) << ": " << commandName(command) << ": "
               << outcome.detail << "\n";
          break;
      }
    }
    return totals;
  }

 private:
  // Kiln reports errors as values; an exception escaping it is a bug, which
  // fails the command rather than the whole run.
  Outcome runGuarded(const wabt::Command& command, wabt::Index index) {
    try {
      return runCommand(command, index);
    } catch (const std::exception& exception) {
      return Outcome::failed(std::string("exception: ") + exception.what());
    }
  }

  Outcome runCommand(const wabt::Command& command, wabt::Index index) {
    using wabt::CommandType;
    switch (command.type) {
      case CommandType::Module: {
        const wabt::Module& module = as<wabt::ModuleCommand>(command).module;
        return defineModule(bytesOfModule(module), module.name, index);
      }
      case CommandType::ScriptModule: {
        const auto& scriptModule = as<wabt::ScriptModuleCommand>(command);
        return defineModule(bytesOfScriptModule(*scriptModule.script_module),
                            scriptModule.module.name, index);
      }
      case CommandType::Action: {
        ActionResult result = perform(*as<wabt::ActionCommand>(command).action);
        if (result.stopped) return *result.stopped;
        if (result.error) return Outcome::failed(describeStop(*result.error));
        return Outcome::passed();
      }
      case CommandType::Register: return registerModule(as<wabt::RegisterCommand>(command));
      case CommandType::AssertMalformed: {
        const auto& assertion = as<wabt::AssertMalformedCommand>(command);
        return assertRejected(*assertion.module, assertion.text, ErrorKind::Malformed);
      }
      case CommandType::AssertInvalid: {
        const auto& assertion = as<wabt::AssertInvalidCommand>(command);
        return assertRejected(*assertion.module, assertion.text, ErrorKind::Invalid);
      }
      case CommandType::AssertUnlinkable: {
        const auto& assertion = as<wabt::AssertUnlinkableCommand>(command);
        return assertNotInstantiated(*assertion.module, assertion.text, ErrorKind::Link);
      }
      case CommandType::AssertUninstantiable: {
        const auto& assertion = as<wabt::AssertUninstantiableCommand>(command);
        return assertNotInstantiated(*assertion.module, assertion.text, ErrorKind::Trap);
      }
      case CommandType::AssertReturn: return assertReturn(as<wabt::AssertReturnCommand>(command));
      case CommandType::AssertTrap: {
        const auto& assertion = as<wabt::AssertTrapCommand>(command);
        return assertTrap(*assertion.action, assertion.text, false);
      }
      case CommandType::AssertExhaustion: {
        const auto& assertion = as<wabt::AssertExhaustionCommand>(command);
        return assertTrap(*assertion.action, assertion.text, true);
      }
      case CommandType::AssertException: break;
    }
    return Outcome::failed("not a WebAssembly 2.0 command");
  }

  Compiled compile(const std::vector<uint8_t>& bytes) {
    auto module = Module::fromBytes(engine_, bytes);
    if (module) return {std::move(module).value(), std::nullopt};
    // Modules Kiln refuses as Unsupported are skipped, not failed.
    return {std::nullopt, module.error()};
  }

  Expected<Instance, Error> instantiate(const Module& module) {
    return guarded(watchdog_.get(), [&] { return linker_.instantiate(store_, module); });
  }

  // True when the module imports from a registered module that was skipped:
  // its link failure is a consequence of the skip.
  bool importsSkippedModule(const Module& module) const {
    for (const ImportType& import : module.imports()) {
      if (skippedRegistrations_.count(import.module)) return true;
    }
    return false;
  }

  Outcome defineModule(const ScriptModuleBytes& source, const std::string& name,
                       wabt::Index index) {
    ModuleSlot& slot = slots_[index];
    if (!name.empty()) names_[name] = index;
    if (!source.textError.empty()) return Outcome::failed("wabt: " + source.textError);
    Compiled compiled = compile(source.bytes);
    if (!compiled.module) {
      slot.unsupported = compiled.unsupported();
      if (slot.unsupported) return Outcome::skipped();
      return Outcome::failed("module rejected: " + describeError(*compiled.error));
    }
    auto instance = instantiate(*compiled.module);
    if (!instance) {
      if (importsSkippedModule(*compiled.module)) {
        slot.unsupported = true;
        return Outcome::skipped();
      }
      return Outcome::failed("instantiation failed: " + describeError(instance.error()));
    }
    slot.instance = *instance;
    return Outcome::passed();
  }

  // The slot a command's module reference names: the last module by default.
  const ModuleSlot* findModule(const wabt::Var& var) const {
    wabt::Index index = var.is_index() ? var.index() : wabt::kInvalidIndex;
    if (var.is_name()) {
      auto named = names_.find(var.name());
      if (named != names_.end()) index = named->second;
    }
    auto slot = slots_.find(index);
    return slot == slots_.end() ? nullptr : &slot->second;
  }

  // Why commands on `slot` cannot run, if they cannot.
  static std::optional<Outcome> unusable(const ModuleSlot* slot) {
    if (!slot) return Outcome::failed("no such module");
    if (slot->unsupported) return Outcome::skipped();
    if (!slot->instance) return Outcome::failed("its module was not instantiated");
    return std::nullopt;
  }

  Outcome registerModule(const wabt::RegisterCommand& command) {
    const ModuleSlot* slot = findModule(command.var);
    if (slot && slot->unsupported) skippedRegistrations_.insert(command.module_name);
    if (auto problem = unusable(slot)) return *problem;
    linker_.defineInstance(command.module_name, *slot->instance);
    return Outcome::passed();
  }

  ActionResult perform(const wabt::Action& action) {
    ActionResult result;
    const ModuleSlot* slot = findModule(action.module_var);
    if (auto problem = unusable(slot)) {
      result.stopped = problem;
      return result;
    }
    if (action.type() == wabt::ActionType::Get) {
      auto global = slot->instance->getGlobal(action.name);
      if (global) {
        result.values.push_back(global->get());
      } else {
        result.stopped = Outcome::failed("no exported global " + quoted(action.name));
      }
      return result;
    }

    auto func = slot->instance->getFunc(action.name);
    if (!func) {
      result.stopped = Outcome::failed("no exported function " + quoted(action.name));
      return result;
    }
    std::vector<Val> args;
    for (const wabt::Const& constant : wabt::cast<wabt::InvokeAction>(&action)->args) {
      auto arg = argumentFromConst(constant);
      if (!arg) {
        result.stopped = Outcome::failed(arg.error());
        return result;
      }
      args.push_back(*arg);
    }
    auto called = guarded(watchdog_.get(), [&] { return func->call(args); });
    if (called) {
      result.values = std::move(called).value();
    } else {
      result.error = called.error();
    }
    return result;
  }

  Outcome assertReturn(const wabt::AssertReturnCommand& command) {
    ActionResult result = perform(*command.action);
    if (result.stopped) return *result.stopped;
    std::string invoked = quoted(command.action->name) + ": ";
    if (result.error) return Outcome::failed(invoked + describeStop(*result.error));

    std::vector<ExpectedValue> expected;
    for (const wabt::Const& constant : command.expected->expected) {
      auto value = expectedFromConst(constant);
      if (!value) return Outcome::failed(value.error());
      expected.push_back(*value);
    }
    bool either = command.expected->type() == wabt::ExpectationType::Either;
    if (resultsMatch(expected, result.values, either)) return Outcome::passed();

    std::string want;
    for (size_t i = 0; i < expected.size(); ++i) {
      want += (i ? (either ? " or " : ", ") : "") + describeExpected(expected[i]);
    }
    std::string got;
    for (size_t i = 0; i < result.values.size(); ++i) {
      const Val& value = result.values[i];
      got += (i ? ", " : "") + (i < expected.size() ? describeActual(value, expected[i])
                                                   : describeValue(value));
    }
    return Outcome::failed(invoked + "expected (" + want + "), got (" + got + ")");
  }

  // Values: every result matches its expectation. Either: the one result
  // matches one of the alternatives.
  static bool resultsMatch(const std::vector<ExpectedValue>& expected,
                           const std::vector<Val>& values, bool either) {
    if (either) {
      if (values.size() != 1) return false;
      for (const ExpectedValue& alternative : expected) {
        if (matches(alternative, values[0])) return true;
      }
      return false;
    }
    if (values.size() != expected.size()) return false;
    for (size_t i = 0; i < values.size(); ++i) {
      if (!matches(expected[i], values[i])) return false;
    }
    return true;
  }

  Outcome assertTrap(const wabt::Action& action, const std::string& text, bool exhaustion) {
    ActionResult result = perform(action);
    if (result.stopped) return *result.stopped;
    std::string invoked = quoted(action.name) + ": ";
    if (!result.error) {
      return Outcome::failed(invoked + "expected trap " + quoted(text) + ", got " +
                             describeValues(result.values));
    }
    const Error& error = *result.error;
    bool codeOk = !exhaustion || (error.trap && error.trap->code == TrapCode::StackOverflow);
    if (codeOk && isTrap(error, text)) return Outcome::passed();
    return Outcome::failed(invoked + "expected trap " + quoted(text) + ", got " +
                           describeError(error));
  }

  // assert_malformed / assert_invalid: Kiln must reject the module with an
  // error of that kind. For a quoted text module, wabt's text parser
  // rejecting it is the rejection.
  Outcome assertRejected(const wabt::ScriptModule& module, const std::string& text,
                         ErrorKind expected) {
    ScriptModuleBytes source = bytesOfScriptModule(module);
    if (!source.textError.empty()) {
      if (module.type() == wabt::ScriptModuleType::Quoted) return Outcome::passed();
      return Outcome::failed("wabt: " + source.textError);
    }
    Compiled compiled = compile(source.bytes);
    std::string want = std::string(toString(expected)) + " " + quoted(text);
    if (compiled.module) {
      std::string what = module.type() == wabt::ScriptModuleType::Quoted
                             ? "wabt accepted the text and Kiln the binary; expected "
                             : "module accepted; expected ";
      return Outcome::failed(what + want);
    }
    // A malformed module must be rejected as malformed. An invalid one must
    // be rejected by the front end, as invalid or malformed: wabt writes some
    // invalid text modules as malformed binaries (memory.init without a data
    // count section), and spec_frontend counts those without failing them.
    ErrorKind kind = compiled.error->kind;
    if (kind == expected || (expected == ErrorKind::Invalid && kind == ErrorKind::Malformed)) {
      return Outcome::passed();
    }
    return Outcome::failed("expected " + want + ", got " + describeError(*compiled.error));
  }

  // assert_unlinkable / assert_uninstantiable: the module compiles, and
  // instantiating it fails with an error of `kind`: any Link error (Kiln's
  // wording is its own), or the trap `text` names.
  Outcome assertNotInstantiated(const wabt::ScriptModule& module, const std::string& text,
                                ErrorKind kind) {
    ScriptModuleBytes source = bytesOfScriptModule(module);
    if (!source.textError.empty()) return Outcome::failed("wabt: " + source.textError);
    Compiled compiled = compile(source.bytes);
    if (!compiled.module) {
      if (compiled.unsupported()) return Outcome::skipped();
      return Outcome::failed("module rejected: " + describeError(*compiled.error));
    }
    auto instance = instantiate(*compiled.module);
    std::string expected =
        std::string(kind == ErrorKind::Link ? "link error " : "trap ") + quoted(text);
    if (instance) return Outcome::failed("instantiated; expected " + expected);
    const Error& error = instance.error();
    bool matched = kind == ErrorKind::Trap ? isTrap(error, text) : error.kind == kind;
    if (matched) return Outcome::passed();
    return Outcome::failed("expected " + expected + ", got " + describeError(error));
  }

  const Engine& engine_;
  std::string path_;
  std::ostream& out_;
  Store store_;
  Linker linker_;
  std::unique_ptr<Watchdog> watchdog_;
  std::map<wabt::Index, ModuleSlot> slots_;  // by command index
  std::map<std::string, wabt::Index> names_;  // $name -> latest module so named
  std::set<std::string> skippedRegistrations_;
};

}  // namespace

WastTotals runWastScript(const Engine& engine, const std::string& path, std::ostream& out,
                         std::chrono::milliseconds timeout) {
  WastTotals totals;
  // A script is held to the module size limit too (its modules are a part of it).
  const uint64_t limit = engine.config().maxModuleBytes;
  auto text = readFile(path, limit);
  if (!text || text->size() > limit) {
    out << path << ": error: "
        << (text ? "script over the size limit of " + std::to_string(limit) + " bytes"
                 : text.error().message)
        << "\n";
    ++totals.failed;
    return totals;
  }
  wabt::Errors errors;
  auto lexer = wabt::WastLexer::CreateBufferLexer(path, text->data(), text->size(), &errors);
  wabt::WastParseOptions options(wasm2Features());
  std::unique_ptr<wabt::Script> script;
  if (wabt::Failed(wabt::ParseWastScript(lexer.get(), &script, &errors, &options)) || !script) {
    for (const wabt::Error& error : errors) {
      out << path << ":" << error.loc.line << ": parse error: " << error.message << "\n";
    }
    ++totals.failed;
    return totals;
  }
  ScriptRunner runner(engine, path, out, timeout);
  return runner.run(*script);
}

}  // namespace kiln
