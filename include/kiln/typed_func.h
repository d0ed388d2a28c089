// A function called with C++ numbers instead of vectors of Val: the host's
// fast path into Wasm, with no boxing and no allocation.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "kiln/error.h"
#include "kiln/expected.h"
#include "kiln/extern.h"
#include "kiln/func_type.h"

namespace kiln {

/// One argument or result as compiled code passes it: the value's bytes
/// (little-endian) at the start of a 16-byte slot.
struct alignas(16) RawSlot {
  uint64_t low = 0;
  uint64_t high = 0;
};

namespace detail {

/// The Wasm type of each C++ type a TypedFunc may use.
template <class T>
constexpr ValType wasmTypeOf() {
  if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, uint32_t>) {
    return ValType::I32;
  } else if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, uint64_t>) {
    return ValType::I64;
  } else if constexpr (std::is_same_v<T, float>) {
    return ValType::F32;
  } else {
    static_assert(std::is_same_v<T, double>, "TypedFunc takes int32_t, uint32_t, int64_t, "
                                             "uint64_t, float and double");
    return ValType::F64;
  }
}

/// A result type: void, one number, or a std::tuple of numbers.
template <class R>
struct Results {
  static std::vector<ValType> types() { return {wasmTypeOf<R>()}; }
  static constexpr size_t kCount = 1;
  static R read(const RawSlot* slots) {
    R value;
    std::memcpy(&value, &slots[0].low, sizeof value);
    return value;
  }
};
template <>
struct Results<void> {
  static std::vector<ValType> types() { return {}; }
  static constexpr size_t kCount = 0;
  static void read(const RawSlot*) {}
};
template <class... Ts>
struct Results<std::tuple<Ts...>> {
  static std::vector<ValType> types() { return {wasmTypeOf<Ts>()...}; }
  static constexpr size_t kCount = sizeof...(Ts);
  static std::tuple<Ts...> read(const RawSlot* slots) {
    return readEach(slots, std::index_sequence_for<Ts...>());
  }

 private:
  template <size_t... I>
  static std::tuple<Ts...> readEach(const RawSlot* slots, std::index_sequence<I...>) {
    return {Results<Ts>::read(slots + I)...};
  }
};

/// Writes `value` to `slot` as whole 8-byte words, so that compiled code's
/// narrower reads of it are served straight from the store buffer.
template <class T>
void writeSlot(RawSlot& slot, T value) {
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof value);
  slot.low = bits;
  slot.high = 0;
}

}  // namespace detail

template <class Signature>
class TypedFunc;

/// `func` with its type fixed at compile time, e.g.
///   auto add = kiln::TypedFunc<int32_t(int32_t, int32_t)>::of(*instance.getFunc("add"));
///   kiln::Expected<int32_t, kiln::Error> sum = add->call(1, 2);
/// Parameters and results are int32_t or uint32_t (i32), int64_t or
/// uint64_t (i64), float (f32) and double (f64); the result is void, one of
/// those, or a std::tuple of them. A call costs what a Wasm-to-Wasm call
/// does plus the host's entry into Wasm; Func::call also checks and boxes
/// every value.
template <class R, class... Args>
class TypedFunc<R(Args...)> {
 public:
  /// `func` as this signature, or a Link error when its type differs.
  static Expected<TypedFunc, Error> of(const Func& func) {
    FuncType expected{{detail::wasmTypeOf<Args>()...}, detail::Results<R>::types()};
    if (func.type() != expected) {
      std::string message = "type mismatch: the function is ";
      message += toString(func.type());
      message += ", the call expects ";
      message += toString(expected);
      return Unexpected{Error(ErrorKind::Link, std::move(message))};
    }
    return TypedFunc(func);
  }

  /// Calls the function: its results, or why it stopped (a Trap, the guest's
  /// Exit, or an error a host function returned), as Func::call.
  Expected<R, Error> call(Args... args) const {
    std::array<RawSlot, std::max<size_t>({sizeof...(Args), detail::Results<R>::kCount, 1})> slots;
    size_t index = 0;
    (detail::writeSlot(slots[index++], args), ...);
    if (std::optional<Error> error = func_.callRaw(slots.data())) {
      return Unexpected{std::move(*error)};
    }
    if constexpr (std::is_void_v<R>) {
      return Expected<R, Error>();
    } else {
      return detail::Results<R>::read(slots.data());
    }
  }

  const Func& func() const { return func_; }

 private:
  explicit TypedFunc(const Func& func) : func_(func) {}
  Func func_;
};

}  // namespace kiln
