// WebAssembly globals: the storage compiled code reads and a typed wrapper.
#pragma once

#include <cstdint>

#include "types/limits.h"

namespace kiln {

/// One global's value, 16 bytes so that every value type fits (v128 the
/// largest). Values sit at offset 0 in little-endian order, so compiled code
/// loads any type with one instruction at the slot's address.
struct alignas(16) VMGlobalDefinition {
  union {
    uint8_t v128[16] = {};  // initialised: a default-built global is all zero bytes
    int32_t i32;
    int64_t i64;
    float f32;
    double f64;
    void* ref;
  };
};
static_assert(sizeof(VMGlobalDefinition) == 16 && alignof(VMGlobalDefinition) == 16);

/// A global: its type and where its value lives. A global defined by an
/// instance lives in that instance's VMContext; a host-created one in here.
class VMGlobal {
 public:
  /// A zero-valued global stored inside this object.
  explicit VMGlobal(const GlobalType& type) : type_(type), definition_(&ownDefinition_) {}
  /// A global stored at `definition` (in the owning instance's VMContext).
  VMGlobal(const GlobalType& type, VMGlobalDefinition* definition)
      : type_(type), definition_(definition) {}
  VMGlobal(const VMGlobal&) = delete;
  VMGlobal& operator=(const VMGlobal&) = delete;

  const GlobalType& type() const { return type_; }
  /// The storage compiled code reads and writes.
  VMGlobalDefinition* definition() const { return definition_; }

 private:
  GlobalType type_;
  VMGlobalDefinition ownDefinition_{};
  VMGlobalDefinition* definition_;
};

}  // namespace kiln
