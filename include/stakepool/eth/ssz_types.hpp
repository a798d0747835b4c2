#pragma once
// SSZ value types (consensus-specs ssz/simple-serialize.md): big unsigned integers, bounded lists,
// bitvectors and bitlists, and the field descriptor used to describe containers once at compile
// time. Codecs live in ssz.hpp; these types only hold values and enforce their bounds.
//
// Type mapping:
//   uint8/16/32/64, bool       -> the C++ built-ins (and enums with an unsigned underlying type)
//   uint128, uint256           -> ssz::Uint128, ssz::Uint256 (little-endian bytes)
//   Vector[T, N]               -> std::array<T, N>   (N > 0)
//   List[T, N]                 -> ssz::List<T, N>
//   Bitvector[N], Bitlist[N]   -> ssz::Bitvector<N>, ssz::Bitlist<N>
//   Container                  -> a struct with `static constexpr auto ssz_fields()` returning a
//                                 std::tuple of ssz::field("name", &Struct::member), in order.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "stakepool/util/check.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::eth::ssz {

// UintN: an N-bit unsigned integer (N = 128 or 256) held as N/8 little-endian bytes, which is
// also its SSZ serialization.
template <std::size_t kBits>
struct UintN {
  static_assert(kBits % 64 == 0 && kBits >= 128, "UintN is for 128 and 256 bits");
  std::array<uint8_t, kBits / 8> le{};
  friend bool operator==(const UintN&, const UintN&) = default;
};
using Uint128 = UintN<128>;
using Uint256 = UintN<256>;

// List: an SSZ List[T, kLimit]: a std::vector whose size never exceeds kLimit.
// push_back past the limit is a programming error (SP_CHECK); untrusted sizes go through assign.
template <typename T, uint64_t kLimit>
class List {
 public:
  using value_type = T;
  static constexpr uint64_t kMaxSize = kLimit;

  List() = default;
  // assign replaces the contents; fails (naming the limit) when v has more than kLimit items.
  Status assign(std::vector<T> v) {
    if (v.size() > kLimit) {
      return make_error(Errc::kInvalidArgument, "list of " + std::to_string(v.size()) +
                                                    " items exceeds limit " +
                                                    std::to_string(kLimit));
    }
    items_ = std::move(v);
    return ok_status();
  }
  void push_back(T v) {
    SP_CHECK(items_.size() < kLimit);
    items_.push_back(std::move(v));
  }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  T& operator[](std::size_t i) { return items_[i]; }
  const T& operator[](std::size_t i) const { return items_[i]; }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }
  auto begin() { return items_.begin(); }
  auto end() { return items_.end(); }
  const std::vector<T>& items() const { return items_; }
  void clear() { items_.clear(); }
  friend bool operator==(const List&, const List&) = default;

 private:
  std::vector<T> items_;
};

// Bitvector: an SSZ Bitvector[kBits]: bit i is bit (i % 8) of byte i / 8; unused high bits of the
// last byte are always zero.
template <std::size_t kBits>
class Bitvector {
 public:
  static_assert(kBits > 0, "Bitvector[0] is not a legal SSZ type");
  static constexpr std::size_t kSize = kBits;
  static constexpr std::size_t kBytes = (kBits + 7) / 8;

  bool get(std::size_t i) const {
    SP_CHECK(i < kBits);
    return (bytes_[i / 8] >> (i % 8)) & 1;
  }
  void set(std::size_t i, bool v) {
    SP_CHECK(i < kBits);
    const auto mask = static_cast<uint8_t>(1u << (i % 8));
    bytes_[i / 8] = v ? (bytes_[i / 8] | mask) : (bytes_[i / 8] & ~mask);
  }
  std::size_t size() const { return kBits; }
  std::size_t count() const {
    std::size_t n = 0;
    for (uint8_t b : bytes_) n += static_cast<std::size_t>(__builtin_popcount(b));
    return n;
  }
  const std::array<uint8_t, kBytes>& bytes() const { return bytes_; }
  // set_bytes replaces the bits; fails when a bit at or beyond kBits is set.
  Status set_bytes(const std::array<uint8_t, kBytes>& b) {
    if constexpr (kBits % 8 != 0) {
      if ((b[kBytes - 1] >> (kBits % 8)) != 0) {
        return make_error(Errc::kInvalidArgument,
                          "bitvector[" + std::to_string(kBits) + "]: bits set past the length");
      }
    }
    bytes_ = b;
    return ok_status();
  }
  friend bool operator==(const Bitvector&, const Bitvector&) = default;

 private:
  std::array<uint8_t, kBytes> bytes_{};
};

// Bitlist: an SSZ Bitlist[kLimit]: up to kLimit bits. Held without the delimiter bit; the
// serialization appends it.
template <uint64_t kLimit>
class Bitlist {
 public:
  static constexpr uint64_t kMaxSize = kLimit;

  Bitlist() = default;
  // Bitlist(n): n zero bits; n > kLimit is a programming error.
  explicit Bitlist(std::size_t n) : bytes_((n + 7) / 8, 0), size_(n) { SP_CHECK(n <= kLimit); }

  std::size_t size() const { return size_; }
  bool get(std::size_t i) const {
    SP_CHECK(i < size_);
    return (bytes_[i / 8] >> (i % 8)) & 1;
  }
  void set(std::size_t i, bool v) {
    SP_CHECK(i < size_);
    const auto mask = static_cast<uint8_t>(1u << (i % 8));
    bytes_[i / 8] = v ? (bytes_[i / 8] | mask) : (bytes_[i / 8] & ~mask);
  }
  void push_back(bool v) {
    SP_CHECK(size_ < kLimit);
    if (size_ % 8 == 0) bytes_.push_back(0);
    ++size_;
    set(size_ - 1, v);
  }
  std::size_t count() const {
    std::size_t n = 0;
    for (uint8_t b : bytes_) n += static_cast<std::size_t>(__builtin_popcount(b));
    return n;
  }
  // bytes: the bits without the delimiter, ceil(size/8) bytes (the merkleization input).
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  friend bool operator==(const Bitlist&, const Bitlist&) = default;

 private:
  std::vector<uint8_t> bytes_;
  std::size_t size_ = 0;
};

// Field: one container member: its spec name and a pointer to it.
template <typename C, typename M>
struct Field {
  using Class = C;
  using Member = M;
  const char* name;
  M C::*ptr;
};

// field builds a Field; used in a container's ssz_fields().
template <typename C, typename M>
constexpr Field<C, M> field(const char* name, M C::*ptr) {
  return Field<C, M>{name, ptr};
}

// Container: a struct describing its fields through ssz_fields().
template <typename T>
concept Container = requires { T::ssz_fields(); };

}  // namespace stakepool::eth::ssz
