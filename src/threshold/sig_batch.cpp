#include "stakepool/threshold/sig_batch.hpp"

namespace stakepool::threshold {

bool verify_one(const util::Ed25519PublicKey& pk, std::span<const uint8_t> msg, const util::Ed25519Signature& sig) {
  return util::ed25519_verify(pk, msg, sig);
}

namespace {

std::vector<bool> verify_batch(std::span<const SigItem* const> items) {
  std::vector<bool> out(items.size(), false);
  for (std::size_t i = 0; i < items.size(); ++i) out[i] = verify_one(*items[i]->pk, items[i]->msg, items[i]->sig);
  return out;
}

}  // namespace

std::vector<bool> verify_many(std::span<const SigItem> items) {
  std::vector<const SigItem*> ptrs;
  ptrs.reserve(items.size());
  for (const SigItem& it : items) ptrs.push_back(&it);
  return verify_batch(ptrs);
}

std::vector<std::optional<std::size_t>> first_valid(std::span<const std::vector<SigItem>> candidates) {
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
    const std::vector<bool> ok = verify_batch(batch);
    for (std::size_t i = 0; i < who.size(); ++i) {
      if (ok[i]) found[who[i]] = round;
    }
  }
}

}  // namespace stakepool::threshold
