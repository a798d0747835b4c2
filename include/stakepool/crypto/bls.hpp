#pragma once
// BLS signatures, Ethereum proof-of-possession ciphersuite (DESIGN.md §1):
//   BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_ (draft-irtf-cfrg-bls-signature-05),
// public keys in G1 (48-byte compressed), signatures in G2 (96-byte compressed, ZCash format).
//
// Keys and signatures exist only as values that passed a validating parser or were produced by this
// module (STYLE.md L3): a PublicKey is on the curve, in G1 and not the identity (KeyValidate); a
// Signature is on the curve and in G2 (the identity is allowed to parse; it never verifies except in
// eth_fast_aggregate_verify's empty case); a SecretKey is 0 < sk < r and lives in a self-wiping
// util::Secret (STYLE.md L6). sk_to_pk, sign and pop_prove are constant time in the secret key.
// Verification functions take public data and return false on any failure (INVALID).
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "stakepool/crypto/points.hpp"
#include "stakepool/util/rng.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::crypto::bls {

// Domain separation tags of the POP ciphersuite: signatures, and proofs of possession.
inline constexpr std::string_view kDstSign = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";
inline constexpr std::string_view kDstPop = "BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

inline constexpr std::size_t kSecretKeySize = 32;
inline constexpr std::size_t kPublicKeySize = 48;
inline constexpr std::size_t kSignatureSize = 96;

// BlsError names what is wrong with an input.
enum class BlsError : uint8_t {
  kBadLength = 1,       // wrong number of bytes
  kBadEncoding,         // compression flags inconsistent (c/i/s bits), or non-zero infinity body
  kNotCanonical,        // a coordinate >= p
  kNotOnCurve,          // x has no matching y on the curve
  kNotInSubgroup,       // on the curve but not in G1 / G2
  kInfinity,            // the identity where a non-identity point is required (KeyValidate)
  kSecretKeyOutOfRange, // secret key 0 or >= r
  kIkmTooShort,         // KeyGen input keying material shorter than 32 bytes
  kEmptyInput,          // an aggregate of nothing
  kLengthMismatch,      // parallel lists of different lengths
};

// to_string gives a short English description of an error ("public key not in G1", ...).
const char* to_string(BlsError e);

// BlsResult<T>: a T or a BlsError (crypto is built without exceptions).
template <typename T>
class [[nodiscard]] BlsResult {
 public:
  BlsResult(T v) : v_(std::in_place_index<0>, std::move(v)) {}           // NOLINT(implicit)
  BlsResult(BlsError e) : v_(std::in_place_index<1>, e) {}                // NOLINT(implicit)
  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  BlsError error() const { return std::get<1>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, BlsError> v_;
};

// parse_g1 / parse_g2: decompress a 48 / 96-byte encoding and check canonical coordinates, the curve
// equation and subgroup membership; the identity is accepted (the `deserialization_G1/G2` vectors).
BlsResult<G1Affine> parse_g1(std::span<const uint8_t> in);
BlsResult<G2Affine> parse_g2(std::span<const uint8_t> in);

class SecretKey;

// PublicKey: a validated point of G1 other than the identity.
class PublicKey {
 public:
  // parse decompresses and runs KeyValidate: canonical encoding, on curve, in G1, not the identity.
  static BlsResult<PublicKey> parse(std::span<const uint8_t> in);
  // from_point wraps a point the caller knows to be in G1 (e.g. computed from validated inputs);
  // rejects the identity. Named for what it skips: no subgroup check.
  static BlsResult<PublicKey> from_point_unchecked_subgroup(const G1Affine& p);
  std::array<uint8_t, kPublicKeySize> to_bytes() const;  // 48-byte compressed
  const G1Affine& point() const { return p_; }
  bool operator==(const PublicKey& o) const;

 private:
  friend PublicKey sk_to_pk(const SecretKey& sk);
  explicit PublicKey(const G1Affine& p) : p_(p) {}
  G1Affine p_;
};

// Signature: a validated point of G2 (the identity is allowed).
class Signature {
 public:
  // parse decompresses and checks: canonical encoding, on curve, in G2.
  static BlsResult<Signature> parse(std::span<const uint8_t> in);
  // from_point wraps a point the caller knows to be in G2 (results of sign/aggregate).
  static Signature from_point_unchecked_subgroup(const G2Affine& p) { return Signature(p); }
  std::array<uint8_t, kSignatureSize> to_bytes() const;  // 96-byte compressed
  const G2Affine& point() const { return p_; }
  bool is_infinity() const { return p_.infinity; }
  bool operator==(const Signature& o) const;

