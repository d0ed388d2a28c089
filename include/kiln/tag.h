// Tags: what a Wasm exception is thrown with and caught by.
#pragma once

#include "kiln/api.h"

#include "kiln/func_type.h"
#include "kiln/store.h"

namespace kiln {

struct VMTag;

/// A tag (WebAssembly 3.0 exception handling): defined by a module's
/// instance or created by the host, imported and exported like a function.
/// Two tags are the same only when they are one definition: an import is
/// its exporter's tag, and two definitions of one type are two tags. A
/// handle into its store.
class KILN_API Tag {
 public:
  /// A host-created tag whose exceptions carry values of `params`.
  static Tag create(Store& store, std::vector<ValType> params);
  /// Its type: the payload's types are the parameters; no results.
  const FuncType& type() const;
  /// True when both handles refer to the same tag.
  friend bool operator==(const Tag&, const Tag&) = default;

 private:
  friend struct runtime::Access;
  Tag(runtime::StoreState* store, const VMTag* tag) : store_(store), tag_(tag) {}
  runtime::StoreState* store_;
  const VMTag* tag_;
};

}  // namespace kiln
