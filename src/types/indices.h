// Index newtypes: a function index cannot be passed where a type index is wanted.
#pragma once

#include <compare>
#include <cstdint>

namespace kiln {

/// A 32-bit index into one of a module's index spaces. `Tag` makes each space
/// a distinct type; conversion from a raw integer is explicit.
template <class Tag>
struct Index {
  uint32_t value = 0;

  constexpr Index() = default;
  constexpr explicit Index(uint32_t v) : value(v) {}

  friend constexpr auto operator<=>(Index, Index) = default;
};

using TypeIndex = Index<struct TypeIndexTag>;
using FuncIndex = Index<struct FuncIndexTag>;
using TableIndex = Index<struct TableIndexTag>;
using MemoryIndex = Index<struct MemoryIndexTag>;
using GlobalIndex = Index<struct GlobalIndexTag>;
using ElemIndex = Index<struct ElemIndexTag>;
using DataIndex = Index<struct DataIndexTag>;
using LocalIndex = Index<struct LocalIndexTag>;
using LabelIndex = Index<struct LabelIndexTag>;

}  // namespace kiln
