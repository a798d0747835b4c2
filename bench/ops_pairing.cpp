// Pairing benchmark ops (ids and definitions: ../shared/perf-anchors.md §2).
#include <memory>
#include <vector>

#include "bench/bench.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/pairing.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::bench {
namespace {

using namespace stakepool::crypto;  // NOLINT(google-build-using-namespace)

constexpr std::size_t kPool = 64;

// PairPool: kPool deterministic (P, Q) pairs of random subgroup points, and their Miller values.
struct PairPool {
  std::vector<G1Affine> p;
  std::vector<G2Affine> q;
  std::vector<Fp12> ml;
  std::vector<G2Prepared> prep;  // prepare_g2(q[i])
};

Scalar random_scalar(util::Rng& rng) {
  std::array<uint8_t, 64> b{};
  rng.fill(b);
  return to_scalar(Fr::from_bytes_wide_be(b));
}

std::shared_ptr<PairPool> pair_pool() {
  static std::shared_ptr<PairPool> pool = [] {
    auto pp = std::make_shared<PairPool>();
    util::DeterministicRng rng(42, "bench-pairing");
    for (std::size_t i = 0; i < kPool; ++i) {
      pp->p.push_back(to_affine(g1_mul_vartime(g1_generator(), random_scalar(rng))));
      pp->q.push_back(to_affine(g2_mul_vartime(g2_generator(), random_scalar(rng))));
      pp->ml.push_back(miller_loop({&pp->p.back(), 1}, {&pp->q.back(), 1}));
      pp->prep.push_back(prepare_g2(pp->q.back()));
    }
    return pp;
  }();
  return pool;
}

// cycled returns a closure applying op to pool index i = 0, 1, 2, ... (mod kPool).
template <typename Op>
std::function<void()> cycled(Op op) {
  auto pool = pair_pool();
  return [pool, op, i = std::size_t{0}]() mutable {
    const Fp12 r = op(*pool, i % kPool);
    do_not_optimize(r);
    ++i;
  };
}

}  // namespace

void add_pairing_ops(Ops& ops) {
  ops.push_back({"miller_loop", "Miller loop, 1 pair (affine P, Q), conjugated for z < 0", [] {
                   return cycled([](const PairPool& pp, std::size_t i) {
                     return miller_loop({&pp.p[i], 1}, {&pp.q[i], 1});
                   });
                 }});
  ops.push_back({"miller_loop_2", "Miller loop, 2 pairs sharing the Fp12 squarings", [] {
                   return cycled([](const PairPool& pp, std::size_t i) {
                     const std::size_t j = (i + 1) % kPool;
                     const G1Affine ps[2] = {pp.p[i], pp.p[j]};
                     const G2Affine qs[2] = {pp.q[i], pp.q[j]};
                     return miller_loop(ps, qs);
                   });
                 }});
  ops.push_back({"miller_loop_2_prep", "Miller loop, 2 pairs, the first Q prepared (prepare_g2)", [] {
                   return cycled([](const PairPool& pp, std::size_t i) {
                     const std::size_t j = (i + 1) % kPool;
                     const G2Prepared* qp = &pp.prep[i];
                     return miller_loop({&pp.p[j], 1}, {&pp.q[j], 1}, {&pp.p[i], 1}, {&qp, 1});
                   });
                 }});
  ops.push_back({"pairing_check_2", "pairing check, 2 pairs (Miller loop + final exp)", [] {
                   return cycled([](const PairPool& pp, std::size_t i) {
                     const std::size_t j = (i + 1) % kPool;
                     const G1Affine ps[2] = {pp.p[i], pp.p[j]};
                     const G2Affine qs[2] = {pp.q[i], pp.q[j]};
                     return pairing_check(ps, qs) ? Fp12::one() : Fp12{};
                   });
                 }});
  ops.push_back({"pairing_check_2_prep", "pairing check, 2 pairs, the first Q prepared", [] {
                   return cycled([](const PairPool& pp, std::size_t i) {
                     const std::size_t j = (i + 1) % kPool;
                     const G2Prepared* qp = &pp.prep[i];
                     return pairing_check({&pp.p[j], 1}, {&pp.q[j], 1}, {&pp.p[i], 1}, {&qp, 1})
                                ? Fp12::one()
                                : Fp12{};
                   });
                 }});
  ops.push_back({"final_exp", "final exponentiation (easy part + HHT hard part)", [] {
                   return cycled([](const PairPool& pp, std::size_t i) {
                     return final_exponentiation(pp.ml[i]);
                   });
                 }});
  ops.push_back({"pairing", "single pairing, Miller loop + final exponentiation", [] {
                   return cycled([](const PairPool& pp, std::size_t i) {
                     return pairing(pp.p[i], pp.q[i]);
                   });
                 }});
}

}  // namespace stakepool::bench
