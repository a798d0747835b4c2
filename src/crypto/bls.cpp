// BLS signatures, POP ciphersuite: keys, parsing, sign and verify (see include/stakepool/crypto/bls.hpp).
#include "stakepool/crypto/bls.hpp"

#include <cstring>

#include "bls_internal.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/field.hpp"
#include "stakepool/crypto/hash_to_curve.hpp"
#include "stakepool/crypto/pairing.hpp"
#include "stakepool/crypto/point_encoding.hpp"
#include "stakepool/crypto/sha256.hpp"
#include "stakepool/util/ct.hpp"

namespace stakepool::crypto::bls {

const char* to_string(BlsError e) {
  switch (e) {
    case BlsError::kBadLength: return "wrong length";
    case BlsError::kBadEncoding: return "bad compression/infinity/sign flags";
    case BlsError::kNotCanonical: return "coordinate not below the field modulus";
    case BlsError::kNotOnCurve: return "point not on the curve";
    case BlsError::kNotInSubgroup: return "point not in the prime-order subgroup";
    case BlsError::kInfinity: return "point at infinity where a public key is required";
    case BlsError::kSecretKeyOutOfRange: return "secret key not in [1, r-1]";
    case BlsError::kIkmTooShort: return "KeyGen input keying material shorter than 32 bytes";
    case BlsError::kEmptyInput: return "empty list";
    case BlsError::kLengthMismatch: return "list lengths differ";
  }
  return "unknown BLS error";
}

namespace detail {

BlsError from_point_error(PointError e) {
  switch (e) {
    case PointError::kBadLength: return BlsError::kBadLength;
    case PointError::kNonCanonical: return BlsError::kNotCanonical;
    case PointError::kNotOnCurve: return BlsError::kNotOnCurve;
    case PointError::kNotInSubgroup: return BlsError::kNotInSubgroup;
    default: return BlsError::kBadEncoding;
  }
}

SecretScalar::SecretScalar(const SecretKey& sk) {
  const auto b = sk.expose_bytes();
  for (std::size_t limb = 0; limb < 4; ++limb) {
    uint64_t v = 0;
    for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | b[(3 - limb) * 8 + i];
    k[limb] = v;
  }
}

SecretScalar::~SecretScalar() { util::secure_zero(k.data(), sizeof(k)); }

std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

G2 hash_message(std::span<const uint8_t> msg, std::string_view dst) {
  // The two ciphersuite DSTs are prepared once; any other DST is prepared per call.
  static const XmdDst kSign(as_bytes(kDstSign));
  static const XmdDst kPop(as_bytes(kDstPop));
  if (dst == kDstSign) return hash_to_g2(msg, kSign);
  if (dst == kDstPop) return hash_to_g2(msg, kPop);
  return hash_to_g2(msg, XmdDst(as_bytes(dst)));
}

G2Affine hash_to_g2_affine_vartime(std::span<const uint8_t> msg, std::string_view dst) {
  const G2 h = hash_message(msg, dst);
  G2Affine out;
  batch_to_affine_vartime<Fp2>({&h, 1}, {&out, 1});
  return out;
}

const G1Affine& neg_g1_generator() {
  static const G1Affine kNegG1 = neg(g1_generator_affine());
  return kNegG1;
}

}  // namespace detail

using detail::as_bytes;

BlsResult<G1Affine> parse_g1(std::span<const uint8_t> in) {
  G1Affine p;
  const PointError e = g1_decompress(in, p);
  if (e != PointError::kOk) return detail::from_point_error(e);
  return p;
}

BlsResult<G2Affine> parse_g2(std::span<const uint8_t> in) {
  G2Affine p;
  const PointError e = g2_decompress(in, p);
  if (e != PointError::kOk) return detail::from_point_error(e);
  return p;
}

// ---- PublicKey / Signature -------------------------------------------------------------------------

BlsResult<PublicKey> PublicKey::parse(std::span<const uint8_t> in) {
  auto p = parse_g1(in);
  if (!p) return p.error();
  if (p->infinity) return BlsError::kInfinity;
  return PublicKey(*p);
}

BlsResult<PublicKey> PublicKey::from_point_unchecked_subgroup(const G1Affine& p) {
  if (p.infinity) return BlsError::kInfinity;
  return PublicKey(p);
}

std::array<uint8_t, kPublicKeySize> PublicKey::to_bytes() const { return g1_compress(p_); }

bool PublicKey::operator==(const PublicKey& o) const { return eq(p_, o.p_); }

BlsResult<Signature> Signature::parse(std::span<const uint8_t> in) {
  auto p = parse_g2(in);
  if (!p) return p.error();
  return Signature(*p);
}

std::array<uint8_t, kSignatureSize> Signature::to_bytes() const { return g2_compress(p_); }

bool Signature::operator==(const Signature& o) const { return eq(p_, o.p_); }

// ---- SecretKey -------------------------------------------------------------------------------------

BlsResult<SecretKey> SecretKey::parse(std::span<const uint8_t> in) {
  if (in.size() != kSecretKeySize) return BlsError::kBadLength;
  Fr x;
  const bool canonical = Fr::from_bytes_be(x, in.first<kSecretKeySize>());
  bool ok = canonical & !x.is_zero();
  util::secure_zero(&x, sizeof(x));
  SP_CT_DECLASSIFY(&ok, sizeof(ok));  // validity is public; the key bytes stay secret
  if (!ok) return BlsError::kSecretKeyOutOfRange;
  return SecretKey(util::Secret<kSecretKeySize>(in.first<kSecretKeySize>()));
}

BlsResult<SecretKey> SecretKey::key_gen(std::span<const uint8_t> ikm,
                                        std::span<const uint8_t> key_info) {
  if (ikm.size() < 32) return BlsError::kIkmTooShort;
  constexpr std::size_t kL = 48;
  util::SecretBytes ikm0(ikm);
  const uint8_t zero = 0;
  ikm0.append({&zero, 1});  // IKM || I2OSP(0, 1)
  std::vector<uint8_t> info(key_info.begin(), key_info.end());
  info.push_back(0);
  info.push_back(static_cast<uint8_t>(kL));  // key_info || I2OSP(L, 2)
  Digest32 salt = sha256(as_bytes("BLS-SIG-KEYGEN-SALT-"));
  util::Secret<kSecretKeySize> out;
  for (;;) {
    Digest32 prk = hkdf_extract(salt, ikm0.expose());
    util::Secret<kL> okm;
    hkdf_expand(prk, info, okm.expose_mut());
    util::secure_zero(prk.data(), prk.size());
    Fr sk = Fr::from_bytes_wide_be(okm.expose());
    bool zero_key = sk.is_zero();  // probability ~2^-255: the branch leaks nothing useful
    SP_CT_DECLASSIFY(&zero_key, sizeof(zero_key));
    sk.to_bytes_be(out.expose_mut());
    util::secure_zero(&sk, sizeof(sk));
    if (!zero_key) break;
    salt = sha256(salt);
  }
  return SecretKey(std::move(out));
}

// ---- core operations -------------------------------------------------------------------------------

PublicKey sk_to_pk(const SecretKey& sk) {
  const detail::SecretScalar k(sk);
  return PublicKey(to_affine(g1_mul_generator(k.k)));
}

Signature sign(const SecretKey& sk, std::span<const uint8_t> msg, std::string_view dst) {
  const detail::SecretScalar k(sk);
  const G2 h = detail::hash_message(msg, dst);
  return Signature::from_point_unchecked_subgroup(to_affine(g2_mul(h, k.k)));
}

bool verify(const PublicKey& pk, std::span<const uint8_t> msg, const Signature& sig,
            std::string_view dst) {
  const G1Affine ps[2] = {pk.point(), detail::neg_g1_generator()};
  const G2Affine qs[2] = {detail::hash_to_g2_affine_vartime(msg, dst), sig.point()};
  return pairing_check(ps, qs);
}

Signature pop_prove(const SecretKey& sk) {
  PublicKey pk = sk_to_pk(sk);
  SP_CT_DECLASSIFY(&pk, sizeof(pk));  // the public key is public: encode and hash it freely
  return sign(sk, pk.to_bytes(), kDstPop);
}

bool pop_verify(const PublicKey& pk, const Signature& proof) {
  const auto pk_bytes = pk.to_bytes();
  return verify(pk, pk_bytes, proof, kDstPop);
}

bool key_validate(std::span<const uint8_t> pk_bytes) {
  return PublicKey::parse(pk_bytes).has_value();
}

}  // namespace stakepool::crypto::bls
