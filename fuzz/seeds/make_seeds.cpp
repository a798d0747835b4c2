// Writes the seed corpora of the BLS fuzz targets from points and signatures this library makes
// itself, so that no test-vector bytes are copied into the repository.
//   fuzz_seeds OUT_DIR   -> OUT_DIR/{g1_deserialize,g2_deserialize,bls_verify,hash_to_g2}/<name>
// Seeds cover every decoder outcome: valid points in both encodings, the canonical infinity, each
// flag combination, x >= p, x not on the curve, on the curve but outside the subgroup, wrong
// lengths; for verification valid and tampered (pk, sig, msg) triples; for hashing several DSTs.
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/hash_to_curve.hpp"
#include "stakepool/crypto/point_encoding.hpp"

namespace fs = std::filesystem;
using namespace stakepool::crypto;
using Bytes = std::vector<uint8_t>;

namespace {

// p, big-endian: the first x >= p when written into an encoding.
constexpr std::array<uint8_t, 48> kP = {
    0x1a, 0x01, 0x11, 0xea, 0x39, 0x7f, 0xe6, 0x9a, 0x4b, 0x1b, 0xa7, 0xb6, 0x43, 0x4b, 0xac, 0xd7,
    0x64, 0x77, 0x4b, 0x84, 0xf3, 0x85, 0x12, 0xbf, 0x67, 0x30, 0xd2, 0xa0, 0xf6, 0xb0, 0xf6, 0x24,
    0x1e, 0xab, 0xff, 0xfe, 0xb1, 0x53, 0xff, 0xff, 0xb9, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xaa, 0xab};

class SeedDir {
 public:
  SeedDir(const fs::path& root, const char* target) : dir_(root / target) {
    fs::create_directories(dir_);
  }
  void put(const std::string& name, const Bytes& b) const {
    std::ofstream f(dir_ / name, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  }
  template <std::size_t N>
  void put(const std::string& name, const std::array<uint8_t, N>& a) const {
    put(name, Bytes(a.begin(), a.end()));
  }

 private:
  fs::path dir_;
};

// expect aborts the generator when a seed does not decode as intended (the seeds document the
// decoder's outcomes, so a wrong one is a bug here or there).
void expect(PointError got, PointError want, const char* what) {
  if (got == want) return;
  std::fprintf(stderr, "fuzz_seeds: %s decodes as '%s', expected '%s'\n", what, to_string(got),
               to_string(want));
  std::exit(1);
}

Scalar scalar(uint64_t v) { return Scalar{v * 0x9e3779b97f4a7c15ULL, v, ~v, v >> 3}; }

// The flag byte variants of one encoding (compression, infinity and sign bits, all 8 combinations).
void put_flag_variants(const SeedDir& d, const std::string& stem, Bytes enc) {
  for (unsigned flags = 0; flags < 8; ++flags) {
    enc[0] = static_cast<uint8_t>((enc[0] & 0x1f) | (flags << 5));
    d.put(stem + "_flags" + std::to_string(flags), enc);
  }
}

// Encodings of the identity: canonical, and with stray bits that must be rejected.
void put_infinity_variants(const SeedDir& d, std::size_t size, bool compressed) {
  const std::string n = std::to_string(size);
  Bytes inf(size, 0);
  inf[0] = compressed ? 0xc0 : 0x40;  // c = compressed, i = 1
  d.put("infinity_" + n, inf);
  Bytes noise = inf;
  noise[size - 1] = 1;
  d.put("infinity_nonzero_x_" + n, noise);
  Bytes signed_inf = inf;
  signed_inf[0] |= 0x20;
  d.put("infinity_sign_bit_" + n, signed_inf);
}

// Points on the curve but outside the subgroup: SSWU images before cofactor clearing (the first
// one from u = i, i + 1, ... that is not in the subgroup).
G1Affine g1_outside_subgroup(uint64_t i) {
  for (;; ++i) {
    const G1 p = map_to_curve_g1(Fp::from_u64(i + 2));
    if (!g1_in_subgroup_vartime(p)) return to_affine(p);
  }
}
G2Affine g2_outside_subgroup(uint64_t i) {
  for (;; ++i) {
    Fp2 u;
    u.c0 = Fp::from_u64(i + 2);
    u.c1 = Fp::from_u64(i + 7);
    const G2 p = map_to_curve_g2(u);
    if (!g2_in_subgroup_vartime(p)) return to_affine(p);
  }
}

void g1_seeds(const fs::path& root) {
  const SeedDir d(root, "g1_deserialize");
  for (uint64_t i = 1; i <= 3; ++i) {
    const G1Affine p = to_affine(g1_mul_vartime(g1_generator(), scalar(i)));
    d.put("valid_" + std::to_string(i), g1_compress(p));
    d.put("valid_uncompressed_" + std::to_string(i), g1_serialize_uncompressed(p));
  }
  const auto base = g1_compress(g1_generator_affine());
  put_flag_variants(d, "generator", Bytes(base.begin(), base.end()));
  put_infinity_variants(d, 48, true);
  put_infinity_variants(d, 96, false);
  Bytes big(kP.begin(), kP.end());
  big[0] |= 0x80;
  d.put("x_equals_p", big);
  Bytes off(base.begin(), base.end());
  off[47] ^= 0x01;  // almost always a non-residue x^3 + 4: not on the curve
  d.put("x_perturbed", off);
  const auto outside = g1_compress(g1_outside_subgroup(0));
  G1Affine tmp;
  expect(g1_decompress(outside, tmp), PointError::kNotInSubgroup, "G1 outside_subgroup");
  expect(g1_decompress(big, tmp), PointError::kNonCanonical, "G1 x_equals_p");
  d.put("outside_subgroup", outside);
  d.put("outside_subgroup_uncompressed", g1_serialize_uncompressed(g1_outside_subgroup(1)));
  d.put("too_short", Bytes(base.begin(), base.end() - 1));
  Bytes longer(base.begin(), base.end());
  longer.push_back(0);
  d.put("too_long", longer);
}

void g2_seeds(const fs::path& root) {
  const SeedDir d(root, "g2_deserialize");
  for (uint64_t i = 1; i <= 3; ++i) {
    const G2Affine p = to_affine(g2_mul_vartime(g2_generator(), scalar(i)));
    d.put("valid_" + std::to_string(i), g2_compress(p));
    d.put("valid_uncompressed_" + std::to_string(i), g2_serialize_uncompressed(p));
  }
  const auto base = g2_compress(g2_generator_affine());
  put_flag_variants(d, "generator", Bytes(base.begin(), base.end()));
  put_infinity_variants(d, 96, true);
  put_infinity_variants(d, 192, false);
  Bytes big(96, 0);
  std::copy(kP.begin(), kP.end(), big.begin());  // x.c1 = p
  big[0] |= 0x80;
  d.put("x_c1_equals_p", big);
  Bytes big0(base.begin(), base.end());
  std::copy(kP.begin(), kP.end(), big0.begin() + 48);  // x.c0 = p
  d.put("x_c0_equals_p", big0);
  Bytes off(base.begin(), base.end());
  off[95] ^= 0x01;
  d.put("x_perturbed", off);
  const auto outside = g2_compress(g2_outside_subgroup(0));
  G2Affine tmp;
  expect(g2_decompress(outside, tmp), PointError::kNotInSubgroup, "G2 outside_subgroup");
  expect(g2_decompress(big, tmp), PointError::kNonCanonical, "G2 x_c1_equals_p");
  d.put("outside_subgroup", outside);
  d.put("outside_subgroup_uncompressed", g2_serialize_uncompressed(g2_outside_subgroup(1)));
  d.put("too_short", Bytes(base.begin(), base.end() - 1));
}

Bytes concat(std::initializer_list<std::span<const uint8_t>> parts) {
  Bytes out;
  for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

void bls_seeds(const fs::path& root) {
  const SeedDir d(root, "bls_verify");
  for (uint8_t i = 1; i <= 3; ++i) {
    const std::array<uint8_t, 32> ikm{i, 0x5e, 0xed, i, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                                      13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, i};
    const auto sk = bls::SecretKey::key_gen(ikm);
    if (!sk) continue;
    const auto pk = bls::sk_to_pk(*sk).to_bytes();
    const Bytes msg(static_cast<std::size_t>(i) * 16, static_cast<uint8_t>(0xa0 + i));
    const auto sig = bls::sign(*sk, msg).to_bytes();
    const std::string n = std::to_string(i);
    d.put("valid_" + n, concat({pk, sig, msg}));
    Bytes tampered_msg = msg;
    tampered_msg.push_back(0);
    d.put("wrong_message_" + n, concat({pk, sig, tampered_msg}));
    Bytes bad_sig(sig.begin(), sig.end());
    bad_sig[95] ^= 0x01;
    d.put("tampered_signature_" + n, concat({pk, bad_sig, msg}));
    d.put("pubkey_only_" + n, Bytes(pk.begin(), pk.end()));
  }
  Bytes inf_pk(48, 0), inf_sig(96, 0);
  inf_pk[0] = 0xc0;
  inf_sig[0] = 0xc0;
  d.put("infinity_pubkey_and_signature", concat({inf_pk, inf_sig}));
}

void h2c_seeds(const fs::path& root) {
  const SeedDir d(root, "hash_to_g2");
  d.put("eth_dst_empty_msg", Bytes{0});
  d.put("eth_dst_32_zero_bytes", Bytes(33, 0));
  Bytes custom{16};
  for (int i = 0; i < 16; ++i) custom.push_back(static_cast<uint8_t>('A' + i));
  for (int i = 0; i < 40; ++i) custom.push_back(static_cast<uint8_t>(i));
  d.put("custom_dst", custom);
  Bytes oversize{255};
  oversize.insert(oversize.end(), 300, 0x42);
  d.put("oversize_dst", oversize);
  d.put("long_message", Bytes(1 + 4096, 0x61));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seeds OUT_DIR\n");
    return 2;
  }
  const fs::path root(argv[1]);
  g1_seeds(root);
  g2_seeds(root);
  bls_seeds(root);
  h2c_seeds(root);
  return 0;
}
