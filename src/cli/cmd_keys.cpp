// `stakepool keys ...`: validator key material from BIP-39 mnemonics (EIP-2333/2334).
//   keys new-mnemonic [--words N] [--language L]
//                                   prints a fresh mnemonic (default English) from the OS CSPRNG
//   keys generate --mnemonic-file F --start-index I --count N --chain NAME --password-file P
//        --out DIR [--withdrawal-address 0x.. [--compounding]] [--amount GWEI] [--kdf K]
//        [--language L]             (mnemonic language; detected from the words by default)
//                                   writes keystore-m_12381_3600_<i>_0_0-<ts>.json per validator
//                                   and one deposit_data-<ts>.json (staking-deposit-cli compatible)
//   keys verify-deposit FILE --chain NAME
//                                   checks every entry of a deposit_data-*.json (deposit_file.hpp)
#include <ctime>
#include <filesystem>
#include <memory>

#include "commands.hpp"
#include "deposit_file.hpp"
#include "secret_files.hpp"
#include "stakepool/eth/bip39.hpp"
#include "stakepool/eth/deposit.hpp"
#include "stakepool/eth/key_path.hpp"
#include "stakepool/eth/validator_keystore.hpp"
#include "stakepool/util/fs.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::cli {
namespace {

// parse_language maps a --language value to a word list (CliError naming the embedded ones).
eth::Bip39Language parse_language(const std::string& name) {
  auto lang = eth::bip39_language_from_name(name);
  if (!lang) throw CliError("--language: " + lang.error().message);
  return *lang;
}

void add_new_mnemonic(CLI::App* keys) {
  auto* cmd = keys->add_subcommand("new-mnemonic",
                                   "Print a new BIP-39 mnemonic from OS entropy; keep it "
                                   "offline, it is the root of all derived validator keys");
  auto words = std::make_shared<std::size_t>(24);
  auto language = std::make_shared<std::string>("english");
  cmd->add_option("--words", *words, "Number of words: 12, 15, 18, 21 or 24")
      ->capture_default_str();
  cmd->add_option("--language", *language, "Word list: " + eth::bip39_language_names())
      ->capture_default_str();
  cmd->callback([words, language] {
    const eth::Bip39Language lang = parse_language(*language);
    util::OsRng rng;
    auto m = eth::generate_mnemonic(rng, lang, *words);
    if (!m) throw CliError(m.error().message);
    print_secret(*m);
  });
}

struct GenerateArgs {
  std::string mnemonic_file, password_file, chain, withdrawal_address, out, kdf = "scrypt";
  std::string language;  // empty: detect
  uint32_t start_index = 0, count = 1;
  bool compounding = false;
  eth::Gwei amount = eth::kMaxDepositAmount;
};

// read_seed validates the mnemonic file (in `language`, or the language detected from its words
// when empty) and returns the seed of its canonical form (single separators), with an empty
// passphrase.
util::Secret<64> read_seed(const std::string& file, const std::string& language) {
  util::SecretBytes text = read_secret_file(file, "mnemonic file");
  eth::DecodedMnemonic decoded{eth::Bip39Language::kEnglish, {}};
  if (language.empty()) {
    auto d = eth::decode_mnemonic(text.expose());
    if (!d) throw CliError("mnemonic file: " + d.error().message);
    decoded = std::move(*d);
  } else {
    decoded.language = parse_language(language);
    auto e = eth::mnemonic_to_entropy(text.expose(), decoded.language);
    if (!e) throw CliError("mnemonic file: " + e.error().message);
    decoded.entropy = std::move(*e);
  }
  auto canonical = eth::mnemonic_from_entropy(decoded.entropy.expose(), decoded.language);
  if (!canonical) throw CliError(canonical.error().message);
  auto seed = eth::mnemonic_to_seed(canonical->expose(), {});
  if (!seed) throw CliError(seed.error().message);
  return std::move(*seed);
}

eth::DepositRequest make_request(const GenerateArgs& a) {
  eth::DepositRequest req;
  req.start_index = a.start_index;
  req.count = a.count;
  req.amount = a.amount;
  if (!a.withdrawal_address.empty()) {
    auto addr = eth::parse_execution_address(a.withdrawal_address);
    if (!addr) throw CliError(addr.error().message);
    req.address = *addr;
    req.kind = a.compounding ? eth::WithdrawalKind::kCompounding : eth::WithdrawalKind::kExecution;
  } else if (a.compounding) {
    throw CliError("--compounding needs --withdrawal-address");
  }
  return req;
}

void write_or_throw(const std::filesystem::path& p, const std::string& text, int mode) {
  if (std::filesystem::exists(p)) throw CliError(p.string() + " already exists");
  auto st = util::write_text_file_atomic(p, text, mode);
  if (!st) throw CliError(st.error().message);
}

void run_generate(const GenerateArgs& a) {
  auto net = eth::parse_network(a.chain);
  if (!net) throw CliError(net.error().message);
  const eth::ChainConfig& chain = eth::chain_config(*net);
  const eth::DepositRequest req = make_request(a);
  util::Secret<64> seed = read_seed(a.mnemonic_file, a.language);
  util::SecretBytes password = read_secret_file(a.password_file, "password file");
  auto vals = eth::derive_validator_deposits(seed.expose(), req, chain);
  if (!vals) throw CliError(vals.error().message);
  std::filesystem::create_directories(a.out);
  const std::string ts = std::to_string(static_cast<long long>(std::time(nullptr)));
  eth::KdfParams params;
  params.kind = a.kdf == "pbkdf2" ? eth::KdfKind::kPbkdf2 : eth::KdfKind::kScrypt;
  util::OsRng rng;
  std::vector<eth::DepositEntry> entries;
  for (const auto& v : *vals) {
    const eth::KeyPath path = eth::KeyPath::signing(v.index);
    auto ks = eth::encrypt_secret_key(v.signing_key, password.expose(), params, path.to_string(),
                                      "", rng);
    if (!ks) throw CliError(ks.error().message);
    const auto file =
        std::filesystem::path(a.out) / ("keystore-" + path.file_tag() + "-" + ts + ".json");
    write_or_throw(file, eth::keystore_to_json(*ks), 0600);
    entries.push_back(v.deposit);
    std::printf("validator %u pubkey %s -> %s\n", v.index, ks->pubkey.c_str(), file.c_str());
  }
  const auto deposit_file = std::filesystem::path(a.out) / ("deposit_data-" + ts + ".json");
  write_or_throw(deposit_file, eth::deposit_data_json(entries), 0644);
  std::printf("wrote %s (%zu deposits, %s)\n", deposit_file.c_str(), entries.size(),
              std::string(chain.name).c_str());
}

void add_generate(CLI::App* keys) {
  auto* cmd = keys->add_subcommand(
      "generate", "Derive validator keystores and deposit data from a mnemonic (EIP-2333/2334)");
  auto a = std::make_shared<GenerateArgs>();
  cmd->add_option("--mnemonic-file", a->mnemonic_file,
                  "File with the BIP-39 mnemonic (words may be cut to their first four letters)")
      ->required();
  cmd->add_option(
      "--language", a->language,
      "Mnemonic word list (" + eth::bip39_language_names() + "); default: detected from the words");
  cmd->add_option("--start-index", a->start_index, "First validator index i (m/12381/3600/i/0/0)")
      ->capture_default_str();
  cmd->add_option("--count", a->count, "Number of validators")
      ->check(CLI::Range(1u, 100000u))
      ->capture_default_str();
  cmd->add_option("--chain", a->chain, "mainnet, sepolia, holesky or hoodi")->required();
  cmd->add_option("--withdrawal-address", a->withdrawal_address,
                  "Execution address for 0x01 credentials (default: 0x00 BLS credentials)");
  cmd->add_flag("--compounding", a->compounding, "Use 0x02 (compounding) credentials");
  cmd->add_option("--amount", a->amount, "Deposit amount in gwei")->capture_default_str();
  cmd->add_option("--password-file", a->password_file, "Keystore password file")->required();
  cmd->add_option("--kdf", a->kdf, "Keystore KDF")
      ->check(CLI::IsMember({"scrypt", "pbkdf2"}))
      ->capture_default_str();
  cmd->add_option("--out", a->out, "Output directory")->required();
  cmd->callback([a] { run_generate(*a); });
}

void run_verify_deposit(const std::string& file, const std::string& chain_name) {
  auto net = eth::parse_network(chain_name);
  if (!net) throw CliError("--chain: " + net.error().message);
  const eth::ChainConfig& chain = eth::chain_config(*net);
  auto text = util::read_text_file(file);
  if (!text) throw CliError(text.error().message);
  std::vector<DepositCheck> checks;
  try {
    checks = check_deposit_text(*text, chain);
  } catch (const CliError& e) {
    throw CliError(file + ": " + e.what());
  }
  std::size_t failed = 0;
  std::string first_failure;
  for (const DepositCheck& c : checks) {
    if (c.ok) {
      std::printf("entry %zu: ok pubkey %s\n", c.index, c.pubkey.c_str());
      continue;
    }
    const std::string what =
        "entry " + std::to_string(c.index) + " field " + c.field + ": " + c.message;
    std::printf("%s\n", what.c_str());
    if (failed++ == 0) first_failure = what;
  }
  std::printf("verify-deposit %s: %zu passed, %zu failed\n", std::string(chain.name).c_str(),
              checks.size() - failed, failed);
  if (failed > 0) throw CliError(file + ": " + first_failure);
}

void add_verify_deposit(CLI::App* keys) {
  auto* cmd = keys->add_subcommand(
      "verify-deposit",
      "Check every entry of a deposit_data-*.json: fields, chain, roots, pubkey and signature");
  auto file = std::make_shared<std::string>();
  auto chain = std::make_shared<std::string>();
  cmd->add_option("FILE", *file, "deposit_data-*.json (staking-deposit-cli format)")->required();
  cmd->add_option("--chain", *chain, "mainnet, sepolia, holesky, hoodi or minimal")->required();
  cmd->callback([file, chain] { run_verify_deposit(*file, *chain); });
}

}  // namespace

void register_keys(CLI::App& app) {
  auto* keys = app.add_subcommand("keys", "Validator keys: BIP-39 mnemonics, EIP-2333 derivation");
  keys->require_subcommand(1);
  add_new_mnemonic(keys);
  add_generate(keys);
  add_verify_deposit(keys);
}

}  // namespace stakepool::cli
