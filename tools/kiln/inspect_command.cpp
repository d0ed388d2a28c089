#include "inspect_command.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine_options.h"
#include "kiln/engine.h"
#include "module_file.h"
#include "runtime/internal_api.h"

namespace kiln {

namespace {

using internal::ExportLayout;
using internal::ImportLayout;
using internal::IndexSpaceSize;
using internal::InspectedModule;
using internal::ModuleLayout;
using internal::SectionLayout;

// Keeps keys in the order written, so the output reads top-down like the text form.
using json = nlohmann::ordered_json;

/// The spec's name for section `id` ("type", "import", ..., "datacount").
std::string_view sectionName(uint8_t id) {
  static constexpr std::string_view kNames[] = {
      "custom", "type",  "import", "function", "table", "memory",   "global",
      "export", "start", "element", "code",    "data",  "datacount"};
  return id < std::size(kNames) ? kNames[id] : "unknown";
}

std::string describeLimits(const Limits& limits) {
  std::string out = "min " + std::to_string(limits.min);
  if (limits.max) out += " max " + std::to_string(*limits.max);
  return out;
}

/// The type part of an import, e.g. "type 0 (i32) -> ()" or "mut i64".
std::string describeImportType(const ImportLayout& entry) {
  const ExternType& type = entry.import.type;
  switch (type.kind) {
    case ExternKind::Func:
      return "type " + std::to_string(entry.funcTypeIndex) + " " + toString(type.func);
    case ExternKind::Table:
      return std::string(toString(type.table.element)) + " " + describeLimits(type.table.limits);
    case ExternKind::Memory:
      return "pages " + describeLimits(type.memory.limits);
    case ExternKind::Global:
      return (type.global.isMutable ? "mut " : "") + std::string(toString(type.global.type));
    case ExternKind::Tag:
      return "type " + std::to_string(entry.funcTypeIndex) + " " + toString(type.tag);
  }
  return "";
}

json toJson(const IndexSpaceSize& count) {
  return {{"imported", count.imported},
          {"defined", count.defined},
          {"total", count.imported + count.defined}};
}

json inspectAsJson(const std::string& path, const ModuleLayout& module) {
  json out;
  out["file"] = path;
  out["size"] = module.size;
  out["moduleName"] = module.moduleName ? json(*module.moduleName) : json(nullptr);

  json sections = json::array();
  for (const SectionLayout& section : module.sections) {
    json entry = {{"id", section.id},
                  {"name", sectionName(section.id)},
                  {"offset", section.offset},
                  {"payloadOffset", section.payloadOffset},
                  {"size", section.payloadSize}};
    if (section.id == 0) entry["customName"] = section.customName;
    sections.push_back(std::move(entry));
  }
  out["sections"] = std::move(sections);

  out["counts"] = {{"types", module.types},
                   {"functions", toJson(module.functions)},
                   {"tables", toJson(module.tables)},
                   {"memories", toJson(module.memories)},
                   {"globals", toJson(module.globals)},
                   {"elements", module.elementSegments},
                   {"data", module.dataSegments}};

  json imports = json::array();
  for (const ImportLayout& entry : module.imports) {
    imports.push_back({{"module", entry.import.module},
                       {"name", entry.import.name},
                       {"kind", toString(entry.import.type.kind)},
                       {"type", describeImportType(entry)}});
  }
  out["imports"] = std::move(imports);

  json exports = json::array();
  for (const ExportLayout& exported : module.exports) {
    exports.push_back(
        {{"name", exported.name}, {"kind", toString(exported.kind)}, {"index", exported.index}});
  }
  out["exports"] = std::move(exports);

  out["start"] = module.start ? json(*module.start) : json(nullptr);

  json names = json::array();
  for (const auto& [index, name] : module.functionNames) {
    names.push_back({{"index", index}, {"name", name}});
  }
  out["functionNames"] = std::move(names);
  return out;
}

std::string hex(size_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%zx", value);
  return text;
}

void printSpace(std::ostream& out, std::string_view label, const IndexSpaceSize& count) {
  out << "  " << label << ' ' << count.imported + count.defined << " (" << count.imported
      << " imported, " << count.defined << " defined)\n";
}

void inspectAsText(std::ostream& out, const std::string& path, const ModuleLayout& module) {
  out << path << ": " << module.size << " bytes";
  if (module.moduleName) out << ", module $" << *module.moduleName;
  out << '\n';

  out << "sections:\n";
  for (const SectionLayout& section : module.sections) {
    std::string name(sectionName(section.id));
    if (section.id == 0) name += " \"" + section.customName + '"';
    out << "  " << std::setw(2) << int(section.id) << ' ' << std::left << std::setw(16) << name
        << " offset " << std::setw(8) << hex(section.offset) << std::right << " size "
        << section.payloadSize << '\n';
  }

  out << "counts:\n";
  out << "  types " << module.types << '\n';
  printSpace(out, "functions", module.functions);
  printSpace(out, "tables", module.tables);
  printSpace(out, "memories", module.memories);
  printSpace(out, "globals", module.globals);
  out << "  element segments " << module.elementSegments << '\n';
  out << "  data segments " << module.dataSegments << '\n';

  if (!module.imports.empty()) out << "imports:\n";
  for (const ImportLayout& entry : module.imports) {
    out << "  " << entry.import.module << '.' << entry.import.name << ' '
        << toString(entry.import.type.kind) << ' ' << describeImportType(entry) << '\n';
  }

  if (!module.exports.empty()) out << "exports:\n";
  size_t nameWidth = 0;
  for (const ExportLayout& exported : module.exports) {
    nameWidth = std::max(nameWidth, exported.name.size());
  }
  for (const ExportLayout& exported : module.exports) {
    out << "  " << std::left << std::setw(int(nameWidth)) << exported.name << std::right << ' '
        << toString(exported.kind) << ' ' << exported.index << '\n';
  }

  if (module.start) {
    out << "start: func " << *module.start;
    auto name = module.functionNames.find(*module.start);
    if (name != module.functionNames.end()) out << " $" << name->second;
    out << '\n';
  }

  if (!module.functionNames.empty()) out << "function names:\n";
  for (const auto& [index, name] : module.functionNames) {
    out << "  " << index << " $" << name << '\n';
  }
}

/// The defined function `selector` names: a function index, a name from the
/// name section (with or without `$`) or an export name.
std::optional<uint32_t> findDefinedFunction(const ModuleLayout& module,
                                            const std::string& selector) {
  uint32_t imported = module.functions.imported;
  uint32_t total = imported + module.functions.defined;
  auto defined = [&](uint32_t index) -> std::optional<uint32_t> {
    if (index < imported || index >= total) return std::nullopt;
    return index - imported;
  };
  if (!selector.empty() && std::all_of(selector.begin(), selector.end(),
                                             [](char c) { return c >= '0' && c <= '9'; })) {
    return selector.size() <= 9 ? defined(uint32_t(std::stoul(selector))) : std::nullopt;
  }
  std::string name = selector[0] == '$' ? selector.substr(1) : selector;
  for (const auto& [index, functionName] : module.functionNames) {
    if (functionName == name) return defined(index);
  }
  for (const ExportLayout& exported : module.exports) {
    if (exported.kind == ExternKind::Func && exported.name == selector) {
      return defined(exported.index);
    }
  }
  return std::nullopt;
}

/// The listing of one defined function, headed by its index and name.
void printFunctionAsm(std::ostream& out, const InspectedModule& module, uint32_t definedIndex,
                      const Engine& engine) {
  const ModuleLayout& layout = module.layout();
  uint32_t index = layout.functions.imported + definedIndex;
  out << "func[" << index << "]";
  auto name = layout.functionNames.find(index);
  if (name != layout.functionNames.end()) out << " $" << name->second;
  out << " " << toString(module.functionType(index)) << ":\n";
  out << module.disassemble(definedIndex, engine) << '\n';
}

class InspectCommand : public Command {
 public:
  CLI::App* declare(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand("inspect", "Show what a module contains");
    sub->add_option("file", file_, "WebAssembly module (.wasm or .wat)")->required();
    sub->add_option("function", function_,
                    "With --asm: the function (index, name or export name); default all");
    sub->add_flag("--json", json_, "Print one JSON object instead of text");
    sub->add_flag("--asm", asm_,
                  "Print the generated x86-64 code of defined functions with their Wasm offsets");
    codegen_.declare(sub, "With --asm: ");
    declareMaxModuleSize(sub, maxModuleBytes_);
    return sub;
  }

