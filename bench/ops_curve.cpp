// Curve benchmark ops (ids and definitions: ../shared/perf-anchors.md §2).
#include <array>
#include <memory>
#include <vector>

#include "bench/bench.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/g1_small.hpp"
#include "stakepool/crypto/g1_subgroup_random.hpp"
#include "stakepool/crypto/msm.hpp"
#include "stakepool/crypto/point_encoding.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::bench {
namespace {

using namespace stakepool::crypto;  // NOLINT(google-build-using-namespace)

constexpr std::size_t kPool = 64;
constexpr int kInner = 100;  // cheap point ops loop 100 times per call

// Pool: deterministic subgroup points (affine, Jacobian with Z != 1, encodings) and scalars < r.
template <typename F>
struct Pool {
  std::vector<AffinePoint<F>> affine;
  std::vector<JacobianPoint<F>> jac;
  std::vector<Scalar> scalars;
};

Scalar random_fr(util::Rng& rng) {
  std::array<uint8_t, 64> b{};
  rng.fill(b);
  return to_scalar(Fr::from_bytes_wide_be(b));
}

template <typename F, typename Gen>
std::shared_ptr<Pool<F>> make_pool(std::size_t n, Gen generator, const char* label) {
  auto pool = std::make_shared<Pool<F>>();
  util::DeterministicRng rng(42, label);
  for (std::size_t i = 0; i < n; ++i) {
    const JacobianPoint<F> p = mul_vartime_generic(generator, random_fr(rng));
    // Re-scale so that Z != 1 in the Jacobian pool: (X·t^2, Y·t^3, Z·t) with t = 2P.x.
    const F t = dbl(p).x;
    pool->jac.push_back({p.x * t.sqr(), p.y * t.sqr() * t, p.z * t});
    pool->affine.push_back(to_affine(p));
    pool->scalars.push_back(random_fr(rng));
  }
  return pool;
}

std::shared_ptr<Pool<Fp>> g1_pool(std::size_t n = kPool) {
  return make_pool<Fp>(n, g1_generator(), "bench-g1");
}
std::shared_ptr<Pool<Fp2>> g2_pool(std::size_t n = kPool) {
  return make_pool<Fp2>(n, g2_generator(), "bench-g2");
}

// Cheap ops: 100 chained operations per call over the Jacobian pool.
template <typename F, typename Op>
std::function<void()> chained(std::shared_ptr<Pool<F>> pool, Op op) {
  return [pool, op, i = std::size_t{0}]() mutable {
    JacobianPoint<F> acc = pool->jac[i % kPool];
    for (int j = 0; j < kInner; ++j) acc = op(acc, *pool, (i + j) % kPool);
    ++i;
    do_not_optimize(acc);
  };
}

template <typename F>
void add_group_ops(Ops& ops, const char* g, std::function<std::shared_ptr<Pool<F>>()> pool) {
  const std::string p = g;
  ops.push_back({p + "_add", p + " add, Jacobian + Jacobian (complete, constant time)", [pool] {
                   return chained<F>(pool(), [](const JacobianPoint<F>& a, const Pool<F>& s,
                                                std::size_t k) { return add(a, s.jac[k]); });
                 }, kInner});
  ops.push_back({p + "_dbl", p + " double", [pool] {
                   return chained<F>(pool(), [](const JacobianPoint<F>& a, const Pool<F>&,
                                                std::size_t) { return dbl(a); });
                 }, kInner});
}

template <typename F, typename Mul>
std::function<void()> mul_op(std::shared_ptr<Pool<F>> pool, Mul mul) {
  return [pool, mul, i = std::size_t{0}]() mutable {
    const JacobianPoint<F> r = mul(to_jacobian(pool->affine[i % kPool]), pool->scalars[i % kPool]);
    ++i;
    do_not_optimize(r);
  };
}

// Encodings: compressed bytes of the pool points.
template <typename F, std::size_t N, typename Enc>
std::shared_ptr<std::vector<std::array<uint8_t, N>>> encodings(const Pool<F>& pool, Enc enc) {
  auto out = std::make_shared<std::vector<std::array<uint8_t, N>>>();
  for (const auto& p : pool.affine) out->push_back(enc(p));
  return out;
}

template <typename F, std::size_t N, typename Dec>
std::function<void()> decode_op(std::shared_ptr<std::vector<std::array<uint8_t, N>>> enc, Dec dec) {
  return [enc, dec, i = std::size_t{0}]() mutable {
    AffinePoint<F> p;
    const PointError e = dec((*enc)[i % enc->size()], p);
    ++i;
    do_not_optimize(e);
    do_not_optimize(p);
  };
}

template <typename F, typename Check>
std::function<void()> check_op(std::shared_ptr<Pool<F>> pool, Check check) {
  return [pool, check, i = std::size_t{0}]() mutable {
    const bool ok = check(pool->affine[i % kPool]);
    ++i;
    do_not_optimize(ok);
  };
}

std::function<void()> msm_op(std::size_t n) {
  auto pool = g1_pool(n);
  return [pool] {
    const G1 r = msm_vartime(std::span<const G1Affine>(pool->affine), pool->scalars);
    do_not_optimize(r);
  };
}

void add_mul_ops(Ops& ops) {
  ops.push_back({"g1_mul", "G1 scalar mul, random 255-bit scalar (GLV + w-NAF, variable time)",
                 [] { return mul_op<Fp>(g1_pool(), g1_mul_vartime); }});
  ops.push_back({"g1_mul_ct", "G1 scalar mul, constant time (GLV, signed 5-bit fixed windows)",
                 [] { return mul_op<Fp>(g1_pool(), g1_mul); }});
  ops.push_back({"g1_mul_gen_ct",
                 "G1 generator mul, constant time (fixed base: 52 signed 5-bit windows, precomputed "
                 "tables, no doublings)",
                 [] {
                   return mul_op<Fp>(g1_pool(), [](const G1&, const Scalar& k) {
                     return g1_mul_generator(k);
                   });
                 }});
  ops.push_back({"g2_mul", "G2 scalar mul, random 255-bit scalar (GLS + w-NAF, variable time)",
                 [] { return mul_op<Fp2>(g2_pool(), g2_mul_vartime); }});
  ops.push_back({"g2_mul_ct", "G2 scalar mul, constant time (GLS, signed 5-bit fixed windows)",
                 [] { return mul_op<Fp2>(g2_pool(), g2_mul); }});
}

void add_encoding_ops(Ops& ops) {
  ops.push_back({"g1_decompress", "G1 decompress (48 B), no subgroup check", [] {
                   return decode_op<Fp, 48>(encodings<Fp, 48>(*g1_pool(), g1_compress),
                                            g1_decompress_unchecked);
                 }});
  ops.push_back({"g1_subgroup_check", "G1 subgroup check (sigma(P) == [-z^2]P)", [] {
                   return check_op<Fp>(g1_pool(), [](const G1Affine& p) {
                     return g1_in_subgroup_vartime(p);
                   });
                 }});
  ops.push_back({"g1_decompress_chk", "G1 decompress + subgroup check", [] {
                   return decode_op<Fp, 48>(encodings<Fp, 48>(*g1_pool(), g1_compress),
                                            g1_decompress);
                 }});
  ops.push_back({"g2_decompress", "G2 decompress (96 B), no subgroup check", [] {
                   return decode_op<Fp2, 96>(encodings<Fp2, 96>(*g2_pool(), g2_compress),
                                             g2_decompress_unchecked);
                 }});
  ops.push_back({"g2_subgroup_check", "G2 subgroup check (psi(P) == [z]P)", [] {
                   return check_op<Fp2>(g2_pool(), [](const G2Affine& p) {
                     return g2_in_subgroup_vartime(p);
                   });
                 }});
  ops.push_back({"g2_decompress_chk", "G2 decompress + subgroup check", [] {
                   return decode_op<Fp2, 96>(encodings<Fp2, 96>(*g2_pool(), g2_compress),
                                             g2_decompress);
                 }});
}

}  // namespace

