// `stakepool threshold`: Shamir-split a BLS secret key into t-of-n shares, and
// combine partial signatures into the group signature (formats:
// doc/formats/threshold.md, threshold_io.hpp). The secret key is read from
// --secret-key-file or stdin, never from the command line.
#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "secret_files.hpp"
#include "stakepool/threshold/ceremony_build.hpp"
#include "stakepool/util/fs.hpp"
#include "stakepool/util/rng.hpp"
#include "threshold_io.hpp"

namespace stakepool::cli {
namespace {

namespace th = threshold;

struct SplitOptions {
  uint32_t t = 0, n = 0;
  std::string secret_key_file;
  uint64_t seed = 0;
  bool seeded = false;
};

void run_split(const SplitOptions& o) {
  if (o.n < 1 || o.n > th::kMaxShares)
    throw CliError("--n must be between 1 and " + std::to_string(th::kMaxShares));
  if (o.t < 1 || o.t > o.n)
    throw CliError("--t must be between 1 and --n (" + std::to_string(o.n) + ")");
  const bool from_stdin = o.secret_key_file.empty() || o.secret_key_file == "-";
  const util::SecretBytes text =
      read_secret_file(from_stdin ? "/dev/stdin" : o.secret_key_file, "secret key");
  const util::Secret<32> sk = parse_secret_key_hex(text, from_stdin ? "stdin" : o.secret_key_file);
  crypto::Fr x;
  (void)crypto::Fr::from_bytes_be(x, sk.expose());  // range checked by parse_secret_key_hex
  const th::SecretScalar secret(x);
  util::secure_zero(&x, sizeof(x));
  std::unique_ptr<util::Rng> rng;
  if (o.seeded)
    rng = std::make_unique<util::DeterministicRng>(o.seed, "threshold-split");
  else
    rng = std::make_unique<util::OsRng>();
  const th::SecretPolynomial poly = th::SecretPolynomial::random(secret, o.t, *rng);
  std::vector<th::ShareIndex> idx;
  for (uint32_t j = 1; j <= o.n; ++j) idx.push_back(*th::ShareIndex::make(j));
  write_split_json(stdout, o.t, split_polynomial(poly, idx));
}

void run_combine(const std::string& path) {
  auto text = util::read_text_file(path);
  if (!text) throw CliError(text.error().message);
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) throw CliError(path + ": not valid JSON");
  CombineRequest req;
  try {
    StrictJson in(j, path);
    req = read_combine_request(in);
    in.finish();
  } catch (const VectorError& e) {
    throw CliError(e.what());
  }
  util::OsRng rng;
  CombineOutcome out = combine_request(req, rng);
  for (const auto& [idx, why] : out.dropped)
    std::fprintf(stderr, "partial %llu dropped: %s\n", static_cast<unsigned long long>(idx),
                 why.c_str());
  if (!out.signature) throw CliError(path + ": " + out.error);
  std::printf("%s\n", util::to_hex0x(out.signature->to_bytes()).c_str());
}

}  // namespace

void register_threshold(CLI::App& app) {
  auto* cmd = app.add_subcommand("threshold",
                                 "Split a BLS secret key into shares; combine partial signatures");
  cmd->require_subcommand(1);
  auto* split =
      cmd->add_subcommand("split", "Split a secret key t-of-n (Shamir over Fr); prints JSON");
  auto so = std::make_shared<SplitOptions>();
  split->add_option("--t", so->t, "Threshold (shares needed to sign)")->required();
  split->add_option("--n", so->n, "Number of shares")->required();
  split->add_option("--secret-key-file", so->secret_key_file,
                    "File holding the secret key as 64 hex digits (default: read stdin)");
  auto* seed = split->add_option("--seed", so->seed,
                                 "Derive the polynomial from this seed "
                                 "(reproducible; default: OS entropy)");
  split->callback([so, seed] {
    so->seeded = seed->count() > 0;
    run_split(*so);
  });
  auto* combine = cmd->add_subcommand("combine",
                                      "Verify partial signatures and combine "
                                      "threshold of them; prints the signature");
  auto file = std::make_shared<std::string>();
  combine
      ->add_option("FILE", *file,
                   "JSON {threshold, group_pubkey, message, share_pubkeys, "
                   "partial_signatures}")
      ->required();
  combine->callback([file] { run_combine(*file); });
}

}  // namespace stakepool::cli
