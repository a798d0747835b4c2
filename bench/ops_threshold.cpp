// Threshold benchmark ops: combining partial signatures, verifying them
// (batched vs one by one), and whole DKG / resharing ceremonies run by the
// local driver (every member in one process, so the time of one call is the CPU
// time of all members summed, minus the network).
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <vector>

#include "bench/bench.hpp"
#include "stakepool/crypto/bls.hpp"
#include "stakepool/threshold/local_ceremony.hpp"
#include "stakepool/threshold/signing.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::bench {
namespace {

namespace th = threshold;
namespace bls = crypto::bls;
using Msg = std::array<uint8_t, 32>;

constexpr std::size_t kMsgs = 8;

// Sharing: a 16-share sharing of a random key, and for kMsgs messages every
// share's partial.
struct Sharing {
  std::vector<th::SharePublicKey> keys;
  bls::PublicKey group =
      bls::PublicKey::from_point_unchecked_subgroup(crypto::g1_generator_affine()).value();
  std::vector<Msg> msgs;
  std::vector<std::vector<th::Partial>> partials;  // [message][share]
};

std::shared_ptr<Sharing> make_sharing(std::size_t t, std::size_t n) {
  auto s = std::make_shared<Sharing>();
  util::DeterministicRng rng(11, "bench-threshold");
  th::SecretScalar secret = th::random_scalar(rng);
  auto poly = th::SecretPolynomial::random(secret, t, rng);
  auto shares = poly.share_all(n);
  for (const auto& sh : shares) {
    const crypto::G1 pk =
        crypto::g1_mul_generator(crypto::to_scalar(sh.value.expose()));
    s->keys.push_back(
        {sh.index, *bls::PublicKey::from_point_unchecked_subgroup(crypto::to_affine(pk))});
  }
  const crypto::G1 gk = crypto::g1_mul_generator(crypto::to_scalar(secret.expose()));
  s->group = *bls::PublicKey::from_point_unchecked_subgroup(crypto::to_affine(gk));
  for (std::size_t m = 0; m < kMsgs; ++m) {
    Msg msg{};
    rng.fill(msg);
    s->msgs.push_back(msg);
    std::vector<th::Partial> ps;
    for (const auto& sh : shares) ps.push_back({sh.index, *th::partial_sign(sh, msg)});
    s->partials.push_back(std::move(ps));
  }
  // Self-check: t partials combine to a signature under the group key.
  bls::Signature sig = bls::Signature::from_point_unchecked_subgroup({});
  if (th::combine(s->partials[0], t, sig) != th::ThresholdError::kOk ||
      !bls::verify(s->group, s->msgs[0], sig)) {
    std::fprintf(stderr, "bench: threshold combination self-check FAILED; refusing to time\n");
    std::abort();
  }
  return s;
}

Op combine_op() {
  return {"threshold_combine_11_of_16",
          "combine 11 of 16 partial signatures (Lagrange coefficients at 0 + "
          "one G2 MSM), no verification",
          [] {
            auto s = make_sharing(11, 16);
            auto i = std::make_shared<std::size_t>(0);
            return std::function<void()>([s, i] {
              const std::size_t m = (*i)++ % kMsgs;
              // Rotate which 11 shares are used so the Lagrange coefficients
              // vary.
              std::vector<th::Partial> pick;
              for (std::size_t k = 0; k < 11; ++k) pick.push_back(s->partials[m][(m + k) % 16]);
              bls::Signature sig = bls::Signature::from_point_unchecked_subgroup({});
              (void)th::combine(pick, 11, sig);
              do_not_optimize(sig);
            });
          }};
}

Op batch_verify_op() {
  return {"partials_batch_verify_16",
          "verify 16 partial signatures of one message at once (one "
          "hash-to-G2, 2 MSMs, one 2-pair pairing)",
          [] {
            auto s = make_sharing(11, 16);
            auto i = std::make_shared<std::size_t>(0);
            auto rng = std::make_shared<util::DeterministicRng>(12, "bench-batch");
            return std::function<void()>([s, i, rng] {
              const std::size_t m = (*i)++ % kMsgs;
              auto bad = th::find_invalid_partials(s->partials[m], s->keys, s->msgs[m], *rng);
              if (!bad.empty()) std::abort();
            });
          }};
}

Op single_verify_op() {
  return {"partials_single_verify_16",
          "verify 16 partial signatures of one message one by one (16 BLS "
          "verifies)",
          [] {
            auto s = make_sharing(11, 16);
            auto i = std::make_shared<std::size_t>(0);
            return std::function<void()>([s, i] {
              const std::size_t m = (*i)++ % kMsgs;
              for (std::size_t k = 0; k < 16; ++k) {
                if (!bls::verify(s->keys[k].pk, s->msgs[m], s->partials[m][k].sig)) std::abort();
              }
            });
          }};
}

Op dkg_op(uint32_t n, uint32_t t) {
  const std::string id = "dkg_" + std::to_string(n) + "_of_" + std::to_string(t) + "_total_cpu";
  return {id,
          "whole honest DKG, " + std::to_string(n) + " members, threshold " + std::to_string(t) +
              " (run_local_dkg: all members' CPU summed)",
          [n, t] {
            util::DeterministicRng rng(13, "bench-dkg-ops");
            auto ops = std::make_shared<std::vector<th::LocalOperator>>(th::make_operators(n, rng));
            auto seed = std::make_shared<uint64_t>(0);
            return std::function<void()>([n, t, ops, seed] {
              auto out = th::run_local_dkg({n, t, ++*seed, {}}, *ops);
              if (!out.ok) std::abort();
            });
          }};
}

Op dkg_multi_op(uint32_t n, uint32_t t, uint32_t k) {
  const std::string id = "dkg_" + std::to_string(n) + "_of_" + std::to_string(t) + "_x" +
                         std::to_string(k) + "_total_cpu";
  return {id,
          "whole honest multi-secret DKG dealing " + std::to_string(k) + " independent keys, " +
              std::to_string(n) + " members, threshold " + std::to_string(t) +
              " (run_local_dkg_multi: all members' CPU summed)",
          [n, t, k] {
            util::DeterministicRng rng(15, "bench-dkg-multi-ops");
            auto ops = std::make_shared<std::vector<th::LocalOperator>>(th::make_operators(n, rng));
            auto seed = std::make_shared<uint64_t>(0);
            return std::function<void()>([n, t, k, ops, seed] {
              auto out = th::run_local_dkg_multi(n, t, k, ++*seed, {}, *ops);
              if (!out.ok || out.result->more.size() + 1 != k) std::abort();
            });
          }};
}

Op reshare_op() {
  return {"reshare_16_to_16_total_cpu",
          "whole honest resharing 16/11 -> 16/11 to a disjoint committee "
          "(run_local_reshare: all members' CPU "
          "summed)",
          [] {
            util::DeterministicRng rng(14, "bench-reshare-ops");
            auto ops =
                std::make_shared<std::vector<th::LocalOperator>>(th::make_operators(32, rng));
            auto dkg = std::make_shared<th::LocalOutcome>(th::run_local_dkg({16, 11, 1, {}}, *ops));
            if (!dkg->ok) std::abort();
            auto seed = std::make_shared<uint64_t>(0);
            return std::function<void()>([ops, dkg, seed] {
              th::LocalReshareParams p;
              p.old_t = 11;
              p.new_n = 16;
              p.new_t = 11;
              p.seed = ++*seed;
              for (std::size_t i = 0; i < 16; ++i) {
                p.old_members.push_back(i);
                p.new_members.push_back(16 + i);
              }
              std::map<uint32_t, th::SecretShare> old;  // the run erases the shares it is given
              for (const auto& [idx, sh] : dkg->shares)
                old.emplace(idx, th::SecretShare{sh.index, sh.value.clone()});
              auto out = th::run_local_reshare(p, *ops, *dkg->result, old);
              if (!out.ok) std::abort();
            });
          }};
}

}  // namespace

void add_threshold_ops(Ops& ops) {
  ops.push_back(combine_op());
  ops.push_back(batch_verify_op());
  ops.push_back(single_verify_op());
  ops.push_back(dkg_op(16, 11));
  ops.push_back(dkg_op(64, 43));
  ops.push_back(dkg_multi_op(16, 11, 125));
  ops.push_back(reshare_op());
}

}  // namespace stakepool::bench
