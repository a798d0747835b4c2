#pragma once
// Ed25519 signature checks of the ceremony. Every signature the threshold module verifies goes
// through this file, one at a time or in batches, so there is one verification semantics
// everywhere: a batch result is exactly the per-item result. The checks are crypto::ed25519's
// (RFC 8032 encodings, cofactored equation, small-order keys refused; see crypto/ed25519.hpp).
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "stakepool/crypto/ed25519.hpp"
#include "stakepool/util/hex.hpp"
#include "stakepool/util/operator_keys.hpp"

namespace stakepool::threshold {

// SigItem: one signature to check. `pk` is borrowed and must outlive the call.
struct SigItem {
  const util::Ed25519PublicKey* pk = nullptr;
  util::Bytes msg;
  util::Ed25519Signature sig{};
};

// SigKeys: parsed verification keys of one user (a ceremony). Operator keys are long-lived, so
// parsed keys come from a process-wide, thread-safe cache (bounded; each key parsed once, as a
// node would keep its peers' parsed keys); a SigKeys holds on to the ones it used. Not thread safe
// itself; the verification result never depends on whether a cache is used.
class SigKeys {
 public:
  // get: the parsed key, or null when `pk` is not a valid Ed25519 public key.
  const crypto::ed25519::VerifyKey* get(const util::Ed25519PublicKey& pk);

 private:
  std::map<util::Ed25519PublicKey, std::shared_ptr<const crypto::ed25519::VerifyKey>> keys_;
};

// verify_one: whether `sig` is a valid signature of `msg` under `pk` (`keys`: optional cache).
bool verify_one(const util::Ed25519PublicKey& pk, std::span<const uint8_t> msg,
                const util::Ed25519Signature& sig, SigKeys* keys = nullptr);

// verify_many: result[i] == verify_one(items[i]) for every i, checked together (one batch).
std::vector<bool> verify_many(std::span<const SigItem> items, SigKeys* keys = nullptr);

// first_valid: for several senders, each with its candidate messages in arrival order, the
// position of each sender's first message that verifies (nullopt when none does). Round r checks
// the r-th candidate of every sender still unresolved in one batch, so the result is the same as
// checking every sender's messages one by one in order, stopping at the first valid one.
std::vector<std::optional<std::size_t>> first_valid(
    std::span<const std::vector<SigItem>> candidates, SigKeys* keys = nullptr);

}  // namespace stakepool::threshold
