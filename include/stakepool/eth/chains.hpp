#pragma once
// Chain configurations: fork schedules, genesis validators roots and deposit contracts for
// mainnet, sepolia, holesky, hoodi and the spec's minimal (dev) config. Values are embedded in
// chains.cpp (sources: consensus-specs configs/, eth-clients network config.yaml); tests/eth
// cross-checks them against ../shared/vectors/network-constants.json and configs/*.yaml.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "stakepool/eth/types.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::eth {

// ForkName: consensus forks in activation order.
enum class ForkName : uint8_t { kPhase0, kAltair, kBellatrix, kCapella, kDeneb, kElectra, kFulu };
inline constexpr std::size_t kForkCount = 7;

// fork_name returns the spec's lower-case name ("phase0", ..., "fulu").
std::string_view fork_name(ForkName f);
// parse_fork_name is the inverse; fails naming the unknown fork.
Result<ForkName> parse_fork_name(std::string_view s);

// PresetName: which preset (presets.hpp) a chain's containers use.
enum class PresetName : uint8_t { kMainnet, kMinimal };

// ForkInfo: one fork's version and activation epoch (kFarFutureEpoch when unscheduled).
struct ForkInfo {
  Version version{};
  Epoch epoch = kFarFutureEpoch;
};

// ChainConfig: what signing and duty timing need to know about a network. Plain data: copy and
// modify it for a dev chain (e.g. set genesis_validators_root after genesis).
struct ChainConfig {
  std::string_view name;
  PresetName preset = PresetName::kMainnet;
  std::array<ForkInfo, kForkCount> forks{};  // indexed by ForkName; epochs non-decreasing
  Root genesis_validators_root{};            // zero for minimal (set at genesis)
  uint64_t genesis_time = 0;                 // unix seconds
  uint64_t slot_duration_ms = 12000;         // SLOT_DURATION_MS
  uint64_t slots_per_epoch = 32;
  uint64_t deposit_chain_id = 0;
  ExecutionAddress deposit_contract_address{};
};

// Network: the chains built in.
enum class Network : uint8_t { kMainnet, kSepolia, kHolesky, kHoodi, kMinimal };

// chain_config returns the built-in configuration of a network.
const ChainConfig& chain_config(Network n);
// all_chain_configs lists every built-in configuration.
std::span<const ChainConfig> all_chain_configs();
// parse_network maps "mainnet", "sepolia", "holesky", "hoodi", "minimal" (also "dev") to a Network.
Result<Network> parse_network(std::string_view s);

// fork_at_epoch returns the latest fork active at `epoch`.
ForkName fork_at_epoch(const ChainConfig& c, Epoch epoch);
// fork_version_at_epoch returns that fork's version (compute_fork_version in the spec).
Version fork_version_at_epoch(const ChainConfig& c, Epoch epoch);
// fork_version returns a named fork's version.
inline const Version& fork_version(const ChainConfig& c, ForkName f) {
  return c.forks[static_cast<std::size_t>(f)].version;
}
// genesis_fork_version returns GENESIS_FORK_VERSION.
inline const Version& genesis_fork_version(const ChainConfig& c) {
  return fork_version(c, ForkName::kPhase0);
}
// fork_at returns the state's Fork object {previous_version, current_version, epoch} at `epoch`.
Fork fork_at(const ChainConfig& c, Epoch epoch);
// epoch_at_slot returns compute_epoch_at_slot(slot).
inline Epoch epoch_at_slot(const ChainConfig& c, Slot slot) {
  return Epoch{u64(slot) / c.slots_per_epoch};
}
// start_slot_of_epoch returns compute_start_slot_at_epoch(epoch).
inline Slot start_slot_of_epoch(const ChainConfig& c, Epoch epoch) {
  return Slot{u64(epoch) * c.slots_per_epoch};
}

}  // namespace stakepool::eth
