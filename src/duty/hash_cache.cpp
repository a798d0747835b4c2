#include "stakepool/duty/hash_cache.hpp"

#include <algorithm>

#include "duty/batch.hpp"

namespace stakepool::duty {

HashCache::HashCache(std::size_t capacity, std::size_t prepared_capacity)
    : capacity_(std::max<std::size_t>(capacity, 1)),
      prepared_capacity_(std::max<std::size_t>(prepared_capacity, 1)) {}

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

std::shared_ptr<const crypto::G2Prepared> HashCache::prepared(const eth::Root& root,
                                                              const crypto::G2Affine& h) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = prepared_.find(root);
    if (it != prepared_.end()) return it->second;
  }
  auto lines = std::make_shared<const crypto::G2Prepared>(crypto::prepare_g2(h));
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, added] = prepared_.emplace(root, lines);
  if (!added) return it->second;  // another thread was first: the same lines
  prepared_order_.push_back(root);
  while (prepared_order_.size() > prepared_capacity_) {
    prepared_.erase(prepared_order_.front());
    prepared_order_.pop_front();
  }
  return lines;
}

std::size_t HashCache::prepared_size() {
  std::lock_guard<std::mutex> lock(mu_);
  return prepared_.size();
}

HashCache& HashCache::process_wide() {
  static HashCache cache;
  return cache;
}

}  // namespace stakepool::duty
