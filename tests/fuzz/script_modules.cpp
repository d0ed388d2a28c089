#include "script_modules.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "text/script.h"

namespace kiln::fuzz {

namespace {

void collect(const std::vector<text::Command>& commands, std::string_view source,
             const std::string& name, std::vector<ScriptModule>& out) {
  for (const text::Command& command : commands) {
    if (command.kind == text::CommandKind::Thread) {
      collect(command.commands, source, name, out);
      continue;
    }
    const text::ScriptModule& module = command.module;
    if (command.kind == text::CommandKind::ModuleInstance ||
        module.kind == text::ScriptModule::Kind::Instance || module.sourceEnd == 0) {
      continue;
    }
    ScriptModule entry;
    entry.label = name + ":" + std::to_string(module.line);
    if (!module.error) entry.bytes = module.bytes;
    entry.valid = command.kind != text::CommandKind::AssertMalformed &&
                  command.kind != text::CommandKind::AssertInvalid &&
                  command.kind != text::CommandKind::AssertMalformedCustom;
    if (module.kind == text::ScriptModule::Kind::Text) {
      entry.text = source.substr(module.sourceBegin, module.sourceEnd - module.sourceBegin);
    } else if (module.kind == text::ScriptModule::Kind::Quote) {
      entry.text = module.quotedText;
    }
    out.push_back(std::move(entry));
  }
}

}  // namespace

std::optional<std::vector<uint8_t>> readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

std::vector<ScriptModule> scriptModules(const std::filesystem::path& path) {
  std::optional<std::vector<uint8_t>> bytes = readFile(path);
  if (!bytes) throw std::runtime_error("cannot read " + path.string());
  std::string_view source(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  text::WatOptions options;
  options.nameSection = false;
  auto script = text::parseWast(source, options);
  if (!script) throw std::runtime_error(script.error().toString(path.string()));
  std::vector<ScriptModule> modules;
  collect(script->commands, source, path.filename().string(), modules);
  return modules;
}

}  // namespace kiln::fuzz
