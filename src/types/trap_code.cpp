#include "types/trap_code.h"

namespace kiln {

std::string_view trapMessage(TrapCode code) {
  switch (code) {
    case TrapCode::StackOverflow: return "call stack exhausted";
    case TrapCode::HeapAccessOutOfBounds: return "out of bounds memory access";
    case TrapCode::HeapMisaligned: return "misaligned memory access";
    case TrapCode::TableAccessOutOfBounds: return "out of bounds table access";
    case TrapCode::IndirectCallToNull: return "uninitialized element";
    case TrapCode::BadSignature: return "indirect call type mismatch";
    case TrapCode::IntegerOverflow: return "integer overflow";
    case TrapCode::IntegerDivisionByZero: return "integer divide by zero";
    case TrapCode::BadConversionToInteger: return "invalid conversion to integer";
    case TrapCode::Unreachable: return "unreachable";
    case TrapCode::Interrupt: return "interrupted";
  }
  return "unknown trap";
}

std::string_view toString(TrapCode code) {
  switch (code) {
    case TrapCode::StackOverflow: return "StackOverflow";
    case TrapCode::HeapAccessOutOfBounds: return "HeapAccessOutOfBounds";
    case TrapCode::HeapMisaligned: return "HeapMisaligned";
    case TrapCode::TableAccessOutOfBounds: return "TableAccessOutOfBounds";
    case TrapCode::IndirectCallToNull: return "IndirectCallToNull";
    case TrapCode::BadSignature: return "BadSignature";
    case TrapCode::IntegerOverflow: return "IntegerOverflow";
    case TrapCode::IntegerDivisionByZero: return "IntegerDivisionByZero";
    case TrapCode::BadConversionToInteger: return "BadConversionToInteger";
    case TrapCode::Unreachable: return "Unreachable";
    case TrapCode::Interrupt: return "Interrupt";
  }
  return "Unknown";
}

}  // namespace kiln
