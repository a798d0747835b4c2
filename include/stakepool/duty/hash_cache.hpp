#pragma once
// HashCache: H(signing root) — hash-to-G2 under the POP ciphersuite's signing DST, the costly part
// of signing or checking a new root — remembered for the nodes that share it. Thread-safe and
// bounded (the oldest entries are forgotten first). A pure function's results: sharing a cache
// changes no node's behaviour, only its CPU time. Beside H(root) it keeps, for fewer roots (a
// prepared point is ~20 KB), the Miller-loop lines of H(root) (crypto::prepare_g2), so the pairing
// checks of all nodes skip the G2 steps of the loop for that message.
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "stakepool/crypto/pairing.hpp"
#include "stakepool/crypto/points.hpp"
#include "stakepool/eth/types.hpp"

namespace stakepool::duty {

class HashCache {
 public:
  // capacity: how many roots are kept (at least 1); prepared_capacity: how many roots' prepared
  // lines are kept (at least 1).
  explicit HashCache(std::size_t capacity = kDefaultCapacity,
                     std::size_t prepared_capacity = kDefaultPreparedCapacity);

  // find: H(root) when it is cached.
  std::optional<crypto::G2Affine> find(const eth::Root& root);
  // put: remembers H(root) = h (h must be the hash of root).
  void put(const eth::Root& root, const crypto::G2Affine& h);
  // get: H(root), computed (outside the lock) and remembered on a miss.
  crypto::G2Affine get(const eth::Root& root);
  std::size_t size();
  // prepared: the lines of H(root) = h (h must be the hash of root), computed (outside the lock)
  // and remembered on a miss. The pointer stays valid after the entry is forgotten.
  std::shared_ptr<const crypto::G2Prepared> prepared(const eth::Root& root,
                                                     const crypto::G2Affine& h);
  std::size_t prepared_size();

  // process_wide: the cache nodes use unless NodeConfig::hash_cache names another.
  static HashCache& process_wide();

  static constexpr std::size_t kDefaultCapacity = 1 << 14;
  static constexpr std::size_t kDefaultPreparedCapacity = 1024;  // ~20 MB

 private:
  std::mutex mu_;
  std::map<eth::Root, crypto::G2Affine> map_;
  std::deque<eth::Root> order_;  // insertion order, for eviction
  std::size_t capacity_;
  std::map<eth::Root, std::shared_ptr<const crypto::G2Prepared>> prepared_;
  std::deque<eth::Root> prepared_order_;  // insertion order, for eviction
  std::size_t prepared_capacity_;
};

}  // namespace stakepool::duty
