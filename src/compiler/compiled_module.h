// The compiler's product, as the VM and runtime see it: machine code for a
// module's defined functions, entry points and the metadata traps need.
// Every compiler tier (today the x86-64 baseline compiler) produces this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "binary/feature.h"
#include "binary/module.h"
#include "kiln/config.h"
#include "types/expected.h"
#include "types/func_type.h"
#include "types/trap.h"
#include "types/value_type.h"

namespace kiln {

/// Compiled code of one module, executable (W^X: written, then made
/// read+execute) and registered with the signal handler for as long as it
/// lives. Shared by every instance of the module.
class CompiledModule {
 public:
  virtual ~CompiledModule() = default;

  /// Entry of defined function `definedIndex` (0 = first non-imported
  /// function) in Kiln's native calling convention (docs/compiler.md):
  /// what VMFuncRef::code holds.
  virtual const void* functionCode(uint32_t definedIndex) const = 0;

  /// Array-call entry of defined function `definedIndex`: called as
  /// `entry(VMContext* vmctx, ValRaw* argsAndResults)` through
  /// `kiln::callWasmFunction` (src/vm/call_state.h). Arguments are read from slots
  /// 0..n-1 and results written to slots 0..m-1, so the array must hold
  /// max(params, results) slots.
  virtual const void* arrayEntry(uint32_t definedIndex) const = 0;

  /// The backtrace frame for a return address or (`faulting`) the pc of a
  /// faulting instruction inside this module's code, if it is inside.
  virtual bool frameAt(uintptr_t pc, bool faulting, TrapFrame& frame) const = 0;
};

/// Why compileModule refused a module. The runtime turns it into a
/// kiln::Error of the same kind (src/runtime/errors.cpp): code decides by
/// `kind`, the message is for people.
struct CompileError {
  enum class Kind : uint8_t {
    /// It uses what this compiler does not compile here: a SIMD instruction
    /// on a CPU without SSE4.2 (the message starts with kSimdUnsupported) or
    /// an instruction or construct of a feature outside kCompiledFeatures,
    /// in the front end's wording ("in function 2: tail calls (return_call)
    /// is not supported by Kiln yet"; the offset is `offset`).
    Unsupported,
    /// A function is too large to compile (its frame), or memory for code
    /// ran out.
    Resource,
  };
  Kind kind = Kind::Unsupported;
  std::string message;
  /// Byte offset in the module of what was refused (a function's first
  /// instruction when nothing more precise applies), when known.
  std::optional<size_t> offset;
  /// Unsupported: the feature of what was refused.
  std::optional<Feature> feature = std::nullopt;
};

/// How compileModule's error starts when it refuses a function for using a
/// SIMD instruction on a CPU without SSE4.2 (x86-64-v2, the baseline of the
/// SIMD code). The rest says which function and instruction.
inline constexpr std::string_view kSimdUnsupported = "SIMD is not supported by this compiler: ";

/// The features whose instructions this compiler compiles (SIMD only on an
/// x86-64-v2 CPU, as above). Any instruction of another feature (tail calls, exceptions,
/// GC, ...) makes compileModule fail with the front end's
/// Unsupported wording, e.g. "tail calls (return_call) is not supported by
/// Kiln yet", as the front end words what it refuses.
inline constexpr Feature kCompiledFeatures[] = {
    Feature::Mvp,        Feature::SignExtension, Feature::SatConversion,
    Feature::MultiValue, Feature::BulkMemory,    Feature::ReferenceTypes,
    Feature::Simd,       Feature::RelaxedSimd,   Feature::TailCall,
    Feature::FunctionReferences, Feature::Exceptions, Feature::LegacyExceptions,
    Feature::Threads,
};

/// The feature a value of `type` needs that this compiler does not compile,
/// if any. It represents numbers, vectors and references to functions
/// (abstract, or of a defined type: a module without GC types defines only
/// function types), to external values and to exceptions, with their null
/// types.
constexpr std::optional<Feature> uncompiledFeatureOf(ValType type) {
  if (!type.isRef()) return std::nullopt;
  HeapType heap = type.heapType();
  if (heap.isIndex()) return std::nullopt;
  switch (heap.code()) {
    case HeapType::kFunc:
    case HeapType::kNoFunc:
    case HeapType::kExtern:
    case HeapType::kNoExtern:
    case HeapType::kExn:
    case HeapType::kNoExn:
      return std::nullopt;
    default:
      return Feature::Gc;
  }
}

constexpr bool compilesFeature(Feature feature) {
  for (Feature compiled : kCompiledFeatures) {
    if (compiled == feature) return true;
  }
  return false;
}

/// Compiles every defined function of a module validated with its bodies
/// (WasmModule::functionFacts).
Expected<std::shared_ptr<CompiledModule>, CompileError> compileModule(
    std::shared_ptr<const WasmModule> module, const Config& config);

/// A stub in the native calling convention for host functions of type
/// `type` (see VMHostFunction in src/vm/host_function.h). Stubs are created
/// once per distinct signature (and `meterFuel`: for the host functions of
/// stores whose engine meters fuel) and live as long as the process.
const void* hostCallStub(const FuncType& type, bool meterFuel);

/// The machine code of defined function `definedIndex` as an assembly listing
/// annotated with Wasm offsets (for `kiln inspect --asm`).
std::string disassembleFunction(const WasmModule& module, uint32_t definedIndex,
                                const Config& config);

}  // namespace kiln
