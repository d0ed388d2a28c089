#include "types/func_type.h"

namespace kiln {

namespace {
void appendList(std::string& out, const std::vector<ValType>& types) {
  out += '(';
  for (size_t i = 0; i < types.size(); ++i) {
    if (i) out += ", ";
    out += toString(types[i]);
  }
  out += ')';
}
}  // namespace

std::string toString(const FuncType& type) {
  std::string out;
  appendList(out, type.params);
  out += " -> ";
  appendList(out, type.results);
  return out;
}

}  // namespace kiln
