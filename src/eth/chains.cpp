// Built-in chain configurations (fork schedules, genesis data, deposit contracts).
// Sources: consensus-specs configs/{mainnet,minimal}.yaml; eth-clients/{sepolia,holesky,hoodi}
// metadata/config.yaml; genesis validators roots from the deposit tools' settings. Cross-checked
// by tests/eth/chains_test.cpp against ../shared/vectors/network-constants.json.
#include "stakepool/eth/chains.hpp"

#include <string>

namespace stakepool::eth {
namespace {

constexpr uint8_t hex_nibble(char c) {
  return c >= '0' && c <= '9'   ? static_cast<uint8_t>(c - '0')
         : c >= 'a' && c <= 'f' ? static_cast<uint8_t>(c - 'a' + 10)
                                : static_cast<uint8_t>(c - 'A' + 10);
}

// hex parses a "0x"-prefixed literal of exactly N bytes at compile time.
template <std::size_t N>
constexpr std::array<uint8_t, N> hex(const char (&s)[2 * N + 3]) {
  std::array<uint8_t, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    out[i] = static_cast<uint8_t>(hex_nibble(s[2 + 2 * i]) << 4 | hex_nibble(s[3 + 2 * i]));
  }
  return out;
}

constexpr Epoch kNever = kFarFutureEpoch;

// forks builds the schedule from (version, epoch) pairs in fork order.
constexpr std::array<ForkInfo, kForkCount> forks(
    const std::array<std::pair<uint32_t, uint64_t>, kForkCount>& v) {
  std::array<ForkInfo, kForkCount> out{};
  for (std::size_t i = 0; i < kForkCount; ++i) {
    const uint32_t ver = v[i].first;
    out[i].version = {static_cast<uint8_t>(ver >> 24), static_cast<uint8_t>(ver >> 16),
                      static_cast<uint8_t>(ver >> 8), static_cast<uint8_t>(ver)};
    out[i].epoch = Epoch{v[i].second};
  }
  return out;
}

constexpr uint64_t kFar = u64(kNever);

const std::array<ChainConfig, 5> kChains = {{
    {"mainnet", PresetName::kMainnet,
     forks({{{0x00000000, 0}, {0x01000000, 74240}, {0x02000000, 144896}, {0x03000000, 194048},
             {0x04000000, 269568}, {0x05000000, 364032}, {0x06000000, 411392}}}),
     hex<32>("0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95"), 1606824023,
     12000, 32, 1, hex<20>("0x00000000219ab540356cBB839Cbe05303d7705Fa")},
    {"sepolia", PresetName::kMainnet,
     forks({{{0x90000069, 0}, {0x90000070, 50}, {0x90000071, 100}, {0x90000072, 56832},
             {0x90000073, 132608}, {0x90000074, 222464}, {0x90000075, 272640}}}),
     hex<32>("0xd8ea171f3c94aea21ebc42a1ed61052acf3f9209c00e4efbaaddac09ed9b8078"), 1655733600,
     12000, 32, 11155111, hex<20>("0x7f02C3E3c98b133055B8B348B2Ac625669Ed295D")},
    {"holesky", PresetName::kMainnet,
     forks({{{0x01017000, 0}, {0x02017000, 0}, {0x03017000, 0}, {0x04017000, 256},
             {0x05017000, 29696}, {0x06017000, 115968}, {0x07017000, 165120}}}),
     hex<32>("0x9143aa7c615a7f7115e2b6aac319c03529df8242ae705fba9df39b79c59fa8b1"), 1695902400,
     12000, 32, 17000, hex<20>("0x4242424242424242424242424242424242424242")},
    {"hoodi", PresetName::kMainnet,
     forks({{{0x10000910, 0}, {0x20000910, 0}, {0x30000910, 0}, {0x40000910, 0},
             {0x50000910, 0}, {0x60000910, 2048}, {0x70000910, 50688}}}),
     hex<32>("0x212f13fc4df078b6cb7db228f1c8307566dcecf900867401a92023d7ba99cb5f"), 1742213400,
     12000, 32, 560048, hex<20>("0x00000000219ab540356cBB839Cbe05303d7705Fa")},
    // minimal: the spec's dev config; every fork after phase0 unscheduled, genesis set by the
    // dev chain (genesis_time and genesis_validators_root zero until then).
    {"minimal", PresetName::kMinimal,
     forks({{{0x00000001, 0}, {0x01000001, kFar}, {0x02000001, kFar}, {0x03000001, kFar},
             {0x04000001, kFar}, {0x05000001, kFar}, {0x06000001, kFar}}}),
     Root{}, 0, 6000, 8, 5, hex<20>("0x1234567890123456789012345678901234567890")},
}};

constexpr std::array<std::string_view, kForkCount> kForkNames = {
    "phase0", "altair", "bellatrix", "capella", "deneb", "electra", "fulu"};

}  // namespace

std::string_view fork_name(ForkName f) { return kForkNames[static_cast<std::size_t>(f)]; }

Result<ForkName> parse_fork_name(std::string_view s) {
  for (std::size_t i = 0; i < kForkCount; ++i) {
    if (kForkNames[i] == s) return static_cast<ForkName>(i);
  }
  return make_error(Errc::kInvalidArgument, "unknown fork '" + std::string(s) + "'");
}

const ChainConfig& chain_config(Network n) { return kChains[static_cast<std::size_t>(n)]; }

std::span<const ChainConfig> all_chain_configs() { return kChains; }

Result<Network> parse_network(std::string_view s) {
  if (s == "dev") return Network::kMinimal;
  for (std::size_t i = 0; i < kChains.size(); ++i) {
    if (kChains[i].name == s) return static_cast<Network>(i);
  }
  return make_error(Errc::kInvalidArgument,
                    "unknown network '" + std::string(s) +
                        "' (known: mainnet, sepolia, holesky, hoodi, minimal, dev)");
}

ForkName fork_at_epoch(const ChainConfig& c, Epoch epoch) {
  std::size_t current = 0;
  for (std::size_t i = 1; i < kForkCount; ++i) {
    const Epoch e = c.forks[i].epoch;
    if (e != kNever && u64(e) <= u64(epoch)) current = i;
  }
  return static_cast<ForkName>(current);
}

Version fork_version_at_epoch(const ChainConfig& c, Epoch epoch) {
  return fork_version(c, fork_at_epoch(c, epoch));
}

Fork fork_at(const ChainConfig& c, Epoch epoch) {
  const auto f = static_cast<std::size_t>(fork_at_epoch(c, epoch));
  const std::size_t prev = f == 0 ? 0 : f - 1;
  return Fork{c.forks[prev].version, c.forks[f].version, f == 0 ? Epoch{0} : c.forks[f].epoch};
}

}  // namespace stakepool::eth