// subgroup_batch_op: one G1 membership test of 1,024 points, exact (lockstep) or randomised.
std::function<void()> subgroup_batch_op(bool randomised) {
  auto pool = g1_pool(1024);
  auto rng = std::make_shared<util::DeterministicRng>(21, "bench-subgroup-random");
  return [pool, rng, randomised] {
    const bool ok = randomised ? g1_in_subgroup_random_vartime(pool->affine, *rng)
                               : g1_in_subgroup_batch_vartime(pool->affine);
    do_not_optimize(ok);
  };
}

// horner_batch_op: 64 polynomials of 43 affine coefficients evaluated at x = 37 (one member's
// Feldman checks in a 64-member, threshold-43 DKG).
std::function<void()> horner_batch_op() {
  auto pool = g1_pool(64 * 43);
  return [pool] {
    std::vector<std::span<const G1Affine>> polys;
    for (std::size_t i = 0; i < 64; ++i) polys.emplace_back(pool->affine.data() + 43 * i, 43);
    std::vector<G1Affine> out(64);
    g1_horner_small_batch_vartime(polys, 37, out);
    do_not_optimize(out[0].infinity);
  };
}

// consecutive_op: a threshold-43 public polynomial evaluated at 1..64 (share public keys).
std::function<void()> consecutive_op() {
  auto pool = g1_pool(43);
  return [pool] {
    std::vector<G1> out(64);
    g1_eval_consecutive_vartime(pool->affine, out);
    do_not_optimize(out[0].z.l[0]);
  };
}

void add_curve_ops(Ops& ops) {
  add_group_ops<Fp>(ops, "g1", [] { return g1_pool(); });
  ops.push_back({"g1_add_mixed", "G1 add, Jacobian + affine (complete, constant time)", [] {
                   return chained<Fp>(g1_pool(), [](const G1& a, const Pool<Fp>& s,
                                                    std::size_t k) { return add_mixed(a, s.affine[k]); });
                 }, kInner});
  add_group_ops<Fp2>(ops, "g2", [] { return g2_pool(); });
  add_mul_ops(ops);
  add_encoding_ops(ops);
  ops.push_back({"msm_g1_64", "G1 MSM, 64 points x 255-bit scalars (Pippenger)",
                 [] { return msm_op(64); }});
  ops.push_back({"msm_g1_256", "G1 MSM, 256 points x 255-bit scalars (Pippenger)",
                 [] { return msm_op(256); }});
  ops.push_back({"g1_subgroup_batch_1024", "G1 membership of 1,024 points, exact (lockstep)",
                 [] { return subgroup_batch_op(false); }});
  ops.push_back({"g1_horner_batch_64x43",
                 "G1 Horner at x = 37 of 64 polynomials x 43 coefficients (lockstep affine, or "
                 "8-lane IFMA projective on the avx512 path)",
                 [] { return horner_batch_op(); }});
  ops.push_back({"g1_eval_consecutive_43x64",
                 "G1 polynomial of 43 coefficients at 1..64 (IFMA forward differences; Horner per "
                 "index otherwise)",
                 [] { return consecutive_op(); }});
  ops.push_back({"g1_subgroup_random_1024",
                 "G1 membership of 1,024 points, 64 random subset sums (error <= 2^-64)",
                 [] { return subgroup_batch_op(true); }});
}

}  // namespace stakepool::bench
