// Domains and signing roots: deposit-tool vectors (message/data roots, fork versions), known
// domains, EIP-7044 and the per-duty domain choices.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "stakepool/eth/signing.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::eth {
namespace {

namespace fs = std::filesystem;

template <std::size_t N>
std::array<uint8_t, N> hexn(const std::string& s) {
  return util::from_hex_fixed<N>(s, "hex").value();
}

// Every deposit_data-*.json of the reference deposit tools: our DepositMessage / DepositData roots
// equal the files' deposit_message_root / deposit_data_root, and the file's fork_version is the
// genesis fork version of its network.
TEST(Signing, DepositToolVectors) {
  const fs::path dir = fs::path(SP_VECTORS_DIR) / "deposits";
  int entries = 0, files = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (!e.is_regular_file() || name.rfind("deposit_data-", 0) != 0) continue;
    ++files;
    std::ifstream in(e.path());
    const auto j = nlohmann::json::parse(in);
    for (const auto& d : j) {
      const DepositMessage msg{hexn<48>(d.at("pubkey")), hexn<32>(d.at("withdrawal_credentials")),
                               d.at("amount").get<uint64_t>()};
      const DepositData data{msg.pubkey, msg.withdrawal_credentials, msg.amount,
                             hexn<96>(d.at("signature"))};
      auto str = [&](const char* key) { return d.at(key).get<std::string>(); };
      EXPECT_EQ(util::to_hex(ssz::hash_tree_root(msg)), str("deposit_message_root")) << name;
      EXPECT_EQ(util::to_hex(ssz::hash_tree_root(data)), str("deposit_data_root")) << name;
      const ChainConfig& c = chain_config(*parse_network(str("network_name")));
      EXPECT_EQ(util::to_hex(genesis_fork_version(c)), str("fork_version")) << name;
      ++entries;
    }
  }
  EXPECT_EQ(files, 21);
  EXPECT_EQ(entries, 39);
}

TEST(Signing, KnownDomains) {
  // The mainnet deposit domain, as used by every deposit tool.
  EXPECT_EQ(util::to_hex(compute_domain(kDomainDeposit, Version{}, Root{})),
            "03000000f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a9");
  // Domain = type || fork_data_root[:28].
  const ChainConfig& m = chain_config(Network::kMainnet);
  const Domain d = get_domain(m, kDomainBeaconAttester, Epoch{0});
  const Root fdr = compute_fork_data_root(Version{}, m.genesis_validators_root);
  EXPECT_EQ(util::to_hex(std::span(d).first(4)), "01000000");
  EXPECT_TRUE(std::equal(d.begin() + 4, d.end(), fdr.begin()));
  EXPECT_EQ(util::to_hex(std::span(d).subspan(4, 4)), "b5303f2a");
}

TEST(Signing, SigningRootIsSigningDataRoot) {
  const Root obj = hexn<32>("11" + std::string(62, '2'));
  const Domain dom = hexn<32>("33" + std::string(62, '4'));
  EXPECT_EQ(compute_signing_root(obj, dom), ssz::hash_tree_root(SigningData{obj, dom}));
  EXPECT_NE(compute_signing_root(obj, dom), compute_signing_root(dom, obj));
}

TEST(Signing, VoluntaryExitEip7044) {
  const ChainConfig& m = chain_config(Network::kMainnet);
  const VoluntaryExit exit{Epoch{100}, ValidatorIndex{42}};
  const Root capella = compute_signing_root_of(
      exit, compute_domain(kDomainVoluntaryExit, fork_version(m, ForkName::kCapella),
                           m.genesis_validators_root));
  const Root genesis = compute_signing_root_of(
      exit, compute_domain(kDomainVoluntaryExit, Version{}, m.genesis_validators_root));
  // Deneb and later: always Capella, whatever the exit epoch.
  EXPECT_EQ(voluntary_exit_signing_root(m, exit, Epoch{269568}), capella);
  EXPECT_EQ(voluntary_exit_signing_root(m, exit, Epoch{400000}), capella);
  // Before Deneb: the fork version at the exit's epoch.
  EXPECT_EQ(voluntary_exit_signing_root(m, exit, Epoch{269567}), genesis);
  const VoluntaryExit late{Epoch{200000}, ValidatorIndex{42}};
  EXPECT_EQ(voluntary_exit_signing_root(m, late, Epoch{200001}),
            compute_signing_root_of(late, get_domain(m, kDomainVoluntaryExit, Epoch{200000})));
}

