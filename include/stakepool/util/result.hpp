#pragma once
// Result<T>: a value or an Error (code + message naming the bad part). Mirrors std::expected's API
// (has_value, value, error, and_then) until C++23 is available. Status = Result<void>.
#include <string>
#include <utility>
#include <variant>

#include "stakepool/util/check.hpp"

namespace stakepool {

enum class Errc : int {
  kInvalidArgument = 1,  // malformed input: bad hex, wrong length, bad JSON, out of range
  kNotFound,
  kAlreadyExists,
  kCrypto,        // signature/point/key validation failed
  kSlashable,     // refused by slashing protection
  kPermission,    // wrong password, unauthorised peer
  kIo,            // filesystem / network failure
  kCorrupt,       // on-disk state failed validation
  kUnavailable,   // not enough parties / peers / data
  kInternal,
};

struct Error {
  Errc code = Errc::kInternal;
  std::string message;
};

inline Error make_error(Errc code, std::string msg) { return Error{code, std::move(msg)}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T v) : v_(std::in_place_index<0>, std::move(v)) {}           // NOLINT(implicit)
  Result(Error e) : v_(std::in_place_index<1>, std::move(e)) {}       // NOLINT(implicit)
  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { SP_CHECK(has_value()); return std::get<0>(v_); }
  const T& value() const& { SP_CHECK(has_value()); return std::get<0>(v_); }
  T&& value() && { SP_CHECK(has_value()); return std::get<0>(std::move(v_)); }
  const Error& error() const { SP_CHECK(!has_value()); return std::get<1>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  template <typename F>
  auto and_then(F&& f) && -> decltype(f(std::declval<T&&>())) {
    if (!has_value()) return error();
    return f(std::move(*this).value());
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error e) : err_(std::move(e)), ok_(false) {}  // NOLINT(implicit)
  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { SP_CHECK(!ok_); return err_; }

 private:
  Error err_;
  bool ok_ = true;
};

using Status = Result<void>;
inline Status ok_status() { return {}; }

}  // namespace stakepool

// SP_TRY(expr): propagate an Error from a Status/Result expression.
#define SP_TRY(expr)                              \
  do {                                            \
    auto&& sp_try_r_ = (expr);                    \
    if (!sp_try_r_.has_value()) return sp_try_r_.error(); \
  } while (0)
