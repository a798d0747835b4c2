// Ed25519 public keys and single-signature verification (RFC 8032 §5.1.7, cofactored equation;
// see ed25519.hpp for the exact semantics).
#include <algorithm>

#include "ed25519_check.hpp"
#include "stakepool/crypto/sha512.hpp"

namespace stakepool::crypto::ed25519 {

const char* to_string(Ed25519Error e) {
  switch (e) {
    case Ed25519Error::kNotCanonical:
      return "Ed25519 point: y coordinate >= p (non-canonical encoding)";
    case Ed25519Error::kNotOnCurve:
      return "Ed25519 point: not on the curve";
    case Ed25519Error::kNegativeZero:
      return "Ed25519 point: x = 0 with the sign bit set";
    case Ed25519Error::kSmallOrder:
      return "Ed25519 public key: point of small order";
  }
  return "Ed25519: unknown error";
}

Ed25519Result<VerifyKey> VerifyKey::parse(std::span<const uint8_t, kPublicKeySize> in,
                                          KeyTables tables) {
  detail::P3 a;
  if (const int e = detail::decode_vartime(a, in.data()); e != 0) {
    return static_cast<Ed25519Error>(e);
  }
  if (detail::is_identity_vartime(detail::mul_by_cofactor(a))) return Ed25519Error::kSmallOrder;
  VerifyKey key;
  std::copy(in.begin(), in.end(), key.bytes_.begin());
  key.full_ = tables == KeyTables::kFull;
  const int parts = key.full_ ? detail::kParts : 1;
  auto storage = std::make_shared_for_overwrite<detail::Cached[]>(
      static_cast<std::size_t>(parts) * detail::kTableSize);
  key.tables_ = storage;
  for (int j = 0; j < parts; ++j) {
    detail::odd_multiples(&storage[static_cast<std::size_t>(j) * detail::kTableSize], a,
                          detail::kTableSize);
    if (j + 1 < parts) a = detail::dbl_n(a, 64);
  }
  return key;
}

namespace detail {

bool prepare_vartime(Prepared& out, const VerifyKey& key, std::span<const uint8_t> msg,
                     const uint8_t sig[64]) {
  if (!sc_is_canonical_vartime(sig + 32)) return false;
  if (decode_vartime(out.r, sig) != 0) return false;
  const Digest64 h = Sha512()
                         .update(std::span<const uint8_t>(sig, 32))
                         .update(key.bytes())
                         .update(msg)
                         .finish();
  out.key = &key;
  out.sig = sig;
  out.s = sc_from_bytes(sig + 32);
  out.k = sc_reduce512(h.data());
  return true;
}

void naf_parts(Naf out[kParts], const Sc& a, int w, bool negate) {
  for (int j = 0; j < kParts; ++j) wnaf(out[j], &a.v[j], 1, w, negate);
}

int key_terms(Naf nafs[kParts], Term terms[kParts], const VerifyKey& key, const Sc& c) {
  if (!key.full()) {
    wnaf(nafs[0], c.v, 4, kKeyWindow, true);
    terms[0] = {&nafs[0], key.table(0)};
    return 1;
  }
  naf_parts(nafs, c, kKeyWindow, true);
  for (int j = 0; j < kParts; ++j) terms[j] = {&nafs[j], key.table(j)};
  return kParts;
}

bool check_prepared_vartime(const Prepared& p) {
  Naf s_naf[kParts], k_naf[kParts];
  naf_parts(s_naf, p.s, kBaseWindow, false);
  const BaseTables& bt = base_tables();
  Term terms[kParts];
  BaseTerm base[kParts];
  for (int j = 0; j < kParts; ++j) base[j] = {&s_naf[j], bt.part[j]};
  const int n = key_terms(k_naf, terms, *p.key, p.k);
  const P3 q = straus_vartime(std::span<const Term>(terms, n), base);  // [s]B - [k]A
  return is_identity_vartime(mul_by_cofactor(to_p3(sub(q, to_cached(p.r)))));
}

}  // namespace detail

bool verify_vartime(const VerifyKey& key, std::span<const uint8_t> msg,
                    std::span<const uint8_t, kSignatureSize> sig) {
  detail::Prepared p;
  if (!detail::prepare_vartime(p, key, msg, sig.data())) return false;
  return detail::check_prepared_vartime(p);
}

bool verify_vartime(std::span<const uint8_t, kPublicKeySize> key, std::span<const uint8_t> msg,
                    std::span<const uint8_t, kSignatureSize> sig) {
  const Ed25519Result<VerifyKey> k = VerifyKey::parse(key, KeyTables::kSmall);
  return k.has_value() && verify_vartime(*k, msg, sig);
}

}  // namespace stakepool::crypto::ed25519
