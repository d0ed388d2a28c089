// compileModule: compiles every defined function (in parallel), places them
// in one W^X code block with their array-call entries, links direct calls,
// registers the trap sites, and answers backtrace queries.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <thread>

#include "binary/debug_line.h"
#include "compiler/compiled_module.h"
#include "compiler/x64/code_area.h"
#include "compiler/x64/code_memory.h"
#include "compiler/x64/compiled_parts.h"
#include "binary/module_error.h"
#include "compiler/x64/function_compiler.h"
#include "compiler/x64/lazy_module.h"
#include "compiler/x64/module_registry.h"
#include "compiler/x64/perf_map.h"
#include "compiler/x64/stubs.h"
#include "vm/call_state.h"
#include "vm/const_expr.h"
#include "vm/exception.h"
#include "vm/instance.h"
#include "vm/signal_handler.h"

namespace kiln {

namespace {

/// Where each defined function was placed: placement follows the order in
/// which functions finish compiling, which threads interleave.
struct FunctionPlacement {
  std::vector<uint32_t> offsets;        // by defined index
  std::vector<uint32_t> sizes;          // by defined index
  std::vector<uint32_t> directEntries;  // by defined index, from its offset
};

class X64CompiledModule final : public CompiledModule, public x64::RegisteredCode {
 public:
  X64CompiledModule(std::shared_ptr<const WasmModule> module, std::unique_ptr<x64::CodeMemory> memory,
                    uint32_t codeSize, x64::CompiledParts parts)
      : module_(std::move(module)),
        memory_(std::move(memory)),
        codeSize_(codeSize),
        parts_(std::move(parts)),
        describer_(*module_) {
    registerCodeRange(memory_->data(), memory_->size(), parts_.sites);
    x64::registerCode(begin(), this);
  }
  ~X64CompiledModule() override {
    x64::unregisterCode(begin());
    unregisterCodeRange(memory_->data());
  }

  const void* functionCode(uint32_t definedIndex) const override {
    return memory_->data() + parts_.functionOffsets[definedIndex];
  }
  const void* arrayEntry(uint32_t definedIndex) const override {
    return memory_->data() + parts_.entryOffsets[definedIndex];
  }

  bool frameAt(uintptr_t pc, bool faulting, TrapFrame& frame) const override {
    if (pc < begin() || pc >= begin() + memory_->size()) return false;
    uint32_t offset = uint32_t(pc - begin());
    // A return address belongs to the call before it, which may be the last
    // instruction of its function (a trap stub's call): the address is then
    // where the next function, or the entries, begin.
    uint32_t inside = faulting || offset == 0 ? offset : offset - 1;
    std::optional<uint32_t> found = functionAt(inside);
    if (!found) return false;
    // A faulting instruction may start at the return address of the call
    // before it: each kind of pc has its own table.
    std::optional<uint32_t> wasmOffset;
    if (faulting) {
      auto site = std::lower_bound(parts_.sites.begin(), parts_.sites.end(), offset,
                                   [](const TrapSite& s, uint32_t o) { return s.codeOffset < o; });
      if (site != parts_.sites.end() && site->codeOffset == offset) wasmOffset = site->wasmOffset;
    } else {
      const x64::SourcePositionList& positions = parts_.positions.list();
      auto it = std::lower_bound(positions.begin(), positions.end(), offset,
                                 [](const x64::SourcePosition& p, uint32_t o) { return p.codeOffset < o; });
      if (it != positions.end() && it->codeOffset == offset) wasmOffset = it->wasmOffset;
    }
    describer_.describe(*found, wasmOffset, frame);
    return true;
  }

  bool handlerAt(uintptr_t pc, uintptr_t fp, VMException& exception,
                 ResumePoint& landing) const override {
    if (parts_.handlers.empty()) return false;
    std::optional<uint32_t> defined = functionAt(uint32_t(pc - begin() - 1));
    if (!defined) return false;
    const uint32_t start = parts_.functionOffsets[*defined];
    return x64::landingPadFor(parts_.handlers[*defined], uint32_t(pc - begin() - 1) - start,
                              begin() + start, fp, exception, landing);
  }

  uintptr_t begin() const { return reinterpret_cast<uintptr_t>(memory_->data()); }
  x64::CompiledView view() const { return {{memory_->data(), codeSize_}, &parts_}; }
  bool contains(uintptr_t pc) const override { return pc >= begin() && pc < begin() + memory_->size(); }

