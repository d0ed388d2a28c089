#include "binary/opcode.h"

namespace kiln {

namespace {

using VT = ValType;
constexpr VT kI32[] = {VT::I32};
constexpr VT kI64[] = {VT::I64};
constexpr VT kF32[] = {VT::F32};
constexpr VT kF64[] = {VT::F64};
constexpr VT kV128[] = {VT::V128};
constexpr VT kI32I32[] = {VT::I32, VT::I32};
constexpr VT kI64I64[] = {VT::I64, VT::I64};
constexpr VT kF32F32[] = {VT::F32, VT::F32};
constexpr VT kF64F64[] = {VT::F64, VT::F64};
constexpr VT kV128V128[] = {VT::V128, VT::V128};
constexpr VT kV128I32[] = {VT::V128, VT::I32};
constexpr VT kV128I64[] = {VT::V128, VT::I64};
constexpr VT kV128F32[] = {VT::V128, VT::F32};
constexpr VT kV128F64[] = {VT::V128, VT::F64};
constexpr VT kV128V128V128[] = {VT::V128, VT::V128, VT::V128};
constexpr VT kI32I64[] = {VT::I32, VT::I64};
constexpr VT kI32F32[] = {VT::I32, VT::F32};
constexpr VT kI32F64[] = {VT::I32, VT::F64};
constexpr VT kI32V128[] = {VT::I32, VT::V128};
constexpr VT kI32I32I32[] = {VT::I32, VT::I32, VT::I32};

}  // namespace

SignatureTypes signatureTypes(OperatorSignature signature) {
  using S = OperatorSignature;
  switch (signature) {
    case S::Special: return {};
    case S::NoneToNone: return {{}, std::nullopt};
    case S::NoneToI32: return {{}, VT::I32};
    case S::NoneToI64: return {{}, VT::I64};
    case S::NoneToF32: return {{}, VT::F32};
    case S::NoneToF64: return {{}, VT::F64};
    case S::NoneToV128: return {{}, VT::V128};
    case S::I32ToI32: return {kI32, VT::I32};
    case S::I32ToI64: return {kI32, VT::I64};
    case S::I32ToF32: return {kI32, VT::F32};
    case S::I32ToF64: return {kI32, VT::F64};
    case S::I32ToV128: return {kI32, VT::V128};
    case S::I64ToI32: return {kI64, VT::I32};
    case S::I64ToI64: return {kI64, VT::I64};
    case S::I64ToF32: return {kI64, VT::F32};
    case S::I64ToF64: return {kI64, VT::F64};
    case S::I64ToV128: return {kI64, VT::V128};
    case S::F32ToI32: return {kF32, VT::I32};
    case S::F32ToI64: return {kF32, VT::I64};
    case S::F32ToF32: return {kF32, VT::F32};
    case S::F32ToF64: return {kF32, VT::F64};
    case S::F32ToV128: return {kF32, VT::V128};
    case S::F64ToI32: return {kF64, VT::I32};
    case S::F64ToI64: return {kF64, VT::I64};
    case S::F64ToF32: return {kF64, VT::F32};
    case S::F64ToF64: return {kF64, VT::F64};
    case S::F64ToV128: return {kF64, VT::V128};
    case S::V128ToI32: return {kV128, VT::I32};
    case S::V128ToI64: return {kV128, VT::I64};
    case S::V128ToF32: return {kV128, VT::F32};
    case S::V128ToF64: return {kV128, VT::F64};
    case S::V128ToV128: return {kV128, VT::V128};
    case S::I32I32ToI32: return {kI32I32, VT::I32};
    case S::I64I64ToI32: return {kI64I64, VT::I32};
    case S::I64I64ToI64: return {kI64I64, VT::I64};
    case S::F32F32ToI32: return {kF32F32, VT::I32};
    case S::F32F32ToF32: return {kF32F32, VT::F32};
    case S::F64F64ToI32: return {kF64F64, VT::I32};
    case S::F64F64ToF64: return {kF64F64, VT::F64};
    case S::V128V128ToV128: return {kV128V128, VT::V128};
    case S::V128I32ToV128: return {kV128I32, VT::V128};
    case S::V128I64ToV128: return {kV128I64, VT::V128};
    case S::V128F32ToV128: return {kV128F32, VT::V128};
    case S::V128F64ToV128: return {kV128F64, VT::V128};
    case S::V128V128V128ToV128: return {kV128V128V128, VT::V128};
    case S::I32I32ToNone: return {kI32I32, std::nullopt};
    case S::I32I64ToNone: return {kI32I64, std::nullopt};
    case S::I32F32ToNone: return {kI32F32, std::nullopt};
    case S::I32F64ToNone: return {kI32F64, std::nullopt};
    case S::I32V128ToNone: return {kI32V128, std::nullopt};
    case S::I32V128ToV128: return {kI32V128, VT::V128};
    case S::I32I32I32ToNone: return {kI32I32I32, std::nullopt};
  }
  return {};
}


}  // namespace kiln
