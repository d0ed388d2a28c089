// The proposals (features) WebAssembly is built from, and the one list of
// those Kiln's front end does not support yet.
#pragma once

#include <cstdint>
#include <string_view>

namespace kiln {

/// A feature of the language: the proposal that introduced a construct.
/// opcodes.def names one per instruction; the decoder and validator name the
/// ones that are not instructions (limits flags, types, sections).
enum class Feature : uint8_t {
  Mvp,                 // WebAssembly 1.0
  SignExtension,       // 2.0
  SatConversion,       // 2.0: non-trapping float-to-int
  MultiValue,          // 2.0
  BulkMemory,          // 2.0
  ReferenceTypes,      // 2.0
  Simd,                // 2.0: fixed-width SIMD
  RelaxedSimd,         // 3.0
  TailCall,            // 3.0
  Exceptions,          // 3.0: exnref, try_table
  LegacyExceptions,    // the first exception-handling design (try/catch/delegate)
  FunctionReferences,  // 3.0: typed function references
  Gc,                  // 3.0
  MultiMemory,         // 3.0
  Memory64,            // 3.0: memory64 and table64
  ExtendedConst,       // 3.0
  Threads,             // proposal: shared memories and atomics
  WideArithmetic,      // proposal
  CustomPageSizes,     // proposal
  CustomDescriptors,   // proposal
  StackSwitching,      // proposal
};

/// A set of features, one bit each (Feature has fewer than 32 values).
using FeatureSet = uint32_t;
constexpr FeatureSet featureBit(Feature feature) { return FeatureSet(1) << unsigned(feature); }

/// Readable name for messages, e.g. "wide arithmetic".
constexpr std::string_view featureName(Feature feature) {
  switch (feature) {
    case Feature::Mvp: return "WebAssembly 1.0";
    case Feature::SignExtension: return "sign extension";
    case Feature::SatConversion: return "non-trapping float-to-int conversion";
    case Feature::MultiValue: return "multi-value";
    case Feature::BulkMemory: return "bulk memory";
    case Feature::ReferenceTypes: return "reference types";
    case Feature::Simd: return "SIMD";
    case Feature::RelaxedSimd: return "relaxed SIMD";
    case Feature::TailCall: return "tail calls";
    case Feature::Exceptions: return "exception handling";
    case Feature::LegacyExceptions: return "legacy exception handling";
    case Feature::FunctionReferences: return "typed function references";
    case Feature::Gc: return "garbage collection";
    case Feature::MultiMemory: return "multiple memories";
    case Feature::Memory64: return "memory64";
    case Feature::ExtendedConst: return "extended constant expressions";
    case Feature::Threads: return "threads";
    case Feature::WideArithmetic: return "wide arithmetic";
    case Feature::CustomPageSizes: return "custom page sizes";
    case Feature::CustomDescriptors: return "custom descriptors";
    case Feature::StackSwitching: return "stack switching";
  }
  return "?";
}

/// The features the front end rejects with an Unsupported error: proposals
/// beyond WebAssembly 3.0 (and threads) that Kiln does not decode or
/// validate yet. The one list: everything else is derived from it.
inline constexpr Feature kUnsupportedFeatures[] = {
    Feature::WideArithmetic,
    Feature::CustomPageSizes,
    Feature::CustomDescriptors,
    Feature::StackSwitching,
};

constexpr bool isSupported(Feature feature) {
  for (Feature unsupported : kUnsupportedFeatures) {
    if (unsupported == feature) return false;
  }
  return true;
}

}  // namespace kiln
