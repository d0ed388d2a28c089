#include "frontend_check.h"

#include <exception>

#include "validate/parse_module.h"

namespace kiln::spec {
namespace {

CheckKind classify(const text::Command& command) {
  using text::CommandKind;
  const text::ScriptModule::Kind module = command.module.kind;
  if (module == text::ScriptModule::Kind::Instance) return CheckKind::NotFrontEnd;
  switch (command.kind) {
    case CommandKind::Module: return CheckKind::WasmModule;
    case CommandKind::AssertMalformed:
      return module == text::ScriptModule::Kind::Binary ? CheckKind::AssertMalformed
                                                        : CheckKind::TextMalformed;
    case CommandKind::AssertInvalid: return CheckKind::AssertInvalid;
    case CommandKind::AssertUnlinkable: return CheckKind::AssertUnlinkable;
    case CommandKind::AssertUninstantiable: return CheckKind::AssertUninstantiable;
    default: return CheckKind::NotFrontEnd;
  }
}

const char* errorKindName(ModuleErrorKind kind) {
  switch (kind) {
    case ModuleErrorKind::Malformed: return "malformed";
    case ModuleErrorKind::Invalid: return "invalid";
    case ModuleErrorKind::Unsupported: return "unsupported";
  }
  return "?";
}

// What parseModule said about a module file.
struct ParseOutcome {
  bool accepted = false;
  std::optional<ModuleError> error;  // set when rejected
  std::string failure;               // set when the file is unreadable or parseModule threw
};

ParseOutcome parseBytes(const text::ScriptModule& module) {
  ParseOutcome outcome;
  if (module.error) {
    outcome.failure = "the text does not parse: " + module.error->message;
    return outcome;
  }
  // parseModule must report every problem as a ModuleError; an escaping
  // exception is a front-end bug, reported here rather than aborting the run.
  try {
    auto result = parseModule(module.bytes);
    if (result) {
      outcome.accepted = true;
    } else {
      outcome.error = result.error();
    }
  } catch (const DecodeFailure& leaked) {
    outcome.failure = "parseModule leaked DecodeFailure: " + leaked.message;
  } catch (const std::exception& thrown) {
    outcome.failure = std::string("parseModule threw: ") + thrown.what();
  }
  return outcome;
}

}  // namespace

const char* checkKindName(CheckKind kind) {
  switch (kind) {
    case CheckKind::WasmModule: return "module";
    case CheckKind::AssertMalformed: return "assert_malformed (binary)";
    case CheckKind::AssertInvalid: return "assert_invalid";
    case CheckKind::AssertUnlinkable: return "assert_unlinkable (module)";
    case CheckKind::AssertUninstantiable: return "assert_uninstantiable (module)";
    case CheckKind::TextMalformed: return "assert_malformed (text)";
    case CheckKind::NotFrontEnd: return "actions, register";
  }
  return "?";
}

CheckResult checkCommand(const text::Command& command) {
  CheckResult result;
  result.kind = classify(command);
  if (result.kind == CheckKind::TextMalformed || result.kind == CheckKind::NotFrontEnd) {
    return result;
  }
  result.applicable = true;
  ParseOutcome outcome = parseBytes(command.module);
  if (!outcome.failure.empty()) {
    result.detail = outcome.failure;
    return result;
  }
  if (outcome.error && outcome.error->kind == ModuleErrorKind::Unsupported) {
    const std::string& message = outcome.error->message;
    result.skippedFeature = message.substr(0, message.find(" ("));
    result.detail = "unsupported: " + outcome.error->toString();
    return result;
  }

  bool mustReject =
      result.kind == CheckKind::AssertMalformed || result.kind == CheckKind::AssertInvalid;
  if (!mustReject) {
    result.passed = outcome.accepted;
    if (!outcome.accepted) {
      result.detail = std::string("rejected as ") + errorKindName(outcome.error->kind) + ": " +
                      outcome.error->toString();
    }
    return result;
  }

  ModuleErrorKind expectedKind = result.kind == CheckKind::AssertMalformed
                                     ? ModuleErrorKind::Malformed
                                     : ModuleErrorKind::Invalid;
  result.expectedText = command.text;
  if (outcome.accepted) {
    result.detail = std::string("accepted, expected ") + errorKindName(expectedKind) +
                    " \"" + command.text + "\"";
    return result;
  }
  const ModuleError& error = *outcome.error;
  result.rejected = true;
  result.rightErrorKind = error.kind == expectedKind;
  result.messageMatches = error.message.find(command.text) != std::string::npos;
  // A malformed module must be caught by the decoder; an invalid one only
  // has to be rejected, and a wrong kind there is counted, not failed.
  result.passed = result.kind == CheckKind::AssertInvalid || result.rightErrorKind;
  result.detail = std::string("rejected as ") + errorKindName(error.kind) + ", expected " +
                  errorKindName(expectedKind) + " \"" + command.text + "\": " + error.toString();
  return result;
}

}  // namespace kiln::spec
