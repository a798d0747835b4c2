// G1 batch arithmetic on eight points at a time with AVX-512 IFMA (see g1_ifma.hpp, fp_ifma.hpp).
// Points are homogeneous projective (X : Y : Z), x = X/Z, y = Y/Z, the identity (0 : 1 : 0). The
// addition and doubling formulas of Renes, Costello and Batina ("Complete addition formulas for
// prime order elliptic curves", 2016; algorithms 7, 8 and 9 for a = 0, b3 = 3b = 12) are complete
// on E1(Fp): it has no point of order 2 (#E1(Fp) is odd), so they need no case analysis — lanes
// never diverge. Value bounds (fp_ifma.hpp): inputs below 18p, every subtrahend a product or a sum
// of at most three products (< 8p), outputs below 18p.
#include "crypto/g1_ifma.hpp"

#include <algorithm>
#include <bit>
#include <new>
#include <vector>

#include "crypto/fp_ifma.hpp"
#include "stakepool/util/check.hpp"

namespace stakepool::crypto::ifma {
namespace {

struct P8 {
  Fp8 x, y, z;
};

// split52: the 6×64-bit limbs of a value < 2^384 as 8 limbs of 52 bits.
void split52(const Fp::Limbs& w, uint64_t (&lanes)[8][8], int lane) {
  for (int k = 0; k < 8; ++k) {
    const int bit = 52 * k, i = bit / 64, s = bit % 64;
    uint64_t v = w[i] >> s;
    if (s > 12 && i + 1 < 6) v |= w[i + 1] << (64 - s);
    lanes[k][lane] = v & kMask52;
  }
}

// join52: the inverse of split52 for a value < 2p, reduced below p.
Fp join52(const uint64_t (&lanes)[8][8], int lane) {
  Fp::Limbs w{};
  for (int k = 0; k < 8; ++k) {
    const int bit = 52 * k, i = bit / 64, s = bit % 64;
    const uint64_t v = lanes[k][lane];
    w[i] |= v << s;
    if (s > 12 && i + 1 < 6) w[i + 1] |= v >> (64 - s);
  }
  // w < 2p: subtract p once if w >= p.
  Fp::Limbs d{};
  unsigned __int128 borrow = 0;
  for (int i = 0; i < 6; ++i) {
    const unsigned __int128 t =
        static_cast<unsigned __int128>(w[i]) - FpParams::kModulus[i] - borrow;
    d[i] = static_cast<uint64_t>(t);
    borrow = (t >> 64) & 1;
  }
  Fp r;
  r.l = borrow != 0 ? w : d;
  return r;
}

SP_IFMA_INLINE Fp8 load(const uint64_t (&lanes)[8][8]) {
  Fp8 r;
  for (int k = 0; k < 8; ++k) r.l[k] = _mm512_loadu_si512(lanes[k]);
  return r;
}

SP_IFMA_INLINE void store(const Fp8& a, uint64_t (&lanes)[8][8]) {
  for (int k = 0; k < 8; ++k) _mm512_storeu_si512(lanes[k], a.l[k]);
}

// to_ifma: eight Fp (6×64 Montgomery form) into one Fp8 (IFMA form).
SP_IFMA_INLINE Fp8 to_ifma(const Fp* const (&v)[8]) {
  uint64_t lanes[8][8];
  for (int j = 0; j < 8; ++j) split52(v[j]->l, lanes, j);
  return mul(load(lanes), broadcast(kToIfma));
}

// from_ifma: one Fp8 back into eight Fp.
SP_IFMA_INLINE void from_ifma(const Fp8& a, Fp (&out)[8]) {
  uint64_t lanes[8][8];
  store(mul(a, broadcast(kFromIfma)), lanes);
  for (int j = 0; j < 8; ++j) out[j] = join52(lanes, j);
}

SP_IFMA_INLINE P8 identity() {
  const Fp8 zero = {};
  return P8{zero, broadcast(kOneIfma), zero};
}

// add_full: p + q (RCB algorithm 7), 12 multiplications and 2 by b3.
SP_IFMA_INLINE P8 add_full(const P8& p, const P8& q) {
  const Fp8 b3 = broadcast(kB3Ifma);
  Fp8 t0 = mul(p.x, q.x), t1 = mul(p.y, q.y), t2 = mul(p.z, q.z);
  Fp8 t3 = mul(add(p.x, p.y), add(q.x, q.y));
  t3 = sub(t3, add(t0, t1));                                     // X1Y2 + X2Y1
  Fp8 t4 = sub(mul(add(p.y, p.z), add(q.y, q.z)), add(t1, t2));  // Y1Z2 + Y2Z1
  Fp8 y3 = sub(mul(add(p.x, p.z), add(q.x, q.z)), add(t0, t2));  // X1Z2 + X2Z1
  t0 = add(add(t0, t0), t0);
  t2 = mul(b3, t2);
  Fp8 z3 = add(t1, t2);
  t1 = sub(t1, t2);
  y3 = mul(b3, y3);
  Fp8 x3 = sub(mul(t3, t1), mul(t4, y3));
  y3 = add(mul(t1, z3), mul(y3, t0));
  z3 = add(mul(z3, t4), mul(t0, t3));
  return P8{x3, y3, z3};
}

// add_affine: p + (qx, qy) (RCB algorithm 8); lanes whose bit is set in q_inf keep p (the
// identity has no affine coordinates).
SP_IFMA_INLINE P8 add_affine(const P8& p, const Fp8& qx, const Fp8& qy, __mmask8 q_inf) {
  const Fp8 b3 = broadcast(kB3Ifma);
  Fp8 t0 = mul(p.x, qx), t1 = mul(p.y, qy);
  Fp8 t3 = sub(mul(add(qx, qy), add(p.x, p.y)), add(t0, t1));  // X1Y2 + X2Y1
  Fp8 t4 = add(mul(qy, p.z), p.y);                             // Y1 + Y2Z1
  Fp8 y3 = add(mul(qx, p.z), p.x);                             // X1 + X2Z1
  t0 = add(add(t0, t0), t0);
  const Fp8 t2 = mul(b3, p.z);
  Fp8 z3 = add(t1, t2);
  t1 = sub(t1, t2);
  y3 = mul(b3, y3);
  Fp8 x3 = sub(mul(t3, t1), mul(t4, y3));
  y3 = add(mul(t1, z3), mul(y3, t0));
  z3 = add(mul(z3, t4), mul(t0, t3));
  return P8{select(q_inf, x3, p.x), select(q_inf, y3, p.y), select(q_inf, z3, p.z)};
}

// dbl: 2p (RCB algorithm 9), 6 multiplications, 2 squarings and 1 by b3.
SP_IFMA_INLINE P8 dbl(const P8& p) {
  const Fp8 b3 = broadcast(kB3Ifma);
  Fp8 t0 = sqr(p.y);
  Fp8 z3 = add(t0, t0);
  z3 = add(z3, z3);
  z3 = add(z3, z3);  // 8Y^2
  Fp8 t1 = mul(p.y, p.z);
  Fp8 t2 = mul(b3, sqr(p.z));
  Fp8 x3 = mul(t2, z3);
  Fp8 y3 = add(t0, t2);
  z3 = mul(t1, z3);
  t2 = add(add(t2, t2), t2);
  t0 = sub(t0, t2);
  y3 = add(x3, mul(t0, y3));
  x3 = mul(t0, mul(p.x, p.y));
  x3 = add(x3, x3);
  return P8{x3, y3, z3};
}

SP_IFMA_INLINE P8 neg(const P8& p) { return P8{p.x, sub(Fp8{}, p.y), p.z}; }

// mul_small: [x]p by the digits (digits[0] == 1).
SP_IFMA_INLINE P8 mul_small(const P8& p, std::span<const int8_t> digits) {
  P8 acc = p;
  const P8 minus = neg(p);
  for (std::size_t k = 1; k < digits.size(); ++k) {
    acc = dbl(acc);
    if (digits[k] > 0) acc = add_full(acc, p);
    if (digits[k] < 0) acc = add_full(acc, minus);
  }
  return acc;
}

// Affine8: eight affine points in IFMA form; lanes whose bit is set in inf are the identity (their
// coordinates are zero).
struct Affine8 {
  Fp8 x, y;
  __mmask8 inf;
};

// gather8: the points of eight lanes (null or infinite: the identity) into IFMA form.
SP_IFMA_INLINE Affine8 gather8(const G1Affine* const (&q)[8]) {
  const Fp zero{};
  const Fp* xs[8];
  const Fp* ys[8];
  __mmask8 inf = 0;
  for (int j = 0; j < 8; ++j) {
    const bool use = q[j] != nullptr && !q[j]->infinity;
    if (!use) inf = static_cast<__mmask8>(inf | (1u << j));
    xs[j] = use ? &q[j]->x : &zero;
    ys[j] = use ? &q[j]->y : &zero;
  }
  if (inf == 0xff) return Affine8{Fp8{}, Fp8{}, inf};
  return Affine8{to_ifma(xs), to_ifma(ys), inf};
}

// load8: up to eight affine points (count of them from p) as projective (x : y : 1), the identity
// for infinities and unused lanes.
SP_IFMA_INLINE P8 load8(const G1Affine* p, std::size_t count) {
  const G1Affine* q[8];
  for (std::size_t j = 0; j < 8; ++j) q[j] = j < count ? &p[j] : nullptr;
  const Affine8 a = gather8(q);
  const P8 id = identity();
  return P8{select(a.inf, a.x, id.x), select(a.inf, a.y, id.y),
            select(a.inf, broadcast(kOneIfma), id.z)};
}

// to_jacobian8: (X : Y : Z) as Jacobian (X·Z, Y·Z^2, Z) in the 6×64 form.
SP_IFMA_INLINE void to_jacobian8(const P8& p, G1 (&out)[8]) {
  Fp x[8], y[8], z[8];
  from_ifma(mul(p.x, p.z), x);
  from_ifma(mul(p.y, sqr(p.z)), y);
  from_ifma(p.z, z);
  for (int j = 0; j < 8; ++j) out[j] = G1{x[j], y[j], z[j]};
}

// horner8: eight polynomials (null spans for unused lanes) evaluated in lockstep, written as
// Jacobian points (X·Z, Y·Z^2, Z) for the batch conversion to affine.
SP_IFMA_TARGET void horner8(const std::span<const G1Affine>* const (&polys)[8],
                            std::span<const int8_t> digits, bool x_is_zero, G1 (&out)[8]) {
  std::size_t len = 0;
  for (const auto* c : polys) {
    if (c != nullptr) len = std::max(len, c->size());
  }
  P8 acc = identity();
  for (std::size_t k = len; k-- > 0;) {
    if (k + 1 < len) acc = x_is_zero ? identity() : mul_small(acc, digits);
    const G1Affine* q[8];
    for (int j = 0; j < 8; ++j) {
      q[j] = polys[j] != nullptr && k < polys[j]->size() ? &(*polys[j])[k] : nullptr;
    }
    const Affine8 c = gather8(q);
    if (c.inf != 0xff) acc = add_affine(acc, c.x, c.y, c.inf);
  }
  to_jacobian8(acc, out);
}

// mul_z2_8: [z^2]p = [|z|]([|z|]p) for eight points (|z| = 0xd201000000010000, bit 63 set).
SP_IFMA_TARGET void mul_z2_8(const G1Affine* p, std::size_t count, G1 (&out)[8]) {
  P8 r = load8(p, count);
  for (int round = 0; round < 2; ++round) {
    const P8 base = r;
    for (int bit = 62; bit >= 0; --bit) {
      r = dbl(r);
      if (((kZAbs >> bit) & 1) != 0) r = add_full(r, base);
    }
  }
  to_jacobian8(r, out);
}

// P8Buffer: n points on 64-byte aligned heap memory, uninitialised (a plain array of vectors).
class P8Buffer {
 public:
  explicit P8Buffer(std::size_t n)
      : p_(static_cast<P8*>(::operator new (n * sizeof(P8), std::align_val_t{64}))), n_(n) {}
  ~P8Buffer() { ::operator delete (p_, std::align_val_t{64}); }
  P8Buffer(const P8Buffer&) = delete;
  P8Buffer& operator=(const P8Buffer&) = delete;
  P8& operator[](std::size_t i) { return p_[i]; }
  std::size_t size() const { return n_; }