  int run() override {
    // A .kwasm keeps its module without the function bodies, and its code
    // without the Wasm offsets a listing is annotated with.
    if (moduleFileKind(file_) == ModuleFileKind::Serialized) {
      reportError(file_, "a precompiled module (kiln compile): inspect the .wasm it was compiled "
                         "from (`kiln run --perf-map` names its functions' code)");
      return kExitFailed;
    }
    auto bytes = readModuleFile(file_, Engine(config()));
    if (!bytes) {
      reportError(file_, bytes.error().error);
      return bytes.error().exitCode;
    }
    auto module = InspectedModule::parse(std::move(bytes).value());
    if (!module) {
      reportError(file_, module.error());
      return kExitFailed;
    }
    if (asm_) return printAsm(*module);
    if (!function_.empty()) {
      std::cerr << file_ << ": error: a function is only selected with --asm\n";
      return kExitUsage;
    }
    if (json_) {
      // Names come from the module and need not be valid UTF-8 in a custom
      // section; replace bad bytes rather than fail.
      json info = inspectAsJson(file_, module->layout());
      std::cout << info.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
    } else {
      inspectAsText(std::cout, file_, module->layout());
    }
    return kExitOk;
  }

 private:
  Config config() const {
    Config config;
    codegen_.applyTo(config);
    config.maxModuleBytes = maxModuleBytes_;
    return config;
  }

  int printAsm(const InspectedModule& module) {
    // The listing is the code an engine with these options would run.
    Engine engine(config());
    if (function_.empty()) {
      for (uint32_t i = 0; i < module.layout().functions.defined; ++i) {
        printFunctionAsm(std::cout, module, i, engine);
      }
      return kExitOk;
    }
    std::optional<uint32_t> defined = findDefinedFunction(module.layout(), function_);
    if (!defined) {
      std::cerr << file_ << ": error: no defined function " << function_ << '\n';
      return kExitUsage;
    }
    printFunctionAsm(std::cout, module, *defined, engine);
    return kExitOk;
  }

  std::string file_;
  std::string function_;
  bool json_ = false;
  bool asm_ = false;
  CodegenOptions codegen_;
  uint64_t maxModuleBytes_ = Config{}.maxModuleBytes;
};

}  // namespace

std::unique_ptr<Command> makeInspectCommand() { return std::make_unique<InspectCommand>(); }

}  // namespace kiln
