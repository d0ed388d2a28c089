#include "inspect_command.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "compiler/compiled_module.h"
#include "module_file.h"

namespace kiln {

namespace {

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

/// The type part of an import, e.g. "(i32) -> ()" or "mut i64".
std::string describeImportType(const WasmModule& module, const Import& import) {
  switch (import.kind) {
    case ExternKind::Func:
      return "type " + std::to_string(import.funcType.value) + " " +
             toString(module.funcType(import.funcType));
    case ExternKind::Table:
      return std::string(toString(import.table.element)) + " " +
             describeLimits(import.table.limits);
    case ExternKind::Memory:
      return "pages " + describeLimits(import.memory.limits);
    case ExternKind::Global:
      return (import.global.isMutable ? "mut " : "") + std::string(toString(import.global.type));
    case ExternKind::Tag:
      return "type " + std::to_string(import.tag.typeIndex) + " " +
             toString(module.funcType(TypeIndex(import.tag.typeIndex)));
  }
  return "";
}

/// The size of one index space, split into imports and definitions.
struct SpaceCount {
  uint32_t imported;
  uint32_t defined;
};

struct Counts {
  size_t types;
  SpaceCount functions, tables, memories, globals;
  size_t elements, data;
};

Counts countEntities(const WasmModule& module) {
  return Counts{module.types.size(),
                {module.importedFunctionCount(), uint32_t(module.functions.size())},
                {module.importedTableCount(), uint32_t(module.tables.size())},
                {module.importedMemoryCount(), uint32_t(module.memories.size())},
                {module.importedGlobalCount(), uint32_t(module.globals.size())},
                module.elements.size(),
                module.data.size()};
}

json toJson(const SpaceCount& count) {
  return {{"imported", count.imported},
          {"defined", count.defined},
          {"total", count.imported + count.defined}};
}

json inspectAsJson(const std::string& path, const WasmModule& module) {
  json out;
  out["file"] = path;
  out["size"] = module.bytes.size();
  out["moduleName"] = module.names.moduleName ? json(*module.names.moduleName) : json(nullptr);

  json sections = json::array();
  for (const SectionInfo& section : module.sections) {
    json entry = {{"id", section.id},
                  {"name", sectionName(section.id)},
                  {"offset", section.offset},
                  {"payloadOffset", section.payloadOffset},
                  {"size", section.payloadSize}};
    if (section.id == 0) entry["customName"] = section.customName;
    sections.push_back(std::move(entry));
  }
  out["sections"] = std::move(sections);

  Counts counts = countEntities(module);
  out["counts"] = {{"types", counts.types},
                   {"functions", toJson(counts.functions)},
                   {"tables", toJson(counts.tables)},
                   {"memories", toJson(counts.memories)},
                   {"globals", toJson(counts.globals)},
                   {"elements", counts.elements},
                   {"data", counts.data}};

  json imports = json::array();
  for (const Import& import : module.imports) {
    imports.push_back({{"module", import.module},
                       {"name", import.name},
                       {"kind", toString(import.kind)},
                       {"type", describeImportType(module, import)}});
  }
  out["imports"] = std::move(imports);

  json exports = json::array();
  for (const Export& exported : module.exports) {
    exports.push_back(
        {{"name", exported.name}, {"kind", toString(exported.kind)}, {"index", exported.index}});
  }
  out["exports"] = std::move(exports);

  out["start"] = module.start ? json(module.start->value) : json(nullptr);

  json names = json::array();
  for (const auto& [index, name] : module.names.functionNames) {
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

void printSpace(std::ostream& out, std::string_view label, const SpaceCount& count) {
  out << "  " << label << ' ' << count.imported + count.defined << " (" << count.imported
      << " imported, " << count.defined << " defined)\n";
}

void inspectAsText(std::ostream& out, const std::string& path, const WasmModule& module) {
  out << path << ": " << module.bytes.size() << " bytes";
  if (module.names.moduleName) out << ", module $" << *module.names.moduleName;
  out << '\n';

  out << "sections:\n";
  for (const SectionInfo& section : module.sections) {
    std::string name(sectionName(section.id));
    if (section.id == 0) name += " \"" + section.customName + '"';
    out << "  " << std::setw(2) << int(section.id) << ' ' << std::left << std::setw(16) << name
        << " offset " << std::setw(8) << hex(section.offset) << std::right << " size "
        << section.payloadSize << '\n';
  }

  Counts counts = countEntities(module);
  out << "counts:\n";
  out << "  types " << counts.types << '\n';
  printSpace(out, "functions", counts.functions);
  printSpace(out, "tables", counts.tables);
  printSpace(out, "memories", counts.memories);
  printSpace(out, "globals", counts.globals);
  out << "  element segments " << counts.elements << '\n';
  out << "  data segments " << counts.data << '\n';

  if (!module.imports.empty()) out << "imports:\n";
  for (const Import& import : module.imports) {
    out << "  " << import.module << '.' << import.name << ' ' << toString(import.kind) << ' '
        << describeImportType(module, import) << '\n';
  }

  if (!module.exports.empty()) out << "exports:\n";
  size_t nameWidth = 0;
  for (const Export& exported : module.exports) {
    nameWidth = std::max(nameWidth, exported.name.size());
  }
  for (const Export& exported : module.exports) {
    out << "  " << std::left << std::setw(int(nameWidth)) << exported.name << std::right << ' '
        << toString(exported.kind) << ' ' << exported.index << '\n';
  }

  if (module.start) {
    out << "start: func " << module.start->value;
    auto name = module.names.functionNames.find(module.start->value);
    if (name != module.names.functionNames.end()) out << " $" << name->second;
    out << '\n';
  }

  if (!module.names.functionNames.empty()) out << "function names:\n";
  for (const auto& [index, name] : module.names.functionNames) {
    out << "  " << index << " $" << name << '\n';
  }
}

/// The defined function `selector` names: a function index, a name from the
/// name section (with or without `$`) or an export name.
std::optional<uint32_t> findDefinedFunction(const WasmModule& module, const std::string& selector) {
  uint32_t imported = module.importedFunctionCount();
  uint32_t total = imported + uint32_t(module.functions.size());
  auto defined = [&](uint32_t index) -> std::optional<uint32_t> {
    if (index < imported || index >= total) return std::nullopt;
    return index - imported;
  };
  if (!selector.empty() && std::all_of(selector.begin(), selector.end(),
                                             [](char c) { return c >= '0' && c <= '9'; })) {
    return selector.size() <= 9 ? defined(uint32_t(std::stoul(selector))) : std::nullopt;
  }
  std::string name = selector[0] == '$' ? selector.substr(1) : selector;
  for (const auto& [index, functionName] : module.names.functionNames) {
    if (functionName == name) return defined(index);
  }
  for (const Export& exported : module.exports) {
    if (exported.kind == ExternKind::Func && exported.name == selector) {
      return defined(exported.index);
    }
  }
  return std::nullopt;
}

/// The listing of one defined function, headed by its index and name.
void printFunctionAsm(std::ostream& out, const WasmModule& module, uint32_t definedIndex,
                      const CompilerOptions& options) {
  uint32_t index = module.importedFunctionCount() + definedIndex;
  out << "func[" << index << "]";
  auto name = module.names.functionNames.find(index);
  if (name != module.names.functionNames.end()) out << " $" << name->second;
  out << " " << toString(module.funcType(module.functions[definedIndex].type)) << ":\n";
  out << disassembleFunction(module, definedIndex, options) << '\n';
}

class InspectCommand : public Command {
 public:
  CLI::App* declare(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand("inspect", "Show what a module contains");
    sub->add_option("file", file_, "WebAssembly binary module (.wasm)")->required();
    sub->add_option("function", function_,
                    "With --asm: the function (index, name or export name); default all");
    sub->add_flag("--json", json_, "Print one JSON object instead of text");
    sub->add_flag("--asm", asm_,
                  "Print the generated x86-64 code of defined functions with their Wasm offsets");
    sub->add_flag("--bounds-checks", compilerOptions_.boundsChecks,
                  "With --asm: check memory accesses explicitly instead of using guard pages");
    sub->add_flag("--force-libcalls", compilerOptions_.forceLibcalls,
                  "With --asm: route rounding, copies and fills through library calls");
    return sub;
  }

  int run() override {
    auto module = loadModuleFile(file_);
    if (!module) {
      reportLoadFailure(file_, module.error());
      return module.error().exitCode;
    }
    if (asm_) return printAsm(**module);
    if (!function_.empty()) {
      std::cerr << file_ << ": error: a function is only selected with --asm\n";
      return kExitUsage;
    }
    if (json_) {
      // Names come from the module and need not be valid UTF-8 in a custom
      // section; replace bad bytes rather than fail.
      json info = inspectAsJson(file_, **module);
      std::cout << info.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
    } else {
      inspectAsText(std::cout, file_, **module);
    }
    return kExitOk;
  }

 private:
  int printAsm(const WasmModule& module) {
    if (function_.empty()) {
      for (uint32_t i = 0; i < module.functions.size(); ++i) {
        printFunctionAsm(std::cout, module, i, compilerOptions_);
      }
      return kExitOk;
    }
    std::optional<uint32_t> defined = findDefinedFunction(module, function_);
    if (!defined) {
      std::cerr << file_ << ": error: no defined function " << function_ << '\n';
      return kExitUsage;
    }
    printFunctionAsm(std::cout, module, *defined, compilerOptions_);
    return kExitOk;
  }

  std::string file_;
  std::string function_;
  bool json_ = false;
  bool asm_ = false;
  CompilerOptions compilerOptions_;
};

}  // namespace

std::unique_ptr<Command> makeInspectCommand() { return std::make_unique<InspectCommand>(); }

}  // namespace kiln
