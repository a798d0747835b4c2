#pragma once
// Internal state of an OperatorNode (operator_node.hpp). Everything is kept per slot: the slot's
// duties per pool, its consensus runs (one per pool and duty class), its signing items (one per
// signing kind, validator and subcommittee) and its pending duty records. A slot's state is
// finalised and dropped `duty_lifetime_slots` after the slot starts.
#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <tuple>
#include <vector>

#include "stakepool/consensus/qbft.hpp"
#include "stakepool/crypto/bls.hpp"
#include "stakepool/duty/hash_cache.hpp"
#include "stakepool/duty/operator_node.hpp"
#include "stakepool/eth/types.hpp"

namespace stakepool::duty {

namespace bls = crypto::bls;
using consensus::DutyClass;
using util::TimePoint;

inline constexpr std::size_t kDutyClassCount = 5;
inline std::size_t class_index(DutyClass c) { return static_cast<std::size_t>(c); }

struct PoolState {
  PoolConfig cfg;
  uint32_t self_pos = 0;  // this operator's position (share index - 1)
  consensus::Committee committee;
  std::array<consensus::Hash32, kDutyClassCount> tags{};  // QBFT instance tag per duty class
  std::vector<eth::ValidatorIndex> validators;
  std::optional<uint32_t> position_of(OperatorId op) const;
};

struct ValidatorState {
  PoolId pool = 0;
  eth::ValidatorIndex index{};
  bls::PublicKey group_pk;
  std::vector<bls::PublicKey> share_pks;  // by position
  eth::BlsPubkey my_share_pk{};           // slashing-database key
  threshold::SecretShare share;
};

// EpochDuties: the beacon node's duties of one epoch for this node's validators.
struct EpochDuties {
  std::vector<AttesterDuty> attesters;
  std::vector<ProposerDuty> proposers;
  std::vector<SyncDuty> sync;
};

// PoolSlotDuties: one pool's duties at one slot. Sync members are those of epoch(slot + 1)
// (the committee that includes the message in the next block).
struct PoolSlotDuties {
  std::vector<AttesterDuty> attesters;
  std::optional<ProposerDuty> proposer;
  std::vector<SyncDuty> sync;
  bool empty() const { return attesters.empty() && !proposer && sync.empty(); }
  const AttesterDuty* attester(eth::ValidatorIndex v) const;
  const SyncDuty* sync_member(eth::ValidatorIndex v) const;
};
// subcommittees_of: the distinct sync subcommittees of a member's committee positions.
std::vector<uint64_t> subcommittees_of(const SyncDuty& d);

// ItemKey: one signature to produce. For post-consensus kinds the root is known once decided.
struct ItemKey {
  SigKind kind = SigKind::kAttestation;
  uint64_t validator = 0;
  uint64_t sub = 0;
  friend auto operator<=>(const ItemKey&, const ItemKey&) = default;
};

struct Item {
  PoolId pool = 0;
  std::optional<eth::Root> root;
  std::map<uint32_t, PartialSignature> unchecked;  // by sender position, as received
  std::map<uint32_t, bls::Signature> unverified;    // decoded (on the curve; G2 unchecked), not verified
  std::map<uint32_t, bls::Signature> valid;         // verified (or this node's own)
  std::set<uint32_t> invalid;
  bool done = false;     // combined and verified (or given up)
  bool failed = false;   // combined result failed the group-key check
  std::optional<bls::Signature> combined;
  std::vector<uint32_t> used;  // positions combined
  std::vector<uint32_t> combiners;  // positions that combine this item (ascending)
  bool combine = true;              // this node is one of them
  uint32_t rank = 0;                // its index in the rotation (0: combines first)
  uint32_t members = 0;             // n, the pool's size
  uint32_t order = 0;               // where the public choice order of partials starts
  // ready_ms: when it may combine: the tick after first had t + grace + rank × backup delay.
  std::optional<int64_t> ready_ms;
  std::map<uint32_t, PartialSignature> offered;  // combined signatures from its other combiners
  std::set<PartialSignature> passed;  // selection proofs offered that do not select (dropped)
  bool from_peer = false;                        // done with a peer's combined signature
  bool has(uint32_t pos) const {
    return unchecked.count(pos) || unverified.count(pos) || valid.count(pos) || invalid.count(pos);
  }
  std::size_t usable() const { return unchecked.size() + unverified.size() + valid.size(); }
  bool is_combiner(uint32_t pos) const {
    return std::find(combiners.begin(), combiners.end(), pos) != combiners.end();
  }
};

// DutyKey: one validator duty (sub: the sync subcommittee of a contribution).
struct DutyKey {
  DutyType type = DutyType::kAttestation;
  uint64_t validator = 0;
  uint64_t sub = 0;
  friend auto operator<=>(const DutyKey&, const DutyKey&) = default;
};

struct PendingDuty {
  PendingDuty(OperatorId self, DutyType type, eth::Slot slot, eth::ValidatorIndex v, PoolId pool,
              uint64_t sub = 0) {
    rec.recorded_by = self;
    rec.type = type;
    rec.slot = slot;
    rec.validator = v;
    rec.pool = pool;
    rec.sub = sub;
  }
  DutyRecord rec;
  bool finished = false;
  std::string note;  // the first problem seen (used as the failure reason)
};

// Run: one QBFT instance of a pool at a slot, deciding one duty class's data.
struct Run {
  PoolId pool = 0;
  DutyClass cls = DutyClass::kAttester;
  eth::Slot slot{};
  std::optional<consensus::Instance> qbft;
  bool started = false;
  bool input_given = false;
  bool due = false;  // the class's point in the slot has passed
  std::optional<TimePoint> wake;
  std::optional<util::Bytes> decided;
  uint64_t round = 0;
  std::optional<int64_t> decided_ms;
  bool recorded = false;
  std::map<consensus::Hash32, bool> verdicts;  // value-hook results by value hash
  std::optional<eth::AttestationData> own_attestation;  // this node's view (attester class)
};

struct SlotState {
  eth::Slot slot{};
  int64_t start_ms = 0;
  std::map<PoolId, PoolSlotDuties> duties;
  std::map<std::pair<PoolId, uint8_t>, Run> runs;
  std::map<ItemKey, Item> items;
  std::map<DutyKey, PendingDuty> pending;
  // selected aggregators: validator -> selection proof; sync: (validator, sub) -> proof
  std::map<uint64_t, eth::BlsSignature> aggregators;
  std::map<std::pair<uint64_t, uint64_t>, eth::BlsSignature> sync_aggregators;
  std::array<bool, 3> phases_done{};
  // decided duty data, parsed, by pool / validator
  std::map<PoolId, eth::AttestationData> attestation_data;
  std::map<PoolId, eth::BeaconBlockHeader> block;
  std::map<PoolId, eth::Root> sync_root;
  std::map<uint64_t, eth::AggregateAndProofElectra> aggregates;
  std::map<std::pair<uint64_t, uint64_t>, eth::ContributionAndProof> contributions;
  std::map<eth::Root, crypto::G2Affine> hashes;  // H(signing root), computed once
  // the prepared Miller-loop lines of H(signing root), for the pairing checks (lines_of)
  std::map<eth::Root, std::shared_ptr<const crypto::G2Prepared>> lines;
  std::set<int64_t> ticks;  // when the slot's items are next worked on (schedule_combiners)
};

// Offer: a COMBINED signature a designated combiner sent for an item not done yet (combine.cpp),
// and, for a post-consensus item at one of its combiners, the sender's own partial.
struct Offer {
  const ItemKey* key;
  Item* item;
  uint32_t from;  // the sender's position
  const PartialSignature* raw;
  std::optional<bls::Signature> sig;      // set while it may be valid
  std::optional<bls::Signature> partial;  // the sender's partial, decoded and in G2
  bool partial_ok = false;     // the sender's partial is verified (before, or in this check)
  bool check_partial = false;  // the sender's partial is held but not verified yet
  // if_selects: a selection proof at a member that does not combine it, checked only when it
  // selects (check_offered); `length` is the attester's committee length (aggregation).
  bool if_selects = false;
  uint64_t length = 0;
  bool passed = false;  // if_selects and it does not select: dropped unchecked
};

struct OperatorNode::State {
  NodeConfig cfg;
  Timing timing;
  std::map<PoolId, PoolState> pools;
  std::map<uint64_t, ValidatorState> validators;
  std::map<uint64_t, EpochDuties> epochs;
  std::map<uint64_t, SlotState> slots;
  std::optional<uint64_t> next_phase;  // index slot*3 + phase of the next phase to run
  std::vector<DutyRecord> records;
  std::vector<ConsensusRecord> consensus_records;
  NodeStats stats;

