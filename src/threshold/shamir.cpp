#include "stakepool/threshold/shamir.hpp"

#include <algorithm>

#include "stakepool/util/ct.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::threshold {

const char* to_string(ThresholdError e) {
  switch (e) {
    case ThresholdError::kOk: return "ok";
    case ThresholdError::kZeroIndex: return "share index 0 is not allowed";
    case ThresholdError::kIndexTooLarge: return "share index exceeds the maximum committee size";
    case ThresholdError::kDuplicateIndex: return "duplicate share index";
    case ThresholdError::kTooFewShares: return "fewer shares than the threshold";
    case ThresholdError::kBadThreshold: return "threshold must be between 1 and the number of shares";
    case ThresholdError::kBadLength: return "wrong byte length";
    case ThresholdError::kNonCanonical: return "scalar is not below the group order";
    case ThresholdError::kInvalidPoint: return "point is not a valid group element";
    case ThresholdError::kInvalidPartial: return "partial signature does not verify";
    case ThresholdError::kWrongGroupKey: return "result does not verify against the group public key";
  }
  return "unknown threshold error";
}

SecretScalar& SecretScalar::operator=(SecretScalar&& o) noexcept {
  if (this != &o) {
    v_ = o.v_;
    o.wipe();
  }
  return *this;
}

void SecretScalar::wipe() { util::secure_zero(&v_, sizeof(v_)); }

SecretScalar random_scalar(util::Rng& rng) {
  for (;;) {
    uint8_t buf[64];
    rng.fill(buf);
    Fr v = Fr::from_bytes_wide_be(buf);
    util::secure_zero(buf, sizeof(buf));
    // Zero has probability ~2^-255; rejecting it is a public event, so the test is declassified.
    bool zero = v.is_zero();
    SP_CT_DECLASSIFY(&zero, sizeof(zero));
    if (!zero) return SecretScalar(v);
  }
}

SecretPolynomial SecretPolynomial::random(const SecretScalar& secret, std::size_t t, util::Rng& rng) {
  std::vector<SecretScalar> c;
  c.reserve(t);
  c.push_back(secret.clone());
  for (std::size_t i = 1; i < t; ++i) c.push_back(random_scalar(rng));
  return from_coefficients(std::move(c));
}

SecretPolynomial SecretPolynomial::from_coefficients(std::vector<SecretScalar> coeffs) {
  SecretPolynomial p;
  p.coeffs_ = std::move(coeffs);
  return p;
}

SecretScalar SecretPolynomial::evaluate(ShareIndex index) const {
  const Fr x = index.as_fr();
  Fr acc = Fr::zero();
  for (std::size_t i = coeffs_.size(); i-- > 0;) acc = acc * x + coeffs_[i].expose();
  SecretScalar out(acc);
  util::secure_zero(&acc, sizeof(acc));
  return out;
}

std::vector<SecretShare> SecretPolynomial::share_all(std::size_t n) const {
  std::vector<SecretShare> out;
  out.reserve(n);
  for (std::size_t i = 1; i <= n; ++i) {
    ShareIndex idx = *ShareIndex::make(i);
    out.push_back(SecretShare{idx, evaluate(idx)});
  }
  return out;
}

ThresholdError check_indices(std::span<const ShareIndex> idx) {
  std::vector<uint32_t> v;
  v.reserve(idx.size());
  for (ShareIndex i : idx) v.push_back(i.value());
  std::sort(v.begin(), v.end());
  if (std::adjacent_find(v.begin(), v.end()) != v.end()) return ThresholdError::kDuplicateIndex;
  return ThresholdError::kOk;
}

void batch_invert_vartime(std::span<Fr> xs) {
  // prefix[i] = x0·…·x(i−1) over the non-zero elements; one inversion; walk back.
  std::vector<Fr> prefix(xs.size());
  Fr acc = Fr::one();
  for (std::size_t i = 0; i < xs.size(); ++i) {
    prefix[i] = acc;
    if (!xs[i].is_zero()) acc = acc * xs[i];
  }
  Fr inv = acc.inv_vartime();
  for (std::size_t i = xs.size(); i-- > 0;) {
    if (xs[i].is_zero()) continue;
    Fr xi_inv = inv * prefix[i];
    inv = inv * xs[i];
    xs[i] = xi_inv;
  }
}

ThresholdError lagrange_at_zero(std::span<const ShareIndex> idx, std::vector<Fr>& out) {
  if (ThresholdError e = check_indices(idx); e != ThresholdError::kOk) return e;
  const std::size_t k = idx.size();
  // λ_i = Π_{j≠i} x_j / Π_{j≠i} (x_j − x_i) = (Π_j x_j) / (x_i · Π_{j≠i} (x_j − x_i)).
  std::vector<Fr> xs(k), den(k);
  Fr all = Fr::one();
  for (std::size_t i = 0; i < k; ++i) {
    xs[i] = idx[i].as_fr();
    all = all * xs[i];
  }
  for (std::size_t i = 0; i < k; ++i) {
    Fr d = xs[i];
    for (std::size_t j = 0; j < k; ++j) {
      if (j != i) d = d * (xs[j] - xs[i]);
    }
    den[i] = d;
  }
  batch_invert_vartime(den);
  out.resize(k);
  for (std::size_t i = 0; i < k; ++i) out[i] = all * den[i];
  return ThresholdError::kOk;
}

ThresholdError recover_secret(std::span<const SecretShare> shares, std::size_t t, SecretScalar& out) {
  if (t == 0) return ThresholdError::kBadThreshold;
  if (shares.size() < t) return ThresholdError::kTooFewShares;
  std::vector<ShareIndex> idx;
  for (std::size_t i = 0; i < t; ++i) idx.push_back(shares[i].index);
  std::vector<Fr> lambda;
  if (ThresholdError e = lagrange_at_zero(idx, lambda); e != ThresholdError::kOk) return e;
  Fr acc = Fr::zero();
  for (std::size_t i = 0; i < t; ++i) acc = acc + lambda[i] * shares[i].value.expose();
  out = SecretScalar(acc);
  util::secure_zero(&acc, sizeof(acc));
  return ThresholdError::kOk;
}

}  // namespace stakepool::threshold
