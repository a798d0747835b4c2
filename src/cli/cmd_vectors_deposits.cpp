// `stakepool vectors deposits DIR`: deposit_data-*.json files made by staking-deposit-cli 2.7 and
// ethstaker-deposit-cli 1.3 (via lighthouse's validator_manager test vectors). Each file's folder
// name encodes the request: <net>_first_<start>_count_<n>[_prefix_0x0N]_eth1_<bool>. We derive the
// same validators from the documented mnemonic, sign their deposits and require the file's exact
// bytes (deposit_cli_version, the producing tool's version, is taken from the file). Every *.json
// below DIR must be such a file.
#include <algorithm>
#include <regex>
#include <string>

#include "commands.hpp"
#include "stakepool/eth/bip39.hpp"
#include "stakepool/eth/deposit.hpp"
#include "stakepool/util/fs.hpp"
#include "vector_report.hpp"
#include "vectors.hpp"

namespace stakepool::cli {
namespace {

namespace fs = std::filesystem;

// The inputs documented with the vectors (vectors/README.md, "deposits/").
constexpr const char* kMnemonic = "test test test test test test test test test test test waste";
constexpr const char* kWithdrawalAddress = "0x0f51bb10119727a7e5ea3538074fb341f56b09ad";

struct FolderSpec {
  std::string network;
  eth::DepositRequest request;
};

FolderSpec parse_folder(const std::string& name) {
  static const std::regex kRe(
      "([a-z]+)_first_([0-9]+)_count_([0-9]+)(_prefix_0x0([012]))?_eth1_(true|false)");
  std::smatch m;
  if (!std::regex_match(name, m, kRe)) throw VectorError("unrecognised vector folder name " + name);
  FolderSpec s;
  s.network = m[1];
  s.request.start_index = static_cast<uint32_t>(std::stoul(m[2]));
  s.request.count = static_cast<uint32_t>(std::stoul(m[3]));
  const bool eth1 = m[6] == "true";
  const int prefix = m[5].matched ? std::stoi(m[5]) : (eth1 ? 1 : 0);
  if ((prefix == 0) == eth1) throw VectorError(name + ": prefix and eth1 flag disagree");
  s.request.kind = static_cast<eth::WithdrawalKind>(prefix);
  if (eth1) s.request.address = eth::parse_execution_address(kWithdrawalAddress).value();
  return s;
}

// cli_version_of returns the deposit_cli_version shared by all entries of the file.
std::string cli_version_of(const nlohmann::json& j) {
  if (!j.is_array() || j.empty()) throw VectorError("expected a non-empty list of deposits");
  std::string v;
  for (const auto& e : j) {
    if (!e.is_object() || !e.contains("deposit_cli_version") ||
        !e["deposit_cli_version"].is_string()) {
      throw VectorError("entry without deposit_cli_version");
    }
    if (!v.empty() && e["deposit_cli_version"] != v) throw VectorError("mixed deposit_cli_version");
    v = e["deposit_cli_version"].get<std::string>();
  }
  return v;
}

void run_deposit_file(const fs::path& p, const util::Secret<64>& seed) {
  FolderSpec spec = parse_folder(p.parent_path().parent_path().filename().string());
  auto net = eth::parse_network(spec.network);
  if (!net) throw VectorError(net.error().message);
  const eth::ChainConfig& chain = eth::chain_config(*net);
  auto text = util::read_text_file(p);
  if (!text) throw VectorError(text.error().message);
  spec.request.deposit_cli_version = cli_version_of(load_json_file(p));
  auto vals = eth::derive_validator_deposits(seed.expose(), spec.request, chain);
  if (!vals) throw VectorError(vals.error().message);
  std::vector<eth::DepositEntry> entries;
  for (const auto& v : *vals) {
    auto ok = eth::verify_deposit(v.deposit, chain);
    if (!ok) throw VectorError(ok.error().message);
    entries.push_back(v.deposit);
  }
  const std::string got = eth::deposit_data_json(entries);
  if (got != *text) throw VectorError("deposit_data differs:\n got  " + got + "\n want " + *text);
}

}  // namespace

void add_vectors_deposits(CLI::App* vectors) {
  auto* cmd = vectors->add_subcommand(
      "deposits",
      "deposit_data-*.json from the staking-deposit-cli family (DIR = vectors/deposits)");
  auto dir = std::make_shared<std::string>();
  cmd->add_option("DIR", *dir, "the vectors/deposits directory")->required();
  cmd->callback([dir] {
    VectorReport report;
    auto seed = eth::mnemonic_to_seed(eth::as_bytes(kMnemonic), {});
    if (!seed) throw CliError(seed.error().message);
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(*dir, ec)) {
      if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
    }
    if (ec) throw CliError(*dir + ": " + ec.message());
    std::sort(files.begin(), files.end());
    for (const fs::path& p : files) {
      const std::string rel = fs::relative(p, *dir).generic_string();
      const std::string tool = rel.substr(0, rel.find('/'));
      const bool deposit_file = p.filename().string().rfind("deposit_data-", 0) == 0;
      report.run_case("deposits " + tool, rel, [&] {
        if (!deposit_file) throw VectorError("unknown vector file");
        run_deposit_file(p, *seed);
      });
    }
    if (!report.finish()) throw CliError("deposit vectors failed");
  });
}

}  // namespace stakepool::cli
