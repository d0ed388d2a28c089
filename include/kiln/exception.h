// A Wasm exception as the host sees it.
#pragma once

#include "kiln/api.h"

#include <span>
#include <utility>
#include <vector>

#include "kiln/tag.h"
#include "kiln/val.h"

namespace kiln {

/// An exception thrown by Wasm code (or to be thrown into it): its tag and
/// the values it carries. A value: the host may keep it, inspect it, and
/// throw it again by returning it (as an Error) from a host function, which
/// raises it in the calling Wasm code, where a handler may catch it.
class KILN_API Exception {
 public:
  /// An exception of `tag` carrying `payload`, which must match the tag's
  /// parameter types (else throwing it is an error of kind Link).
  Exception(Tag tag, std::vector<Val> payload) : tag_(tag), payload_(std::move(payload)) {}
  const Tag& tag() const { return tag_; }
  std::span<const Val> payload() const { return payload_; }

 private:
  Tag tag_;
  std::vector<Val> payload_;
};

}  // namespace kiln