  explicit State(NodeConfig c) : cfg(std::move(c)) {}
  // parallel_fn: for_each_index as a callable for the batch checks (duty/batch.hpp's ParallelFn).
  std::function<void(std::size_t, const std::function<void(std::size_t)>&)> parallel_fn() const {
    return [this](std::size_t n, const std::function<void(std::size_t)>& f) { for_each_index(n, f); };
  }
  // for_each_index: cfg.parallel_for, or a plain loop.
  void for_each_index(std::size_t n, const std::function<void(std::size_t)>& fn) const {
    if (cfg.parallel_for && n > 1) {
      cfg.parallel_for(n, fn);
    } else {
      for (std::size_t i = 0; i < n; ++i) fn(i);
    }
  }

  // ---- slots and duties (slots.cpp) ----
  const EpochDuties* epoch_duties(eth::Epoch e);
  SlotState* slot_state(eth::Slot s, TimePoint now);  // null outside the window or on error
  void run_phases(TimePoint now, NodeOutputs& out);
  void run_phase(SlotState& st, int phase, TimePoint now, NodeOutputs& out);
  void expire(TimePoint now);
  void finish_slot(SlotState& st);
  PendingDuty* pending(SlotState& st, DutyType t, uint64_t v, uint64_t sub = 0);
  void note(SlotState& st, DutyType t, uint64_t v, uint64_t sub, const std::string& why);

