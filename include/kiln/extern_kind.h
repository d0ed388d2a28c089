// The five kinds of importable and exportable entities.
#pragma once

#include "kiln/api.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kiln {

/// Import/export descriptor kind, with its binary encoding.
enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3, Tag = 4 };
inline constexpr size_t kExternKindCount = 5;

/// "func", "table", "memory", "global" or "tag".
KILN_API std::string_view toString(ExternKind kind);

}  // namespace kiln