 private:
  explicit Signature(const G2Affine& p) : p_(p) {}
  G2Affine p_;
};

// SecretKey: 0 < sk < r, stored big-endian in a self-wiping buffer. Move-only, never printed.
class SecretKey {
 public:
  // parse: exactly 32 bytes big-endian with 0 < sk < r.
  static BlsResult<SecretKey> parse(std::span<const uint8_t> in);
  // key_gen: draft-irtf-cfrg-bls-signature-05 §2.3 KeyGen(IKM, key_info) — HKDF-SHA256 with salt
  // "BLS-SIG-KEYGEN-SALT-" hashed before each attempt, L = 48, OS2IP(OKM) mod r, retried on zero.
  // IKM must be at least 32 bytes.
  static BlsResult<SecretKey> key_gen(std::span<const uint8_t> ikm,
                                      std::span<const uint8_t> key_info = {});
  SecretKey(SecretKey&&) noexcept = default;
  SecretKey& operator=(SecretKey&&) noexcept = default;
  SecretKey clone() const { return SecretKey(bytes_.clone()); }
  // expose_bytes: the 32-byte big-endian encoding, for keystores. Keep the scope narrow.
  std::span<const uint8_t, kSecretKeySize> expose_bytes() const { return bytes_.expose(); }

 private:
  explicit SecretKey(util::Secret<kSecretKeySize> b) : bytes_(std::move(b)) {}
  util::Secret<kSecretKeySize> bytes_;
};

// ---- core operations --------------------------------------------------------------------------

// sk_to_pk: sk·G1, constant time.
PublicKey sk_to_pk(const SecretKey& sk);
// sign: sk·H(msg) with H = hash_to_g2(msg, dst) (default: kDstSign). Constant time in sk.
Signature sign(const SecretKey& sk, std::span<const uint8_t> msg, std::string_view dst = kDstSign);
// verify: e(pk, H(msg)) == e(G1, sig), as one 2-pair Miller loop and one final exponentiation.
bool verify(const PublicKey& pk, std::span<const uint8_t> msg, const Signature& sig,
            std::string_view dst = kDstSign);

// aggregate sums signatures; an empty list is kEmptyInput.
BlsResult<Signature> aggregate(std::span<const Signature> sigs);
// aggregate_pubkeys sums public keys; an empty list is kEmptyInput, an identity sum kInfinity.
BlsResult<PublicKey> aggregate_pubkeys(std::span<const PublicKey> pks);

// fast_aggregate_verify: all pks signed the same msg; false for an empty pks list.
bool fast_aggregate_verify(std::span<const PublicKey> pks, std::span<const uint8_t> msg,
                           const Signature& sig);
// eth_fast_aggregate_verify (consensus-specs altair): as fast_aggregate_verify, except that an
// empty pks list with the identity signature is valid.
bool eth_fast_aggregate_verify(std::span<const PublicKey> pks, std::span<const uint8_t> msg,
                               const Signature& sig);
// aggregate_verify: pks[i] signed msgs[i]; one (n+1)-pair Miller loop. False when the lists are
// empty or differ in length. The POP ciphersuite does not require distinct messages.
bool aggregate_verify(std::span<const PublicKey> pks,
                      std::span<const std::span<const uint8_t>> msgs, const Signature& sig);

// pop_prove: a proof of possession, sign(sk, pk_bytes) under kDstPop. pop_verify checks one.
Signature pop_prove(const SecretKey& sk);
bool pop_verify(const PublicKey& pk, const Signature& proof);

// key_validate: the KeyValidate of the draft on a 48-byte encoding (= PublicKey::parse succeeds).
bool key_validate(std::span<const uint8_t> pk_bytes);

// SignatureSet: one (pk, msg, sig) triple for batch verification. The message bytes are borrowed.
struct SignatureSet {
  PublicKey pk;
  std::span<const uint8_t> msg;
  Signature sig;
};

// batch_verify checks all sets at once: with random non-zero 64-bit r_i drawn from rng,
//   Π e(r_i·pk_i, H(m_i)) · e(-G1, Σ r_i·sig_i) == 1,
// one multi-pair Miller loop and one final exponentiation. True iff (with overwhelming probability)
// every set verifies. False for an empty list.
bool batch_verify(std::span<const SignatureSet> sets, util::Rng& rng);

}  // namespace stakepool::crypto::bls
