#include "vm/exception.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace kiln {

ExceptionHeap::~ExceptionHeap() {
  while (all_) {
    VMException* next = all_->next;
    std::free(all_);
    all_ = next;
  }
}

VMException* ExceptionHeap::allocate(const VMTag& tag, std::span<const ValRaw> payload) {
  VMException* exception = nullptr;
  if (released_ && released_->payloadCount == payload.size()) {
    exception = released_;
  } else {
    // Payload counts are bounded by the validator's type limits: no wrap.
    size_t bytes = VMException::kPayloadOffset + sizeof(ValRaw) * payload.size();
    void* block = std::aligned_alloc(16, (bytes + 15) & ~size_t(15));
    if (!block) return nullptr;
    exception = new (block) VMException{};
    exception->next = all_;
    all_ = exception;
  }
  released_ = nullptr;
  exception->tag = &tag;
  exception->referenced = false;
  exception->payloadCount = uint32_t(payload.size());
  if (!payload.empty()) {
    std::memcpy(exception->payload(), payload.data(), sizeof(ValRaw) * payload.size());
  }
  return exception;
}

}  // namespace kiln
