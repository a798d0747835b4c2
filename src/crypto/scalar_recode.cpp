// Scalar decompositions and digit recodings (see scalar_recode.hpp).
#include "crypto/scalar_recode.hpp"

#include "stakepool/util/ct.hpp"

namespace stakepool::crypto::recode {
namespace {

// sub_r: out = k - r, returns the final borrow (1 if k < r).
uint64_t sub_r(const Scalar& k, Scalar& out) {
  uint64_t borrow = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const u128 d = static_cast<u128>(k[i]) - kGroupOrder[i] - borrow;
    out[i] = static_cast<uint64_t>(d);
    borrow = static_cast<uint64_t>(d >> 64) & 1;
  }
  return borrow;
}

// cond_sub_r: k - r if k >= r, else k. Constant time.
Scalar cond_sub_r(const Scalar& k) {
  Scalar d{};
  const uint64_t keep = ct::mask_if(sub_r(k, d));  // all ones when k < r
  Scalar out{};
  for (std::size_t i = 0; i < 4; ++i) out[i] = (k[i] & keep) | (d[i] & ~keep);
  return out;
}

// divmod_z: q = k / |z|, returns k mod |z|, one quotient bit per step (constant time).
uint64_t divmod_z(const Scalar& k, Scalar& q) {
  u128 rem = 0;
  q = Scalar{};
  for (int i = 255; i >= 0; --i) {
    rem = (rem << 1) | ((k[i / 64] >> (i % 64)) & 1);
    const u128 t = rem - kZAbs;
    // rem < 2|z| < 2^65, so t's top bit is set exactly when rem < |z|.
    const uint64_t ge = ct::value_barrier(static_cast<uint64_t>(t >> 127) - 1);
    const u128 ge128 = (static_cast<u128>(ge) << 64) | ge;
    rem = (t & ge128) | (rem & ~ge128);
    q[i / 64] |= (ge & 1) << (i % 64);
  }
  return static_cast<uint64_t>(rem);
}

}  // namespace

Scalar reduce_mod_r(const Scalar& k) { return cond_sub_r(cond_sub_r(k)); }

Scalar reduce_mod_r_vartime(const Scalar& k) {
  Scalar out = k;
  Scalar d{};
  while (sub_r(out, d) == 0) out = d;
  return out;
}

std::array<uint64_t, 4> split_base_z(const Scalar& k) {
  std::array<uint64_t, 4> d{};
  Scalar q = k;
  for (std::size_t i = 0; i < 3; ++i) {
    Scalar next{};
    d[i] = divmod_z(q, next);
    q = next;
  }
  d[3] = q[0];  // k < |z|^4, so the last quotient is below |z|
  return d;
}

std::array<uint64_t, 4> split_base_z_vartime(const Scalar& k) {
  std::array<uint64_t, 4> d{};
  Scalar q = k;
  for (std::size_t i = 0; i < 3; ++i) {
    u128 rem = 0;
    for (std::size_t j = 4; j-- > 0;) {
      const u128 cur = (rem << 64) | q[j];
      q[j] = static_cast<uint64_t>(cur / kZAbs);
      rem = cur % kZAbs;
    }
    d[i] = static_cast<uint64_t>(rem);
  }
  d[3] = q[0];
  return d;
}

void recode_signed5(u128 v, int nbits, SignedDigit* out) {
  const int len = signed5_len(nbits);
  uint64_t carry = 0;
  for (int i = 0; i < len; ++i) {
    const int shift = 5 * i;
    const uint64_t bits = shift < 128 ? static_cast<uint64_t>(v >> shift) & 31 : 0;
    const uint64_t x = bits + carry;               // 0..32
    carry = (x + 15) >> 5;                         // 1 iff x >= 17
    const uint64_t d = x - (carry << 5);           // x or x - 32, as two's complement
    const uint64_t neg = 0 - (d >> 63);            // all ones if d < 0
    out[i].mag = (d ^ neg) - neg;                  // |d|
    out[i].neg = ct::value_barrier(neg);
  }
}

void recode_signed5_scalar(const Scalar& k, SignedDigit* out) {
  uint64_t carry = 0;
  for (int i = 0; i < kSigned5ScalarLen; ++i) {
    const int shift = 5 * i;  // public loop position: branches on it are fine
    const int limb = shift / 64, off = shift % 64;
    uint64_t bits = limb < 4 ? k[limb] >> off : 0;
    if (off > 59 && limb + 1 < 4) bits |= k[limb + 1] << (64 - off);
    const uint64_t x = (bits & 31) + carry;        // 0..32
    carry = (x + 15) >> 5;                         // 1 iff x >= 17
    const uint64_t d = x - (carry << 5);
    const uint64_t neg = 0 - (d >> 63);
    out[i].mag = (d ^ neg) - neg;
    out[i].neg = ct::value_barrier(neg);
  }
}

void recode_unsigned4(const Scalar& k, uint8_t out[64]) {
  for (int i = 0; i < 64; ++i) {
    const int nib = 63 - i;
    out[i] = static_cast<uint8_t>((k[nib / 16] >> (4 * (nib % 16))) & 15);
  }
}

std::vector<int8_t> wnaf_vartime(const uint64_t* limbs, std::size_t n, int w) {
  std::vector<uint64_t> k(limbs, limbs + n);
  k.push_back(0);  // room for the carry of k - d when d < 0
  const int64_t half = int64_t{1} << (w - 1);
  const uint64_t window_mask = (uint64_t{1} << w) - 1;
  std::vector<int8_t> out;
  auto nonzero = [&k] {
    for (uint64_t x : k) {
      if (x != 0) return true;
    }
    return false;
  };
  while (nonzero()) {
    int64_t d = 0;
    if ((k[0] & 1) != 0) {
      d = static_cast<int64_t>(k[0] & window_mask);
      if (d >= half) d -= int64_t{2} * half;
      // k -= d
      if (d > 0) {
        uint64_t borrow = static_cast<uint64_t>(d);
        for (std::size_t i = 0; i < k.size() && borrow != 0; ++i) {
          const uint64_t old = k[i];
          k[i] = old - borrow;
          borrow = old < borrow ? 1 : 0;
        }
      } else {
        uint64_t carry = static_cast<uint64_t>(-d);
        for (std::size_t i = 0; i < k.size() && carry != 0; ++i) {
          k[i] += carry;
          carry = k[i] < carry ? 1 : 0;
        }
      }
    }
    out.push_back(static_cast<int8_t>(d));
    for (std::size_t i = 0; i + 1 < k.size(); ++i) k[i] = (k[i] >> 1) | (k[i + 1] << 63);
    k.back() >>= 1;
  }
  return out;
}

}  // namespace stakepool::crypto::recode
