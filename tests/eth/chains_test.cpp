// Chain table and presets cross-checked against the shared vectors: network-constants.json,
// consensus-specs configs/*.yaml and presets/*/*.yaml (read in place).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "stakepool/eth/chains.hpp"
#include "stakepool/eth/signing.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::eth {
namespace {

const std::string kVectors = SP_VECTORS_DIR;

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// flat_yaml reads `KEY: value` lines (comments stripped) of a flat config/preset file.
std::map<std::string, std::string> flat_yaml(const std::string& path) {
  std::map<std::string, std::string> out;
  std::istringstream in(read_text(path));
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    const auto colon = line.find(':');
    if (colon == std::string::npos || line.empty() || line[0] == ' ' || line[0] == '-') continue;
    std::string v = line.substr(colon + 1);
    v.erase(0, v.find_first_not_of(" '\""));
    v.erase(v.find_last_not_of(" '\"\r") + 1);
    out[line.substr(0, colon)] = v;
  }
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

constexpr const char* kForkKeys[kForkCount] = {"GENESIS", "ALTAIR", "BELLATRIX", "CAPELLA",
                                               "DENEB", "ELECTRA", "FULU"};

TEST(Chains, MatchNetworkConstantsJson) {
  const auto j = nlohmann::json::parse(read_text(kVectors + "/network-constants.json"));
  int checked = 0;
  for (const auto& [name, net] : j.at("networks").items()) {
    auto n = parse_network(name);
    ASSERT_TRUE(n) << name;
    const ChainConfig& c = chain_config(*n);
    for (std::size_t f = 0; f < kForkCount; ++f) {
      const std::string key = std::string(kForkKeys[f]) + "_FORK_VERSION";
      if (!net.contains(key)) continue;
      EXPECT_EQ(util::to_hex0x(c.forks[f].version), net.at(key).get<std::string>()) << name << key;
      ++checked;
    }
    EXPECT_EQ(util::to_hex0x(c.genesis_validators_root),
              net.at("GENESIS_VALIDATORS_ROOT").get<std::string>()) << name;
    EXPECT_EQ(util::to_hex0x(c.deposit_contract_address),
              lower(net.at("DEPOSIT_CONTRACT_ADDRESS").get<std::string>())) << name;
  }
  EXPECT_EQ(checked, 27);  // 4 networks x 7 forks, holesky without fulu in the file
}

TEST(Chains, DomainConstantsMatchJson) {
  const auto j = nlohmann::json::parse(read_text(kVectors + "/network-constants.json"));
  const std::map<std::string, DomainType> ours = {
      {"DOMAIN_BEACON_PROPOSER", kDomainBeaconProposer},
      {"DOMAIN_BEACON_ATTESTER", kDomainBeaconAttester},
      {"DOMAIN_RANDAO", kDomainRandao},
      {"DOMAIN_DEPOSIT", kDomainDeposit},
      {"DOMAIN_VOLUNTARY_EXIT", kDomainVoluntaryExit},
      {"DOMAIN_SELECTION_PROOF", kDomainSelectionProof},
      {"DOMAIN_AGGREGATE_AND_PROOF", kDomainAggregateAndProof},
      {"DOMAIN_SYNC_COMMITTEE", kDomainSyncCommittee},
      {"DOMAIN_SYNC_COMMITTEE_SELECTION_PROOF", kDomainSyncCommitteeSelectionProof},
      {"DOMAIN_CONTRIBUTION_AND_PROOF", kDomainContributionAndProof},
      {"DOMAIN_BLS_TO_EXECUTION_CHANGE", kDomainBlsToExecutionChange},
      {"DOMAIN_APPLICATION_MASK", kDomainApplicationMask}};
  const auto& types = j.at("domain_types");
  EXPECT_EQ(types.size(), ours.size());
  for (const auto& [name, value] : types.items()) {
    ASSERT_TRUE(ours.count(name)) << name;
    EXPECT_EQ(util::to_hex0x(ours.at(name)), lower(value.get<std::string>())) << name;
  }
}

void expect_config_matches(const ChainConfig& c, const std::string& file) {
  const auto y = flat_yaml(kVectors + "/consensus-specs/configs/" + file);
  for (std::size_t f = 0; f < kForkCount; ++f) {
    const std::string k = kForkKeys[f];
    EXPECT_EQ(util::to_hex0x(c.forks[f].version), y.at(k + "_FORK_VERSION")) << file << k;
    if (f > 0) {
      EXPECT_EQ(std::to_string(u64(c.forks[f].epoch)), y.at(k + "_FORK_EPOCH")) << k;
    }
  }
  EXPECT_EQ(std::to_string(c.slot_duration_ms), y.at("SLOT_DURATION_MS"));
  EXPECT_EQ(std::to_string(c.deposit_chain_id), y.at("DEPOSIT_CHAIN_ID"));
  EXPECT_EQ(util::to_hex0x(c.deposit_contract_address), lower(y.at("DEPOSIT_CONTRACT_ADDRESS")));
}

TEST(Chains, MatchSpecConfigs) {
  expect_config_matches(chain_config(Network::kMainnet), "mainnet.yaml");
  expect_config_matches(chain_config(Network::kMinimal), "minimal.yaml");
}

template <typename P>
void expect_preset_matches(const std::string& dir) {
  std::map<std::string, std::string> y;
  for (const char* fork : {"phase0", "altair", "electra"}) {
    auto part = flat_yaml(kVectors + "/consensus-specs/presets/" + dir + "/" + fork + ".yaml");
    y.insert(part.begin(), part.end());
  }
  EXPECT_EQ(std::to_string(P::kSlotsPerEpoch), y.at("SLOTS_PER_EPOCH"));
  EXPECT_EQ(std::to_string(P::kMaxValidatorsPerCommittee), y.at("MAX_VALIDATORS_PER_COMMITTEE"));
  EXPECT_EQ(std::to_string(P::kMaxCommitteesPerSlot), y.at("MAX_COMMITTEES_PER_SLOT"));
  EXPECT_EQ(std::to_string(P::kTargetCommitteeSize), y.at("TARGET_COMMITTEE_SIZE"));
  EXPECT_EQ(std::to_string(P::kMaxAttestations), y.at("MAX_ATTESTATIONS"));
  EXPECT_EQ(std::to_string(P::kSyncCommitteeSize), y.at("SYNC_COMMITTEE_SIZE"));
  EXPECT_EQ(std::to_string(P::kEpochsPerSyncCommitteePeriod),
            y.at("EPOCHS_PER_SYNC_COMMITTEE_PERIOD"));
  EXPECT_EQ(std::to_string(P::kMaxAttestationsElectra), y.at("MAX_ATTESTATIONS_ELECTRA"));
}

TEST(Chains, PresetsMatchSpecPresets) {
  expect_preset_matches<MainnetPreset>("mainnet");
  expect_preset_matches<MinimalPreset>("minimal");
  EXPECT_EQ(chain_config(Network::kMinimal).slots_per_epoch, MinimalPreset::kSlotsPerEpoch);
  EXPECT_EQ(chain_config(Network::kMainnet).slots_per_epoch, MainnetPreset::kSlotsPerEpoch);
}

TEST(Chains, ForkSchedule) {
  const ChainConfig& m = chain_config(Network::kMainnet);
  EXPECT_EQ(fork_at_epoch(m, Epoch{0}), ForkName::kPhase0);
  EXPECT_EQ(fork_at_epoch(m, Epoch{74239}), ForkName::kPhase0);
  EXPECT_EQ(fork_at_epoch(m, Epoch{74240}), ForkName::kAltair);
  EXPECT_EQ(fork_at_epoch(m, Epoch{364031}), ForkName::kDeneb);
  EXPECT_EQ(fork_at_epoch(m, Epoch{364032}), ForkName::kElectra);
  EXPECT_EQ(fork_at_epoch(m, kFarFutureEpoch), ForkName::kFulu);
  EXPECT_EQ(util::to_hex(fork_version_at_epoch(m, Epoch{200000})), "03000000");
  const Fork f = fork_at(m, Epoch{400000});
  EXPECT_EQ(util::to_hex(f.previous_version), "04000000");
  EXPECT_EQ(util::to_hex(f.current_version), "05000000");
  EXPECT_EQ(u64(f.epoch), 364032u);
  // hoodi starts at deneb: all of altair..deneb share epoch 0.
  EXPECT_EQ(fork_at_epoch(chain_config(Network::kHoodi), Epoch{0}), ForkName::kDeneb);
  // minimal: every later fork is unscheduled, even at the far-future epoch.
  EXPECT_EQ(fork_at_epoch(chain_config(Network::kMinimal), kFarFutureEpoch), ForkName::kPhase0);
  EXPECT_EQ(u64(epoch_at_slot(m, Slot{65})), 2u);
  EXPECT_EQ(u64(start_slot_of_epoch(chain_config(Network::kMinimal), Epoch{3})), 24u);
  EXPECT_EQ(*parse_network("dev"), Network::kMinimal);
  EXPECT_FALSE(parse_network("goerli"));
  EXPECT_EQ(*parse_fork_name("electra"), ForkName::kElectra);
  EXPECT_FALSE(parse_fork_name("gloas"));
}

// Fork digests (compute_fork_data_root(version, gvr)[:4]) as published for mainnet gossip topics
// and seen in ENRs; they check the versions and the genesis validators root together.
TEST(Chains, KnownForkDigests) {
  const ChainConfig& m = chain_config(Network::kMainnet);
  const char* digests[] = {"b5303f2a", "afcaaba0", "4a26c58b", "bba4da96", "6a95a1a9", "ad532ceb"};
  for (std::size_t f = 0; f < 6; ++f) {
    const Root r = compute_fork_data_root(m.forks[f].version, m.genesis_validators_root);
    EXPECT_EQ(util::to_hex(std::span(r).first(4)), digests[f]) << f;
  }
  const ChainConfig& s = chain_config(Network::kSepolia);
  const Root r = compute_fork_data_root(fork_version(s, ForkName::kElectra),
                                        s.genesis_validators_root);
  EXPECT_EQ(util::to_hex(std::span(r).first(4)), "14045b5a");
}

}  // namespace
}  // namespace stakepool::eth
