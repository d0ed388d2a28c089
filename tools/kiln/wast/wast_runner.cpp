#include "wast/wast_runner.h"

#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <sstream>
#include <utility>
#include <vector>

#include "kiln/kiln.h"
#include "module_file.h"
#include "text/script.h"
#include "wast/expected_value.h"
#include "wast/script_values.h"
#include "wast/spectest_module.h"
#include "wast/trap_text.h"
#include "wast/value_text.h"
#include "wast/watchdog.h"

namespace kiln {

namespace {

// What became of one command.
struct Outcome {
  enum class Kind { Passed, Failed, Skipped };
  Kind kind = Kind::Passed;
  std::string detail;  // for a failure: what differed
  // For a failure at a place of its own ("line:column"), not the command's.
  std::string location;

  static Outcome passed() { return {Kind::Passed, {}, {}}; }
  static Outcome failed(std::string detail) { return {Kind::Failed, std::move(detail), {}}; }
  // Skipped for want of `feature` (its name; kept in `detail`).
  static Outcome skipped(std::string feature) { return {Kind::Skipped, std::move(feature), {}}; }

  // A module whose text does not parse: a parse error where the text is
  // wrong (inside a quoted module, where in the quoted text).
  static Outcome textFailed(const text::ScriptModule& module) {
    const text::TextError& error = *module.error;
    const std::string at = std::to_string(error.line) + ":" + std::to_string(error.column);
    if (module.kind == text::ScriptModule::Kind::Quote) {
      return failed("parse error in the quoted text at " + at + ": " + error.message);
    }
    return {Kind::Failed, "parse error: " + error.message, at};
  }
};

// A module command's result, kept for the commands that refer to it later.
struct ModuleSlot {
  std::optional<Module> definition;  // (module definition ...): instantiated later
  std::optional<Instance> instance;
  // Kiln refused the module as Unsupported (SIMD, for now), or it imports
  // from one that was: commands on it are skipped. The feature refused
  // (empty when the module is supported).
  std::string unsupported;
};

// A module compiled by Kiln, or why not.
struct Compiled {
  std::optional<Module> module;
  std::optional<Error> error;
  bool unsupported() const { return error && error->kind == ErrorKind::Unsupported; }
  // The feature refused, named so that it is never empty.
  std::string feature() const { return error->feature.empty() ? "unsupported" : error->feature; }
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
               std::chrono::milliseconds timeout, std::optional<uint64_t> fuel)
      : engine_(engine), path_(std::move(path)), out_(out), store_(engine) {
    if (timeout.count() > 0) watchdog_ = std::make_unique<Watchdog>([this] { store_.interrupt(); }, timeout);
    if (fuel) store_.setFuel(*fuel);
  }

  WastTotals run(const text::Script& script) {
    WastTotals totals;
    if (!defineSpectest(linker_, store_)) {
      out_ << path_ << ": error: cannot create the spectest module\n";
      ++totals.failed;
      return totals;
    }
    for (size_t index = 0; index < script.commands.size(); ++index) {
      const text::Command& command = script.commands[index];
      Outcome outcome = runGuarded(command, index);
      switch (outcome.kind) {
        case Outcome::Kind::Passed: ++totals.passed; break;
        case Outcome::Kind::Skipped:
          ++totals.skipped;
          ++totals.skippedByFeature[outcome.detail];
          break;
        case Outcome::Kind::Failed:
          ++totals.failed;
          if (!outcome.location.empty()) {
            out_ << path_ << ":" << outcome.location << ": " << outcome.detail << "\n";
          } else {
            out_ << path_ << ":" << text::subjectLine(command) << ": "
                 << text::commandName(command) << ": " << outcome.detail << "\n";
          }
          break;
      }
    }
    return totals;
  }

 private:
  // Kiln reports errors as values; an exception escaping it is a bug, which
  // fails the command rather than the whole run.
  Outcome runGuarded(const text::Command& command, size_t index) {
    try {
      return runCommand(command, index);
    } catch (const std::exception& exception) {
      return Outcome::failed(std::string("exception: ") + exception.what());
    }
  }

