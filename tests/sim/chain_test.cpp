// SimChain: committee arithmetic, duties, signature checks, the slashing detector, rewards and
// determinism, driven by ordinary BLS keys (tests/sim/chain_driver.hpp).
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "chain_driver.hpp"
#include "stakepool/crypto/sha256.hpp"
#include "stakepool/sim/shuffling.hpp"

namespace stakepool::sim {
namespace {

using testing::HonestDriver;
using testing::sign_root;
using testing::test_key;

eth::Bytes32 seed_of(uint64_t x) {
  std::array<uint8_t, 8> b{};
  for (int i = 0; i < 8; ++i) b[i] = static_cast<uint8_t>(x >> (8 * i));
  return crypto::sha256(b);
}

// ---- committee arithmetic ----

TEST(Shuffling, ShufflerEqualsSpecAndIsAPermutation) {
  for (uint64_t count : {1u, 2u, 3u, 31u, 256u, 257u, 1000u}) {
    const auto seed = seed_of(count);
    Shuffler sh(seed, count);
    std::set<uint64_t> seen;
    for (uint64_t i = 0; i < count; ++i) {
      const uint64_t j = sh.index(i);
      ASSERT_EQ(j, compute_shuffled_index(i, count, seed)) << count << " " << i;
      seen.insert(j);
    }
    EXPECT_EQ(seen.size(), count);
    EXPECT_LT(*seen.rbegin(), count);
  }
}

TEST(Shuffling, DependsOnSeedAndIsDeterministic) {
  const uint64_t n = 100;
  std::vector<uint64_t> a, b, c;
  for (uint64_t i = 0; i < n; ++i) {
    a.push_back(compute_shuffled_index(i, n, seed_of(1)));
    b.push_back(compute_shuffled_index(i, n, seed_of(1)));
    c.push_back(compute_shuffled_index(i, n, seed_of(2)));
  }
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  std::vector<uint64_t> identity(n);
  for (uint64_t i = 0; i < n; ++i) identity[i] = i;
  EXPECT_NE(a, identity);
}

TEST(Shuffling, IntegerSquareRootAndCommitteeCount) {
  EXPECT_EQ(integer_squareroot(0), 0u);
  EXPECT_EQ(integer_squareroot(1), 1u);
  EXPECT_EQ(integer_squareroot(15), 3u);
  EXPECT_EQ(integer_squareroot(16), 4u);
  EXPECT_EQ(integer_squareroot(32), 5u);
  EXPECT_EQ(integer_squareroot(2048'000'000'000), 1431083u);
  EXPECT_EQ(integer_squareroot(~uint64_t{0}), 4294967295u);
  EXPECT_EQ(committees_per_slot(64, 32), 1u);
  EXPECT_EQ(committees_per_slot(8191, 32), 1u);
  EXPECT_EQ(committees_per_slot(8192, 32), 2u);
  EXPECT_EQ(committees_per_slot(1'000'000, 32), 64u);
}

TEST(Shuffling, SampleByBalanceAcceptsAboutOneIn64AtThirtyTwoEth) {
  std::vector<ValidatorIndex> idx;
  for (uint64_t i = 0; i < 50; ++i) idx.push_back(ValidatorIndex{i});
  uint64_t calls = 0;
  auto eff = [&](ValidatorIndex) {
    ++calls;
    return kMaxEffectiveBalance;
  };
  const auto picked = sample_by_balance(idx, seed_of(7), 512, eff);
  ASSERT_EQ(picked.size(), 512u);
  for (ValidatorIndex v : picked) EXPECT_LT(eth::u64(v), 50u);
  // 32 / 2048 acceptance: about 64 candidates per pick.
  EXPECT_GT(calls, 512u * 40);
  EXPECT_LT(calls, 512u * 100);
  EXPECT_EQ(picked, sample_by_balance(idx, seed_of(7), 512, eff));
  // A validator at the electra maximum is always accepted.
  auto full = [](ValidatorIndex) { return kMaxEffectiveBalanceElectra; };
  const auto first = sample_by_balance(idx, seed_of(7), 3, full);
  Shuffler sh(seed_of(7), idx.size());
  EXPECT_EQ(first[0], idx[sh.index(0)]);
  EXPECT_EQ(first[1], idx[sh.index(1)]);
}

TEST(Aggregation, SelectionModulo) {
  eth::BlsSignature proof{};
  // modulo 1 selects everyone (committees shorter than 32).
  EXPECT_TRUE(duty::is_aggregator(31, proof));
  uint64_t selected = 0;
  for (uint8_t i = 0; i < 200; ++i) {
    proof[0] = i;
    selected += duty::is_aggregator(160, proof) ? 1 : 0;  // modulo 10
  }
  EXPECT_GT(selected, 5u);
  EXPECT_LT(selected, 50u);
  proof[0] = 0;
  EXPECT_EQ(duty::is_sync_committee_aggregator(proof), duty::selection_value(proof) % 8 == 0);
}

// ---- a chain with validators ----

struct Fixture {
  explicit Fixture(std::size_t n, uint64_t seed = 1, unsigned threads = 2)
      : rng(seed, "chain"), chain(config(seed, threads), q, rng), driver(chain, q, n, seed) {}
  static SimChainConfig config(uint64_t seed, unsigned threads) {
    auto c = SimChainConfig::mainnet_electra(seed);
    c.verify_threads = threads;
    return c;
  }
  Epoch epoch(uint64_t k) const { return Epoch{eth::u64(chain.start_epoch()) + k}; }
  // run: epochs [start, start + epochs), the clock one slot into the next epoch, then finish.
  void run(uint64_t epochs) {
    const Epoch last = epoch(epochs - 1);
    chain.schedule(last);
    driver.schedule(epoch(epochs));  // slot 0 of the next epoch includes the last attestations
    q.run_until(
        {chain.slot_start_ms(eth::start_slot_of_epoch(chain.chain(), epoch(epochs))) + 11999});
    chain.finish(last);
  }
  EventQueue q;
  util::DeterministicRng rng;
  SimChain chain;
  HonestDriver driver;
};

TEST(SimChain, TimingMapsStartSlotToVirtualZero) {
  Fixture f(4);
  const auto t = f.chain.timing();
  EXPECT_EQ(t.slot_start_ms(f.chain.start_slot()), 0);
  EXPECT_EQ(f.chain.slot_start_ms(Slot{eth::u64(f.chain.start_slot()) + 3}), 36000);
  EXPECT_EQ(eth::fork_at_epoch(f.chain.chain(), f.chain.start_epoch()), eth::ForkName::kElectra);
  EXPECT_EQ(f.chain.current_slot(), f.chain.start_slot());
  f.q.run_until({12000 * 33});
  EXPECT_EQ(f.chain.current_epoch(), f.epoch(1));
}

TEST(SimChain, DutiesPartitionTheActiveSet) {
  Fixture f(64);
  std::vector<ValidatorIndex> all;
  for (uint64_t i = 0; i < 64; ++i) all.push_back(ValidatorIndex{i});
  auto duties = f.chain.attester_duties(f.epoch(0), all);
  ASSERT_TRUE(duties.has_value());
  ASSERT_EQ(duties->size(), 64u);
  std::set<uint64_t> seen;
  for (const auto& d : *duties) {
    auto members = f.chain.committee(d.slot, d.committee_index);
    ASSERT_TRUE(members.has_value());
    ASSERT_EQ(members->size(), d.committee_length);
    EXPECT_EQ((*members)[d.validator_committee_index], d.validator_index);
    EXPECT_EQ(d.committees_at_slot, 1u);
    seen.insert(eth::u64(d.validator_index));
  }
  EXPECT_EQ(seen.size(), 64u);
  auto props = f.chain.proposer_duties(f.epoch(0));
  ASSERT_EQ(props->size(), 32u);
  auto sync = f.chain.sync_duties(f.epoch(0), all);
  uint64_t positions = 0;
  for (const auto& d : *sync) positions += d.validator_sync_committee_indices.size();
  EXPECT_EQ(positions, kSyncCommitteeSize);
  // Two epochs ahead is not known yet; the next epoch is.
  EXPECT_TRUE(f.chain.attester_duties(f.epoch(1), all).has_value());
  EXPECT_FALSE(f.chain.attester_duties(f.epoch(2), all).has_value());
  EXPECT_FALSE(f.chain.add_validator(f.chain.pubkey(ValidatorIndex{0})).has_value());
}

TEST(SimChain, HonestValidatorsSucceedAndEarn) {
  Fixture f(8);
  f.driver.contributions = true;
  f.driver.contribution_slots = 3;
  f.run(2);
  for (const auto& s : f.driver.failures) ADD_FAILURE() << s.error().message;
  const auto& st = f.chain.stats();
  EXPECT_EQ(st.invalid_signatures, 0u);
  EXPECT_TRUE(st.slashable.empty());
  EXPECT_EQ(st.rejected_other, 0u);
  const auto totals = f.chain.totals();
  for (std::size_t t = 0; t < 5; ++t) {
    SCOPED_TRACE(duty_type_name(static_cast<DutyType>(t)));
    EXPECT_GT(totals[t].assigned, 0u);
    EXPECT_EQ(totals[t].succeeded, totals[t].assigned);
    EXPECT_EQ(totals[t].missed, 0u);
  }
  EXPECT_EQ(totals[0].assigned, 16u);
  EXPECT_EQ(totals[2].assigned, 64u);
  EXPECT_EQ(totals[3].assigned, 8u * 64);
  for (uint64_t k = 0; k < 2; ++k) {
    for (const auto& r : f.chain.epoch_records(f.epoch(k))) {
      EXPECT_EQ(r.attestation.flags, kFlagSource | kFlagTarget | kFlagHead);
      EXPECT_EQ(r.attestation.inclusion_delay, 1u);
      EXPECT_GT(r.reward_attestation, 0);
      EXPECT_GT(r.reward_sync, 0);
      EXPECT_GT(r.balance_delta(), 0);
      EXPECT_EQ(r.attestation.receive_ms, 4000);
    }
  }
  for (uint64_t v = 0; v < 8; ++v)
    EXPECT_GT(f.chain.balance(ValidatorIndex{v}), kMaxEffectiveBalance);
  EXPECT_EQ(f.chain.blocks().size(), 65u);
  EXPECT_EQ(f.chain.latencies(DutyType::kProposal).front(), 500);
}

TEST(SimChain, MissingAttestationsArePenalised) {
  Fixture f(8);
  f.driver.offline = {3};
  f.run(2);
  const auto totals = f.chain.totals();
  EXPECT_EQ(totals[0].missed, 2u);
  const auto mine = f.chain.totals(std::vector<ValidatorIndex>{ValidatorIndex{3}});
  EXPECT_EQ(mine[0].assigned, 2u);
  EXPECT_EQ(mine[0].missed, 2u);
  EXPECT_EQ(mine[3].succeeded, 0u);
  for (uint64_t k = 0; k < 2; ++k) {
    const auto* r = f.chain.record(ValidatorIndex{3}, f.epoch(k));
    ASSERT_NE(r, nullptr);
    EXPECT_FALSE(r->attestation.included);
    EXPECT_LT(r->reward_attestation, 0);
    EXPECT_LT(r->reward_sync, 0);
    EXPECT_GT(f.chain.record(ValidatorIndex{4}, f.epoch(k))->reward_attestation, 0);
  }
  EXPECT_LT(f.chain.balance(ValidatorIndex{3}), kMaxEffectiveBalance);
  EXPECT_TRUE(f.chain.stats().slashable.empty());
}

TEST(SimChain, SameSeedSameRecords) {
  auto run = [](uint64_t seed, unsigned threads = 2) {
    Fixture f(4, seed, threads);
    f.driver.offline = {1};
    f.run(2);
    std::vector<ValidatorEpochRecord> out;
    for (Epoch e : f.chain.processed_epochs()) {
      auto r = f.chain.epoch_records(e);
      out.insert(out.end(), r.begin(), r.end());
    }
    return out;
  };
  const auto a = run(5), b = run(5, 1), c = run(6);
  EXPECT_EQ(a.size(), 8u);
  EXPECT_EQ(a, b);  // also: the verification thread count changes nothing
  EXPECT_NE(a, c);
}

// ---- hand-driven checks ----

// Moves the clock to `ms` into slot `s`.
void at(Fixture& f, Slot s, int64_t ms) { f.q.run_until({f.chain.slot_start_ms(s) + ms}); }

struct Duty {
  ValidatorIndex v;
  Slot slot;
  CommitteeIndex committee;
};

Duty first_duty(Fixture& f, Epoch e) {
  std::vector<ValidatorIndex> all;
  for (uint64_t i = 0; i < f.chain.validator_count(); ++i) all.push_back(ValidatorIndex{i});
  auto d = f.chain.attester_duties(e, all);
  auto it = std::min_element(d->begin(), d->end(), [](const auto& a, const auto& b) {
    return eth::u64(a.slot) < eth::u64(b.slot);
  });
  return Duty{it->validator_index, it->slot, it->committee_index};
}

eth::SingleAttestation sign_att(Fixture& f, const Duty& d, const eth::AttestationData& data,
                                const crypto::bls::SecretKey& sk) {
  return eth::SingleAttestation{
      d.committee, d.v, data, sign_root(sk, eth::attestation_signing_root(f.chain.chain(), data))};
}

TEST(SimChain, WrongSignaturesAreRejectedAndCounted) {
  Fixture f(8);
  f.chain.schedule(f.epoch(0));
  const Duty d = first_duty(f, f.epoch(0));
  at(f, d.slot, 4000);
  auto data = f.chain.attestation_data(d.slot, d.committee);
  const auto other = test_key(99, 0);
  auto s = f.chain.submit_attestations(std::vector{sign_att(f, d, *data, other)});
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, Errc::kCrypto);
  EXPECT_EQ(f.chain.stats().invalid_signatures, 1u);
  EXPECT_EQ(f.chain.record(d.v, f.epoch(0))->invalid_signatures, 1u);
  // A batch with one bad signature: the good one is accepted, the bad one pinned down.
  std::vector<eth::SingleAttestation> batch = {sign_att(f, d, *data, f.driver.sk(d.v)),
                                               sign_att(f, d, *data, other)};
  batch[1].data.beacon_block_root[0] ^= 1;
  EXPECT_FALSE(f.chain.submit_attestations(batch).has_value());
  EXPECT_EQ(f.chain.stats().invalid_signatures, 2u);
  EXPECT_TRUE(f.chain.record(d.v, f.epoch(0))->attestation.received);
  // A garbage signature (not a G2 point) counts too.
  eth::SyncCommitteeMessage m{d.slot, *f.chain.block_root(d.slot), d.v, {}};
  m.signature[0] = 0xff;
  EXPECT_FALSE(f.chain.submit_sync_messages(std::vector{m}).has_value());
  EXPECT_EQ(f.chain.stats().invalid_signatures, 3u);
  // Sync messages of the whole committee share one signing root (verified as one group): the one
  // signed by a wrong key is found, the others are accepted.
  std::vector<eth::SyncCommitteeMessage> msgs;
  const Root head = *f.chain.block_root(d.slot);
  for (uint64_t v = 0; v < 8; ++v) {
    const auto& key = v == 5 ? other : f.driver.sk(ValidatorIndex{v});
    msgs.push_back(
        {d.slot, head, ValidatorIndex{v},
         sign_root(key, eth::sync_committee_message_signing_root(f.chain.chain(), d.slot, head))});
  }
  EXPECT_FALSE(f.chain.submit_sync_messages(msgs).has_value());
  EXPECT_EQ(f.chain.stats().invalid_signatures, 4u);
  EXPECT_EQ(f.chain.stats().invalid.back().validator, ValidatorIndex{5});
  EXPECT_EQ(f.chain.stats().accepted[static_cast<std::size_t>(DutyType::kSyncCommittee)], 7u);
  // A RANDAO reveal by the wrong key.
  const Slot next{eth::u64(d.slot) + 1};
  at(f, next, 0);
  auto blk = f.chain.produce_block(
      next, sign_root(other, eth::randao_signing_root(f.chain.chain(), f.epoch(0))));
  EXPECT_FALSE(blk.has_value());
  EXPECT_EQ(f.chain.stats().invalid_signatures, 5u);
  EXPECT_TRUE(f.chain.stats().slashable.empty());
}

// Signatures verified ahead (SimChain::preverify, as the windowed simulation does) change no
// outcome or count: a valid one is counted as verified by the submission carrying it, an invalid
// one is verified and reported by its submission, duplicates and unknown validators as before.
TEST(SimChain, VerifiedAheadChangesNoOutcomeOrCount) {
  const SimChain::ParallelFor inline_for = [](std::size_t n, const std::function<void(std::size_t)>& fn) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
  };
  struct Outcome {
    std::vector<bool> ok;
    uint64_t verified = 0, cached = 0, invalid = 0, sync_accepted = 0;
  };
  auto run = [&](bool ahead) {
    Fixture f(8);
    f.chain.schedule(f.epoch(0));
    const Duty d = first_duty(f, f.epoch(0));
    at(f, d.slot, 4000);
    const auto other = test_key(99, 0);
    const Root head = *f.chain.block_root(d.slot);
    std::vector<eth::SyncCommitteeMessage> msgs;
    for (uint64_t v = 0; v < 8; ++v) {
      const auto& key = v == 5 ? other : f.driver.sk(ValidatorIndex{v});
      msgs.push_back(
          {d.slot, head, ValidatorIndex{v},
           sign_root(key, eth::sync_committee_message_signing_root(f.chain.chain(), d.slot, head))});
    }
    msgs.push_back(msgs[2]);                                  // a duplicate in the same call
    msgs.push_back(msgs[3]);
    msgs.back().validator_index = ValidatorIndex{1u << 30};  // unknown validator
    auto data = f.chain.attestation_data(d.slot, d.committee);
    const std::vector<eth::SingleAttestation> atts = {sign_att(f, d, *data, f.driver.sk(d.v)),
                                                      sign_att(f, d, *data, other)};
    if (ahead) {
      std::vector<SigCheck> checks = f.chain.checks_of_sync_messages(msgs);
      for (SigCheck& c : f.chain.checks_of_attestations(atts)) checks.push_back(std::move(c));
      f.chain.preverify(std::move(checks), inline_for);
    }
    Outcome o;
    o.ok.push_back(f.chain.submit_sync_messages(msgs).has_value());
    for (const auto& a : atts) o.ok.push_back(f.chain.submit_attestations(std::vector{a}).has_value());
    f.chain.forget_preverified();
    o.ok.push_back(f.chain.submit_sync_messages(std::vector{msgs[0]}).has_value());  // cached
    o.verified = f.chain.stats().signatures_verified;
    o.cached = f.chain.stats().signatures_cached;
    o.invalid = f.chain.stats().invalid_signatures;
    o.sync_accepted = f.chain.stats().accepted[static_cast<std::size_t>(DutyType::kSyncCommittee)];
    return o;
  };
  const Outcome plain = run(false), ahead = run(true);
  EXPECT_EQ(plain.ok, ahead.ok);
  EXPECT_EQ(plain.ok, (std::vector<bool>{false, true, false, true}));
  EXPECT_EQ(plain.verified, ahead.verified);
  EXPECT_EQ(plain.cached, ahead.cached);
  EXPECT_EQ(plain.invalid, ahead.invalid);
  EXPECT_EQ(plain.invalid, 2u);
  EXPECT_EQ(plain.sync_accepted, ahead.sync_accepted);
  EXPECT_EQ(plain.sync_accepted, 7u);
}

TEST(SimChain, DoubleVoteIsDetected) {
  Fixture f(8);
  f.chain.schedule(f.epoch(0));
  const Duty d = first_duty(f, f.epoch(0));
  at(f, d.slot, 4000);
  auto data = *f.chain.attestation_data(d.slot, d.committee);
  ASSERT_TRUE(f.chain.submit_attestations(std::vector{sign_att(f, d, data, f.driver.sk(d.v))}));
  // Same again (as every pool member submits it): idempotent, not verified twice, not slashable.
  const uint64_t verified = f.chain.stats().signatures_verified;
  ASSERT_TRUE(f.chain.submit_attestations(std::vector{sign_att(f, d, data, f.driver.sk(d.v))}));
  EXPECT_EQ(f.chain.stats().signatures_verified, verified);
  EXPECT_EQ(f.chain.stats().signatures_cached, 1u);
  EXPECT_EQ(f.chain.stats().accepted[0], 1u);
  EXPECT_TRUE(f.chain.stats().slashable.empty());
  auto other = data;
  other.beacon_block_root[5] ^= 0x10;
  auto s = f.chain.submit_attestations(std::vector{sign_att(f, d, other, f.driver.sk(d.v))});
  EXPECT_FALSE(s.has_value());  // refused (already attested) but validly signed: detected
  ASSERT_EQ(f.chain.stats().slashable.size(), 1u);
  const auto& ev = f.chain.stats().slashable[0];
  EXPECT_EQ(ev.kind, SlashingKind::kDoubleVote);
  EXPECT_EQ(ev.validator, d.v);
  EXPECT_EQ(ev.first_vote, data);
  EXPECT_EQ(ev.second_vote, other);
  EXPECT_TRUE(f.chain.slashed(d.v));
  EXPECT_LT(f.chain.balance(d.v), kMaxEffectiveBalance);
}

TEST(SimChain, SurroundVoteIsDetected) {
  Fixture f(8);
  f.chain.schedule(f.epoch(1));
  const Duty d0 = first_duty(f, f.epoch(0));
  at(f, d0.slot, 4000);
  auto data0 = *f.chain.attestation_data(d0.slot, d0.committee);
  ASSERT_TRUE(f.chain.submit_attestations(std::vector{sign_att(f, d0, data0, f.driver.sk(d0.v))}));
  // In the next epoch the same validator votes with an older source: it surrounds its vote.
  std::vector<ValidatorIndex> me{d0.v};
  auto duty1 = (*f.chain.attester_duties(f.epoch(1), me))[0];
  const Duty d1{d0.v, duty1.slot, duty1.committee_index};
  at(f, d1.slot, 4000);
  auto data1 = *f.chain.attestation_data(d1.slot, d1.committee);
  data1.source.epoch = Epoch{eth::u64(data0.source.epoch) - 1};
  ASSERT_TRUE(f.chain.submit_attestations(std::vector{sign_att(f, d1, data1, f.driver.sk(d0.v))}));
  ASSERT_EQ(f.chain.stats().slashable.size(), 1u);
  EXPECT_EQ(f.chain.stats().slashable[0].kind, SlashingKind::kSurroundVote);
  EXPECT_TRUE(f.chain.slashed(d0.v));
}

TEST(SimChain, DoubleProposalIsDetected) {
  Fixture f(8);
  f.chain.schedule(f.epoch(0));
  const Slot s{eth::u64(f.chain.start_slot()) + 2};
  at(f, s, 1000);
  const ValidatorIndex p = *f.chain.proposer(s);
  const auto& c = f.chain.chain();
  auto blk =
      f.chain.produce_block(s, sign_root(f.driver.sk(p), eth::randao_signing_root(c, f.epoch(0))));
  ASSERT_TRUE(blk.has_value());
  auto h = blk->header;
  ASSERT_TRUE(
      f.chain.submit_block({h, sign_root(f.driver.sk(p), eth::block_header_signing_root(c, h))}));
  EXPECT_EQ(*f.chain.block_root(s), eth::ssz::hash_tree_root(h));
  // The same signed block from another pool member is fine.
  ASSERT_TRUE(
      f.chain.submit_block({h, sign_root(f.driver.sk(p), eth::block_header_signing_root(c, h))}));
  EXPECT_EQ(f.chain.stats().blocks, 1u);
  h.state_root[0] ^= 1;
  auto again =
      f.chain.submit_block({h, sign_root(f.driver.sk(p), eth::block_header_signing_root(c, h))});
  EXPECT_FALSE(again.has_value());
  ASSERT_EQ(f.chain.stats().slashable.size(), 1u);
  EXPECT_EQ(f.chain.stats().slashable[0].kind, SlashingKind::kDoubleProposal);
  EXPECT_EQ(f.chain.stats().slashable[0].second_block, h);
  EXPECT_TRUE(f.chain.slashed(p));
  // A block signed by someone else is an invalid signature, not evidence.
  const ValidatorIndex q{(eth::u64(p) + 1) % 8};
  auto forged =
      f.chain.submit_block({h, sign_root(f.driver.sk(q), eth::block_header_signing_root(c, h))});
  EXPECT_EQ(forged.error().code, Errc::kCrypto);
  EXPECT_EQ(f.chain.stats().slashable.size(), 1u);
}

TEST(SimChain, AggregatesAreVerifiedInFull) {
  Fixture f(8);
  f.chain.schedule(f.epoch(0));
  const Duty d = first_duty(f, f.epoch(0));
  at(f, d.slot, 4000);
  f.driver.attest(d.slot);
  at(f, d.slot, 8000);
  const auto& c = f.chain.chain();
  auto data = *f.chain.attestation_data(d.slot, d.committee);
  auto att = f.chain.aggregate_attestation(d.slot, eth::ssz::hash_tree_root(data), d.committee);
  ASSERT_TRUE(att.has_value());
  EXPECT_TRUE(att->committee_bits.get(eth::u64(d.committee)));
  const auto proof = sign_root(f.driver.sk(d.v), eth::selection_proof_signing_root(c, d.slot));
  eth::AggregateAndProofElectra m{d.v, *att, proof};
  const auto good = sign_root(f.driver.sk(d.v), eth::aggregate_and_proof_signing_root(c, m));
  // Tamper with each of the three signatures in turn.
  auto bad_sel = m;
  bad_sel.selection_proof =
      sign_root(f.driver.sk(d.v), eth::selection_proof_signing_root(c, Slot{eth::u64(d.slot) + 1}));
  eth::SignedAggregateAndProofElectra a1{
      bad_sel, sign_root(f.driver.sk(d.v), eth::aggregate_and_proof_signing_root(c, bad_sel))};
  eth::SignedAggregateAndProofElectra a2{
      m, sign_root(test_key(99, 1), eth::aggregate_and_proof_signing_root(c, m))};
  auto bad_agg = m;
  bad_agg.aggregate.signature = sign_root(test_key(99, 2), eth::attestation_signing_root(c, data));
  eth::SignedAggregateAndProofElectra a3{
      bad_agg, sign_root(f.driver.sk(d.v), eth::aggregate_and_proof_signing_root(c, bad_agg))};
  EXPECT_FALSE(f.chain.submit_aggregates(std::vector{a1, a2, a3}).has_value());
  EXPECT_EQ(f.chain.stats().invalid_signatures, 3u);
  // The honest one (committees of 8 or fewer: everyone is an aggregator).
  EXPECT_TRUE(f.chain.submit_aggregates(std::vector{eth::SignedAggregateAndProofElectra{m, good}}));
  EXPECT_EQ(f.chain.record(d.v, f.epoch(0))->aggregations_submitted, 1u);
}

TEST(SimChain, VoluntaryExitUsesCapellaDomain) {
  Fixture f(8);
  const auto& c = f.chain.chain();
  const eth::VoluntaryExit ex{f.epoch(0), ValidatorIndex{2}};
  // EIP-7044: signed with the Capella fork version even though the chain is at Electra.
  const Root capella_root = eth::compute_signing_root_of(
      ex,
      eth::compute_domain(eth::kDomainVoluntaryExit, eth::fork_version(c, eth::ForkName::kCapella),
                          c.genesis_validators_root));
  const Root electra_root = eth::compute_signing_root_of(
      ex,
      eth::compute_domain(eth::kDomainVoluntaryExit, eth::fork_version(c, eth::ForkName::kElectra),
                          c.genesis_validators_root));
  EXPECT_FALSE(
      f.chain.submit_voluntary_exit({ex, sign_root(f.driver.sk(ValidatorIndex{2}), electra_root)}));
  EXPECT_EQ(f.chain.stats().invalid_signatures, 1u);
  EXPECT_TRUE(
      f.chain.submit_voluntary_exit({ex, sign_root(f.driver.sk(ValidatorIndex{2}), capella_root)}));
  EXPECT_EQ(f.chain.stats().voluntary_exits, 1u);
}

TEST(SimChain, SixtyFourValidatorsOneEpoch) {
  // The default simulation's size for one epoch; prints where the time goes (the chain's share is
  // what `stakepool simulate` pays on top of the duty pipeline).
  const auto t0 = std::chrono::steady_clock::now();
  Fixture f(64);
  f.run(1);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  const auto totals = f.chain.totals();
  EXPECT_EQ(totals[0].assigned, 64u);
  EXPECT_EQ(totals[0].missed, 0u);
  EXPECT_EQ(totals[1].missed, 0u);
  EXPECT_EQ(totals[2].missed, 0u);
  EXPECT_EQ(totals[3].assigned, 64u * 32);
  EXPECT_EQ(totals[3].missed, 0u);
  std::printf(
      "64 validators x 1 epoch: %lld ms in all, %lld ms in chain calls (the rest is the "
      "test's signing); %llu signatures verified in %llu batches\n",
      static_cast<long long>(ms), static_cast<long long>(f.driver.chain_us / 1000),
      static_cast<unsigned long long>(f.chain.stats().signatures_verified),
      static_cast<unsigned long long>(f.chain.stats().batches));
}

}  // namespace
}  // namespace stakepool::sim

