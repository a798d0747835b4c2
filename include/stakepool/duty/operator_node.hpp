#pragma once
// OperatorNode: the duty pipeline of one operator (DESIGN.md §5), for every validator whose key it
// co-controls through a pool. Sans-IO and deterministic (STYLE.md L10): messages and time in;
// messages addressed to pools and the next wake-up time out; the beacon node is called
// synchronously; randomness only from the injected Rng (batch-verification weights, Byzantine
// choices).
//
// Per slot and pool (doc/formats/duty.md):
//   slot start  RANDAO partials of a proposer, selection-proof partials of attesters, sync
//               selection-proof partials of sync committee members (pre-consensus; exchanged,
//               batch-verified and combined) → produce_block with the reveal → QBFT on the header
//   1/3 slot    QBFT on the AttestationData (one instance for all of the pool's attesters of the
//               slot) and on the head block root (sync committee messages)
//   2/3 slot    QBFT on the AggregateAndProofs of the pool's selected aggregators, and on the
//               ContributionAndProofs of its selected sync aggregators
//   decided     slashing protection (blocks, attestations; the SlashingDb keyed by this operator's
//               share public keys) → partial signatures → sent to the item's designated combiners
//               (NodeConfig::combiners), which act in rotation order: the first, after a short
//               grace for the other partials, combines t of them (on the curve; chosen in a
//               public per-duty order, its own first) and checks the result (G2, group key,
//               batched); only when that fails are the partials verified (batched, bisection
//               finds the bad ones) and others combined → submit to the beacon node. It sends the
//               result (COMBINED) to the other combiners, backups that check and submit it
//               instead of combining unless it is late, and pre-consensus ones to the pool.
// The QBFT value hook refuses malformed data and data the slashing database would refuse, so a
// Byzantine leader's slashable proposal makes honest members change round.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stakepool/consensus/keys.hpp"
#include "stakepool/crypto/bls.hpp"
#include "stakepool/consensus/timing.hpp"
#include "stakepool/duty/beacon_node.hpp"
#include "stakepool/duty/wire.hpp"
#include "stakepool/eth/slashing_db.hpp"
#include "stakepool/threshold/shamir.hpp"
#include "stakepool/util/clock.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::duty {

class HashCache;

// Behaviour: how a node (mis)behaves, injected by the simulation.
//   kEquivocate      as QBFT leader, sends different proposals to different members, and sends
//                    conflicting PREPAREs
//   kInvalidPartial  sends random or wrong partial signatures
//   kSlashable       as leader, proposes slashable attestation data (a surround vote); accepts any
//                    well-formed value itself
//   kWithhold        sends nothing at all (consensus or partials)
enum class Behaviour : uint8_t { kHonest, kEquivocate, kInvalidPartial, kSlashable, kWithhold };
// behaviour_name: "honest", "equivocate", "invalid-partial", "slashable", "withhold".
const char* behaviour_name(Behaviour b);
// parse_behaviour: the inverse of behaviour_name.
std::optional<Behaviour> parse_behaviour(std::string_view s);

// DutyType: the duties recorded.
enum class DutyType : uint8_t { kAttestation, kAggregation, kProposal, kSyncCommittee, kSyncContribution };
inline constexpr std::size_t kDutyTypeCount = 5;
// duty_type_name: "attestation", "aggregation", "proposal", "sync_committee", "sync_contribution".
const char* duty_type_name(DutyType t);

// PoolConfig: a committee of operators sharing validator keys. Member i (0-based) holds share
// index i + 1 of every validator of the pool and signs consensus messages with keys[i].
struct PoolConfig {
  PoolId id = 0;
  std::vector<OperatorId> members;
  std::vector<consensus::OperatorKey> keys;
  uint32_t threshold = 0;
};

