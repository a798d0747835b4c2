#pragma once
// testing_gen::random_value<T>(): a random SSZ value of any type from ssz_types.hpp or any
// container, drawn inside a rapidcheck property (uses *gen). Lists and bitlists get small random
// lengths (up to 40 items / 300 bits) within their limits.
#include <rapidcheck.h>

#include <algorithm>
#include <concepts>
#include <type_traits>

#include "stakepool/eth/ssz.hpp"

namespace stakepool::eth::testing_gen {

template <typename T>
struct Kind {
  static constexpr int value = 0;
};
template <typename T, uint64_t L>
struct Kind<ssz::List<T, L>> {
  static constexpr int value = 1;
};
template <typename T, std::size_t N>
struct Kind<std::array<T, N>> {
  static constexpr int value = 2;
};
template <std::size_t N>
struct Kind<ssz::Bitvector<N>> {
  static constexpr int value = 3;
};
template <uint64_t L>
struct Kind<ssz::Bitlist<L>> {
  static constexpr int value = 4;
};
template <std::size_t B>
struct Kind<ssz::UintN<B>> {
  static constexpr int value = 5;
};

template <typename T>
T random_value() {
  constexpr int kKind = Kind<T>::value;
  if constexpr (std::same_as<T, bool>) {
    return *rc::gen::arbitrary<bool>();
  } else if constexpr (std::unsigned_integral<T>) {
    return *rc::gen::arbitrary<T>();
  } else if constexpr (std::is_enum_v<T>) {
    return static_cast<T>(*rc::gen::arbitrary<std::underlying_type_t<T>>());
  } else if constexpr (kKind == 1) {
    const auto n = *rc::gen::inRange<std::size_t>(0, std::min<uint64_t>(T::kMaxSize, 40) + 1);
    T out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(random_value<typename T::value_type>());
    return out;
  } else if constexpr (kKind == 2) {
    T out;
    for (auto& e : out) e = random_value<typename T::value_type>();
    return out;
  } else if constexpr (kKind == 3) {
    T out;
    for (std::size_t i = 0; i < T::kSize; ++i) out.set(i, *rc::gen::arbitrary<bool>());
    return out;
  } else if constexpr (kKind == 4) {
    const auto n = *rc::gen::inRange<std::size_t>(0, std::min<uint64_t>(T::kMaxSize, 300) + 1);
    T out(n);
    for (std::size_t i = 0; i < n; ++i) out.set(i, *rc::gen::arbitrary<bool>());
    return out;
  } else if constexpr (kKind == 5) {
    T out;
    for (auto& b : out.le) b = *rc::gen::arbitrary<uint8_t>();
    return out;
  } else {
    static_assert(ssz::Container<T>);
    T out{};
    std::apply([&](const auto&... f) { ((out.*(f.ptr) = random_value<typename std::decay_t<
                                              decltype(f)>::Member>()),
                                        ...); },
               T::ssz_fields());
    return out;
  }
}

}  // namespace stakepool::eth::testing_gen
