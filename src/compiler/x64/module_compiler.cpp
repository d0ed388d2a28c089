// compileModule: compiles every defined function (in parallel), places them
// in one W^X code block with their array-call entries, links direct calls,
// registers the trap sites, and answers backtrace queries.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <map>
#include <shared_mutex>
#include <thread>

#include "compiler/compiled_module.h"
#include "compiler/x64/code_memory.h"
#include "compiler/x64/function_compiler.h"
#include "compiler/x64/stubs.h"
#include "vm/call_state.h"
#include "vm/signal_handler.h"

namespace kiln {

namespace {

class X64CompiledModule;

/// Every live compiled module by the start of its code, for backtraces.
class ModuleRegistry {
 public:
  static ModuleRegistry& instance() {
    static ModuleRegistry registry;
    return registry;
  }
  ModuleRegistry() {
    // Traps resolve their frames here (see CallState::takePendingTrap).
    setFrameResolver([](uintptr_t pc, TrapFrame& frame) { return instance().frameAt(pc, frame); });
  }
  void add(uintptr_t begin, const X64CompiledModule* module) {
    std::unique_lock lock(mutex_);
    modules_[begin] = module;
  }
  void remove(uintptr_t begin) {
    std::unique_lock lock(mutex_);
    modules_.erase(begin);
  }
  bool frameAt(uintptr_t pc, TrapFrame& frame) const;

 private:
  mutable std::shared_mutex mutex_;
  std::map<uintptr_t, const X64CompiledModule*> modules_;
};

class X64CompiledModule final : public CompiledModule {
 public:
  X64CompiledModule(std::shared_ptr<const WasmModule> module, std::unique_ptr<x64::CodeMemory> memory,
                    std::vector<uint32_t> functionOffsets, std::vector<uint32_t> entryOffsets,
                    std::vector<std::vector<x64::SourcePosition>> positions,
                    std::vector<TrapSite> sites)
      : module_(std::move(module)),
        memory_(std::move(memory)),
        functionOffsets_(std::move(functionOffsets)),
        entryOffsets_(std::move(entryOffsets)),
        positions_(std::move(positions)) {
    registerCodeRange(memory_->data(), memory_->size(), std::move(sites));
    ModuleRegistry::instance().add(begin(), this);
  }
  ~X64CompiledModule() override {
    ModuleRegistry::instance().remove(begin());
    unregisterCodeRange(memory_->data());
  }

  const void* functionCode(uint32_t definedIndex) const override {
    return memory_->data() + functionOffsets_[definedIndex];
  }
  const void* arrayEntry(uint32_t definedIndex) const override {
    return memory_->data() + entryOffsets_[definedIndex];
  }

  bool frameAt(uintptr_t pc, TrapFrame& frame) const override {
    if (pc < begin() || pc >= begin() + memory_->size()) return false;
    uint32_t offset = uint32_t(pc - begin());
    // Functions are placed in order; the entries follow the last one.
    if (functionOffsets_.empty() || offset >= entryOffsets_.front()) return false;
    auto next = std::upper_bound(functionOffsets_.begin(), functionOffsets_.end(), offset);
    size_t defined = size_t(next - functionOffsets_.begin()) - 1;
    uint32_t local = offset - functionOffsets_[defined];
    frame.functionIndex = module_->importedFunctionCount() + uint32_t(defined);
    auto name = module_->names.functionNames.find(frame.functionIndex);
    frame.functionName = name == module_->names.functionNames.end() ? std::string() : name->second;
    frame.codeOffset = uint32_t(module_->functions[defined].codeOffset);
    const std::vector<x64::SourcePosition>& positions = positions_[defined];
    auto it = std::lower_bound(positions.begin(), positions.end(), local,
                               [](const x64::SourcePosition& p, uint32_t o) { return p.codeOffset < o; });
    if (it != positions.end() && it->codeOffset == local) frame.codeOffset = it->wasmOffset;
    return true;
  }

  uintptr_t begin() const { return reinterpret_cast<uintptr_t>(memory_->data()); }

 private:
  std::shared_ptr<const WasmModule> module_;
  std::unique_ptr<x64::CodeMemory> memory_;
  std::vector<uint32_t> functionOffsets_;
  std::vector<uint32_t> entryOffsets_;
  std::vector<std::vector<x64::SourcePosition>> positions_;
};

bool ModuleRegistry::frameAt(uintptr_t pc, TrapFrame& frame) const {
  std::shared_lock lock(mutex_);
  auto it = modules_.upper_bound(pc);
  if (it == modules_.begin()) return false;
  --it;
  return it->second->frameAt(pc, frame);
}

uint32_t alignTo16(size_t n) { return uint32_t((n + 15) & ~size_t(15)); }

std::vector<x64::CompiledFunction> compileFunctions(const x64::ModuleContext& context) {
  size_t count = context.module.functions.size();
  std::vector<x64::CompiledFunction> results(count);
  unsigned threads = context.options.threads ? context.options.threads
                                             : std::max(1u, std::thread::hardware_concurrency());
  threads = unsigned(std::min<size_t>(threads, count));
  std::atomic<size_t> next{0};
  auto work = [&] {
    x64::CompileScratch scratch;
    for (size_t i = next++; i < count; i = next++) {
      results[i] = x64::compileFunction(context, uint32_t(i), scratch);
    }
  };
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
    for (std::thread& thread : pool) thread.join();
  }
  return results;
}

void writePerfMap(const WasmModule& module, const uint8_t* base,
                  const std::vector<uint32_t>& offsets, const std::vector<uint32_t>& sizes) {
  char path[64];
  std::snprintf(path, sizeof path, "/tmp/perf-%d.map", int(getpid()));
  FILE* file = std::fopen(path, "a");
  if (!file) return;
  for (size_t i = 0; i < offsets.size(); ++i) {
    uint32_t index = module.importedFunctionCount() + uint32_t(i);
    auto name = module.names.functionNames.find(index);
    std::fprintf(file, "%lx %x %s\n", reinterpret_cast<unsigned long>(base + offsets[i]), sizes[i],
                 name != module.names.functionNames.end()
                     ? name->second.c_str()
                     : ("wasm-function[" + std::to_string(index) + "]").c_str());
  }
  std::fclose(file);
}

/// Where the module's function types use v128 (empty when they do not);
/// locals, instructions and accesses to v128 globals are found while
/// compiling each function.
std::string simdInTypes(const WasmModule& module) {
  auto isV128 = [](ValType type) { return type == ValType::V128; };
  for (size_t i = 0; i < module.types.size(); ++i) {
    const FuncType& type = module.types[i];
    if (std::any_of(type.params.begin(), type.params.end(), isV128) ||
        std::any_of(type.results.begin(), type.results.end(), isV128)) {
      return "type " + std::to_string(i) + " uses v128";
    }
  }
  return {};
}

}  // namespace

