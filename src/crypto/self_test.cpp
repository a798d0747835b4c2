// Start-up known-answer self-test (see include/stakepool/crypto/self_test.hpp).
#include "stakepool/crypto/self_test.hpp"

#include <algorithm>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/crypto/field.hpp"
#include "stakepool/crypto/isa.hpp"
#include "stakepool/crypto/sha256.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::crypto {

const SelfTestVector kSelfTestBls = {
    "263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "a491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20f"
    "d6e10c1b77654d067c0618f6e5a7f79a",
    "b6ed936746e01f8ecf281f020953fbf1f01debd5657c4a383940b020b26507f6076334f91e2366c96e9ab279fb5158"
    "090352ea1c5b0c9274504f4f0e7053af24802e51e4568d164fe986834f41e55c8e850ce1f98458c0cfc9ab380b5528"
    "5a55",
};

const std::string_view kSelfTestSha256Abc =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

namespace {

// check_adx_kernels compares the MULX/ADCX/ADOX kernels with the portable code on fixed inputs
// (derived from SHA-256 outputs, so they are unstructured).
bool check_adx_kernels() {
  if (!detail::g_fp_use_adx) return true;
  std::array<uint8_t, 64> wide{};
  const Digest32 h1 = sha256(std::span<const uint8_t>(wide.data(), 1));
  std::copy(h1.begin(), h1.end(), wide.begin());
  const Fp a = Fp::from_bytes_wide_be(wide);
  const Fp b = a.sqr() + Fp::one();
  const uint64_t* p = FpParams::kModulus.data();
  constexpr uint64_t kInv = FpParams::C::kInv;
  uint64_t r_adx[6], r_port[6], w_adx[12], w_port[12];
  detail::fp_mul_adx(r_adx, a.l.data(), b.l.data());
  detail::mont_mul<6>(r_port, a.l.data(), b.l.data(), p, kInv);
  bool ok = std::equal(r_adx, r_adx + 6, r_port);
  detail::fp_sqr_adx(r_adx, b.l.data());
  detail::mont_mul<6>(r_port, b.l.data(), b.l.data(), p, kInv);
  ok = ok && std::equal(r_adx, r_adx + 6, r_port);
  detail::fp_mul_wide_adx(w_adx, a.l.data(), b.l.data());
  detail::mul_wide<6>(w_port, a.l.data(), b.l.data());
  ok = ok && std::equal(w_adx, w_adx + 12, w_port);
  detail::fp_redc_adx(r_adx, w_port);
  detail::redc<6>(r_port, w_port, p, kInv);
  return ok && std::equal(r_adx, r_adx + 6, r_port);
}

// check_inverse: a·a^-1 = 1 for a fixed non-trivial a, and the inverse of 0 is 0.
bool check_inverse() {
  const Fp a = Fp::from_u64(0x5deece66d).sqr().sqr().sqr().sqr().sqr().sqr().sqr();
  return a * a.inv() == Fp::one() && Fp{}.inv().is_zero();
}

template <std::size_t N>
bool hex_equals(const std::array<uint8_t, N>& got, std::string_view want) {
  return util::to_hex(got) == want;
}

}  // namespace

std::string self_test() {
  using namespace bls;  // NOLINT(google-build-using-namespace)
  const std::string_view abc = "abc";
  const Digest32 d = sha256({reinterpret_cast<const uint8_t*>(abc.data()), abc.size()});
  if (!hex_equals(d, kSelfTestSha256Abc)) return "SHA-256(\"abc\") mismatch";
  if (!check_adx_kernels()) return "MULX/ADCX/ADOX Fp kernels disagree with the portable code";
  if (!check_inverse()) return "Fp inversion wrong";
  const auto sk_bytes = util::from_hex(kSelfTestBls.secret_key);
  const auto msg = util::from_hex(kSelfTestBls.message);
  if (!sk_bytes || !msg) return "embedded vector malformed";
  auto sk = SecretKey::parse(*sk_bytes);
  if (!sk) return "known-answer secret key rejected";
  const PublicKey pk = sk_to_pk(*sk);
  if (!hex_equals(pk.to_bytes(), kSelfTestBls.public_key)) return "sk_to_pk mismatch";
  const Signature sig = sign(*sk, *msg);
  if (!hex_equals(sig.to_bytes(), kSelfTestBls.signature)) {
    return "sign (hash-to-G2, G2 mul) mismatch";
  }
  const auto sig_bytes = util::from_hex(kSelfTestBls.signature);
  const auto parsed = Signature::parse(*sig_bytes);
  if (!parsed || !verify(pk, *msg, *parsed)) return "verify (pairing) rejects the known answer";
  std::vector<uint8_t> other = *msg;
  other[0] ^= 1;
  if (verify(pk, other, *parsed)) return "verify accepts a wrong message";
  return "";
}

const std::string& self_test_once() {
  static const std::string result = self_test();
  return result;
}

}  // namespace stakepool::crypto
