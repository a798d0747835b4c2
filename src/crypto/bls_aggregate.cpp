// BLS aggregation and multi-signature verification (see include/stakepool/crypto/bls.hpp).
// All inputs here are public: sums and conversions use the variable-time group operations.
#include <vector>

#include "bls_internal.hpp"
#include "stakepool/crypto/bls.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/hash_to_curve.hpp"
#include "stakepool/crypto/msm.hpp"
#include "stakepool/crypto/pairing.hpp"

namespace stakepool::crypto::bls {
namespace {

template <typename F>
AffinePoint<F> affine_vartime(const JacobianPoint<F>& p) {
  AffinePoint<F> out;
  batch_to_affine_vartime<F>({&p, 1}, {&out, 1});
  return out;
}

// From this many points on, batch-affine summation (shared inversions) beats sequential mixed
// additions (G1, 128 points: about 483k against 559k instructions).
constexpr std::size_t kBatchSumMin = 32;

// sum_points adds the points of public keys or signatures: sequential mixed additions for few,
// batch-affine addition (sum_affine_batch_vartime) for many.
template <typename F, typename T>
JacobianPoint<F> sum_points(std::span<const T> items) {
  if (items.size() < kBatchSumMin) {
    JacobianPoint<F> acc = identity<F>();
    for (const T& item : items) acc = add_mixed_vartime(acc, item.point());
    return acc;
  }
  std::vector<AffinePoint<F>> pts;
  pts.reserve(items.size());
  for (const T& item : items) pts.push_back(item.point());
  return sum_affine_batch_vartime<F>(pts);
}

// hash_all hashes every message to G2 and converts the results to affine with one inversion.
std::vector<G2Affine> hash_all(std::span<const std::span<const uint8_t>> msgs) {
  std::vector<G2> h;
  h.reserve(msgs.size());
  for (const auto& m : msgs) h.push_back(detail::hash_message(m, kDstSign));
  std::vector<G2Affine> out(h.size());
  batch_to_affine_vartime<Fp2>(h, out);
  return out;
}

}  // namespace

BlsResult<Signature> aggregate(std::span<const Signature> sigs) {
  if (sigs.empty()) return BlsError::kEmptyInput;
  return Signature::from_point_unchecked_subgroup(affine_vartime(sum_points<Fp2>(sigs)));
}

BlsResult<PublicKey> aggregate_pubkeys(std::span<const PublicKey> pks) {
  if (pks.empty()) return BlsError::kEmptyInput;
  return PublicKey::from_point_unchecked_subgroup(affine_vartime(sum_points<Fp>(pks)));
}

bool fast_aggregate_verify(std::span<const PublicKey> pks, std::span<const uint8_t> msg,
                           const Signature& sig) {
  auto agg = aggregate_pubkeys(pks);
  return agg && verify(*agg, msg, sig);
}

bool eth_fast_aggregate_verify(std::span<const PublicKey> pks, std::span<const uint8_t> msg,
                               const Signature& sig) {
  if (pks.empty() && sig.is_infinity()) return true;
  return fast_aggregate_verify(pks, msg, sig);
}

bool aggregate_verify(std::span<const PublicKey> pks,
                      std::span<const std::span<const uint8_t>> msgs, const Signature& sig) {
  if (pks.empty() || pks.size() != msgs.size()) return false;
  std::vector<G2Affine> qs = hash_all(msgs);
  std::vector<G1Affine> ps;
  ps.reserve(pks.size() + 1);
  for (const PublicKey& pk : pks) ps.push_back(pk.point());
  ps.push_back(detail::neg_g1_generator());
  qs.push_back(sig.point());
  return pairing_check(ps, qs);
}

bool batch_verify(std::span<const SignatureSet> sets, util::Rng& rng) {
  if (sets.empty()) return false;
  const std::size_t n = sets.size();
  std::vector<Scalar> r(n);
  std::vector<G1> rpk(n);
  std::vector<G2Affine> sigs(n);
  std::vector<std::span<const uint8_t>> msgs(n);
  for (std::size_t i = 0; i < n; ++i) {
    uint64_t x = 0;
    while (x == 0) x = rng.next_u64();
    r[i] = Scalar{x, 0, 0, 0};
    rpk[i] = g1_mul_vartime(to_jacobian(sets[i].pk.point()), r[i]);
    sigs[i] = sets[i].sig.point();
    msgs[i] = sets[i].msg;
  }
  const G2 sig_sum = msm_vartime(std::span<const G2Affine>(sigs), std::span<const Scalar>(r));
  std::vector<G1Affine> ps(n + 1);
  batch_to_affine_vartime<Fp>(rpk, std::span<G1Affine>(ps).first(n));
  ps[n] = detail::neg_g1_generator();
  std::vector<G2Affine> qs = hash_all(msgs);
  qs.push_back(affine_vartime(sig_sum));
  return pairing_check(ps, qs);
}

}  // namespace stakepool::crypto::bls
