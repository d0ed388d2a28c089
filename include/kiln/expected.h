// A value or an error: the return type of operations that can fail without
// it being exceptional (decoding untrusted bytes, linking, ...). A minimal
// stand-in for C++23's std::expected.
#pragma once

#include <optional>
#include <utility>
#include <variant>

namespace kiln {

/// Wraps an error value so `Expected` can be built from it unambiguously.
template <class E>
struct Unexpected {
  E error;
};
template <class E>
Unexpected(E) -> Unexpected<E>;

/// Holds either a `T` or an `E`.
template <class T, class E>
class Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Expected(Unexpected<E> error) : state_(std::in_place_index<1>, std::move(error.error)) {}

  bool hasValue() const { return state_.index() == 0; }
  explicit operator bool() const { return hasValue(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, E> state_;
};

/// An outcome with no value: success, or an error.
template <class E>
class Expected<void, E> {
 public:
  Expected() = default;
  Expected(Unexpected<E> error) : error_(std::move(error.error)) {}

  bool hasValue() const { return !error_.has_value(); }
  explicit operator bool() const { return hasValue(); }

  const E& error() const { return *error_; }

 private:
  std::optional<E> error_;
};

}  // namespace kiln