// ValidatorShare: one validator of a pool as this operator sees it.
struct ValidatorShare {
  PoolId pool = 0;
  eth::ValidatorIndex index{};
  eth::BlsPubkey group_pubkey{};
  std::vector<eth::BlsPubkey> share_pubkeys;  // share indices 1..n, in pool member order
  threshold::SecretShare share;               // this operator's; index = its position + 1
  // share_keys: optional, the share public keys already parsed and validated by the caller (e.g.
  // from a DKG it ran); when given, each must encode to share_pubkeys[i] and is not re-parsed.
  std::vector<crypto::bls::PublicKey> share_keys{};
};

// ParallelFor: runs fn(i) for every i in [0, n) and returns when all calls have returned, maybe
// on several threads. The node only hands it pure jobs that write their own output slot, so the
// node's behaviour does not depend on how the jobs are run.
using ParallelFor = std::function<void(std::size_t n, const std::function<void(std::size_t)>& fn)>;

// NodeConfig: the node's identity and services (not owned; they must outlive the node).
struct NodeConfig {
  OperatorId self = 0;
  BeaconNode* beacon = nullptr;
  eth::SlashingDb* slashing = nullptr;  // keyed by this operator's share public keys
  const consensus::Signer* signer = nullptr;
  const consensus::Verifier* verifier = nullptr;
  util::Rng* rng = nullptr;
  Behaviour behaviour = Behaviour::kHonest;
  bool aggregation = true;          // selection proofs and aggregates
  bool sync_contributions = true;   // sync selection proofs and contributions
  int64_t duty_lifetime_slots = 2;  // a slot's duties are finalised this many slots after its start
  // combiners: how many pool members collect, combine, verify and submit each post-consensus
  // signature (0: f + 1 with f = (n - 1) / 3, so at least one honest member does with <= f
  // faulty; at most n). Chosen per item (kind, validator, subcommittee, slot) by a public hash, so
  // the work rotates; every member signs and sends its partial to those combiners only.
  // Combiners of pre-consensus signatures (RANDAO, selection proofs), which every member needs,
  // send the combined signature to the pool (COMBINED), checked there against the group key; a
  // selection proof only if it selects (the member needs it only then; one that does not is
  // dropped unchecked and the member waits for another combiner's).
  uint32_t combiners = 0;
  // backup_delay_ms: when > 0, the combiners of an item act in rotation order: the one of rank r
  // combines only r × this after it could, unless a valid combined signature from another of the
  // item's combiners (COMBINED) arrives first, which it checks and submits instead (crediting the
  // sender if its partial verifies). With honest combiners: one combination per signature.
  // -1 (default): slot / 48.
  // 0: every combiner combines at once.
  int64_t backup_delay_ms = -1;
  // combine_grace_ms: once an item has t usable partials, its combiners wait this long for the
  // remaining members' partials before choosing t of them in the item's public rotating order
  // (doc/formats/duty.md), so which partials are combined and credited follows the duty, not the
  // arrival order. The node works on its items only at ticks, the multiples of this from
  // genesis, so items due together are checked in one batch. -1 (default): slot / 60.
  // 0: no wait, no ticks (items are worked on as messages arrive). RANDAO reveals never wait:
  // the first combiner combines t partials on arrival and members check its result on arrival
  // (the block proposal waits for it); a backup's turn comes r × backup delay after t partials.
  // Other backups act at the first tick at least r × backup delay after the first combiner's.
  int64_t combine_grace_ms = -1;
  // hash_cache: where H(signing root) results are shared (thread-safe); null: the process-wide
  // HashCache. Nodes of one process sign and check the same roots, so sharing saves hash-to-G2.
  HashCache* hash_cache = nullptr;
  // parallel_for: where the BLS work of one call (signing, parsing, combining, batch checks) runs;
  // empty: a plain loop on the calling thread.
  ParallelFor parallel_for;
};

// Outbound: one message for a pool: to every member but the sender, or only to `to`.
struct Outbound {
  PoolId pool = 0;
  std::optional<OperatorId> to;
  util::Bytes bytes;  // an encoded Envelope
};

// NodeOutputs: what one call produced. wake_at: when on_tick must next be called.
struct NodeOutputs {
  std::vector<Outbound> messages;
  std::optional<util::TimePoint> wake_at;
};

