#pragma once
// FakeKeyring: a fast stand-in for Ed25519 operator keys, for simulations that verify hundreds of
// thousands of consensus signatures. NOT a signature scheme: the keyring (the verifier) knows
// every secret. A tag is SHA-256(secret || msg) twice-chained to 64 bytes; only holders of the
// secret (the signer object) can produce it, which is what Byzantine test code is limited to.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <span>

#include "stakepool/consensus/keys.hpp"
#include "stakepool/crypto/sha256.hpp"

namespace stakepool::testing {

class FakeKeyring final : public consensus::Verifier {
 public:
  class FakeSigner final : public consensus::Signer {
   public:
    FakeSigner(const std::array<uint8_t, 32>& secret, const consensus::OperatorKey& pk)
        : secret_(secret), pk_(pk) {}
    const consensus::OperatorKey& public_key() const override { return pk_; }
    consensus::Sig64 sign(std::span<const uint8_t> msg) const override { return tag(secret_, msg); }

   private:
    std::array<uint8_t, 32> secret_;
    consensus::OperatorKey pk_;
  };

  // make_signer creates (and registers) the key number `id`.
  std::unique_ptr<consensus::Signer> make_signer(uint64_t id) {
    std::array<uint8_t, 40> seed{};
    const char label[] = "fake-operator-key";
    for (std::size_t i = 0; i < sizeof(label) - 1 && i < 32; ++i) seed[i] = label[i];
    for (int i = 0; i < 8; ++i) seed[32 + i] = static_cast<uint8_t>(id >> (8 * i));
    const std::array<uint8_t, 32> secret = crypto::sha256(seed);
    consensus::OperatorKey pk{crypto::sha256(secret)};
    secrets_[pk.bytes] = secret;
    return std::make_unique<FakeSigner>(secret, pk);
  }

  bool verify(const consensus::OperatorKey& key, std::span<const uint8_t> msg,
              const consensus::Sig64& sig) const override {
    auto it = secrets_.find(key.bytes);
    return it != secrets_.end() && tag(it->second, msg) == sig;
  }

 private:
  static consensus::Sig64 tag(const std::array<uint8_t, 32>& secret, std::span<const uint8_t> msg) {
    crypto::Sha256 h1;
    const auto a = h1.update(secret).update(msg).finish();
    crypto::Sha256 h2;
    const auto b = h2.update(secret).update(a).finish();
    consensus::Sig64 out{};
    for (int i = 0; i < 32; ++i) {
      out[i] = a[i];
      out[32 + i] = b[i];
    }
    return out;
  }
  std::map<std::array<uint8_t, 32>, std::array<uint8_t, 32>> secrets_;
};

}  // namespace stakepool::testing
