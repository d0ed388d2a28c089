// Wasm exceptions in the VM: tags, the exception objects an exnref points to,
// and the store-owned heap they live in. Exceptions travel through Wasm frames
// the way traps do (CallState, kiln_raise_trap) and cross host frames as values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "types/func_type.h"
#include "vm/val_raw.h"

namespace kiln {

/// A tag: what a `throw` names and a `catch` matches. Identity is the
/// object's address: an imported tag is the exporter's object, and two
/// definitions with one type are still two tags.
struct VMTag {
  FuncType type;         // params: the payload; results: none
  uint32_t signatureId;  // of `type` in the engine's SignatureRegistry: import matching
};

/// An exception: what an exnref points to. Compiled code reads the payload
/// at kPayloadOffset + 16 i (ValRaw slots, a v128 in one).
struct alignas(16) VMException {
  const VMTag* tag;
  uint32_t payloadCount;
  /// Some exnref to it may exist (a handler delivered it by reference):
  /// the heap never reuses it.
  bool referenced;
  VMException* next;  // the heap's list of every exception it holds

  static constexpr uint32_t kPayloadOffset = 32;
  ValRaw* payload() {
    return reinterpret_cast<ValRaw*>(reinterpret_cast<uint8_t*>(this) + kPayloadOffset);
  }
  const ValRaw* payload() const {
    return reinterpret_cast<const ValRaw*>(reinterpret_cast<const uint8_t*>(this) + kPayloadOffset);
  }
};
static_assert(sizeof(VMException) <= VMException::kPayloadOffset);

/// The exceptions of one store: an exnref may be kept in a global or a
/// table, or passed between the store's instances, so an exception lives as
/// long as the store (no collector yet). An exception only the catching
/// handler saw (caught by `catch`/`catch_all`, which take its payload and
/// drop the reference) is reused by the next throw, so a throw-and-catch
/// loop runs in constant memory.
class ExceptionHeap {
 public:
  ExceptionHeap() = default;
  ~ExceptionHeap();
  ExceptionHeap(const ExceptionHeap&) = delete;
  ExceptionHeap& operator=(const ExceptionHeap&) = delete;

  /// A new exception of `tag` holding a copy of `payload` (as many values as
  /// the tag's type has parameters); null when memory runs out.
  VMException* allocate(const VMTag& tag, std::span<const ValRaw> payload);
  /// `exception` was caught by a handler that keeps no reference to it: the
  /// next allocation of the same payload size may reuse it unless some
  /// exnref to it exists (the handler reads the payload before any throw).
  void release(VMException* exception) {
    if (!exception->referenced) released_ = exception;
  }

 private:
  VMException* all_ = nullptr;
  VMException* released_ = nullptr;
};

}  // namespace kiln
