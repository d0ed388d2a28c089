#include "kiln/backtrace.h"

#include <llvm/Demangle/Demangle.h>

#include <cstdio>

namespace kiln {

namespace {

bool isHexDigit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

/// Whether `symbol` is a Rust legacy name: an Itanium nested name whose
/// last component is the 17-character hash "h" + 16 hex digits.
bool isRustLegacy(std::string_view symbol) {
  constexpr std::string_view kHashComponent = "17h";
  if (!symbol.starts_with("_ZN") || !symbol.ends_with("E") || symbol.size() < 24) return false;
  std::string_view tail = symbol.substr(symbol.size() - 1 - 19, 19);
  if (!tail.starts_with(kHashComponent)) return false;
  for (char c : tail.substr(3)) {
    if (!isHexDigit(c)) return false;
  }
  return true;
}

/// A Rust legacy path ("a::b::h0123456789abcdef", as the Itanium demangler
/// prints it) without its hash and with Rust's escapes in identifiers
/// decoded: "$LT$" is '<', "$u20$" is ' ', ".." is "::", and so on.
std::string decodeRustLegacy(std::string_view path) {
  path = path.substr(0, path.rfind("::h"));
  struct Escape {
    std::string_view code;
    std::string_view text;
  };
  static constexpr Escape kEscapes[] = {
      {"$SP$", "@"}, {"$BP$", "*"}, {"$RF$", "&"}, {"$LT$", "<"}, {"$GT$", ">"},
      {"$LP$", "("}, {"$RP$", ")"}, {"$C$", ","},
  };
  std::string out;
  out.reserve(path.size());
  size_t i = 0;
  // A leading "_$" stands for "$": identifiers cannot start with '$'.
  auto componentStart = [&](size_t at) { return at == 0 || path.substr(0, at).ends_with("::"); };
  while (i < path.size()) {
    std::string_view rest = path.substr(i);
    if (rest.starts_with("_$") && componentStart(i)) {
      ++i;
      continue;
    }
    if (rest.starts_with("..")) {
      out += "::";
      i += 2;
      continue;
    }
    if (rest.starts_with("$")) {
      bool decoded = false;
      for (const Escape& escape : kEscapes) {
        if (rest.starts_with(escape.code)) {
          out += escape.text;
          i += escape.code.size();
          decoded = true;
          break;
        }
      }
      // "$uXX$": the character with that hexadecimal code (ASCII here).
      size_t close = rest.find('$', 1);
      if (!decoded && rest.starts_with("$u") && close != std::string_view::npos && close > 2 &&
          close <= 4) {
        unsigned code = 0;
        for (char c : rest.substr(2, close - 2)) {
          code = code * 16 + unsigned(c <= '9' ? c - '0' : c - 'a' + 10);
        }
        if (code >= 0x20 && code < 0x7f) {
          out += char(code);
          i += close + 1;
          decoded = true;
        }
      }
      if (decoded) continue;
    }
    out += path[i++];
  }
  return out;
}

}  // namespace

std::string demangle(std::string_view symbol) {
  std::string owned(symbol);
  std::string demangled;
  if (!llvm::nonMicrosoftDemangle(owned.c_str(), demangled)) return owned;
  return isRustLegacy(symbol) ? decodeRustLegacy(demangled) : demangled;
}

std::string frameName(const TrapFrame& frame) {
  if (frame.functionName.empty()) {
    std::string name = "func[";
    name += std::to_string(frame.functionIndex);
    name += ']';
    return name;
  }
  return demangle(frame.functionName);
}

std::string formatBacktrace(const Trap& trap, std::string_view defaultModuleName) {
  std::string out;
  auto frameLine = [&](size_t depth, const TrapFrame& frame) {
    char offset[24];
    std::snprintf(offset, sizeof offset, " @ 0x%x", frame.codeOffset);
    std::string_view module = frame.moduleName.empty() ? defaultModuleName : frame.moduleName;
    // Appended piece by piece: GCC 12's -O3 inlining of `"#" + to_string(n)`
    // gives a -Wrestrict false positive.
    out += "  #";
    out += std::to_string(depth);
    out += ' ';
    if (!module.empty()) {
      out += module;
      out += '!';
    }
    out += frameName(frame);
    out += offset;
    if (frame.source) {
      out += " at ";
      out += frame.source->file;
      out += ':';
      out += std::to_string(frame.source->line);
      if (frame.source->column != 0) {
        out += ':';
        out += std::to_string(frame.source->column);
      }
    }
    out += '\n';
  };
  for (size_t i = 0; i < trap.backtrace.size(); ++i) {
    if (trap.elidedFrames != 0 && i == trap.elidedAt) {
      out += "  ... ";
      out += std::to_string(trap.elidedFrames);
      out += " frames elided ...\n";
    }
    frameLine(i < trap.elidedAt || trap.elidedFrames == 0 ? i : i + trap.elidedFrames,
              trap.backtrace[i]);
  }
  return out;
}

}  // namespace kiln
