// Function types: parameter and result lists.
#pragma once

#include "kiln/api.h"

#include <string>
#include <vector>

#include "kiln/value_type.h"

namespace kiln {

/// A function type `[params] -> [results]`. Multi-value: any number of results.
struct KILN_API FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;

  friend bool operator==(const FuncType&, const FuncType&) = default;
};

/// Text-format rendering, e.g. "(i32, i64) -> (f32)".
KILN_API std::string toString(const FuncType& type);

}  // namespace kiln
