#include "kiln/error.h"

#include <cstdio>

namespace kiln {

std::string_view toString(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Malformed: return "malformed";
    case ErrorKind::Invalid: return "invalid";
    case ErrorKind::Unsupported: return "unsupported";
    case ErrorKind::Link: return "link";
    case ErrorKind::Resource: return "resource";
    case ErrorKind::Trap: return "trap";
    case ErrorKind::Exception: return "exception";
    case ErrorKind::Exit: return "exit";
    case ErrorKind::Host: return "host";
  }
  return "<invalid>";
}

Error::Error(kiln::Trap trapped) : kind(ErrorKind::Trap), message(trapped.message) {
  if (!trapped.backtrace.empty()) {
    offset = trapped.backtrace.front().codeOffset;
    function = trapped.backtrace.front().functionIndex;
  }
  trap = std::move(trapped);
}

Error::Error(kiln::Exception thrown)
    : kind(ErrorKind::Exception), message("uncaught exception"), exception(std::move(thrown)) {}

Error Error::exit(int32_t status) {
  Error error(ErrorKind::Exit, "exit with status " + std::to_string(status));
  error.exitStatus = status;
  return error;
}

std::string Error::toString() const {
  std::string out;
  if (offset) {
    char head[32];
    std::snprintf(head, sizeof head, "0x%llx: ", static_cast<unsigned long long>(*offset));
    out = head;
  }
  if (function) out += "in function " + std::to_string(*function) + ": ";
  return out + message;
}

}  // namespace kiln
