// OperatorNode::add_validators: a batch of validators is checked at once (random-weight sums of the
// share and interpolation equations) and a wrong one is still found and named; all or none added.
#include <gtest/gtest.h>

#include "duty/fake_beacon.hpp"
#include "stakepool/consensus/keys.hpp"
#include "stakepool/crypto/point_encoding.hpp"
#include "stakepool/duty/operator_node.hpp"
#include "stakepool/threshold/local_ceremony.hpp"

namespace stakepool::duty::testing {
namespace {

constexpr uint32_t kN = 4, kT = 3;

struct Dealt {
  eth::BlsPubkey group{};
  std::vector<eth::BlsPubkey> shares;
  threshold::LocalOutcome dkg;
};

class Registration : public ::testing::Test {
 protected:
  Registration() : rng_(9, "registration") {
    for (uint32_t i = 0; i < kN; ++i) {
      signers_.push_back(*consensus::Ed25519Signer::generate(rng_));
      pool_.members.push_back(i);
      pool_.keys.push_back(signers_.back().public_key());
    }
    pool_.id = 3;
    pool_.threshold = kT;
    auto ops = threshold::make_operators(kN, rng_);
    for (uint64_t v = 0; v < 6; ++v) {
      Dealt d;
      d.dkg = threshold::run_local_dkg({kN, kT, 500 + v, {}}, ops);
      EXPECT_TRUE(d.dkg.ok) << d.dkg.failure;
      d.group = crypto::g1_compress(crypto::to_affine(d.dkg.result->pub.coeffs[0]));
      for (const auto& g : d.dkg.result->share_pubkeys) d.shares.push_back(crypto::g1_compress(crypto::to_affine(g)));
      beacon_.add_validator(d.group);
      dealt_.push_back(std::move(d));
    }
  }

  // node builds operator 1's node (position 1, share index 2).
  std::unique_ptr<OperatorNode> node() {
    db_ = std::make_unique<eth::SlashingDb>(*eth::SlashingDb::open(
        eth::SlashingDb::kMemoryPath, eth::SlashingMode::kComplete, beacon_.chain().genesis_validators_root));
    node_rng_ = std::make_unique<util::DeterministicRng>(1, "node");
    NodeConfig nc;
    nc.self = 1;
    nc.beacon = &beacon_;
    nc.slashing = db_.get();
    nc.signer = &signers_[1];
    nc.verifier = &verifier_;
    nc.rng = node_rng_.get();
    auto n = OperatorNode::make(nc);
    EXPECT_TRUE(n.has_value());
    EXPECT_TRUE((*n)->add_pool(pool_).has_value());
    return std::move(*n);
  }

  // share: validator v as operator 1 sees it, its share taken from `from` (default: its own).
  ValidatorShare share(uint64_t v, std::optional<uint64_t> from = std::nullopt) {
    const Dealt& d = dealt_[v];
    const auto& s = dealt_[from.value_or(v)].dkg.shares.at(2);
    return ValidatorShare{pool_.id, eth::ValidatorIndex{v}, d.group, d.shares,
                          threshold::SecretShare{s.index, s.value.clone()}};
  }

  util::DeterministicRng rng_;
  FakeBeacon beacon_;
  PoolConfig pool_;
  std::vector<consensus::Ed25519Signer> signers_;
  consensus::Ed25519Verifier verifier_;
  std::vector<Dealt> dealt_;
  std::unique_ptr<eth::SlashingDb> db_;
  std::unique_ptr<util::DeterministicRng> node_rng_;
};

TEST_F(Registration, BatchOfGoodValidatorsIsAddedOnce) {
  auto n = node();
  std::vector<ValidatorShare> all;
  for (uint64_t v = 0; v < 6; ++v) all.push_back(share(v));
  ASSERT_TRUE(n->add_validators(std::move(all)).has_value());
  auto again = n->add_validator(share(4));
  ASSERT_FALSE(again.has_value());
  EXPECT_NE(again.error().message.find("validator 4 already added"), std::string::npos);
}

TEST_F(Registration, WrongShareInABatchIsNamedAndNothingIsAdded) {
  auto n = node();
  std::vector<ValidatorShare> all;
  for (uint64_t v = 0; v < 6; ++v) all.push_back(v == 3 ? share(3, 5) : share(v));
  auto st = n->add_validators(std::move(all));
  ASSERT_FALSE(st.has_value());
  EXPECT_NE(st.error().message.find("validator 3: the share does not match"), std::string::npos)
      << st.error().message;
  EXPECT_TRUE(n->add_validator(share(0)).has_value());  // nothing of the failed batch was added
}

TEST_F(Registration, ShareKeysThatDoNotInterpolateAreNamed) {
  auto n = node();
  std::vector<ValidatorShare> all;
  for (uint64_t v = 0; v < 6; ++v) all.push_back(share(v));
  all[2].share_pubkeys[0] = dealt_[4].shares[0];  // operator 1's own key still matches
  auto st = n->add_validators(std::move(all));
  ASSERT_FALSE(st.has_value());
  EXPECT_NE(st.error().message.find("validator 2: share public keys do not interpolate"), std::string::npos)
      << st.error().message;
}

TEST_F(Registration, RepeatedValidatorInOneCallIsRefused) {
  auto n = node();
  std::vector<ValidatorShare> all;
  all.push_back(share(1));
  all.push_back(share(1));
  auto st = n->add_validators(std::move(all));
  ASSERT_FALSE(st.has_value());
  EXPECT_NE(st.error().message.find("given twice"), std::string::npos);
}

}  // namespace
}  // namespace stakepool::duty::testing