Expected<std::shared_ptr<CompiledModule>, std::string> compileModule(
    std::shared_ptr<const WasmModule> module, const CompilerOptions& options) {
  const WasmModule& m = *module;
  if (std::string where = simdInTypes(m); !where.empty()) {
    return Unexpected<std::string>{std::string(kSimdUnsupported) + where};
  }
  x64::ModuleContext context(m, options);
  std::vector<x64::CompiledFunction> functions = compileFunctions(context);
  for (size_t i = 0; i < functions.size(); ++i) {
    const x64::CompiledFunction& f = functions[i];
    if (f.refusedSimd) return Unexpected<std::string>{f.error};
    if (!f.error.empty()) {
      return Unexpected<std::string>{"function " +
                                     std::to_string(m.importedFunctionCount() + i) + ": " +
                                     f.error};
    }
  }

  // Place the functions, then their array-call entries.
  std::vector<uint32_t> functionOffsets(functions.size());
  std::vector<uint32_t> functionSizes(functions.size());
  size_t size = 0;
  for (size_t i = 0; i < functions.size(); ++i) {
    functionOffsets[i] = uint32_t(size);
    functionSizes[i] = uint32_t(functions[i].code.size());
    size = alignTo16(size + functions[i].code.size());
  }
  const size_t entriesStart = size;
  asmjit::CodeHolder entryCode;
  entryCode.init(asmjit::Environment::host());
  std::vector<uint32_t> entryOffsets(functions.size());
  {
    asmjit::x86::Assembler a(&entryCode);
    for (size_t i = 0; i < functions.size(); ++i) {
      a.align(asmjit::AlignMode::kCode, 16);
      entryOffsets[i] = uint32_t(entriesStart + a.offset());
      x64::emitArrayEntry(a, m.types[m.functions[i].type.value],
                          int64_t(functionOffsets[i]) - int64_t(entriesStart),
                          options.maxWasmStack);
    }
  }
  entryCode.flatten();
  entryCode.resolveUnresolvedLinks();
  size += entryCode.codeSize();

  std::unique_ptr<x64::CodeMemory> memory = x64::CodeMemory::allocate(size);
  if (!memory) return Unexpected<std::string>{"out of memory for compiled code"};
  uint8_t* base = memory->data();
  size_t siteCount = 0;
  for (const x64::CompiledFunction& f : functions) siteCount += f.trapSites.size();
  std::vector<TrapSite> sites;
  sites.reserve(siteCount);
  std::vector<std::vector<x64::SourcePosition>> positions(functions.size());
  for (size_t i = 0; i < functions.size(); ++i) {
    x64::CompiledFunction& f = functions[i];
    std::memcpy(base + functionOffsets[i], f.code.data(), f.code.size());
    for (const x64::CallFixup& call : f.calls) {
      uint8_t* site = base + functionOffsets[i] + call.rel32Offset;
      int64_t target = int64_t(functionOffsets[call.calleeDefined]);
      int32_t displacement = int32_t(target - int64_t(functionOffsets[i] + call.rel32Offset + 4));
      std::memcpy(site, &displacement, 4);
    }
    for (const TrapSite& s : f.trapSites) sites.push_back({functionOffsets[i] + s.codeOffset, s.code});
    positions[i] = std::move(f.sourcePositions);
  }
  entryCode.copyFlattenedData(base + entriesStart, entryCode.codeSize());
  if (!memory->makeExecutable()) return Unexpected<std::string>{"mprotect failed"};
  if (options.perfMap) writePerfMap(m, base, functionOffsets, functionSizes);
  // Functions are placed in order and each one's sites are sorted: the
  // concatenation is sorted unless something changed that.
  auto byOffset = [](const TrapSite& x, const TrapSite& y) { return x.codeOffset < y.codeOffset; };
  if (!std::is_sorted(sites.begin(), sites.end(), byOffset)) {
    std::sort(sites.begin(), sites.end(), byOffset);
  }
  return std::shared_ptr<CompiledModule>(std::make_shared<X64CompiledModule>(
      std::move(module), std::move(memory), std::move(functionOffsets), std::move(entryOffsets),
      std::move(positions), std::move(sites)));
}

std::string disassembleFunction(const WasmModule& module, uint32_t definedIndex,
                                const CompilerOptions& options) {
  x64::ModuleContext context(module, options);
  asmjit::StringLogger logger;
  logger.addFlags(asmjit::FormatFlags::kMachineCode);
  x64::CompiledFunction compiled = x64::compileFunction(context, definedIndex, &logger);
  if (!compiled.error.empty()) return "; error: " + compiled.error + "\n";
  return logger.data();
}

}  // namespace kiln
