#include "stakepool/consensus/keys.hpp"

namespace stakepool::consensus {

Result<Ed25519Signer> Ed25519Signer::from_seed(const util::Secret<32>& seed) {
  return Ed25519Signer(util::Ed25519SecretKey::from_seed(seed.expose()));
}

Result<Ed25519Signer> Ed25519Signer::generate(util::Rng& rng) {
  util::Secret<32> seed;
  rng.fill(seed.expose_mut());
  return from_seed(seed);
}

bool Ed25519Verifier::verify(const OperatorKey& key, std::span<const uint8_t> msg,
                             const Sig64& sig) const {
  return util::ed25519_verify(key.bytes, msg, sig);
}

}  // namespace stakepool::consensus
