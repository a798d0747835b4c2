#pragma once
// Operator identity keys (OpenSSL): Ed25519 for signing protocol messages (QBFT, DKG, ledger) and
// X25519 + HKDF-SHA256 + AES-256-GCM for encrypting DKG deals to one recipient (DESIGN.md §2, §4).
// Secret halves live in util::Secret and are wiped; no secret appears in an error message.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "stakepool/util/hex.hpp"
#include "stakepool/util/result.hpp"
#include "stakepool/util/rng.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::util {

using Ed25519PublicKey = std::array<uint8_t, 32>;
using Ed25519Signature = std::array<uint8_t, 64>;
using X25519PublicKey = std::array<uint8_t, 32>;

// Ed25519SecretKey: an operator's signing key. Move-only; the OpenSSL key object is cached.
class Ed25519SecretKey {
 public:
  static Ed25519SecretKey generate(Rng& rng);
  static Ed25519SecretKey from_seed(std::span<const uint8_t, 32> seed);
  Ed25519SecretKey(Ed25519SecretKey&&) noexcept;
  Ed25519SecretKey& operator=(Ed25519SecretKey&&) noexcept;
  ~Ed25519SecretKey();

  const Ed25519PublicKey& public_key() const { return pk_; }
  Ed25519Signature sign(std::span<const uint8_t> msg) const;
  const Secret<32>& seed() const { return seed_; }

 private:
  Ed25519SecretKey() = default;
  Secret<32> seed_;
  Ed25519PublicKey pk_{};
  void* pkey_ = nullptr;  // EVP_PKEY*
};

// ed25519_verify: true iff `sig` is a valid Ed25519 signature of `msg` under `pk` (RFC 8032).
bool ed25519_verify(const Ed25519PublicKey& pk, std::span<const uint8_t> msg, const Ed25519Signature& sig);

// X25519SecretKey: an operator's key-agreement key for receiving encrypted deals.
class X25519SecretKey {
 public:
  static X25519SecretKey generate(Rng& rng);
  static X25519SecretKey from_bytes(std::span<const uint8_t, 32> sk);
  const X25519PublicKey& public_key() const { return pk_; }
  const Secret<32>& secret() const { return sk_; }
  X25519SecretKey clone() const { return from_bytes(sk_.expose()); }

 private:
  Secret<32> sk_;
  X25519PublicKey pk_{};
};

// seal encrypts `plaintext` to `recipient` bound to `aad`: output = eph_pk(32) || nonce(12) ||
// ciphertext || tag(16). Ephemeral key and nonce come from `rng`.
Result<Bytes> seal(const X25519PublicKey& recipient, std::span<const uint8_t> plaintext,
                   std::span<const uint8_t> aad, Rng& rng);
// open decrypts a sealed box. Fails with kCrypto if the box was altered, is for another key or aad.
Result<SecretBytes> open(const X25519SecretKey& sk, std::span<const uint8_t> sealed,
                         std::span<const uint8_t> aad);

// kPairKeyInfo: the HKDF info string of PairKeys' pair keys.
inline constexpr char kPairKeyInfo[] = "stakepool-pairbox-v1 x25519-hkdf-sha256-aes256gcm";
// pair_key_salt: the HKDF salt of the pair key of `a` and `b`: min(a, b) || max(a, b).
std::array<uint8_t, 64> pair_key_salt(const X25519PublicKey& a, const X25519PublicKey& b);

// PairKeyFn: computes the pair key of PairKeys (below) from `mine` and `peer`; false when the
// peer key is of low order (all-zero X25519 output). util sits below crypto, so another X25519
// implementation (threshold passes crypto::x25519) comes in through this hook.
using PairKeyFn = bool (*)(const X25519SecretKey& mine, const X25519PublicKey& peer, Secret<32>& key);

// PairKeyBatchFn: the pair keys of `mine` with every one of `peers` at once (as PairKeyFn computes
// each), result i for peers[i]; nullopt for a low-order peer key. Threshold passes one built on
// crypto::x25519_many (8 X25519 in the lanes of one AVX-512 register).
using PairKeyBatchFn = std::vector<std::optional<Secret<32>>> (*)(const X25519SecretKey& mine,
                                                                  std::span<const X25519PublicKey> peers);

// PairKeys: symmetric box keys between this operator's X25519 key and peers' keys, one X25519
// per peer, derived on first use and cached (a DKG member talks to each peer both ways):
//   key = HKDF-SHA256(salt = min(pk_a, pk_b) || max(pk_a, pk_b), ikm = X25519(sk_a, pk_b),
//                     info = kPairKeyInfo),
// the same for both peers. A box = nonce(12, random) || AES-256-GCM(plaintext) || tag(16); the
// AAD must name sender and recipient (both directions share the key). Borrows `mine`. The keys
// are derived with `derive`, or with OpenSSL when it is null; precompute() can derive many at once.
class PairKeys {
 public:
  explicit PairKeys(const X25519SecretKey& mine, PairKeyFn derive = nullptr) : mine_(&mine), derive_(derive) {}
  PairKeys(const PairKeys&) = delete;
  PairKeys& operator=(const PairKeys&) = delete;
  PairKeys(PairKeys&& o) noexcept : mine_(o.mine_), derive_(o.derive_), keys_(std::move(o.keys_)), pkey_(o.pkey_) {
    o.pkey_ = nullptr;
  }
  PairKeys& operator=(PairKeys&&) = delete;
  ~PairKeys();
  // seal to / open from `peer`. Fail with kCrypto for a low-order peer key or a box that does
  // not authenticate, kInvalidArgument for a box shorter than 28 bytes.
  Result<Bytes> seal(const X25519PublicKey& peer, std::span<const uint8_t> plaintext,
                     std::span<const uint8_t> aad, Rng& rng);
  Result<SecretBytes> open(const X25519PublicKey& peer, std::span<const uint8_t> sealed,
                           std::span<const uint8_t> aad);
  // precompute: derives and caches the keys of those `peers` not cached yet (duplicates allowed),
  // in one `derive_many` call (it must compute what `derive` does), or one by one when it is null.
  // The same keys seal/open would derive on first use; a low-order peer stays uncached (its
  // seal/open fails as before).
  void precompute(std::span<const X25519PublicKey> peers, PairKeyBatchFn derive_many = nullptr);

 private:
  const Secret<32>* key_for(const X25519PublicKey& peer);
  const X25519SecretKey* mine_;
  PairKeyFn derive_;
  std::map<X25519PublicKey, Secret<32>> keys_;
  void* pkey_ = nullptr;  // EVP_PKEY* of `mine`, imported once
};

}  // namespace stakepool::util
