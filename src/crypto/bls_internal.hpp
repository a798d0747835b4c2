#pragma once
// Private helpers shared by the BLS sources (bls.cpp, bls_aggregate.cpp).
#include <span>
#include <string_view>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/point_encoding.hpp"

namespace stakepool::crypto::bls::detail {

// SecretScalar: the canonical limbs of a secret key, wiped on destruction.
struct SecretScalar {
  explicit SecretScalar(const SecretKey& sk);
  ~SecretScalar();
  SecretScalar(const SecretScalar&) = delete;
  SecretScalar& operator=(const SecretScalar&) = delete;
  Scalar k{};
};

BlsError from_point_error(PointError e);
std::span<const uint8_t> as_bytes(std::string_view s);
// hash_message: hash_to_g2(msg, dst), with the ciphersuite DSTs prepared once.
G2 hash_message(std::span<const uint8_t> msg, std::string_view dst);
// hash_to_g2_affine_vartime: hash_to_g2(msg, dst) in affine form (variable-time inversion; the
// message is public).
G2Affine hash_to_g2_affine_vartime(std::span<const uint8_t> msg, std::string_view dst);
// neg_g1_generator: -G1, the fixed G1 side of e(-G1, sig).
const G1Affine& neg_g1_generator();

}  // namespace stakepool::crypto::bls::detail
