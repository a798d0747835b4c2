// `stakepool demo`: the main job until `stakepool simulate` lands — a short, deterministic tour of
// the library: BLS keys, signatures, aggregation and verification, then a distributed key
// generation among operators and a threshold signature that verifies under the group key.
#include <chrono>
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "stakepool/crypto/bls.hpp"
#include "stakepool/threshold/local_ceremony.hpp"
#include "stakepool/threshold/signing.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::cli {
namespace {

namespace bls = crypto::bls;

std::string short_hex(std::span<const uint8_t> b) {
  std::string h = util::to_hex(b);
  return "0x" + h.substr(0, 12) + "…" + h.substr(h.size() - 8);
}

std::vector<bls::SecretKey> demo_keys(std::size_t n, uint64_t seed) {
  util::DeterministicRng rng(seed, "demo-keys");
  std::vector<bls::SecretKey> keys;
  for (std::size_t i = 0; i < n; ++i) {
    uint8_t ikm[32];
    rng.fill(ikm);
    keys.push_back(std::move(*bls::SecretKey::key_gen(ikm)));
  }
  return keys;
}

void bls_tour(uint64_t seed) {
  auto keys = demo_keys(4, seed);
  const std::string text = "stakepool demo: attest to slot 42";
  std::span<const uint8_t> msg(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  std::vector<bls::PublicKey> pks;
  std::vector<bls::Signature> sigs;
  std::printf("BLS12-381 (Ethereum POP ciphersuite)\n");
  for (std::size_t i = 0; i < keys.size(); ++i) {
    pks.push_back(bls::sk_to_pk(keys[i]));
    sigs.push_back(bls::sign(keys[i], msg));
    bool ok = bls::verify(pks[i], msg, sigs[i]);
    std::printf("  validator %zu  pubkey %s  signature %s  verify: %s\n", i + 1, short_hex(pks[i].to_bytes()).c_str(),
                short_hex(sigs[i].to_bytes()).c_str(), ok ? "valid" : "INVALID");
    if (!ok) throw CliError("self-check failed: a fresh signature did not verify");
  }
  auto agg = bls::aggregate(sigs);
  bool fav = bls::fast_aggregate_verify(pks, msg, *agg);
  std::printf("  aggregate of 4 signatures %s  fast_aggregate_verify: %s\n", short_hex(agg->to_bytes()).c_str(),
              fav ? "valid" : "INVALID");
  const std::string other = "a different message";
  bool wrong = bls::verify(pks[0], {reinterpret_cast<const uint8_t*>(other.data()), other.size()}, sigs[0]);
  std::printf("  signature checked against another message: %s (expected invalid)\n", wrong ? "valid" : "invalid");
  if (!fav || wrong) throw CliError("self-check failed: aggregate verification misbehaved");
}

void threshold_tour(uint64_t seed) {
  const uint32_t n = 7, t = 5;
  util::DeterministicRng rng(seed, "demo-operators");
  auto ops = threshold::make_operators(n, rng);
  threshold::LocalDkgParams p{n, t, seed, {{6, threshold::FaultKind::kBadShare}}};
  std::printf("\nDistributed key generation: %u operators, threshold %u, operator 6 deals a bad share\n", n, t);
  auto out = threshold::run_local_dkg(p, ops);
  if (!out.ok) throw CliError("DKG failed: " + out.failure);
  std::string qual;
  for (uint32_t q : out.result->qual) qual += (qual.empty() ? "" : ",") + std::to_string(q);
  auto group = bls::PublicKey::from_point_unchecked_subgroup(crypto::to_affine(out.result->pub.coeffs[0]));
  std::printf("  QUAL {%s}; %zu messages; group public key %s\n", qual.c_str(), out.messages,
              short_hex(group->to_bytes()).c_str());
  for (const auto& [d, why] : out.result->disqualified) std::printf("  dealer %u excluded: %s\n", d, why.c_str());
  const std::string text = "stakepool demo: a threshold-signed attestation";
  std::span<const uint8_t> msg(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  std::vector<threshold::Partial> partials;
  std::vector<threshold::SharePublicKey> keys;
  for (const auto& [idx, share] : out.shares) {
    auto spk = bls::PublicKey::from_point_unchecked_subgroup(crypto::to_affine(out.result->share_pubkeys[idx - 1]));
    keys.push_back({share.index, *spk});
    if (partials.size() < t) partials.push_back({share.index, *threshold::partial_sign(share, msg)});
  }
  bls::Signature sig = bls::Signature::from_point_unchecked_subgroup({});
  auto e = threshold::combine_verified(partials, keys, *group, msg, t, rng, sig);
  if (e != threshold::ThresholdError::kOk) throw CliError(std::string("threshold signing failed: ") + to_string(e));
  std::printf("  %u partial signatures combined: %s  verifies under the group key: yes\n", t,
              short_hex(sig.to_bytes()).c_str());
}

}  // namespace

void register_demo(CLI::App& app) {
  auto* cmd = app.add_subcommand("demo", "A short deterministic tour: BLS sign/verify/aggregate, DKG, threshold signing");
  auto seed = std::make_shared<uint64_t>(1);
  cmd->add_option("--seed", *seed, "Seed for every key and random choice");
  cmd->callback([seed] {
    auto t0 = std::chrono::steady_clock::now();
    bls_tour(*seed);
    threshold_tour(*seed);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::printf("\ndone in %.0f ms\n", ms);
  });
}

}  // namespace stakepool::cli
