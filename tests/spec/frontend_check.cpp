#include "frontend_check.h"

#include <exception>

#include "validate/parse_module.h"

namespace kiln::spec {
namespace {

CheckKind classify(const WastCommand& command) {
  if (command.filename.empty()) return CheckKind::NotFrontEnd;
  if (command.type == "module") return CheckKind::WasmModule;
  if (command.type == "assert_malformed") {
    return command.moduleType == "text" ? CheckKind::TextMalformed : CheckKind::AssertMalformed;
  }
  if (command.type == "assert_invalid") return CheckKind::AssertInvalid;
  if (command.type == "assert_unlinkable") return CheckKind::AssertUnlinkable;
  if (command.type == "assert_uninstantiable") return CheckKind::AssertUninstantiable;
  return CheckKind::NotFrontEnd;
}

const char* errorKindName(ModuleErrorKind kind) {
  return kind == ModuleErrorKind::Malformed ? "malformed" : "invalid";
}

// What parseModule said about a module file.
struct ParseOutcome {
  bool accepted = false;
  std::optional<ModuleError> error;  // set when rejected
  std::string failure;               // set when the file is unreadable or parseModule threw
};

ParseOutcome parseFile(const std::filesystem::path& path) {
  ParseOutcome outcome;
  std::optional<std::vector<uint8_t>> bytes = readBinaryFile(path);
  if (!bytes) {
    outcome.failure = "cannot read " + path.string();
    return outcome;
  }
  // parseModule must report every problem as a ModuleError; an escaping
  // exception is a front-end bug, reported here rather than aborting the run.
  try {
    auto result = parseModule(std::move(*bytes));
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

CheckResult checkCommand(const WastScript& script, const WastCommand& command) {
  CheckResult result;
  result.kind = classify(command);
  if (result.kind == CheckKind::TextMalformed || result.kind == CheckKind::NotFrontEnd) {
    return result;
  }
  result.applicable = true;
  ParseOutcome outcome = parseFile(script.modulePath(command));
  if (!outcome.failure.empty()) {
    result.detail = outcome.failure;
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