 private:
  P8* p_;
  std::size_t n_;
};

// shift_down: lanes k−1 of a vector of lanes k (lane 0 takes lane 7 of prev).
SP_IFMA_INLINE Fp8 shift_down(const Fp8& cur, const Fp8& prev) {
  Fp8 r;
#pragma GCC unroll 8
  for (int k = 0; k < 8; ++k) r.l[k] = _mm512_maskz_alignr_epi64(0xff, cur.l[k], prev.l[k], 7);
  return r;
}
SP_IFMA_INLINE P8 shift_down(const P8& cur, const P8& prev) {
  return P8{shift_down(cur.x, prev.x), shift_down(cur.y, prev.y), shift_down(cur.z, prev.z)};
}
// shift_up: lanes k+1 (lane 7 takes lane 0 of next).
SP_IFMA_INLINE Fp8 shift_up(const Fp8& cur, const Fp8& next) {
  Fp8 r;
#pragma GCC unroll 8
  for (int k = 0; k < 8; ++k) r.l[k] = _mm512_maskz_alignr_epi64(0xff, next.l[k], cur.l[k], 1);
  return r;
}
SP_IFMA_INLINE P8 shift_up(const P8& cur, const P8& next) {
  return P8{shift_up(cur.x, next.x), shift_up(cur.y, next.y), shift_up(cur.z, next.z)};
}
SP_IFMA_INLINE P8 select(__mmask8 m, const P8& a, const P8& b) {
  return P8{select(m, a.x, b.x), select(m, a.y, b.y), select(m, a.z, b.z)};
}

// newton_step: a_k <- k·(a_k + a_(k−1)) for 1 <= k <= deg (k = 8v + lane), then a_0 <- c. The
// multiplications by k run left to right over the bits of k, all lanes of a vector together; a lane
// adds only where its k has the bit. From v = 1 on, every k of a vector has the same top bit, so
// the ladder starts at a_k + a_(k−1) itself.
SP_IFMA_TARGET void newton_step(P8Buffer& a, P8Buffer& prev_lanes, std::size_t deg,
                                const G1Affine& c) {
  const P8 id = identity();
  for (std::size_t v = 0; 8 * v <= deg && v < a.size(); ++v) {
    prev_lanes[v] = shift_down(a[v], v == 0 ? id : a[v - 1]);
  }
  for (std::size_t v = 0; 8 * v <= deg && v < a.size(); ++v) {
    const std::size_t k_max = std::min(8 * v + 7, deg);
    const int bits = std::bit_width(k_max);
    __mmask8 live = 0, bit_mask[64] = {};
    for (int l = 0; l < 8; ++l) {
      const std::size_t k = 8 * v + l;
      if (k == 0 || k > deg) continue;
      live = static_cast<__mmask8>(live | (1u << l));
      for (int b = 0; b < bits; ++b) {
        if (((k >> b) & 1) != 0) bit_mask[b] = static_cast<__mmask8>(bit_mask[b] | (1u << l));
      }
    }
    if (live == 0) continue;  // deg = 0: nothing but a_0 changes
    const P8 s = add_full(a[v], prev_lanes[v]);
    const bool shared_top = bit_mask[bits - 1] == live;
    P8 r = shared_top ? s : id;
    for (int b = shared_top ? bits - 2 : bits - 1; b >= 0; --b) {
      r = dbl(r);
      if (bit_mask[b] != 0) r = select(bit_mask[b], r, add_full(r, s));
    }
    a[v] = select(live, a[v], r);
  }
  a[0] = select(1, a[0], load8(&c, 1));
}

// store_lane0: lane 0 of p into slot j of an 8-point staging block.
SP_IFMA_INLINE void store_lane0(const P8& p, uint64_t (&stage)[3][8][8], int j) {
  alignas(64) uint64_t lanes[8][8];
  const Fp8* coords[3] = {&p.x, &p.y, &p.z};
  for (int c = 0; c < 3; ++c) {
    store(*coords[c], lanes);
    for (int k = 0; k < 8; ++k) stage[c][k][j] = lanes[k][0];
  }
}

SP_IFMA_TARGET void eval_consecutive_impl(std::span<const G1Affine> coeffs, std::span<G1> out) {
  const std::size_t t = coeffs.size(), n = out.size();
  const P8 id = identity();
  P8Buffer a((t + 7) / 8), other((t + 7) / 8);
  for (std::size_t v = 0; v < a.size(); ++v) a[v] = id;
  for (std::size_t i = t; i-- > 0;) newton_step(a, other, t - 1 - i, coeffs[i]);
  uint64_t stage[3][8][8] = {};
  for (std::size_t j = 1; j <= n; ++j) {
    // D_k(x+1) = D_k(x) + D_(k+1)(x) for k < min(t − 1, n − j + 1): F(n) needs no more.
    const std::size_t upto = std::min(t - 1, n - j + 1);
    for (std::size_t v = 0; 8 * v < upto; ++v)
      other[v] = shift_up(a[v], v + 1 < a.size() ? a[v + 1] : id);
    for (std::size_t v = 0; 8 * v < upto; ++v) {
      const std::size_t lanes = std::min<std::size_t>(8, upto - 8 * v);
      const __mmask8 live = static_cast<__mmask8>((1u << lanes) - 1);
      a[v] = select(live, a[v], add_full(a[v], other[v]));
    }
    store_lane0(a[0], stage, static_cast<int>((j - 1) % 8));
    if (j % 8 == 0 || j == n) {
      const P8 block{load(stage[0]), load(stage[1]), load(stage[2])};
      G1 res[8];
      to_jacobian8(block, res);
      const std::size_t first = (j - 1) / 8 * 8;
      for (std::size_t q = 0; first + q < j; ++q) out[first + q] = res[q];
    }
  }
}

}  // namespace

void eval_consecutive(std::span<const G1Affine> coeffs, std::span<G1> out) {
  if (coeffs.empty()) {
    for (G1& o : out) o = crypto::identity<Fp>();
    return;
  }
  eval_consecutive_impl(coeffs, out);
}

bool in_subgroup_batch(std::span<const G1Affine> points) {
  for (std::size_t base = 0; base < points.size(); base += 8) {
    const std::size_t count = std::min<std::size_t>(8, points.size() - base);
    G1 r[8];
    mul_z2_8(points.data() + base, count, r);
    for (std::size_t j = 0; j < count; ++j) {
      if (!eq(to_jacobian(sigma(points[base + j])), neg(r[j]))) return false;
    }
  }
  return true;
}

void horner_small_batch(std::span<const std::span<const G1Affine>> polys,
                        std::span<const int8_t> digits, bool x_is_zero, std::span<G1Affine> out) {
  SP_CHECK(out.size() == polys.size());
  SP_CHECK(x_is_zero || (!digits.empty() && digits[0] == 1));
  std::vector<G1> jac(polys.size());
  for (std::size_t base = 0; base < polys.size(); base += 8) {
    const std::span<const G1Affine>* lanes[8];
    for (std::size_t j = 0; j < 8; ++j)
      lanes[j] = base + j < polys.size() ? &polys[base + j] : nullptr;
    G1 res[8];
    horner8(lanes, digits, x_is_zero, res);
    for (std::size_t j = 0; j < 8 && base + j < polys.size(); ++j) jac[base + j] = res[j];
  }
  batch_to_affine_vartime<Fp>(jac, out);
}

}  // namespace stakepool::crypto::ifma
