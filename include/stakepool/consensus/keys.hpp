#pragma once
// Operator signing keys for consensus messages: Ed25519 (RFC 8032). Signer and Verifier are
// interfaces so that the simulation can inject keys; the Ed25519 implementations are thin adapters
// over util/operator_keys.hpp (one Ed25519 wrapper in the project).
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "stakepool/consensus/types.hpp"
#include "stakepool/util/operator_keys.hpp"
#include "stakepool/util/result.hpp"
#include "stakepool/util/rng.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::consensus {

// Signer signs consensus messages with one operator key. sign() must be deterministic for a
// given message (Ed25519 is). Implementations are not required to be thread safe.
class Signer {
 public:
  virtual ~Signer() = default;
  virtual const OperatorKey& public_key() const = 0;
  virtual Sig64 sign(std::span<const uint8_t> msg) const = 0;
};

// VerifyRequest: one signature check for Verifier::verify_batch. Borrows key, message and
// signature for the duration of the call.
struct VerifyRequest {
  const OperatorKey* key = nullptr;
  std::span<const uint8_t> msg;
  const Sig64* sig = nullptr;
};

// Verifier checks a signature against an operator public key. Returns false for a bad signature
// and for a key that does not decode.
class Verifier {
 public:
  virtual ~Verifier() = default;
  virtual bool verify(const OperatorKey& key, std::span<const uint8_t> msg,
                      const Sig64& sig) const = 0;
  // verify_batch: result[i] == verify(*reqs[i].key, reqs[i].msg, *reqs[i].sig). The default
  // loops over verify; implementations may check all at once but must give the same answers.
  virtual std::vector<bool> verify_batch(std::span<const VerifyRequest> reqs) const;
};

// Ed25519Signer holds an Ed25519 private key (util::Ed25519SecretKey). Signing is constant time in
// the key (OpenSSL's implementation). Move-only.
class Ed25519Signer final : public Signer {
 public:
  // from_seed builds the key from its 32-byte RFC 8032 seed. Fails with kCrypto if OpenSSL
  // refuses it.
  static Result<Ed25519Signer> from_seed(const util::Secret<32>& seed);
  // generate draws a fresh seed from `rng`.
  static Result<Ed25519Signer> generate(util::Rng& rng);
  Ed25519Signer(Ed25519Signer&&) noexcept = default;
  Ed25519Signer& operator=(Ed25519Signer&&) noexcept = default;
  const OperatorKey& public_key() const override { return public_key_; }
  Sig64 sign(std::span<const uint8_t> msg) const override { return key_.sign(msg); }

 private:
  explicit Ed25519Signer(util::Ed25519SecretKey key) : key_(std::move(key)), public_key_{key_.public_key()} {}
  util::Ed25519SecretKey key_;
  OperatorKey public_key_;
};

// Ed25519Verifier verifies RFC 8032 Ed25519 signatures (pure Ed25519, no context) with
// crypto/ed25519.hpp: canonical encodings, small-order keys refused, the cofactored equation
// (the same answer single or batched; see that header for how it differs from OpenSSL on crafted
// signatures). Parsed keys are cached (up to kMaxCachedKeys distinct keys; operator keys are few).
// Thread safe; copies share the cache. Variable time: all inputs are public.
class Ed25519Verifier final : public Verifier {
 public:
  static constexpr std::size_t kMaxCachedKeys = 4096;
  Ed25519Verifier();
  bool verify(const OperatorKey& key, std::span<const uint8_t> msg,
              const Sig64& sig) const override;
  // verify_batch checks all requests in one multi-scalar multiplication (bad ones are found by
  // bisection, so the result is exact).
  std::vector<bool> verify_batch(std::span<const VerifyRequest> reqs) const override;

 private:
  struct KeyCache;
  std::shared_ptr<KeyCache> cache_;
};

}  // namespace stakepool::consensus