TEST(Signing, DutyDomains) {
  const ChainConfig& h = chain_config(Network::kHoodi);
  const Root gvr = h.genesis_validators_root;
  const Slot slot{32 * 3000 + 5};
  const Epoch epoch{3000};
  const Version electra = fork_version(h, ForkName::kElectra);
  auto dom = [&](const DomainType& t) { return compute_domain(t, electra, gvr); };
  EXPECT_EQ(selection_proof_signing_root(h, slot),
            compute_signing_root(ssz::hash_tree_root(uint64_t{u64(slot)}),
                                 dom(kDomainSelectionProof)));
  EXPECT_EQ(randao_signing_root(h, epoch),
            compute_signing_root(ssz::hash_tree_root(uint64_t{3000}), dom(kDomainRandao)));
  const Root block = hexn<32>(std::string(64, 'a'));
  EXPECT_EQ(block_signing_root(h, slot, block),
            compute_signing_root(block, dom(kDomainBeaconProposer)));
  const BeaconBlockHeader header{slot, ValidatorIndex{7}, block, block, block};
  EXPECT_EQ(block_header_signing_root(h, header),
            compute_signing_root(ssz::hash_tree_root(header), dom(kDomainBeaconProposer)));
  EXPECT_EQ(sync_committee_message_signing_root(h, slot, block),
            compute_signing_root(block, dom(kDomainSyncCommittee)));
  const SyncAggregatorSelectionData sel{slot, 2};
  EXPECT_EQ(sync_selection_proof_signing_root(h, sel),
            compute_signing_root_of(sel, dom(kDomainSyncCommitteeSelectionProof)));
  AttestationData data{slot, CommitteeIndex{0}, block, {Epoch{2999}, block}, {epoch, block}};
  EXPECT_EQ(attestation_signing_root(h, data),
            compute_signing_root_of(data, dom(kDomainBeaconAttester)));
  AggregateAndProofElectra agg;
  agg.aggregate.data = data;
  EXPECT_EQ(aggregate_and_proof_signing_root(h, agg),
            compute_signing_root_of(agg, dom(kDomainAggregateAndProof)));
  ContributionAndProof cp;
  cp.contribution.slot = slot;
  EXPECT_EQ(contribution_and_proof_signing_root(h, cp),
            compute_signing_root_of(cp, dom(kDomainContributionAndProof)));
}

TEST(Signing, GenesisVersionDomains) {
  const ChainConfig& s = chain_config(Network::kSepolia);
  const BlsToExecutionChange change{ValidatorIndex{1}, BlsPubkey{}, ExecutionAddress{}};
  EXPECT_EQ(bls_to_execution_change_signing_root(s, change),
            compute_signing_root_of(change, compute_domain(kDomainBlsToExecutionChange,
                                                           hexn<4>("90000069"),
                                                           s.genesis_validators_root)));
  const ValidatorRegistration reg{ExecutionAddress{}, 30'000'000, 1'700'000'000, BlsPubkey{}};
  EXPECT_EQ(validator_registration_signing_root(s, reg),
            compute_signing_root_of(
                reg, compute_domain(kDomainApplicationBuilder, hexn<4>("90000069"), Root{})));
  const DepositMessage msg{};
  EXPECT_EQ(deposit_signing_root(msg, hexn<4>("10000910")),
            compute_signing_root_of(msg, compute_domain(kDomainDeposit, hexn<4>("10000910"),
                                                        Root{})));
}

}  // namespace
}  // namespace stakepool::eth