  Outcome runCommand(const text::Command& command, size_t index) {
    using text::CommandKind;
    switch (command.kind) {
      case CommandKind::Module: return defineModule(command.module, index);
      case CommandKind::ModuleInstance: return instantiateDefinition(command, index);
      case CommandKind::Action: {
        ActionResult result = perform(command.action);
        if (result.stopped) return *result.stopped;
        if (result.error) return Outcome::failed(describeStop(*result.error));
        return Outcome::passed();
      }
      case CommandKind::Register: return registerModule(command);
      case CommandKind::AssertMalformed:
      case CommandKind::AssertMalformedCustom:
        return assertRejected(command.module, command.text, ErrorKind::Malformed);
      case CommandKind::AssertInvalid:
        return assertRejected(command.module, command.text, ErrorKind::Invalid);
      case CommandKind::AssertUnlinkable:
        return assertNotInstantiated(command.module, command.text, ErrorKind::Link);
      case CommandKind::AssertUninstantiable:
        return assertNotInstantiated(command.module, command.text, ErrorKind::Trap);
      case CommandKind::AssertReturn: return assertReturn(command);
      case CommandKind::AssertTrap: return assertTrap(command.action, command.text, false);
      case CommandKind::AssertExhaustion: return assertTrap(command.action, command.text, true);
      case CommandKind::AssertException: return assertException(command.action);
      case CommandKind::AssertInvalidCustom: return assertAcceptedDespiteCustom(command.module);
      case CommandKind::Thread:
      case CommandKind::Wait: return Outcome::skipped("threads");
    }
    return Outcome::failed("unknown command");
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

  // The feature of a skipped registered module that `module` imports from
  // (its link failure is a consequence of the skip), or empty.
  std::string importsSkippedModule(const Module& module) const {
    for (const ImportType& import : module.imports()) {
      auto skipped = skippedRegistrations_.find(import.module);
      if (skipped != skippedRegistrations_.end()) return skipped->second;
    }
    return {};
  }

  // A module command: defines the module and, unless it is only a
  // definition, instantiates it.
  Outcome defineModule(const text::ScriptModule& source, size_t index) {
    ModuleSlot& slot = slots_[index];
    if (!source.name.empty()) definitionNames_[source.name] = index;
    lastDefinition_ = index;
    if (!source.definition) {
      if (!source.name.empty()) instanceNames_[source.name] = index;
      lastInstance_ = index;
    }
    if (source.error) return Outcome::textFailed(source);
    Compiled compiled = compile(source.bytes);
    if (!compiled.module) {
      if (compiled.unsupported()) {
        slot.unsupported = compiled.feature();
        return Outcome::skipped(slot.unsupported);
      }
      return Outcome::failed("module rejected: " + describeError(*compiled.error));
    }
    slot.definition = std::move(compiled.module);
    if (source.definition) return Outcome::passed();
    return instantiateInto(slot, *slot.definition);
  }

  Outcome instantiateInto(ModuleSlot& slot, const Module& module) {
    auto instance = instantiate(module);
    if (!instance) {
      if (std::string feature = importsSkippedModule(module); !feature.empty()) {
        slot.unsupported = feature;
        return Outcome::skipped(feature);
      }
      return Outcome::failed("instantiation failed: " + describeError(instance.error()));
    }
    slot.instance = *instance;
    return Outcome::passed();
  }

  // (module instance $i? $m?): a new instance of a module definition.
  Outcome instantiateDefinition(const text::Command& command, size_t index) {
    const ModuleSlot* definition = findSlot(definitionNames_, command.moduleRef, lastDefinition_);
    if (!command.instance.empty()) instanceNames_[command.instance] = index;
    lastInstance_ = index;
    ModuleSlot& slot = slots_[index];
    if (!definition) return Outcome::failed("no such module");
    if (!definition->unsupported.empty()) {
      slot.unsupported = definition->unsupported;
      return Outcome::skipped(slot.unsupported);
    }
    if (!definition->definition) return Outcome::failed("its module was not defined");
    const Module module = *definition->definition;
    return instantiateInto(slot, module);
  }

  // The slot a reference names ($name in `names`), or the latest one.
  const ModuleSlot* findSlot(const std::map<std::string, size_t>& names, const std::string& name,
                             size_t latest) const {
    size_t index = latest;
    if (!name.empty()) {
      auto named = names.find(name);
      if (named == names.end()) return nullptr;
      index = named->second;
    }
    auto slot = slots_.find(index);
    return slot == slots_.end() ? nullptr : &slot->second;
  }

  // The instance an action or `register` names: the latest one by default.
  const ModuleSlot* findModule(const std::string& name) const {
    return findSlot(instanceNames_, name, lastInstance_);
  }

  // Why commands on `slot` cannot run, if they cannot.
  static std::optional<Outcome> unusable(const ModuleSlot* slot) {
    if (!slot) return Outcome::failed("no such module");
    if (!slot->unsupported.empty()) return Outcome::skipped(slot->unsupported);
    if (!slot->instance) return Outcome::failed("its module was not instantiated");
    return std::nullopt;
  }

  Outcome registerModule(const text::Command& command) {
    const ModuleSlot* slot = findModule(command.instance);
    if (slot && !slot->unsupported.empty()) {
      skippedRegistrations_[command.registerName] = slot->unsupported;
    }
    if (auto problem = unusable(slot)) return *problem;
    linker_.defineInstance(command.registerName, *slot->instance);
    return Outcome::passed();
  }

  ActionResult perform(const text::Action& action) {
    ActionResult result;
    const ModuleSlot* slot = findModule(action.instance);
    if (auto problem = unusable(slot)) {
      result.stopped = problem;
      return result;
    }
    if (action.kind == text::Action::Kind::Get) {
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
    for (const text::ScriptValue& value : action.arguments) {
      auto arg = argumentFromScript(value);
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

  Outcome assertReturn(const text::Command& command) {
    ActionResult result = perform(command.action);
    if (result.stopped) return *result.stopped;
    std::string invoked = quoted(command.action.name) + ": ";
    if (result.error) return Outcome::failed(invoked + describeStop(*result.error));

    std::vector<std::vector<ExpectedValue>> expected;
    for (const text::ResultPattern& pattern : command.results) {
      auto alternatives = expectedFromPattern(pattern);
      if (!alternatives) return Outcome::failed(alternatives.error());
      expected.push_back(std::move(*alternatives));
    }
    if (resultsMatch(expected, result.values)) return Outcome::passed();

    std::string want;
    for (size_t i = 0; i < expected.size(); ++i) {
      if (i) want += ", ";
      for (size_t j = 0; j < expected[i].size(); ++j) {
        want += (j ? " or " : "") + describeExpected(expected[i][j]);
      }
    }
    std::string got;
    for (size_t i = 0; i < result.values.size(); ++i) {
      const Val& value = result.values[i];
      got += (i ? ", " : "") + (i < expected.size() && !expected[i].empty()
                                    ? describeActual(value, expected[i][0])
                                    : describeValue(value));
    }
    return Outcome::failed(invoked + "expected (" + want + "), got (" + got + ")");
  }

  // Every result matches one of its expectation's alternatives (more than
  // one for `either`).
  static bool resultsMatch(const std::vector<std::vector<ExpectedValue>>& expected,
                           const std::vector<Val>& values) {
    if (values.size() != expected.size()) return false;
    for (size_t i = 0; i < values.size(); ++i) {
      bool matched = false;
      for (const ExpectedValue& alternative : expected[i]) {
        matched = matched || matches(alternative, values[i]);
      }
      if (!matched) return false;
    }
    return true;
  }

  Outcome assertTrap(const text::Action& action, const std::string& text, bool exhaustion) {
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

  // assert_exception: the call ends in an exception no Wasm handler caught.
  Outcome assertException(const text::Action& action) {
    ActionResult result = perform(action);
    if (result.stopped) return *result.stopped;
    if (result.error && result.error->kind == ErrorKind::Exception) return Outcome::passed();
    std::string got = result.error ? describeError(*result.error) : describeValues(result.values);
    return Outcome::failed(quoted(action.name) + ": expected an exception, got " + got);
  }

  // assert_malformed / assert_invalid: Kiln must reject the module with an
  // error of that kind. For a quoted text module, the text parser rejecting
  // it is the rejection.
  Outcome assertRejected(const text::ScriptModule& module, const std::string& text,
                         ErrorKind expected) {
    const bool quoted_ = module.kind == text::ScriptModule::Kind::Quote;
    if (module.error) {
      if (quoted_) return Outcome::passed();
      return Outcome::textFailed(module);
    }
    Compiled compiled = compile(module.bytes);
    std::string want = std::string(toString(expected)) + " " + quoted(text);
    if (compiled.module) {
      std::string what = quoted_ ? "the text parser accepted the text and Kiln the binary; expected "
                                 : "module accepted; expected ";
      return Outcome::failed(what + want);
    }
    if (compiled.error->kind == expected) return Outcome::passed();
    // A proposal Kiln declares unsupported: whether the module breaks its
    // rules is not known until Kiln takes it.
    if (compiled.unsupported()) return Outcome::skipped(compiled.feature());
    return Outcome::failed("expected " + want + ", got " + describeError(*compiled.error));
  }

  // assert_invalid_custom: a custom section (or annotation) that breaks its
  // own rules. Custom sections never make a module invalid (the spec's
  // custom sections: an engine that checks one reports the error and still
  // takes the module), and Kiln checks none: the module must compile.
  Outcome assertAcceptedDespiteCustom(const text::ScriptModule& module) {
    if (module.error) return Outcome::textFailed(module);
    Compiled compiled = compile(module.bytes);
    if (compiled.module) return Outcome::passed();
    if (compiled.unsupported()) return Outcome::skipped(compiled.feature());
    return Outcome::failed("a module with an invalid custom section must still be taken; got " +
                           describeError(*compiled.error));
  }

  // assert_unlinkable / assert_uninstantiable: the module compiles, and
  // instantiating it fails with an error of `kind`: any Link error (Kiln's
  // wording is its own), or the trap `text` names.
  Outcome assertNotInstantiated(const text::ScriptModule& source, const std::string& text,
                                ErrorKind kind) {
    std::optional<Module> module;
    if (source.kind == text::ScriptModule::Kind::Instance) {
      const ModuleSlot* definition =
          findSlot(definitionNames_, source.instanceOf, lastDefinition_);
      if (definition && !definition->unsupported.empty()) {
        return Outcome::skipped(definition->unsupported);
      }
      if (!definition || !definition->definition) return Outcome::failed("no module definition");
      module = *definition->definition;
    } else {
      if (source.error) return Outcome::textFailed(source);
      Compiled compiled = compile(source.bytes);
      if (!compiled.module) {
        if (compiled.unsupported()) return Outcome::skipped(compiled.feature());
        return Outcome::failed("module rejected: " + describeError(*compiled.error));
      }
      module = std::move(compiled.module);
    }
    auto instance = instantiate(*module);
    std::string expected =
        std::string(kind == ErrorKind::Link ? "link error " : "trap ") + quoted(text);
    if (instance) return Outcome::failed("instantiated; expected " + expected);
    const Error& error = instance.error();
    bool matched = kind == ErrorKind::Trap ? isTrap(error, text) : error.kind == kind;
    if (matched) return Outcome::passed();
    // Its imports come from a module skipped as unsupported: what it would
    // do is unknown until Kiln runs that module.
    if (std::string feature = importsSkippedModule(*module); !feature.empty()) {
      return Outcome::skipped(feature);
    }
    return Outcome::failed("expected " + expected + ", got " + describeError(error));
  }

  const Engine& engine_;
  std::string path_;
  std::ostream& out_;
  Store store_;
  Linker linker_;
  std::unique_ptr<Watchdog> watchdog_;
  std::map<size_t, ModuleSlot> slots_;  // by command index
  // $name -> the command of the latest module definition / instance so named.
  std::map<std::string, size_t> definitionNames_;
  std::map<std::string, size_t> instanceNames_;
  size_t lastDefinition_ = SIZE_MAX;
  size_t lastInstance_ = SIZE_MAX;
  std::map<std::string, std::string> skippedRegistrations_;  // name -> feature
};

}  // namespace

WastTotals& WastTotals::operator+=(const WastTotals& other) {
  passed += other.passed;
  failed += other.failed;
  skipped += other.skipped;
  for (const auto& [feature, count] : other.skippedByFeature) skippedByFeature[feature] += count;
  return *this;
}

std::string WastTotals::serialize() const {
  std::ostringstream out;
  out << "passed " << passed << "\nfailed " << failed << "\nskipped " << skipped << "\n";
  for (const auto& [feature, count] : skippedByFeature) {
    out << "feature " << count << " " << feature << "\n";
  }
  return out.str();
}

std::optional<WastTotals> WastTotals::deserialize(const std::string& text) {
  WastTotals totals;
  std::istringstream in(text);
  std::string key;
  if (!(in >> key >> totals.passed) || key != "passed") return std::nullopt;
  if (!(in >> key >> totals.failed) || key != "failed") return std::nullopt;
  if (!(in >> key >> totals.skipped) || key != "skipped") return std::nullopt;
  int count = 0;
  while (in >> key >> count && key == "feature") {
    std::string feature;
    std::getline(in >> std::ws, feature);
    totals.skippedByFeature[feature] = count;
  }
  return totals;
}

WastTotals runWastScript(const Engine& engine, const std::string& path, std::ostream& out,
                         std::chrono::milliseconds timeout, std::optional<uint64_t> fuel) {
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
  std::string_view source(reinterpret_cast<const char*>(text->data()), text->size());
  text::WatOptions options;
  options.nameSection = false;
  auto script = text::parseWast(source, options);
  if (!script) {
    out << path << ":" << script.error().line << ":" << script.error().column
        << ": parse error: " << script.error().message << "\n";
    ++totals.failed;
    return totals;
  }
  ScriptRunner runner(engine, path, out, timeout, fuel);
  return runner.run(*script);
}

}  // namespace kiln
