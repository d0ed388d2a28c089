// Functions called with C++ numbers instead of vectors of Val: the host's
// fast path into Wasm, and host functions that compiled code calls with no
// boxing. Neither allocates per call.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
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
/// The number of type `T` in `slot`.
template <class T>
T readSlot(const RawSlot& slot) {
  T value;
  std::memcpy(&value, &slot.low, sizeof value);
  return value;
}

/// Writes `value` to `slot` as whole 8-byte words, so that compiled code's
/// narrower reads of it are served straight from the store buffer.
template <class T>
void writeSlot(RawSlot& slot, T value) {
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof value);
  slot.low = bits;
  slot.high = 0;
}

template <class R>
struct Results {
  static std::vector<ValType> types() { return {wasmTypeOf<R>()}; }
  static constexpr size_t kCount = 1;
  static R read(const RawSlot* slots) { return readSlot<R>(slots[0]); }
  static void write(RawSlot* slots, R value) { writeSlot(slots[0], value); }
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
  static void write(RawSlot* slots, const std::tuple<Ts...>& values) {
    writeEach(slots, values, std::index_sequence_for<Ts...>());
  }

 private:
  template <size_t... I>
  static std::tuple<Ts...> readEach(const RawSlot* slots, std::index_sequence<I...>) {
    return {readSlot<Ts>(slots[I])...};
  }
  template <size_t... I>
  static void writeEach(RawSlot* slots, const std::tuple<Ts...>& values, std::index_sequence<I...>) {
    (writeSlot(slots[I], std::get<I>(values)), ...);
  }
};

/// True for Expected<T, Error>: a host body that may fail.
template <class T>
constexpr bool kIsExpected = false;
template <class T>
constexpr bool kIsExpected<Expected<T, Error>> = true;

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
    if (std::optional<Error> error = func_.callUnchecked(slots.data())) {
      return Unexpected{std::move(*error)};
    }
    if constexpr (std::is_void_v<R>) {
      return Expected<R, Error>();
    } else {
      return detail::Results<R>::read(slots.data());
    }
  }

  /// A host function of this signature owned by `store`, whose body is the
  /// callable `body`: it takes `Args...`, or `Caller&` then `Args...`, and
  /// returns `R`, or `Expected<R, Error>` to stop the calling Wasm code as a
  /// HostFunction's error does. Compiled code calls it with no boxing and no
  /// type check of its results. E.g.
  ///   auto inc = kiln::TypedFunc<int32_t(int32_t)>::wrap(store, [](int32_t x) { return x + 1; });
  ///   linker.define("env", "inc", inc.func());
  template <class F>
  static TypedFunc wrap(Store& store, F body) {
    static_assert(std::is_invocable_v<F&, Caller&, Args...> || std::is_invocable_v<F&, Args...>,
                  "the body must take Args... or (Caller&, Args...)");
    FuncType type{{detail::wasmTypeOf<Args>()...}, detail::Results<R>::types()};
    return TypedFunc(Func::wrapRaw(store, std::move(type), &callBody<F>,
                                   std::make_shared<F>(std::move(body))));
  }

  const Func& func() const { return func_; }

 private:
  explicit TypedFunc(const Func& func) : func_(func) {}

  /// The RawHostBody of wrap(): reads the arguments, calls, writes the results.
  template <class F>
  static std::optional<Error> callBody(void* body, Caller& caller, RawSlot* slots) {
    F& callable = *static_cast<F*>(body);
    auto invoke = [&]<size_t... I>(std::index_sequence<I...>) -> decltype(auto) {
      if constexpr (std::is_invocable_v<F&, Caller&, Args...>) {
        return callable(caller, detail::readSlot<Args>(slots[I])...);
      } else {
        return callable(detail::readSlot<Args>(slots[I])...);
      }
    };
    using Returned = decltype(invoke(std::index_sequence_for<Args...>()));
    if constexpr (detail::kIsExpected<Returned>) {
      Returned returned = invoke(std::index_sequence_for<Args...>());
      if (!returned) return returned.error();
      if constexpr (!std::is_void_v<R>) detail::Results<R>::write(slots, std::move(*returned));
    } else if constexpr (std::is_void_v<R>) {
      invoke(std::index_sequence_for<Args...>());
    } else {
      static_assert(std::is_convertible_v<Returned, R>, "the body must return R or Expected<R, Error>");
      detail::Results<R>::write(slots, invoke(std::index_sequence_for<Args...>()));
    }
    return std::nullopt;
  }

  Func func_;
};

}  // namespace kiln
