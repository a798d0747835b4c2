#include "duty/batch.hpp"

#include <algorithm>
#include <map>

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

// kMsmSplit: a G2 sum longer than this is cut into two halves computed side by side.
constexpr std::size_t kMsmSplit = 16;

// check_with_lines: pairing_check(ps, qs), taking the pairs whose lines[i] (the prepared lines
// of qs[i]) is set through them.
bool check_with_lines(std::span<const G1Affine> ps, std::span<const G2Affine> qs,
                      std::span<const crypto::G2Prepared* const> lines) {
  std::vector<G1Affine> p_plain, p_prep;
  std::vector<G2Affine> q_plain;
  std::vector<const crypto::G2Prepared*> q_prep;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    if (lines[i] == nullptr) {
      p_plain.push_back(ps[i]);
      q_plain.push_back(qs[i]);
    } else {
      p_prep.push_back(ps[i]);
      q_prep.push_back(lines[i]);
    }
  }
  return crypto::pairing_check(p_plain, q_plain, p_prep, q_prep);
}

// batch_ok: Π_h e(Σ_{i: h_i = h} ρ_i·pk_i, h) · e(−G1, Σ ρ_i·σ_i) == 1 over `pos` (a pair's hash
// is its own `h`, or `common` when unset). A hash whose pairs carry prepared lines enters the
// Miller loop through them.
bool batch_ok(std::span<const SameMessagePair> pairs, std::span<const std::size_t> pos,
              const G2Affine* common, util::Rng& rng, const ParallelFn* par) {
  std::map<const G2Affine*, std::pair<std::vector<G1Affine>, std::vector<Scalar>>> by_hash;
  std::map<const G2Affine*, const crypto::G2Prepared*> lines;
  std::vector<G2Affine> p2;
  std::vector<Scalar> rho;
  p2.reserve(pos.size());
  rho.reserve(pos.size());
  for (std::size_t i : pos) {
    rho.push_back(Scalar{rng.next_u64() | 1, 0, 0, 0});
    p2.push_back(pairs[i].sig->point());
    const G2Affine* h = pairs[i].h != nullptr ? pairs[i].h : common;
    auto& g = by_hash[h];
    if (pairs[i].lines != nullptr) lines.emplace(h, pairs[i].lines);
    g.first.push_back(pairs[i].pk->point());
    g.second.push_back(rho.back());
  }
  // Jobs: one G1 sum per message, then the G2 sum (in two halves when long).
  std::vector<const std::pair<std::vector<G1Affine>, std::vector<Scalar>>*> groups;
  std::vector<G2Affine> qs;
  std::vector<const crypto::G2Prepared*> q_lines;
  for (const auto& [h, g] : by_hash) {
    groups.push_back(&g);
    qs.push_back(*h);
    auto it = lines.find(h);
    q_lines.push_back(it == lines.end() ? nullptr : it->second);
  }
  const std::size_t halves = par != nullptr && p2.size() > kMsmSplit ? 2 : 1;
  const std::size_t cut = halves == 2 ? p2.size() / 2 : p2.size();
  std::vector<G1Affine> ps(groups.size());
  std::vector<crypto::G2> g2_parts(halves);
  const auto job = [&](std::size_t j) {
    if (j < groups.size()) {
      ps[j] = crypto::to_affine(crypto::msm_vartime(groups[j]->first, groups[j]->second));
      return;
    }
    const std::size_t half = j - groups.size();
    const std::size_t from = half == 0 ? 0 : cut, to = half == 0 ? cut : p2.size();
    g2_parts[half] = crypto::msm_vartime(std::span<const G2Affine>(p2).subspan(from, to - from),
                                         std::span<const Scalar>(rho).subspan(from, to - from));
  };
  if (par != nullptr) {
    (*par)(groups.size() + halves, job);
  } else {
    for (std::size_t j = 0; j < groups.size() + halves; ++j) job(j);
  }
  crypto::G2 sum = g2_parts[0];
  if (halves == 2) sum = crypto::add_vartime(sum, g2_parts[1]);
  ps.push_back(crypto::neg(crypto::g1_generator_affine()));
  qs.push_back(crypto::to_affine(sum));
  q_lines.push_back(nullptr);
  return check_with_lines(ps, qs, q_lines);
}

void bisect(std::span<const SameMessagePair> pairs, std::vector<std::size_t> pos,
            const G2Affine* common, util::Rng& rng, const ParallelFn* par,
            std::vector<std::size_t>& bad) {
  if (pos.empty() || batch_ok(pairs, pos, common, rng, par)) return;
  if (pos.size() == 1) {
    bad.push_back(pos[0]);
    return;
  }
  std::vector<std::size_t> right(pos.begin() + static_cast<long>(pos.size() / 2), pos.end());
  pos.resize(pos.size() / 2);
  bisect(pairs, std::move(pos), common, rng, par, bad);
  bisect(pairs, std::move(right), common, rng, par, bad);
}

std::vector<std::size_t> find_invalid(std::span<const SameMessagePair> pairs,
                                      const G2Affine* common, util::Rng& rng,
                                      const ParallelFn* par = nullptr) {
  std::vector<std::size_t> pos(pairs.size());
  for (std::size_t i = 0; i < pos.size(); ++i) pos[i] = i;
  std::vector<std::size_t> bad;
  bisect(pairs, std::move(pos), common, rng, par, bad);
  std::sort(bad.begin(), bad.end());
  return bad;
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
  return find_invalid(pairs, &h, rng);
}

std::vector<std::size_t> find_invalid_multi(std::span<const SameMessagePair> pairs, util::Rng& rng,
                                            const ParallelFn* par) {
  return find_invalid(pairs, nullptr, rng, par);
}

}  // namespace stakepool::duty::detail