 private:
  /// The defined function whose code holds module code offset `inside`.
  std::optional<uint32_t> functionAt(uint32_t inside) const {
    // The entries follow the last function.
    const std::vector<uint32_t>& byOffset = parts_.functionsByOffset;
    if (byOffset.empty() || inside >= parts_.entriesStart) return std::nullopt;
    auto next = std::upper_bound(
        byOffset.begin(), byOffset.end(), inside,
        [this](uint32_t o, uint32_t defined) { return o < parts_.functionOffsets[defined]; });
    if (next == byOffset.begin()) return std::nullopt;
    return *(next - 1);
  }

  std::shared_ptr<const WasmModule> module_;
  std::unique_ptr<x64::CodeMemory> memory_;
  uint32_t codeSize_;  // used bytes of memory_
  /// Offsets by defined index, the sorted trap sites (registered with the
  /// signal handler) and source positions, exception handlers.
  x64::CompiledParts parts_;
  x64::FrameDescriber describer_;
};

/// Everything the compile threads produced besides the code (in the
/// CodeArea): where each function is, and their sites at module code
/// offsets, each list sorted.
struct CompiledCode {
  FunctionPlacement placement;
  x64::TrapSiteList trapSites;
  x64::SourcePositionList sourcePositions;
  std::vector<x64::CallFixup> calls;
  std::vector<x64::FunctionHandlers> handlers;  // by defined index; empty without any try
};

/// The bytes of all function bodies.
size_t codeSectionBytes(const WasmModule& module) {
  size_t bytes = 0;
  for (const FunctionDefinition& f : module.functions) bytes += f.codeEnd - f.codeOffset;
  return bytes;
}

/// Joins lists that are each sorted by `codeOffset` into one sorted list.
template <typename List>
List mergeSorted(std::vector<List*> lists) {
  if (lists.size() == 1) return std::move(*lists.front());
  size_t total = 0;
  for (const List* list : lists) total += list->size();
  List merged;
  merged.reserve(total);
  auto byOffset = [](const auto& x, const auto& y) { return x.codeOffset < y.codeOffset; };
  for (List* list : lists) {
    size_t middle = merged.size();
    merged.insert(merged.end(), list->begin(), list->end());
    std::inplace_merge(merged.begin(), merged.begin() + ptrdiff_t(middle), merged.end(), byOffset);
  }
  return merged;
}

/// Compiles every defined function on `context.config.compileThreads` threads,
/// placing each in `area` as soon as it is done. `codeBytes` is
/// codeSectionBytes of the module. The error is that of the first function
/// (by index) that failed.
Expected<CompiledCode, CompileError> compileFunctions(const x64::ModuleContext& context,
                                                           size_t codeBytes, x64::CodeArea& area) {
  const size_t count = context.module.functions.size();
  unsigned threads = context.config.compileThreads ? context.config.compileThreads
                                             : std::max(1u, std::thread::hardware_concurrency());
  threads = unsigned(std::max<size_t>(1, std::min<size_t>(threads, count)));
  CompiledCode result;
  result.placement.offsets.resize(count);
  result.placement.sizes.resize(count);
  result.placement.directEntries.resize(count);
  const auto& facts = context.module.functionFacts;
  if (std::any_of(facts.begin(), facts.end(),
                  [](const FunctionFacts& f) { return f.catchesExceptions; })) {
    result.handlers.resize(count);
  }
  std::vector<x64::CompileScratch> scratches(threads);
  // The lists keep every site of the module: growing them by doubling would
  // copy them over and over. Real modules have about one trap site per 15
  // bytes of code section and one source position per 11; reserving is only
  // address space until used.
  for (x64::CompileScratch& scratch : scratches) {
    scratch.trapSites.reserve(codeBytes / 12 / threads + 64);
    scratch.sourcePositions.reserve(codeBytes / 8 / threads + 64);
  }
  std::mutex failureMutex;
  std::optional<std::pair<uint32_t, CompileError>> firstFailure;
  std::atomic<size_t> next{0};
  auto work = [&](x64::CompileScratch& scratch) {
    for (size_t i = next++; i < count; i = next++) {
      std::optional<CompileError> error = x64::compileFunction(context, uint32_t(i), scratch);
      std::optional<uint32_t> start;
      if (!error) {
        start = area.place(scratch.code);
        if (!start) {
          error = CompileError{CompileError::Kind::Resource, "out of memory for compiled code",
                               std::nullopt};
        }
      }
      if (error) {
        scratch.dropFunction();
        std::lock_guard lock(failureMutex);
        if (!firstFailure || firstFailure->first > i) firstFailure.emplace(uint32_t(i), *error);
        continue;
      }
      result.placement.offsets[i] = *start;
      result.placement.sizes[i] = uint32_t(scratch.code.codeSize());
      result.placement.directEntries[i] = scratch.directEntry;
      if (!scratch.handlers.handlers.empty()) result.handlers[i] = std::move(scratch.handlers);
      scratch.keepFunction(*start);
    }
  };
  if (threads == 1) {
    work(scratches.front());
  } else {
    std::vector<std::thread> pool;
    for (x64::CompileScratch& scratch : scratches) pool.emplace_back(work, std::ref(scratch));
    for (std::thread& thread : pool) thread.join();
  }
  if (firstFailure) {
    return Unexpected<CompileError>{
        x64::inFunction(context.module, firstFailure->first, std::move(firstFailure->second))};
  }
  std::vector<x64::TrapSiteList*> sites;
  std::vector<x64::SourcePositionList*> positions;
  for (x64::CompileScratch& scratch : scratches) {
    sites.push_back(&scratch.trapSites);
    positions.push_back(&scratch.sourcePositions);
    result.calls.insert(result.calls.end(), scratch.calls.begin(), scratch.calls.end());
  }
  result.trapSites = mergeSorted(std::move(sites));
  result.sourcePositions = mergeSorted(std::move(positions));
  return result;
}

/// What of the module this compiler cannot run yet, in the front end's
/// Unsupported wording, with its feature (nothing when all is fine): types
/// of GC (uncompiledFeatureOf), declared subtypes, shared memories and
/// constant expressions with GC allocations. Instructions are checked while
/// compiling each function.
std::optional<CompileError> unsupportedInModule(const WasmModule& module) {
  auto refuse = [](Feature feature, const std::string& what) {
    return CompileError{CompileError::Kind::Unsupported,
                        unsupportedMessage(feature, what),
                        std::nullopt, feature};
  };
  // The first of `types` this compiler cannot represent, and its feature.
  auto uncompiled = [](std::span<const ValType> types) -> std::optional<std::pair<ValType, Feature>> {
    for (ValType type : types) {
      if (std::optional<Feature> feature = uncompiledFeatureOf(type)) return {{type, *feature}};
    }
    return std::nullopt;
  };
  auto evaluable = [&module](const ConstExpr& expr) { return isEvaluable(module, expr); };
  for (size_t i = 0; i < module.types.size(); ++i) {
    const DefinedType& type = module.types[i];
    const std::string what = "type " + std::to_string(i);
    if (!type.isFunc()) return refuse(Feature::Gc, what + " is a " + toString(type.composite.kind) + " type");
    if (type.supertype || !type.isFinal) return refuse(Feature::Gc, what + " is a subtype");
    for (std::span<const ValType> list : {std::span<const ValType>(type.func().params),
                                          std::span<const ValType>(type.func().results)}) {
      if (auto found = uncompiled(list)) {
        return refuse(found->second, what + " uses " + toString(found->first));
      }
    }
  }
  for (uint32_t i = 0; i < module.tableCount(); ++i) {
    const TableType& table = module.tableType(TableIndex(i));
    if (std::optional<Feature> feature = uncompiledFeatureOf(table.element)) {
      return refuse(*feature, "table of " + toString(table.element));
    }
  }
  for (const std::optional<ConstExpr>& init : module.tableInits) {
    if (init && !evaluable(*init)) return refuse(Feature::Gc, "table initialiser");
  }
  for (uint32_t i = 0; i < module.globalCount(); ++i) {
    const ValType type = module.globalType(GlobalIndex(i)).type;
    if (std::optional<Feature> feature = uncompiledFeatureOf(type)) {
      return refuse(*feature, "global of " + toString(type));
    }
  }
  for (const GlobalDefinition& global : module.globals) {
    if (!evaluable(global.init)) return refuse(Feature::Gc, "global initialiser");
  }
  for (const ElementSegment& segment : module.elements) {
    if (std::optional<Feature> feature = uncompiledFeatureOf(segment.type)) {
      return refuse(*feature, "element segment of " + toString(segment.type));
    }
    if (segment.mode == ElementSegment::Mode::Active && !evaluable(segment.offset)) {
      return refuse(Feature::Gc, "element segment offset");
    }
    if (!std::all_of(segment.items.begin(), segment.items.end(), evaluable)) {
      return refuse(Feature::Gc, "element segment item");
    }
  }
  for (const DataSegment& segment : module.data) {
    if (segment.mode == DataSegment::Mode::Active && !evaluable(segment.offset)) {
      return refuse(Feature::Gc, "data segment offset");
    }
  }
  return std::nullopt;
}

}  // namespace

Expected<std::shared_ptr<CompiledModule>, CompileError> compileModule(
    std::shared_ptr<const WasmModule> module, const Config& config) {
  const WasmModule& m = *module;
  if (std::optional<CompileError> refusal = unsupportedInModule(m)) {
    return Unexpected{std::move(*refusal)};
  }
  if (x64::compilesLazily(m, config)) return x64::compileLazily(std::move(module), config);
  x64::ModuleContext context(m, config);
  // Baseline code takes a few times the bytes of the code section; a wrong
  // guess costs a remap.
  const size_t codeBytes = codeSectionBytes(m);
  x64::CodeArea area(4 * codeBytes + 64 * m.functions.size() + 4096);
  auto compiled = compileFunctions(context, codeBytes, area);
  if (!compiled) return Unexpected{std::move(compiled.error())};
  CompiledCode& code = *compiled;
  const std::vector<uint32_t>& functionOffsets = code.placement.offsets;

  // The array-call entries follow the functions.
  const uint32_t entriesStart = area.nextOffset();
  asmjit::CodeHolder entryCode;
  entryCode.init(asmjit::Environment::host());
  std::vector<uint32_t> entryOffsets(m.functions.size());
  {
    asmjit::x86::Assembler a(&entryCode);
    for (size_t i = 0; i < m.functions.size(); ++i) {
      a.align(asmjit::AlignMode::kCode, 16);
      entryOffsets[i] = uint32_t(entriesStart + a.offset());
      x64::emitArrayEntry(a, m.funcType(m.functions[i].type),
                          int64_t(functionOffsets[i]) - int64_t(entriesStart));
    }
  }
  entryCode.flatten();
  entryCode.resolveUnresolvedLinks();
  std::optional<uint32_t> placedEntries = area.place(entryCode);
  const uint32_t codeEnd = area.nextOffset();
  std::unique_ptr<x64::CodeMemory> memory = area.finish();
  if (!placedEntries || !memory) {
    return Unexpected{
        CompileError{CompileError::Kind::Resource, "out of memory for compiled code", std::nullopt}};
  }
  uint8_t* base = memory->data();
  for (const x64::CallFixup& call : code.calls) {
    int64_t target = int64_t(functionOffsets[call.calleeDefined]) +
                     code.placement.directEntries[call.calleeDefined];
    int32_t displacement = int32_t(target - int64_t(call.rel32Offset + 4));
    std::memcpy(base + call.rel32Offset, &displacement, 4);
  }
  if (!memory->makeExecutable()) {
    return Unexpected{CompileError{CompileError::Kind::Resource,
                                   "cannot make compiled code executable (mprotect failed)",
                                   std::nullopt}};
  }
  if (config.perfMap) x64::writePerfMap(m, 0, base, functionOffsets, code.placement.sizes);
  std::vector<uint32_t> functionsByOffset = x64::orderByOffset(functionOffsets);
  x64::CompiledParts parts{std::move(code.placement.offsets), std::move(functionsByOffset),
                           entriesStart, std::move(entryOffsets),
                           x64::SourcePositionTable(std::move(code.sourcePositions)),
                           std::move(code.trapSites),
                           std::move(code.handlers)};
  return std::shared_ptr<CompiledModule>(std::make_shared<X64CompiledModule>(
      std::move(module), std::move(memory), codeEnd, std::move(parts)));
}

std::vector<uint32_t> x64::orderByOffset(std::span<const uint32_t> offsets) {
  // Offset and index in one word: sorting them needs no lookup per comparison.
  std::vector<uint64_t> keyed(offsets.size());
  for (size_t i = 0; i < offsets.size(); ++i) keyed[i] = uint64_t(offsets[i]) << 32 | i;
  std::sort(keyed.begin(), keyed.end());
  std::vector<uint32_t> order(offsets.size());
  for (size_t k = 0; k < keyed.size(); ++k) order[k] = uint32_t(keyed[k]);
  return order;
}

x64::CompiledView x64::viewOf(const CompiledModule& compiled) {
  const auto* x64 = dynamic_cast<const X64CompiledModule*>(&compiled);
  return x64 ? x64->view() : CompiledView{};
}

std::shared_ptr<CompiledModule> x64::assembleCompiledModule(std::shared_ptr<const WasmModule> module,
                                                            std::unique_ptr<CodeMemory> memory,
                                                            uint32_t codeSize, CompiledParts parts) {
  return std::make_shared<X64CompiledModule>(std::move(module), std::move(memory), codeSize,
                                             std::move(parts));
}

std::string disassembleFunction(const WasmModule& module, uint32_t definedIndex,
                                const Config& config) {
  x64::ModuleContext context(module, config);
  asmjit::StringLogger logger;
  logger.addFlags(asmjit::FormatFlags::kMachineCode);
  x64::CompileScratch scratch;
  if (auto error = x64::compileFunction(context, definedIndex, scratch, &logger)) {
    return "; error: " + error->message + "\n";
  }
  return logger.data();
}

}  // namespace kiln