  // ---- consensus (runs.cpp) ----
  Run* run_for(SlotState& st, PoolId pool, DutyClass cls, TimePoint now);
  void start_run(SlotState& st, Run& r, std::optional<util::Bytes> input, TimePoint now,
                 NodeOutputs& out);
  void provide_input(SlotState& st, Run& r, util::Bytes input, TimePoint now, NodeOutputs& out);
  void absorb(SlotState& st, Run& r, consensus::Outputs o, TimePoint now, NodeOutputs& out);
  void on_qbft(PoolId pool, std::span<const uint8_t> body, TimePoint now, NodeOutputs& out);
  void tick_runs(TimePoint now, NodeOutputs& out);
  void on_decided(SlotState& st, Run& r, TimePoint now, NodeOutputs& out);
  void record_run(SlotState& st, Run& r);
  bool validate(SlotState& st, Run& r, std::span<const uint8_t> value);
  void advance_aggregation(SlotState& st, TimePoint now, NodeOutputs& out);

  // ---- duty data (values.cpp) ----
  std::optional<util::Bytes> make_input(SlotState& st, Run& r);
  bool check_value(SlotState& st, Run& r, std::span<const uint8_t> value);
  void sign_decided(SlotState& st, Run& r, TimePoint now, NodeOutputs& out);
  void sign_allowed(SlotState& st, Run& r, DutyType type, SigKind kind,
                    const std::vector<std::pair<ItemKey, eth::Root>>& items,
                    const std::vector<eth::SigningRequest>& slashing, TimePoint now,
                    NodeOutputs& out);

