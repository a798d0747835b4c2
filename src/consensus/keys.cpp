#include "stakepool/consensus/keys.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>

#include "stakepool/crypto/ed25519.hpp"

namespace stakepool::consensus {

namespace ed = crypto::ed25519;

Result<Ed25519Signer> Ed25519Signer::from_seed(const util::Secret<32>& seed) {
  return Ed25519Signer(util::Ed25519SecretKey::from_seed(seed.expose()));
}

Result<Ed25519Signer> Ed25519Signer::generate(util::Rng& rng) {
  util::Secret<32> seed;
  rng.fill(seed.expose_mut());
  return from_seed(seed);
}

std::vector<bool> Verifier::verify_batch(std::span<const VerifyRequest> reqs) const {
  std::vector<bool> out(reqs.size());
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    out[i] = verify(*reqs[i].key, reqs[i].msg, *reqs[i].sig);
  }
  return out;
}

// KeyCache: parsed keys by encoding (null: the encoding does not parse). Entries are never
// removed, so the pointers handed out stay valid for the cache's lifetime.
struct Ed25519Verifier::KeyCache {
  std::shared_mutex mu;
  std::map<std::array<uint8_t, 32>, std::unique_ptr<const ed::VerifyKey>> keys;

  // find returns the cached entry: {true, key or null} when present, {false, _} when not.
  std::pair<bool, const ed::VerifyKey*> find(const OperatorKey& k) {
    std::shared_lock lock(mu);
    const auto it = keys.find(k.bytes);
    if (it == keys.end()) return {false, nullptr};
    return {true, it->second.get()};
  }

  // lookup parses and caches `k` on first use. Returns {key or null, cached}; when the cache is
  // full the key is not cached and {null, false} is returned (the caller parses it itself).
  std::pair<const ed::VerifyKey*, bool> lookup(const OperatorKey& k) {
    if (auto [hit, key] = find(k); hit) return {key, true};
    ed::Ed25519Result<ed::VerifyKey> parsed = ed::VerifyKey::parse(k.bytes);
    std::unique_lock lock(mu);
    if (keys.size() >= kMaxCachedKeys && keys.count(k.bytes) == 0) return {nullptr, false};
    auto [it, fresh] = keys.try_emplace(k.bytes);
    if (fresh && parsed.has_value()) {
      it->second = std::make_unique<const ed::VerifyKey>(std::move(*parsed));
    }
    return {it->second.get(), true};
  }
};

Ed25519Verifier::Ed25519Verifier() : cache_(std::make_shared<KeyCache>()) {}

bool Ed25519Verifier::verify(const OperatorKey& key, std::span<const uint8_t> msg,
                             const Sig64& sig) const {
  const auto [vk, cached] = cache_->lookup(key);
  if (!cached) return ed::verify_vartime(key.bytes, msg, sig);
  return vk != nullptr && ed::verify_vartime(*vk, msg, sig);
}

std::vector<bool> Ed25519Verifier::verify_batch(std::span<const VerifyRequest> reqs) const {
  std::vector<ed::BatchItem> items(reqs.size());
  std::vector<bool> bad_key(reqs.size(), false);
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    const auto [vk, cached] = cache_->lookup(*reqs[i].key);
    items[i].key = vk;
    items[i].key_bytes = reqs[i].key->bytes;  // parsed by the batch when not cached
    items[i].msg = reqs[i].msg;
    items[i].sig = *reqs[i].sig;
    bad_key[i] = cached && vk == nullptr;
  }
  std::vector<bool> out = ed::verify_batch_vartime(items);
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    if (bad_key[i]) out[i] = false;
  }
  return out;
}

}  // namespace stakepool::consensus
