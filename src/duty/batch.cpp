#include "duty/batch.hpp"

#include <algorithm>

#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/hash_to_curve.hpp"
#include "stakepool/crypto/msm.hpp"
#include "stakepool/crypto/pairing.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::duty::detail {
namespace {

using crypto::G1Affine;
using crypto::G2Affine;
using crypto::Scalar;

// batch_ok: e(Σ ρ_i·pk_i, h) · e(−G1, Σ ρ_i·σ_i) == 1 over `pos`.
bool batch_ok(std::span<const SameMessagePair> pairs, std::span<const std::size_t> pos,
              const G2Affine& h, util::Rng& rng) {
  std::vector<G1Affine> p1;
  std::vector<G2Affine> p2;
  std::vector<Scalar> rho;
  p1.reserve(pos.size());
  p2.reserve(pos.size());
  rho.reserve(pos.size());
  for (std::size_t i : pos) {
    p1.push_back(pairs[i].pk->point());
    p2.push_back(pairs[i].sig->point());
    rho.push_back(Scalar{rng.next_u64() | 1, 0, 0, 0});
  }
  const G1Affine ps[2] = {crypto::to_affine(crypto::msm_vartime(p1, rho)),
                          crypto::neg(crypto::g1_generator_affine())};
  const G2Affine qs[2] = {h, crypto::to_affine(crypto::msm_vartime(p2, rho))};
  return crypto::pairing_check(ps, qs);
}

void bisect(std::span<const SameMessagePair> pairs, std::vector<std::size_t> pos,
            const G2Affine& h, util::Rng& rng, std::vector<std::size_t>& bad) {
  if (pos.empty() || batch_ok(pairs, pos, h, rng)) return;
  if (pos.size() == 1) {
    bad.push_back(pos[0]);
    return;
  }
  std::vector<std::size_t> right(pos.begin() + static_cast<long>(pos.size() / 2), pos.end());
  pos.resize(pos.size() / 2);
  bisect(pairs, std::move(pos), h, rng, bad);
  bisect(pairs, std::move(right), h, rng, bad);
}

}  // namespace

G2Affine hash_message_vartime(std::span<const uint8_t> msg) {
  const std::span<const uint8_t> dst(reinterpret_cast<const uint8_t*>(bls::kDstSign.data()),
                                     bls::kDstSign.size());
  return crypto::to_affine(crypto::hash_to_g2(msg, dst));
}

bls::Signature sign_hashed(const threshold::SecretShare& share, const G2Affine& h) {
  Scalar k = crypto::to_scalar(share.value.expose());
  const crypto::G2 s = crypto::g2_mul(crypto::to_jacobian(h), k);
  util::secure_zero(k.data(), sizeof(k));
  return bls::Signature::from_point_unchecked_subgroup(crypto::to_affine(s));
}

std::vector<std::size_t> find_invalid_same_message(std::span<const SameMessagePair> pairs,
                                                   const G2Affine& h, util::Rng& rng) {
  std::vector<std::size_t> pos(pairs.size());
  for (std::size_t i = 0; i < pos.size(); ++i) pos[i] = i;
  std::vector<std::size_t> bad;
  bisect(pairs, std::move(pos), h, rng, bad);
  std::sort(bad.begin(), bad.end());
  return bad;
}

}  // namespace stakepool::duty::detail
