#include "stakepool/threshold/sig_batch.hpp"

#include <mutex>

namespace stakepool::threshold {

namespace ed = crypto::ed25519;

namespace {

// kMaxCachedKeys bounds the process-wide cache (about 10 KB per parsed key).
constexpr std::size_t kMaxCachedKeys = 4096;

// cached_key: the process-wide parsed key for `pk` (null if it does not parse).
std::shared_ptr<const ed::VerifyKey> cached_key(const util::Ed25519PublicKey& pk) {
  static std::mutex mu;
  static std::map<util::Ed25519PublicKey, std::shared_ptr<const ed::VerifyKey>> cache;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(pk);
    if (it != cache.end()) return it->second;
  }
  auto parsed = ed::VerifyKey::parse(pk);  // outside the lock
  std::shared_ptr<const ed::VerifyKey> key;
  if (parsed) key = std::make_shared<const ed::VerifyKey>(std::move(*parsed));
  std::lock_guard<std::mutex> lock(mu);
  if (cache.size() >= kMaxCachedKeys) cache.clear();  // holders keep theirs alive
  return cache.emplace(pk, std::move(key)).first->second;
}

}  // namespace

const ed::VerifyKey* SigKeys::get(const util::Ed25519PublicKey& pk) {
  auto it = keys_.find(pk);
  if (it == keys_.end()) it = keys_.emplace(pk, cached_key(pk)).first;
  return it->second.get();
}

namespace {

std::vector<bool> verify_batch(std::span<const SigItem* const> items, SigKeys* keys) {
  std::vector<ed::BatchItem> batch(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const SigItem& it = *items[i];
    batch[i].key =
        keys != nullptr ? keys->get(*it.pk) : nullptr;  // null: parsed (and refused) there
    batch[i].key_bytes = *it.pk;
    batch[i].msg = it.msg;
    batch[i].sig = it.sig;
  }
  return ed::verify_batch_vartime(batch);
}

}  // namespace

bool verify_one(const util::Ed25519PublicKey& pk, std::span<const uint8_t> msg,
                const util::Ed25519Signature& sig, SigKeys* keys) {
  const ed::VerifyKey* key = keys != nullptr ? keys->get(pk) : nullptr;
  if (keys != nullptr) return key != nullptr && ed::verify_vartime(*key, msg, sig);
  return ed::verify_vartime(pk, msg, sig);
}

std::vector<bool> verify_many(std::span<const SigItem> items, SigKeys* keys) {
  std::vector<const SigItem*> ptrs;
  ptrs.reserve(items.size());
  for (const SigItem& it : items) ptrs.push_back(&it);
  return verify_batch(ptrs, keys);
}

std::vector<std::optional<std::size_t>> first_valid(
    std::span<const std::vector<SigItem>> candidates, SigKeys* keys) {
  std::vector<std::optional<std::size_t>> found(candidates.size());
  for (std::size_t round = 0;; ++round) {
    std::vector<std::size_t> who;
    std::vector<const SigItem*> batch;
    for (std::size_t s = 0; s < candidates.size(); ++s) {
      if (found[s] || round >= candidates[s].size()) continue;
      who.push_back(s);
      batch.push_back(&candidates[s][round]);
    }
    if (batch.empty()) return found;
    const std::vector<bool> ok = verify_batch(batch, keys);
    for (std::size_t i = 0; i < who.size(); ++i) {
      if (ok[i]) found[who[i]] = round;
    }
  }
}

}  // namespace stakepool::threshold
