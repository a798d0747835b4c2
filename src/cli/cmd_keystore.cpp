// `stakepool keystore ...`: EIP-2335 keystores.
//   keystore encrypt --secret-key-file F --password-file P [--kdf scrypt|pbkdf2] [--path m/...]
//                    [--description TEXT] --out FILE [--force]
//   keystore decrypt KEYSTORE --password-file P [--reveal]
#include <cstdio>
#include <filesystem>
#include <memory>

#include "commands.hpp"
#include "secret_files.hpp"
#include "stakepool/eth/keystore.hpp"
#include "stakepool/eth/validator_keystore.hpp"
#include "stakepool/util/fs.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::cli {
namespace {

struct EncryptArgs {
  std::string secret_key_file, password_file, kdf = "scrypt", path, description, out;
  bool force = false;
};

void run_encrypt(const EncryptArgs& a) {
  if (!a.force && std::filesystem::exists(a.out)) {
    throw CliError(a.out + " already exists (use --force to replace it)");
  }
  util::SecretBytes key_text = read_secret_file(a.secret_key_file, "secret key file");
  util::Secret<32> sk_bytes =
      parse_secret_key_hex(key_text, "secret key file " + a.secret_key_file);
  auto sk = crypto::bls::SecretKey::parse(sk_bytes.expose());
  if (!sk) throw CliError("secret key file: " + std::string(crypto::bls::to_string(sk.error())));
  util::SecretBytes password = read_secret_file(a.password_file, "password file");
  eth::KdfParams params;
  params.kind = a.kdf == "pbkdf2" ? eth::KdfKind::kPbkdf2 : eth::KdfKind::kScrypt;
  util::OsRng rng;
  auto ks = eth::encrypt_secret_key(*sk, password.expose(), params, a.path, a.description, rng);
  if (!ks) throw CliError(ks.error().message);
  auto st = util::write_text_file_atomic(a.out, eth::keystore_to_json(*ks) + "\n", 0600);
  if (!st) throw CliError(st.error().message);
  std::printf("wrote %s (pubkey %s)\n", a.out.c_str(), ks->pubkey.c_str());
}

void add_encrypt(CLI::App* keystore) {
  auto* cmd =
      keystore->add_subcommand("encrypt", "Encrypt a BLS secret key into an EIP-2335 keystore");
  auto a = std::make_shared<EncryptArgs>();
  cmd->add_option("--secret-key-file", a->secret_key_file,
                  "File with the secret key as 64 hex digits")
      ->required();
  cmd->add_option("--password-file", a->password_file,
                  "File with the password (NFKD-normalised; control characters such as the final "
                  "newline are removed, per EIP-2335)")
      ->required();
  cmd->add_option("--kdf", a->kdf, "Key derivation function")
      ->check(CLI::IsMember({"scrypt", "pbkdf2"}))
      ->capture_default_str();
  cmd->add_option("--path", a->path, "EIP-2334 derivation path recorded in the keystore (m/...)");
  cmd->add_option("--description", a->description, "Free-text description");
  cmd->add_option("--out", a->out, "Keystore file to write (mode 0600, atomically)")->required();
  cmd->add_flag("--force", a->force, "Replace --out if it exists");
  cmd->callback([a] { run_encrypt(*a); });
}

void run_decrypt(const std::string& file, const std::string& password_file, bool reveal) {
  auto text = util::read_text_file(file);
  if (!text) throw CliError(text.error().message);
  auto ks = eth::parse_keystore(*text);
  if (!ks) throw CliError(file + ": " + ks.error().message);
  util::SecretBytes password = read_secret_file(password_file, "password file");
  auto sk = eth::decrypt_secret_key(*ks, password.expose());
  if (!sk) throw CliError(file + ": " + sk.error().message);
  if (reveal) {
    print_secret(secret_hex(sk->expose_bytes()));
    return;
  }
  std::printf("pubkey %s\nok\n", eth::pubkey_hex(*sk).c_str());
}

void add_decrypt(CLI::App* keystore) {
  auto* cmd = keystore->add_subcommand(
      "decrypt",
      "Check a keystore's password (prints the pubkey and \"ok\"); --reveal prints the "
      "secret key");
  auto file = std::make_shared<std::string>();
  auto password_file = std::make_shared<std::string>();
  auto reveal = std::make_shared<bool>(false);
  cmd->add_option("KEYSTORE", *file, "EIP-2335 keystore JSON file")->required();
  cmd->add_option("--password-file", *password_file, "File with the password")->required();
  cmd->add_flag("--reveal", *reveal, "Print the decrypted secret key (hex) to stdout");
  cmd->callback([file, password_file, reveal] { run_decrypt(*file, *password_file, *reveal); });
}

}  // namespace

void register_keystore(CLI::App& app) {
  auto* keystore = app.add_subcommand("keystore", "EIP-2335 keystores: encrypt and decrypt");
  keystore->require_subcommand(1);
  add_encrypt(keystore);
  add_decrypt(keystore);
}

}  // namespace stakepool::cli
