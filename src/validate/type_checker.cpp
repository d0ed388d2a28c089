#include "validate/type_checker.h"

namespace kiln {

bool TypeChecker::isRefSubtype(ValType sub, ValType super) const {
  if (!sub.isRef() || !super.isRef()) return false;
  if (sub.isNullable() && !super.isNullable()) return false;
  return isHeapSubtype(sub.heapType(), super.heapType());
}

bool TypeChecker::isHeapSubtype(HeapType sub, HeapType super) const {
  if (sub == super) return true;
  if (sub.isIndex()) {
    const DefinedType* type = &types_[sub.index()];
    if (!super.isIndex()) {
      switch (type->composite.kind) {
        case CompositeType::Kind::Func:
          return super == HeapType::kFunc;
        case CompositeType::Kind::Struct:
          return super == HeapType::kStruct || super == HeapType::kEq || super == HeapType::kAny;
        case CompositeType::Kind::Array:
          return super == HeapType::kArray || super == HeapType::kEq || super == HeapType::kAny;
      }
      return false;
    }
    const DefinedType& target = types_[super.index()];
    if (type->canonicalIndex == target.canonicalIndex) return true;
    // Only a type deeper in the hierarchy can be a proper subtype: climb to
    // the target's depth and compare there.
    if (type->subtypeDepth <= target.subtypeDepth) return false;
    for (uint32_t depth = type->subtypeDepth; depth > target.subtypeDepth; --depth) {
      type = &types_[*type->supertype];
    }
    return type->canonicalIndex == target.canonicalIndex;
  }
  if (super.isIndex()) {
    if (sub == HeapType::kBottom) return true;
    switch (types_[super.index()].composite.kind) {
      case CompositeType::Kind::Func:
        return sub == HeapType::kNoFunc;
      default:
        return sub == HeapType::kNone;
    }
  }
  return isAbstractSubtype(sub.code(), super.code());
}

bool TypeChecker::isFieldSubtype(const FieldType& sub, const FieldType& super) const {
  if (sub.isMutable != super.isMutable) return false;
  if (sub.storage.packed != super.storage.packed) return false;
  if (sub.storage.isPacked()) return true;
  if (sub.isMutable) return equal(sub.storage.type, super.storage.type);
  return isSubtype(sub.storage.type, super.storage.type);
}

bool TypeChecker::isCompositeSubtype(const CompositeType& sub, const CompositeType& super) const {
  if (sub.kind != super.kind) return false;
  switch (sub.kind) {
    case CompositeType::Kind::Func: {
      const FuncType& f = sub.func;
      const FuncType& g = super.func;
      if (f.params.size() != g.params.size() || f.results.size() != g.results.size()) return false;
      for (size_t i = 0; i < f.params.size(); ++i) {
        if (!isSubtype(g.params[i], f.params[i])) return false;
      }
      for (size_t i = 0; i < f.results.size(); ++i) {
        if (!isSubtype(f.results[i], g.results[i])) return false;
      }
      return true;
    }
    case CompositeType::Kind::Struct:
    case CompositeType::Kind::Array:
      if (sub.fields.size() < super.fields.size()) return false;
      if (sub.kind == CompositeType::Kind::Array && sub.fields.size() != super.fields.size()) {
        return false;
      }
      for (size_t i = 0; i < super.fields.size(); ++i) {
        if (!isFieldSubtype(sub.fields[i], super.fields[i])) return false;
      }
      return true;
  }
  return false;
}

HeapType::Code TypeChecker::topOf(HeapType type) const {
  if (type.isIndex()) {
    return types_[type.index()].isFunc() ? HeapType::kFunc : HeapType::kAny;
  }
  return topOfAbstract(type.code());
}

}  // namespace kiln
