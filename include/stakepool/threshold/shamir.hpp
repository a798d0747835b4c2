#pragma once
// Shamir secret sharing over Fr (DESIGN.md §2): shares are evaluations of a degree t−1 polynomial at
// x = 1..n (the member's slot in the committee, never 0); reconstruction by Lagrange interpolation
// at 0. Secret values (coefficients, shares, recovered secrets) are held in SecretScalar, which wipes
// itself. Functions are constant time in secret values; indices are public.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "stakepool/crypto/field.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::threshold {

using crypto::Fr;

// kMaxShares bounds committee sizes; indices live in [1, kMaxShares].
inline constexpr uint32_t kMaxShares = 1024;

enum class ThresholdError : uint8_t {
  kOk = 0,
  kZeroIndex,         // share index 0 (the secret's own evaluation point)
  kIndexTooLarge,     // index > kMaxShares
  kDuplicateIndex,    // the same index twice
  kTooFewShares,      // fewer than the threshold
  kBadThreshold,      // t == 0 or t > n
  kBadLength,         // wrong byte length for a scalar or point
  kNonCanonical,      // scalar >= r
  kInvalidPoint,      // point fails validation (curve / subgroup / infinity)
  kInvalidPartial,    // a partial signature does not verify against its share public key
  kWrongGroupKey,     // a combined result does not verify against the group public key
};
const char* to_string(ThresholdError e);

// ShareIndex: a member's evaluation point, 1..kMaxShares. Built only through make().
class ShareIndex {
 public:
  static std::optional<ShareIndex> make(uint64_t v) {
    if (v == 0 || v > kMaxShares) return std::nullopt;
    return ShareIndex(static_cast<uint32_t>(v));
  }
  uint32_t value() const { return v_; }
  Fr as_fr() const { return Fr::from_u64(v_); }
  friend bool operator==(ShareIndex a, ShareIndex b) { return a.v_ == b.v_; }
  friend auto operator<=>(ShareIndex a, ShareIndex b) { return a.v_ <=> b.v_; }

 private:
  explicit ShareIndex(uint32_t v) : v_(v) {}
  uint32_t v_;
};

// SecretScalar: the owning, self-wiping container for a secret element of Fr (STYLE.md L6).
class SecretScalar {
 public:
  SecretScalar() = default;
  explicit SecretScalar(const Fr& v) : v_(v) {}
  SecretScalar(const SecretScalar&) = delete;
  SecretScalar& operator=(const SecretScalar&) = delete;
  SecretScalar(SecretScalar&& o) noexcept : v_(o.v_) { o.wipe(); }
  SecretScalar& operator=(SecretScalar&& o) noexcept;
  ~SecretScalar() { wipe(); }
  SecretScalar clone() const { return SecretScalar(v_); }
  const Fr& expose() const { return v_; }
  void wipe();

 private:
  Fr v_{};
};

struct SecretShare {
  ShareIndex index;
  SecretScalar value;
};

// SecretPolynomial: f(x) = a0 + a1·x + … + a(t−1)·x^(t−1) with secret coefficients.
class SecretPolynomial {
 public:
  // random draws a1..a(t−1) from `rng` (uniform mod r); a0 = secret. t >= 1.
  static SecretPolynomial random(const SecretScalar& secret, std::size_t t, util::Rng& rng);
  // from_coefficients takes a0..a(t−1) (used by vector tests with fixed coefficients).
  static SecretPolynomial from_coefficients(std::vector<SecretScalar> coeffs);

  std::size_t threshold() const { return coeffs_.size(); }
  const SecretScalar& coefficient(std::size_t i) const { return coeffs_[i]; }
  // evaluate: f(index), Horner's rule, constant time in the coefficients.
  SecretScalar evaluate(ShareIndex index) const;
  // share_all: shares for indices 1..n.
  std::vector<SecretShare> share_all(std::size_t n) const;

 private:
  std::vector<SecretScalar> coeffs_;
};

// random_scalar draws a uniform non-zero element of Fr (64 random bytes reduced mod r).
SecretScalar random_scalar(util::Rng& rng);

// check_indices: all indices distinct (they are non-zero by construction). kOk or kDuplicateIndex.
ThresholdError check_indices(std::span<const ShareIndex> idx);

// lagrange_at_zero: out[i] = Π_{j≠i} x_j / (x_j − x_i) for the given distinct indices, with one
// batch inversion. Indices are public (variable time). Fails with kDuplicateIndex.
ThresholdError lagrange_at_zero(std::span<const ShareIndex> idx, std::vector<Fr>& out);

// recover_secret: f(0) from at least t shares (the first t are used). Constant time in the share
// values. Fails with kBadThreshold, kTooFewShares or kDuplicateIndex.
ThresholdError recover_secret(std::span<const SecretShare> shares, std::size_t t, SecretScalar& out);

// batch_invert_vartime: replaces each element by its inverse (Montgomery's trick); zeros stay zero.
void batch_invert_vartime(std::span<Fr> xs);

}  // namespace stakepool::threshold
