// The argument Kiln's side of both comparisons passes for every parameter,
// as wabt's and binaryen's runs do: zero, or a null reference.
#pragma once

#include "kiln/val.h"

namespace kiln::differential {

Val zeroOf(ValType type);

}  // namespace kiln::differential
