#pragma once
// Ed25519 signature checks of the ceremony. Every signature the threshold module verifies goes
// through this file, one at a time or in batches, so there is one verification semantics
// everywhere: a batch result is exactly the per-item result.
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "stakepool/util/hex.hpp"
#include "stakepool/util/operator_keys.hpp"

namespace stakepool::threshold {

// SigItem: one signature to check. `pk` is borrowed and must outlive the call.
struct SigItem {
  const util::Ed25519PublicKey* pk = nullptr;
  util::Bytes msg;
  util::Ed25519Signature sig{};
};

// verify_one: whether `sig` is a valid signature of `msg` under `pk`.
bool verify_one(const util::Ed25519PublicKey& pk, std::span<const uint8_t> msg, const util::Ed25519Signature& sig);

// verify_many: result[i] == verify_one(items[i]) for every i, checked together (one batch).
std::vector<bool> verify_many(std::span<const SigItem> items);

// first_valid: for several senders, each with its candidate messages in arrival order, the
// position of each sender's first message that verifies (nullopt when none does). Round r checks
// the r-th candidate of every sender still unresolved in one batch, so the result is the same as
// checking every sender's messages one by one in order, stopping at the first valid one.
std::vector<std::optional<std::size_t>> first_valid(std::span<const std::vector<SigItem>> candidates);

}  // namespace stakepool::threshold
