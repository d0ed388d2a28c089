// The exception handlers of one compiled function: which code ranges each
// try_table or legacy try body covers, which tags its clauses catch, and
// where each clause's landing pad is. The raise path walks the Wasm frames
// with it (CallState::findHandler through the module's HandlerResolver).
#pragma once

#include <cstdint>
#include <vector>

namespace kiln::x64 {

/// One catch clause of a handler, in the order they are tried.
struct HandlerClause {
  static constexpr uint32_t kAnyTag = UINT32_MAX;
  uint32_t tag = kAnyTag;   // module tag index, or kAnyTag (catch_all)
  /// The handler keeps an exnref to the exception (catch_ref, catch_all_ref,
  /// legacy catch, which may rethrow): it may not be reused.
  bool byReference = false;
  uint32_t pad = 0;         // landing pad: code offset in the function
};

/// A try body. Bodies nest properly, and one opened later inside another
/// comes later in the list, so the innermost body around a pc is the last
/// one containing it.
struct Handler {
  uint32_t start = 0;  // code offsets in the function: [start, end)
  uint32_t end = 0;
  /// The handler tried when no clause matches: the enclosing try body's, or
  /// for a legacy `delegate` the one of its label; -1: the caller's frame.
  int32_t next = -1;
  std::vector<HandlerClause> clauses;
};

/// Every handler of a function, and its frame size: a landing pad runs with
/// rsp = rbp - frameSize.
struct FunctionHandlers {
  uint32_t frameSize = 0;
  std::vector<Handler> handlers;

  /// The innermost handler whose body holds the code at `offset`, or -1.
  int32_t innermostAt(uint32_t offset) const {
    for (size_t i = handlers.size(); i-- > 0;) {
      if (handlers[i].start <= offset && offset < handlers[i].end) return int32_t(i);
    }
    return -1;
  }
};

}  // namespace kiln::x64
