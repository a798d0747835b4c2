// BLS benchmark ops (ids and definitions: ../shared/perf-anchors.md §2, notes 2–5). Every op first
// reproduces the Ethereum known-answer vector of perf-anchors.md §1 and aborts if it does not.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench.hpp"
#include "stakepool/crypto/bls.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/util/hex.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::bench {
namespace {

using namespace stakepool::crypto::bls;  // NOLINT(google-build-using-namespace)
using Msg = std::array<uint8_t, 32>;

constexpr std::size_t kPool = 64;

void check_known_answer() {
  static const bool ok = [] {
    auto sk_bytes = util::from_hex("263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3");
    auto sk = SecretKey::parse(*sk_bytes);
    const Msg zero{};
    const std::string want =
        "b6ed936746e01f8ecf281f020953fbf1f01debd5657c4a383940b020b26507f6076334f91e2366c96e9ab279fb51"
        "58090352ea1c5b0c9274504f4f0e7053af24802e51e4568d164fe986834f41e55c8e850ce1f98458c0cfc9ab380b"
        "55285a55";
    const Signature sig = sign(*sk, zero);
    return util::to_hex(sig.to_bytes()) == want && verify(sk_to_pk(*sk), zero, sig);
  }();
  if (!ok) {
    std::fprintf(stderr, "bench: BLS known-answer vector FAILED; refusing to time\n");
    std::abort();
  }
}

// Keys: n deterministic key pairs, distinct 32-byte messages and a signature of each message.
struct Keys {
  std::vector<SecretKey> sk;
  std::vector<PublicKey> pk;
  std::vector<Msg> msg;
  std::vector<Signature> sig;
};

std::shared_ptr<Keys> make_keys(std::size_t n, const char* label) {
  auto k = std::make_shared<Keys>();
  util::DeterministicRng rng(7, label);
  for (std::size_t i = 0; i < n; ++i) {
    std::array<uint8_t, 32> ikm{};
    rng.fill(ikm);
    k->sk.push_back(std::move(*SecretKey::key_gen(ikm)));
    k->pk.push_back(sk_to_pk(k->sk.back()));
    Msg m{};
    rng.fill(m);
    k->msg.push_back(m);
    k->sig.push_back(sign(k->sk.back(), m));
  }
  return k;
}

std::shared_ptr<Keys> pool64() {
  static auto k = make_keys(kPool, "bench-bls-64");
  return k;
}

std::shared_ptr<Keys> pool128() {
  static auto k = make_keys(128, "bench-bls-128");
  return k;
}

template <typename Fn>
Op op(const char* id, const char* what, Fn per_call) {
  return Op{id, what, [per_call] {
              check_known_answer();
              return per_call();
            }};
}

void add_single_ops(Ops& ops) {
  ops.push_back(op("sk_to_pk", "sk -> pk, constant-time G1 mul + affine conversion", [] {
    auto k = pool64();
    return std::function<void()>([k, i = std::size_t{0}]() mutable {
      do_not_optimize(sk_to_pk(k->sk[i++ % kPool]));
    });
  }));
  ops.push_back(op("sign", "hash-to-G2 + constant-time G2 mul, result converted to affine", [] {
    auto k = pool64();
    return std::function<void()>([k, i = std::size_t{0}]() mutable {
      const std::size_t j = i++ % kPool;
      do_not_optimize(sign(k->sk[j], k->msg[j]));
    });
  }));
  ops.push_back(op("verify", "hash-to-G2 + one 2-pair Miller loop + FE + is-one, no subgroup checks",
                   [] {
    auto k = pool64();
    return std::function<void()>([k, i = std::size_t{0}]() mutable {
      const std::size_t j = i++ % kPool;
      const bool ok = verify(k->pk[j], k->msg[j], k->sig[j]);
      do_not_optimize(ok);
    });
  }));
  ops.push_back(op("verify_core_chk",
                   "verify with the pk (G1) and signature (G2) subgroup checks of parsed points",
                   [] {
    auto k = pool64();
    return std::function<void()>([k, i = std::size_t{0}]() mutable {
      const std::size_t j = i++ % kPool;
      const bool ok = crypto::g1_in_subgroup_vartime(k->pk[j].point()) &&
                      crypto::g2_in_subgroup_vartime(k->sig[j].point()) &&
                      verify(k->pk[j], k->msg[j], k->sig[j]);
      do_not_optimize(ok);
    });
  }));
}

void add_multi_ops(Ops& ops) {
  ops.push_back(op("agg_pk_128", "aggregate 128 affine pubkeys: sequential mixed adds + to affine",
                   [] {
    auto k = pool128();
    return std::function<void()>([k] {
      crypto::G1 acc = crypto::identity<crypto::Fp>();
      for (const PublicKey& pk : k->pk) acc = crypto::add_mixed_vartime(acc, pk.point());
      do_not_optimize(crypto::to_affine(acc));
    });
  }));
  ops.push_back(op("agg_pk_128_bulk",
                   "aggregate 128 affine pubkeys: batch-affine sums (aggregate_pubkeys) + to affine",
                   [] {
    auto k = pool128();
    return std::function<void()>([k] { do_not_optimize(aggregate_pubkeys(k->pk)); });
  }));
  ops.push_back(op("fast_agg_verify_128", "aggregate 128 pubkeys + verify (one message)", [] {
    auto k = pool128();
    const Msg msg = k->msg[0];
    std::vector<Signature> sigs;
    for (const SecretKey& sk : k->sk) sigs.push_back(sign(sk, msg));
    auto agg = std::make_shared<Signature>(*aggregate(sigs));
    return std::function<void()>([k, msg, agg] {
      const bool ok = fast_aggregate_verify(k->pk, msg, *agg);
      do_not_optimize(ok);
    });
  }));
  ops.push_back(op("agg_verify_64", "aggregate_verify, 64 distinct messages, one FE", [] {
    auto k = pool64();
    auto agg = std::make_shared<Signature>(*aggregate(k->sig));
    auto views = std::make_shared<std::vector<std::span<const uint8_t>>>();
    for (const Msg& m : k->msg) views->push_back(m);
    return std::function<void()>([k, agg, views] {
      const bool ok = aggregate_verify(k->pk, *views, *agg);
      do_not_optimize(ok);
    });
  }));
  ops.push_back(op("batch_verify_64", "batch_verify of 64 distinct (pk, msg, sig) sets", [] {
    auto k = pool64();
    auto sets = std::make_shared<std::vector<SignatureSet>>();
    for (std::size_t i = 0; i < kPool; ++i) sets->push_back({k->pk[i], k->msg[i], k->sig[i]});
    auto rng = std::make_shared<util::DeterministicRng>(9, "bench-batch");
    return std::function<void()>([k, sets, rng] {
      const bool ok = batch_verify(*sets, *rng);
      do_not_optimize(ok);
    });
  }));
}

}  // namespace

void add_bls_ops(Ops& ops) {
  add_single_ops(ops);
  add_multi_ops(ops);
}

}  // namespace stakepool::bench
