// `stakepool bls ...`: BLS keys, signatures and verification (Ethereum POP ciphersuite).
// Hex in, hex out (0x-prefixed). Secret keys are read from --secret-key-file or stdin, never argv.
// Verification commands print "valid" (exit 0) or "invalid" (exit 1).
#include <cctype>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "stakepool/crypto/bls.hpp"
#include "stakepool/util/fs.hpp"
#include "stakepool/util/hex.hpp"
#include "stakepool/util/rng.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::cli {
namespace {

namespace bls = crypto::bls;
using util::Bytes;

Bytes hex_arg(const std::string& s, const std::string& what) {
  auto b = util::from_hex(s);
  if (!b) throw CliError(what + ": " + b.error().message);
  return std::move(*b);
}

bls::PublicKey pubkey_arg(const std::string& s) {
  auto pk = bls::PublicKey::parse(hex_arg(s, "--pubkey"));
  if (!pk) throw CliError(std::string("--pubkey: invalid public key: ") + to_string(pk.error()));
  return *pk;
}

bls::Signature signature_arg(const std::string& s, const std::string& what = "--signature") {
  auto sig = bls::Signature::parse(hex_arg(s, what));
  if (!sig) throw CliError(what + ": invalid signature: " + to_string(sig.error()));
  return *sig;
}

// read_secret_text reads a file (or stdin for "" / "-") into a self-wiping buffer.
util::SecretBytes read_secret_text(const std::string& path) {
  if (path.empty() || path == "-") {
    std::string s((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    util::SecretBytes out({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
    util::secure_zero(s.data(), s.size());
    return out;
  }
  auto b = util::read_file(path);
  if (!b) throw CliError(path + ": " + b.error().message);
  util::SecretBytes out(*b);
  util::secure_zero(b->data(), b->size());
  return out;
}

int hex_digit(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// read_secret_key: 32-byte big-endian key as hex (optional 0x, surrounding whitespace allowed).
bls::SecretKey read_secret_key(const std::string& path) {
  const util::SecretBytes text = read_secret_text(path);
  auto t = text.expose();
  std::size_t b = 0, e = t.size();
  while (b < e && std::isspace(t[b])) ++b;
  while (e > b && std::isspace(t[e - 1])) --e;
  if (e - b >= 2 && t[b] == '0' && (t[b + 1] == 'x' || t[b + 1] == 'X')) b += 2;
  const std::string where = path.empty() || path == "-" ? "stdin" : path;
  if (e - b != 2 * bls::kSecretKeySize) {
    throw CliError(where + ": secret key must be 64 hex digits (32 bytes, big-endian)");
  }
  util::Secret<bls::kSecretKeySize> raw;
  int bad = 0;
  for (std::size_t i = 0; i < bls::kSecretKeySize; ++i) {
    const int hi = hex_digit(t[b + 2 * i]), lo = hex_digit(t[b + 2 * i + 1]);
    bad |= (hi | lo) < 0;
    raw.expose_mut()[i] = static_cast<uint8_t>((hi << 4) | (lo & 0xf));
  }
  if (bad) throw CliError(where + ": secret key is not valid hex");
  auto sk = bls::SecretKey::parse(raw.expose());
  if (!sk) throw CliError(where + ": " + to_string(sk.error()));
  return std::move(*sk);
}

void print_hex(std::span<const uint8_t> b) { std::printf("%s\n", util::to_hex0x(b).c_str()); }

// print_verdict prints valid/invalid; invalid exits 1 without an error message.
void print_verdict(bool ok) {
  std::printf("%s\n", ok ? "valid" : "invalid");
  std::fflush(stdout);
  if (!ok) throw CLI::RuntimeError(1);
}

void add_keygen(CLI::App* bls_cmd) {
  auto* cmd = bls_cmd->add_subcommand(
      "keygen", "Generate a secret key (KeyGen of draft-irtf-cfrg-bls-signature-05 §2.3)");
  struct Opts {
    std::string ikm_file, key_info, out;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--ikm-file", o->ikm_file,
                  "Input keying material (raw bytes, >= 32) instead of 32 bytes of OS entropy");
  cmd->add_option("--key-info", o->key_info, "KeyGen key_info string (default empty)");
  cmd->add_option("--out", o->out,
                  "Write the secret key (hex) to this file (mode 0600) and print the public key; "
                  "without it the secret key is printed");
  cmd->callback([o] {
    util::SecretBytes ikm;
    if (o->ikm_file.empty()) {
      ikm = util::SecretBytes(32);
      util::OsRng().fill(ikm.expose_mut());
    } else {
      auto b = util::read_file(o->ikm_file);
      if (!b) throw CliError(o->ikm_file + ": " + b.error().message);
      ikm = util::SecretBytes(*b);
      util::secure_zero(b->data(), b->size());
    }
    const std::string& info = o->key_info;
    auto sk = bls::SecretKey::key_gen(ikm.expose(),
                                      {reinterpret_cast<const uint8_t*>(info.data()), info.size()});
    if (!sk) throw CliError(std::string("keygen: ") + to_string(sk.error()));
    std::string hex = util::to_hex0x(sk->expose_bytes()) + "\n";
    if (o->out.empty()) {
      std::fwrite(hex.data(), 1, hex.size(), stdout);
    } else {
      auto st = util::write_text_file_atomic(o->out, hex, 0600);
      if (!st) throw CliError(o->out + ": " + st.error().message);
      print_hex(bls::sk_to_pk(*sk).to_bytes());
    }
    util::secure_zero(hex.data(), hex.size());
  });
}

void add_sk_option(CLI::App* cmd, std::string& path) {
  cmd->add_option("--secret-key-file", path,
                  "File holding the secret key as 64 hex digits (default: read stdin)");
}

void add_pubkey_and_sign(CLI::App* bls_cmd) {
  auto sk_path = std::make_shared<std::string>();
  auto* pub = bls_cmd->add_subcommand("pubkey", "Print the 48-byte public key of a secret key");
  add_sk_option(pub, *sk_path);
  pub->callback([sk_path] { print_hex(bls::sk_to_pk(read_secret_key(*sk_path)).to_bytes()); });

  struct SignOpts {
    std::string sk_path, message;
  };
  auto so = std::make_shared<SignOpts>();
  auto* sign = bls_cmd->add_subcommand("sign", "Sign a message (hex); prints the 96-byte signature");
  add_sk_option(sign, so->sk_path);
  sign->add_option("--message", so->message, "Message bytes as hex (e.g. a 32-byte signing root)")
      ->required();
  sign->callback([so] {
    const Bytes msg = hex_arg(so->message, "--message");
    print_hex(bls::sign(read_secret_key(so->sk_path), msg).to_bytes());
  });

  auto* pop = bls_cmd->add_subcommand("pop-prove", "Print a proof of possession of a secret key");
  auto pop_path = std::make_shared<std::string>();
  add_sk_option(pop, *pop_path);
  pop->callback([pop_path] { print_hex(bls::pop_prove(read_secret_key(*pop_path)).to_bytes()); });
}

struct VerifyOpts {
  std::vector<std::string> pubkeys, messages;
  std::string signature;
};

void add_verify(CLI::App* bls_cmd) {
  auto o = std::make_shared<VerifyOpts>();
  auto* v = bls_cmd->add_subcommand("verify", "Verify a signature; prints valid/invalid (exit 0/1)");
  v->add_option("--pubkey", o->pubkeys, "48-byte public key (hex)")->required()->expected(1);
  v->add_option("--message", o->messages, "Message (hex)")->required()->expected(1);
  v->add_option("--signature", o->signature, "96-byte signature (hex)")->required();
  v->callback([o] {
    print_verdict(bls::verify(pubkey_arg(o->pubkeys[0]), hex_arg(o->messages[0], "--message"),
                              signature_arg(o->signature)));
  });

  auto p = std::make_shared<VerifyOpts>();
  auto* pv = bls_cmd->add_subcommand("pop-verify", "Verify a proof of possession; valid/invalid");
  pv->add_option("--pubkey", p->pubkeys, "48-byte public key (hex)")->required()->expected(1);
  pv->add_option("--proof", p->signature, "96-byte proof (hex)")->required();
  pv->callback([p] {
    print_verdict(bls::pop_verify(pubkey_arg(p->pubkeys[0]), signature_arg(p->signature, "--proof")));
  });
}

void add_aggregate_verify(CLI::App* bls_cmd) {
  auto f = std::make_shared<VerifyOpts>();
  auto* fav = bls_cmd->add_subcommand(
      "fast-aggregate-verify", "Verify an aggregate signature of many keys on one message");
  fav->add_option("--pubkey", f->pubkeys, "Public key (hex); repeat for each signer")->required();
  fav->add_option("--message", f->messages, "Message (hex)")->required()->expected(1);
  fav->add_option("--signature", f->signature, "Aggregate signature (hex)")->required();
  fav->callback([f] {
    std::vector<bls::PublicKey> pks;
    for (const auto& s : f->pubkeys) pks.push_back(pubkey_arg(s));
    print_verdict(bls::fast_aggregate_verify(pks, hex_arg(f->messages[0], "--message"),
                                             signature_arg(f->signature)));
  });

  auto a = std::make_shared<VerifyOpts>();
  auto* av = bls_cmd->add_subcommand(
      "aggregate-verify", "Verify an aggregate signature where key i signed message i");
  av->add_option("--pubkey", a->pubkeys, "Public key (hex); repeat, in order")->required();
  av->add_option("--message", a->messages, "Message (hex); repeat, one per --pubkey")->required();
  av->add_option("--signature", a->signature, "Aggregate signature (hex)")->required();
  av->callback([a] {
    if (a->pubkeys.size() != a->messages.size()) {
      throw CliError("aggregate-verify: " + std::to_string(a->pubkeys.size()) + " --pubkey but " +
                     std::to_string(a->messages.size()) + " --message");
    }
    std::vector<bls::PublicKey> pks;
    std::vector<Bytes> msgs;
    for (const auto& s : a->pubkeys) pks.push_back(pubkey_arg(s));
    for (const auto& s : a->messages) msgs.push_back(hex_arg(s, "--message"));
    std::vector<std::span<const uint8_t>> views(msgs.begin(), msgs.end());
    print_verdict(bls::aggregate_verify(pks, views, signature_arg(a->signature)));
  });
}

void add_aggregate(CLI::App* bls_cmd) {
  auto o = std::make_shared<VerifyOpts>();
  auto* agg = bls_cmd->add_subcommand(
      "aggregate", "Aggregate signatures (--signature ...) or public keys (--pubkey ...)");
  auto* sig_opt = agg->add_option("--signature", o->messages, "Signature (hex); repeat");
  auto* pk_opt = agg->add_option("--pubkey", o->pubkeys, "Public key (hex); repeat");
  sig_opt->excludes(pk_opt);
  agg->callback([o] {
    if (!o->pubkeys.empty()) {
      std::vector<bls::PublicKey> pks;
      for (const auto& s : o->pubkeys) pks.push_back(pubkey_arg(s));
      auto r = bls::aggregate_pubkeys(pks);
      if (!r) throw CliError(std::string("aggregate: ") + to_string(r.error()));
      print_hex(r->to_bytes());
      return;
    }
    if (o->messages.empty()) throw CliError("aggregate: give --signature or --pubkey values");
    std::vector<bls::Signature> sigs;
    for (const auto& s : o->messages) sigs.push_back(signature_arg(s));
    auto r = bls::aggregate(sigs);
    if (!r) throw CliError(std::string("aggregate: ") + to_string(r.error()));
    print_hex(r->to_bytes());
  });
}

}  // namespace

void register_bls(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "bls", "BLS signatures (BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_): keys, sign, verify");
  cmd->require_subcommand(1);
  add_keygen(cmd);
  add_pubkey_and_sign(cmd);
  add_verify(cmd);
  add_aggregate(cmd);
  add_aggregate_verify(cmd);
}

}  // namespace stakepool::cli
