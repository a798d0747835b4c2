#include "stakepool/threshold/signing.hpp"

#include <algorithm>

#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/hash_to_curve.hpp"
#include "stakepool/crypto/msm.hpp"
#include "stakepool/crypto/pairing.hpp"
#include "stakepool/threshold/ceremony_build.hpp"

namespace stakepool::threshold {
namespace {

using crypto::G1Affine;
using crypto::G2Affine;
using crypto::Scalar;

const bls::PublicKey* key_for(std::span<const SharePublicKey> keys, ShareIndex i) {
  for (const auto& k : keys) {
    if (k.index == i) return &k.pk;
  }
  return nullptr;
}

// batch_ok: e(Σ ρ_i·pk_i, H) · e(−G1, Σ ρ_i·σ_i) == 1 over the given positions.
bool batch_ok(std::span<const Partial> partials, std::span<const bls::PublicKey* const> pks,
              std::span<const std::size_t> pos, const G2Affine& h, util::Rng& rng) {
  std::vector<G1Affine> p1;
  std::vector<G2Affine> p2;
  std::vector<Scalar> rho;
  for (std::size_t i : pos) {
    p1.push_back(pks[i]->point());
    p2.push_back(partials[i].sig.point());
    rho.push_back(Scalar{rng.next_u64() | 1, 0, 0, 0});
  }
  G1Affine lhs = crypto::to_affine(crypto::msm_vartime(p1, rho));
  G2Affine rhs = crypto::to_affine(crypto::msm_vartime(p2, rho));
  G1Affine ng = crypto::neg(crypto::g1_generator_affine());
  const G1Affine ps[2] = {lhs, ng};
  const G2Affine qs[2] = {h, rhs};
  return crypto::pairing_check(ps, qs);
}

void bisect(std::span<const Partial> partials, std::span<const bls::PublicKey* const> pks,
            std::vector<std::size_t> pos, const G2Affine& h, util::Rng& rng, std::vector<std::size_t>& bad) {
  if (pos.empty() || batch_ok(partials, pks, pos, h, rng)) return;
  if (pos.size() == 1) {
    bad.push_back(pos[0]);
    return;
  }
  std::vector<std::size_t> right(pos.begin() + static_cast<long>(pos.size() / 2), pos.end());
  pos.resize(pos.size() / 2);
  bisect(partials, pks, std::move(pos), h, rng, bad);
  bisect(partials, pks, std::move(right), h, rng, bad);
}

}  // namespace

std::optional<bls::Signature> partial_sign(const SecretShare& share, std::span<const uint8_t> msg) {
  ScalarBytes b = fr_to_bytes(share.value.expose());
  auto sk = bls::SecretKey::parse(b);
  util::secure_zero(b.data(), b.size());
  if (!sk) return std::nullopt;
  return bls::sign(*sk, msg);
}

std::vector<ShareIndex> find_invalid_partials(std::span<const Partial> partials,
                                              std::span<const SharePublicKey> keys,
                                              std::span<const uint8_t> msg, util::Rng& rng) {
  std::vector<ShareIndex> invalid;
  std::vector<const bls::PublicKey*> pks(partials.size());
  std::vector<std::size_t> pos;
  for (std::size_t i = 0; i < partials.size(); ++i) {
    pks[i] = key_for(keys, partials[i].index);
    if (pks[i] == nullptr) invalid.push_back(partials[i].index);
    else pos.push_back(i);
  }
  const std::span<const uint8_t> dst(reinterpret_cast<const uint8_t*>(bls::kDstSign.data()), bls::kDstSign.size());
  const G2Affine h = crypto::to_affine(crypto::hash_to_g2(msg, dst));
  std::vector<std::size_t> bad;
  bisect(partials, pks, std::move(pos), h, rng, bad);
  for (std::size_t i : bad) invalid.push_back(partials[i].index);
  std::sort(invalid.begin(), invalid.end());
  return invalid;
}

ThresholdError combine(std::span<const Partial> partials, std::size_t t, bls::Signature& out) {
  if (t == 0) return ThresholdError::kBadThreshold;
  if (partials.size() < t) return ThresholdError::kTooFewShares;
  std::vector<ShareIndex> idx;
  std::vector<G2Affine> pts;
  for (std::size_t i = 0; i < t; ++i) {
    idx.push_back(partials[i].index);
    pts.push_back(partials[i].sig.point());
  }
  std::vector<Fr> lambda;
  if (ThresholdError e = lagrange_at_zero(idx, lambda); e != ThresholdError::kOk) return e;
  std::vector<Scalar> k;
  for (const Fr& l : lambda) k.push_back(crypto::to_scalar(l));
  out = bls::Signature::from_point_unchecked_subgroup(crypto::to_affine(crypto::msm_vartime(pts, k)));
  return ThresholdError::kOk;
}

ThresholdError combine_verified(std::span<const Partial> partials, std::span<const SharePublicKey> keys,
                                const bls::PublicKey& group_key, std::span<const uint8_t> msg, std::size_t t,
                                util::Rng& rng, bls::Signature& out) {
  if (ThresholdError e = check_indices([&] {
        std::vector<ShareIndex> v;
        for (const auto& p : partials) v.push_back(p.index);
        return v;
      }());
      e != ThresholdError::kOk) {
    return e;
  }
  auto invalid = find_invalid_partials(partials, keys, msg, rng);
  std::vector<Partial> good;
  for (const auto& p : partials) {
    if (!std::binary_search(invalid.begin(), invalid.end(), p.index)) good.push_back(p);
  }
  if (ThresholdError e = combine(good, t, out); e != ThresholdError::kOk) return e;
  return bls::verify(group_key, msg, out) ? ThresholdError::kOk : ThresholdError::kWrongGroupKey;
}

}  // namespace stakepool::threshold