  // ---- partial signatures (partials.cpp) ----
  void sign_items(SlotState& st, PoolId pool, SigKind kind,
                  const std::vector<std::pair<ItemKey, eth::Root>>& todo, NodeOutputs& out);
  Item* item_for(SlotState& st, PoolId pool, const ItemKey& k);
  std::vector<uint32_t> combiners_of(const PoolState& ps, eth::Slot slot, const ItemKey& k) const;
  void finish_sent(SlotState& st, const ItemKey& k);
  using EntryFn = std::function<void(Item&, SigKind, const PartialEntry&)>;
  void on_entries(PoolId pool, std::span<const uint8_t> body, TimePoint now, NodeOutputs& out,
                  const EntryFn& take);
  void on_partials(PoolId pool, uint32_t pos, std::span<const uint8_t> body, TimePoint now,
                   NodeOutputs& out);
  void process_items(SlotState& st, TimePoint now, NodeOutputs& out);
  void on_combined(PoolId pool, uint32_t pos, std::span<const uint8_t> body, TimePoint now,
                   NodeOutputs& out);
  // Validator registration (node.cpp).
  Result<ValidatorState> prepare(ValidatorShare v) const;
  Status keys_match(const ValidatorState& vs) const;
  bool all_keys_match(std::span<const ValidatorState* const> vs) const;
  void check_offered(SlotState& st, std::vector<ItemKey>& finished, bool at_once_only);
  void take_offers(std::vector<Offer>& offers, std::vector<ItemKey>& finished);
  void send_combined(SlotState& st, const std::vector<ItemKey>& done, NodeOutputs& out);
  void parse_ready(SlotState& st, TimePoint now, bool at_once_only);
  bool combine_ready(SlotState& st, std::vector<ItemKey>& finished, TimePoint now,
                     bool at_once_only);
  bool may_combine(const Item& it, TimePoint now) const;
  int64_t backup_delay() const {
    return cfg.backup_delay_ms >= 0 ? cfg.backup_delay_ms : timing.slot_ms / 48;
  }
  int64_t combine_grace() const {
    return cfg.combine_grace_ms >= 0 ? cfg.combine_grace_ms : timing.slot_ms / 60;
  }
  void schedule_combiners(SlotState& st, TimePoint now);
  int64_t tick_at(int64_t ms) const;
  void work_items(SlotState& st, TimePoint now, NodeOutputs& out, bool at_once_only);
  // at_once: kinds worked on as soon as they may be (no grace, outside the ticks): the RANDAO
  // reveal, which the block proposal waits for. Selection proofs (needed only at 2/3 of the slot)
  // stay on the ticks: worked on at once they lose the batching (+20% run CPU measured at 1,000
  // validators).
  static bool at_once(SigKind k) { return k == SigKind::kRandao; }
  // in_scope: every item, or with `at_once_only` those of at_once kinds.
  static bool in_scope(const ItemKey& k, bool at_once_only) {
    return !at_once_only || at_once(k.kind);
  }
  bool due_at_once(const SlotState& st, TimePoint now) const;
  void tick_items(TimePoint now, NodeOutputs& out);
  void check_partials(SlotState& st,
                      const std::vector<std::pair<ItemKey, std::vector<uint32_t>>>& suspects);
  void complete(SlotState& st, std::vector<ItemKey> done, TimePoint now, NodeOutputs& out);
  bool use_pre_consensus(SlotState& st, const ItemKey& k, const eth::BlsSignature& sig,
                         TimePoint now, NodeOutputs& out);

  const crypto::G2Affine& hash_of(SlotState& st, const eth::Root& root);
  // lines_of: the prepared lines of hash_of(st, root), from the shared cache (HashCache::prepared).
  const crypto::G2Prepared* lines_of(SlotState& st, const eth::Root& root);
  HashCache& hash_cache() const {
    return cfg.hash_cache != nullptr ? *cfg.hash_cache : HashCache::process_wide();
  }
  void prefetch_hashes(SlotState& st, std::span<const eth::Root> roots);
  void finish_duty(SlotState& st, DutyType t, uint64_t v, uint64_t sub, const Item& item,
                   const Status& submitted, TimePoint now);

  // ---- Byzantine behaviours (byzantine.cpp) ----
  void send_qbft(PoolId pool, const consensus::SignedMessage& m, NodeOutputs& out);
  void corrupt_partials(SlotState& st, PartialsBody& body);
  void mutate_slashable(eth::AttestationData& data) const;

  // ---- output helpers ----
  void send(NodeOutputs& out, PoolId pool, EnvelopeType type, util::Bytes body,
            std::optional<OperatorId> to = std::nullopt);
  std::optional<TimePoint> next_wake() const;
  int64_t slot_start_ms(eth::Slot s) const { return timing.slot_start_ms(s); }
  const eth::ChainConfig& chain() const { return cfg.beacon->chain(); }
};

}  // namespace stakepool::duty
