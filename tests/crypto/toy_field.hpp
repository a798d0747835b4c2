#pragma once
// ToyField<M, NonResidue>: the production MontField template on a one-limb toy prime M, for the
// exhaustive tests of STYLE.md L9 (tests/crypto/field_toy_test.cpp, curve_toy_test.cpp).
// NonResidue is a quadratic non-residue mod M (used by the Tonelli–Shanks square root).
#include <array>
#include <cstdint>

#include "crypto/field_ops.hpp"

namespace stakepool::crypto::testing {

template <uint64_t M, uint64_t NonResidue>
struct ToyParams {
  static constexpr std::size_t kLimbs = 1;
  static constexpr std::size_t kBytes = 8;
  static constexpr std::array<uint64_t, 1> kModulus = {M};
  using C = detail::MontConstants<1, kModulus>;
  static constexpr bool kIsFp = false;
  static constexpr uint64_t kNonResidue = NonResidue;
};

template <uint64_t M, uint64_t NonResidue>
using ToyField = MontField<ToyParams<M, NonResidue>>;

}  // namespace stakepool::crypto::testing