// DutyRecord: the outcome of one validator duty at this operator. `contributors` are the operators
// whose partial signatures it combined into a valid signature (t of them, for rewards), or, when
// it took another combiner's valid COMBINED signature, that sender only, and only when the
// sender's own partial verifies (doc/formats/duty.md). A member that is not one
// of the duty's designated combiners (NodeConfig::combiners) records `combiner = false`: success
// then means it signed and sent its partial to the combiners (no contributors, no submission).
struct DutyRecord {
  OperatorId recorded_by = 0;  // the operator whose view this is
  DutyType type = DutyType::kAttestation;
  eth::Slot slot{};
  eth::ValidatorIndex validator{};
  PoolId pool = 0;
  uint64_t sub = 0;  // sync subcommittee of a contribution
  bool success = false;
  std::string failure;  // why not, when !success
  std::vector<OperatorId> contributors;
  bool combiner = true;                 // this operator combined and submitted (see above)
  uint64_t consensus_round = 0;         // round of the decision (0: none)
  std::optional<int64_t> decided_ms;    // decision time - slot start
  std::optional<int64_t> submitted_ms;  // submission time - slot start
};

// ConsensusRecord: one QBFT instance this operator took part in.
struct ConsensusRecord {
  PoolId pool = 0;
  eth::Slot slot{};
  consensus::DutyClass duty = consensus::DutyClass::kAttester;
  bool decided = false;
  uint64_t round = 0;                  // decision round, or the last round reached
  std::optional<int64_t> decided_ms;   // decision time - slot start
};

// NodeStats: counters over the node's life.
struct NodeStats {
  uint64_t messages_in = 0, messages_out = 0, messages_dropped = 0;
  uint64_t partials_signed = 0, partials_received = 0, partials_invalid = 0;
  uint64_t combined = 0;
  uint64_t refused_slashable = 0;  // proposals the value hook refused via the slashing database
  uint64_t refused_invalid = 0;    // proposals refused as malformed or inconsistent
  uint64_t slashing_refusals = 0;  // signings refused by the slashing database after consensus
  uint64_t submissions = 0, submission_errors = 0, beacon_errors = 0;
};

class OperatorNode {
 public:
  // make checks the config (beacon, slashing, signer, verifier and rng set).
  static Result<std::unique_ptr<OperatorNode>> make(NodeConfig cfg);
  ~OperatorNode();
  OperatorNode(const OperatorNode&) = delete;
  OperatorNode& operator=(const OperatorNode&) = delete;

  // add_pool registers a pool this operator belongs to (its signer key must be the member key at
  // its position). Fails on a bad committee, a threshold outside [1, n] or a repeated id.
  Status add_pool(const PoolConfig& pool);
  // add_validator registers a validator of a known pool: the group and share keys must parse, the
  // operator's share must match its share public key, and t share keys must interpolate to the
  // group key.
  Status add_validator(ValidatorShare v);
  // add_validators registers several at once, all or none: the same checks, the share and
  // interpolation equations of each pool's validators in one batch (random weights from the
  // node's rng); when a batch fails, each is checked alone and the first culprit named.
  Status add_validators(std::vector<ValidatorShare> vs);

  // on_tick runs everything due at `now`: slot phases, consensus timeouts, expiries.
  NodeOutputs on_tick(util::TimePoint now);
  // on_message handles one envelope from operator `from` (malformed or foreign input is dropped
  // and counted).
  NodeOutputs on_message(OperatorId from, std::span<const uint8_t> bytes, util::TimePoint now);

  // take_records / take_consensus_records return (and forget) the finished records, in order.
  std::vector<DutyRecord> take_records();
  std::vector<ConsensusRecord> take_consensus_records();
  const NodeStats& stats() const;
  OperatorId id() const;

  // State: the implementation (src/duty/node_state.hpp).
  struct State;

 private:
  explicit OperatorNode(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

}  // namespace stakepool::duty
