#include "stakepool/duty/hash_cache.hpp"

#include <algorithm>

#include "duty/batch.hpp"

namespace stakepool::duty {

HashCache::HashCache(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {}

std::optional<crypto::G2Affine> HashCache::find(const eth::Root& root) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = map_.find(root);
  if (it == map_.end()) return std::nullopt;
  return it->second;
}

void HashCache::put(const eth::Root& root, const crypto::G2Affine& h) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!map_.emplace(root, h).second) return;
  order_.push_back(root);
  while (order_.size() > capacity_) {
    map_.erase(order_.front());
    order_.pop_front();
  }
}

crypto::G2Affine HashCache::get(const eth::Root& root) {
  if (auto h = find(root)) return *h;
  const crypto::G2Affine h = detail::hash_message_vartime(root);
  put(root, h);
  return h;
}

std::size_t HashCache::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return map_.size();
}

HashCache& HashCache::process_wide() {
  static HashCache cache;
  return cache;
}

}  // namespace stakepool::duty
