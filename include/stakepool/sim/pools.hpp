#pragma once
// Pools of the simulation: which operators form which committee, which validators each pool runs,
// where the faults sit, and the distributed validators themselves, each created by a real DKG
// among its committee (DESIGN.md §6, §8). Everything is a pure function of the SimConfig (seed
// included); the DKGs may run on several threads without changing the result.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stakepool/eth/types.hpp"
#include "stakepool/sim/config.hpp"
#include "stakepool/threshold/local_ceremony.hpp"
#include "stakepool/threshold/signing.hpp"

namespace stakepool::sim {

using OperatorId = uint32_t;

// Pool: one committee of pool_size operators. members[i] holds share index i + 1 of every
// validator of the pool.
struct Pool {
  uint32_t id = 0;
  std::vector<OperatorId> members;
  std::vector<uint32_t> validators;  // validator ordinals (0..validators-1), ascending
};

// OperatorFault: the fault placed on one operator. Slots are offsets from the first simulated slot.
struct OperatorFault {
  FaultKind kind{};
  Behaviour behaviour = Behaviour::kNone;  // never kMix: mix is resolved per operator
  uint64_t from_slot = 0, until_slot = 0;  // active in [from, until)
  std::string spec;                        // the SPEC entry that placed it
};

// Assignment: the pools, and per operator its pool (nullopt: standby, drawn into no pool because
// operators is not a multiple of pool_size) and its fault (at most one per operator).
struct Assignment {
  std::vector<Pool> pools;
  std::vector<std::optional<uint32_t>> pool_of;     // by operator
  std::vector<std::optional<OperatorFault>> fault;  // by operator
};

// assign_pools: operators are shuffled (seeded Fisher–Yates) and cut into operators / pool_size
// disjoint committees; validators are shuffled and dealt round-robin, so pools differ by at most
// one validator; then each fault entry takes COUNT not-yet-faulty members of every pool, drawn
// at random. Byzantine `mix` cycles equivocate, invalid-partial, slashable, withhold over the
// operators it places. Requires validate(cfg) to pass.
Assignment assign_pools(const SimConfig& cfg);

// DistributedValidator: one validator created by DKG. shares[i] belongs to the pool's members[i].
struct DistributedValidator {
  uint32_t ordinal = 0;
  uint32_t pool = 0;
  eth::BlsPubkey group_key{};
  std::vector<threshold::SharePublicKey> share_keys;  // indices 1..n
  std::vector<threshold::SecretShare> shares;         // index i+1 at position i
  std::size_t dkg_messages = 0;  // of its ceremony (on the first validator of a multi-key one)
};

// operator_identities: every operator's Ed25519 / X25519 keys, from the seed.
std::vector<threshold::LocalOperator> operator_identities(const SimConfig& cfg);

// create_validators creates every validator by DKG (threshold t of the pool) among its pool's
// members: one multi-secret ceremony (threshold::run_local_dkg_multi) per 32 validators of a
// pool, ceremonies on `threads` threads; results do not depend on `threads`. Fails if a DKG fails (none should:
// every dealer is honest at set-up), naming the validator.
Result<std::vector<DistributedValidator>> create_validators(
    const SimConfig& cfg, const Assignment& a, const std::vector<threshold::LocalOperator>& ops,
    unsigned threads);

}  // namespace stakepool::sim
