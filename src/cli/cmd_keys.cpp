// `stakepool keys ...`: validator key material from BIP-39 mnemonics (EIP-2333/2334).
//   keys new-mnemonic [--words N]   prints a fresh English mnemonic drawn from the OS CSPRNG
#include <memory>

#include "commands.hpp"
#include "secret_files.hpp"
#include "stakepool/eth/bip39.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::cli {
namespace {

void add_new_mnemonic(CLI::App* keys) {
  auto* cmd = keys->add_subcommand("new-mnemonic",
                                   "Print a new BIP-39 mnemonic (English) from OS entropy; keep it "
                                   "offline, it is the root of all derived validator keys");
  auto words = std::make_shared<std::size_t>(24);
  cmd->add_option("--words", *words, "Number of words: 12, 15, 18, 21 or 24")->capture_default_str();
  cmd->callback([words] {
    util::OsRng rng;
    auto m = eth::generate_mnemonic(rng, eth::Bip39Language::kEnglish, *words);
    if (!m) throw CliError(m.error().message);
    print_secret(*m);
  });
}

}  // namespace

void register_keys(CLI::App& app) {
  auto* keys = app.add_subcommand("keys", "Validator keys: BIP-39 mnemonics, EIP-2333 derivation");
  keys->require_subcommand(1);
  add_new_mnemonic(keys);
}

}  // namespace stakepool::cli