namespace stakepool::sim {
namespace {

TEST(SimChainAccounting, ReportedSelectionWithoutAggregateIsMissed) {
  Fixture f(8);
  f.chain.schedule(f.epoch(0));
  const Duty d = first_duty(f, f.epoch(0));
  at(f, d.slot, 8000);
  const auto proof =
      sign_root(f.driver.sk(d.v), eth::selection_proof_signing_root(f.chain.chain(), d.slot));
  auto sel = f.chain.report_beacon_committee_selection(d.slot, d.v, proof);
  ASSERT_TRUE(sel.has_value());
  EXPECT_TRUE(*sel);  // committees of 8 or fewer: everyone aggregates
  EXPECT_EQ(f.chain.record(d.v, f.epoch(0))->aggregations_selected, 1u);
  // A proof by the wrong key is an invalid signature; a proof for another validator's duty slot an
  // error.
  auto bad = f.chain.report_beacon_committee_selection(
      d.slot, d.v,
      sign_root(test_key(99, 3), eth::selection_proof_signing_root(f.chain.chain(), d.slot)));
  EXPECT_EQ(bad.error().code, Errc::kCrypto);
  EXPECT_EQ(f.chain.stats().invalid_signatures, 1u);
  f.q.run_until({f.chain.slot_start_ms(eth::start_slot_of_epoch(f.chain.chain(), f.epoch(1))) + 1});
  f.chain.finish(f.epoch(0));
  const auto t = f.chain.totals();
  EXPECT_EQ(t[static_cast<std::size_t>(DutyType::kAggregation)].assigned, 1u);
  EXPECT_EQ(t[static_cast<std::size_t>(DutyType::kAggregation)].missed, 1u);
  // Nobody attested or proposed: all missed, balances down.
  EXPECT_EQ(t[0].missed, 8u);
  EXPECT_EQ(t[2].missed, 32u);
  EXPECT_LT(f.chain.balance(d.v), kMaxEffectiveBalance);
}

TEST(SimChainAccounting, ContributionsAggregateAndAreVerified) {
  Fixture f(8);
  f.chain.schedule(f.epoch(0));
  const Slot s{eth::u64(f.chain.start_slot()) + 1};
  at(f, s, 4000);
  f.driver.sync_messages(s);
  at(f, s, 8000);
  const auto& c = f.chain.chain();
  const Root root = *f.chain.block_root(s);
  auto contrib = f.chain.sync_committee_contribution(s, 0, root);
  ASSERT_TRUE(contrib.has_value());
  // The contribution's signature is the aggregate over its bits' members (with repetition).
  auto members = *f.chain.sync_committee(f.epoch(0));
  std::vector<crypto::bls::PublicKey> pks;
  for (uint64_t i = 0; i < kSyncSubcommitteeSize; ++i) {
    if (contrib->aggregation_bits.get(i))
      pks.push_back(*crypto::bls::PublicKey::parse(f.chain.pubkey(members[i])));
  }
  EXPECT_EQ(pks.size(), kSyncSubcommitteeSize);  // everyone sent a message
  const Root msg = eth::sync_committee_message_signing_root(c, s, root);
  EXPECT_TRUE(crypto::bls::fast_aggregate_verify(
      pks, msg, *crypto::bls::Signature::parse(contrib->signature)));
  // Find a sync aggregator of subcommittee 0 and submit: once good, once with a bad outer
  // signature.
  for (uint64_t pos = 0; pos < kSyncSubcommitteeSize; ++pos) {
    const ValidatorIndex v = members[pos];
    const auto proof = sign_root(f.driver.sk(v), eth::sync_selection_proof_signing_root(c, {s, 0}));
    if (!duty::is_sync_committee_aggregator(proof)) continue;
    eth::ContributionAndProof m{v, *contrib, proof};
    eth::SignedContributionAndProof bad{
        m, sign_root(test_key(99, 4), eth::contribution_and_proof_signing_root(c, m))};
    EXPECT_EQ(f.chain.submit_contributions(std::vector{bad}).error().code, Errc::kCrypto);
    EXPECT_EQ(f.chain.stats().invalid_signatures, 1u);
    eth::SignedContributionAndProof good{
        m, sign_root(f.driver.sk(v), eth::contribution_and_proof_signing_root(c, m))};
    EXPECT_TRUE(f.chain.submit_contributions(std::vector{good}));
    EXPECT_EQ(f.chain.record(v, f.epoch(0))->contributions_submitted, 1u);
    return;
  }
  GTEST_SKIP() << "no sync aggregator in subcommittee 0 for this seed";
}

TEST(SimChainAccounting, BlockBodyIncludesPendingAttestationsAndSyncBits) {
  Fixture f(8);
  f.chain.schedule(f.epoch(0));
  const Duty d = first_duty(f, f.epoch(0));
  at(f, d.slot, 4000);
  f.driver.attest(d.slot);
  f.driver.sync_messages(d.slot);
  const Slot next{eth::u64(d.slot) + 1};
  at(f, next, 500);
  f.driver.propose(next);
  ASSERT_TRUE(f.driver.failures.empty());
  const auto blocks = f.chain.blocks();
  ASSERT_FALSE(blocks.empty());
  EXPECT_EQ(blocks.back().slot, next);
  EXPECT_GE(blocks.back().attestations, 1u);
  EXPECT_EQ(blocks.back().sync_participants, kSyncCommitteeSize);
  const auto* r = f.chain.record(d.v, f.epoch(0));
  EXPECT_TRUE(r->attestation.included);
  EXPECT_EQ(r->attestation.inclusion_delay, 1u);
  // d.slot had no block, so the vote's head is the previous block: still a correct head.
  EXPECT_EQ(r->attestation.flags, kFlagSource | kFlagTarget | kFlagHead);
}

}  // namespace
}  // namespace stakepool::sim
