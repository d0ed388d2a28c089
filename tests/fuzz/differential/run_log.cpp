#include "run_log.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace kiln::differential {

std::string i32Text(uint32_t bits) { return "i32:" + std::to_string(bits); }

std::string i64Text(uint64_t bits) { return "i64:" + std::to_string(bits); }

std::string f32Text(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, 4);
  if (std::isnan(value)) return "f32:nan";
  char text[32];
  std::snprintf(text, sizeof text, "f32:0x%08x", bits);
  return text;
}

std::string f64Text(uint64_t bits) {
  double value;
  std::memcpy(&value, &bits, 8);
  if (std::isnan(value)) return "f64:nan";
  char text[32];
  std::snprintf(text, sizeof text, "f64:0x%016llx", static_cast<unsigned long long>(bits));
  return text;
}

std::string refText(bool isNull) { return isNull ? "ref:null" : "ref:nonnull"; }

std::string v128Text(const uint8_t (&bytes)[16]) {
  std::string text = "v128:";
  char hex[3];
  for (uint8_t byte : bytes) {
    std::snprintf(hex, sizeof hex, "%02x", byte);
    text += hex;
  }
  return text;
}

std::string trapText(TrapKind kind) {
  switch (kind) {
    case TrapKind::Unreachable: return "trap unreachable";
    case TrapKind::DivideByZero: return "trap divide-by-zero";
    case TrapKind::IntegerOverflow: return "trap integer-overflow";
    case TrapKind::BadConversion: return "trap bad-conversion";
    case TrapKind::MemoryOutOfBounds: return "trap memory-out-of-bounds";
    case TrapKind::TableOutOfBounds: return "trap table-out-of-bounds";
    case TrapKind::NullCall: return "trap null-call";
    case TrapKind::BadSignature: return "trap bad-signature";
    case TrapKind::StackExhausted: return "trap stack-exhausted";
    case TrapKind::UncaughtException: return "uncaught exception";
    case TrapKind::Other: return "trap other";
  }
  return "trap other";
}

}  // namespace kiln::differential
