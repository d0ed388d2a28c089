#include "types/extern_kind.h"

namespace kiln {

std::string_view toString(ExternKind kind) {
  switch (kind) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
    case ExternKind::Tag: return "tag";
  }
  return "<invalid>";
}

}  // namespace kiln
