// Ed25519Verifier (crypto/ed25519.hpp underneath): verify_batch agrees with verify and with
// OpenSSL, for good, corrupted and undecodable inputs; the key cache is thread safe.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "stakepool/consensus/keys.hpp"
#include "stakepool/util/operator_keys.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::consensus {
namespace {

struct Case {
  OperatorKey key;
  util::Bytes msg;
  Sig64 sig;
};

std::vector<Case> make_cases(std::size_t n, uint64_t seed) {
  util::DeterministicRng rng(seed, "ed25519-verifier-test");
  std::vector<Ed25519Signer> signers;
  for (int i = 0; i < 5; ++i) signers.push_back(Ed25519Signer::generate(rng).value());
  std::vector<Case> out;
  for (std::size_t i = 0; i < n; ++i) {
    const Ed25519Signer& s = signers[rng.uniform(signers.size())];
    util::Bytes msg(1 + rng.uniform(150));
    rng.fill(msg);
    Case c{s.public_key(), msg, s.sign(msg)};
    switch (rng.uniform(8)) {
      case 0:
        c.sig[rng.uniform(64)] ^= 0x08;
        break;
      case 1:
        c.msg[0] ^= 1;
        break;
      case 2:
        c.key.bytes.fill(0xff);  // y >= p: does not decode
        break;
      case 3:
        c.key.bytes = {1};  // the identity: small order, refused
        break;
      default:
        break;
    }
    out.push_back(c);
  }
  return out;
}

TEST(Ed25519Verifier, BatchAgreesWithSingleAndOpenSsl) {
  const std::vector<Case> cases = make_cases(120, 9);
  const Ed25519Verifier v;
  std::vector<VerifyRequest> reqs;
  for (const Case& c : cases) reqs.push_back({&c.key, c.msg, &c.sig});
  const std::vector<bool> batch = v.verify_batch(reqs);
  ASSERT_EQ(batch.size(), cases.size());
  std::size_t good = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    const bool single = v.verify(c.key, c.msg, c.sig);
    EXPECT_EQ(batch[i], single) << i;
    EXPECT_EQ(single, util::ed25519_verify(c.key.bytes, c.msg, c.sig)) << i;
    good += single ? 1 : 0;
  }
  EXPECT_GT(good, 40u);
  EXPECT_LT(good, cases.size());
  // The base-class default (a loop over verify) gives the same answers too.
  const std::vector<bool> looped = v.Verifier::verify_batch(reqs);
  EXPECT_EQ(looped, batch);
  EXPECT_TRUE(v.verify_batch({}).empty());
}

TEST(Ed25519Verifier, ConcurrentFirstUseOfKeys) {
  const std::vector<Case> cases = make_cases(64, 10);
  std::vector<bool> expect;
  for (const Case& c : cases) expect.push_back(util::ed25519_verify(c.key.bytes, c.msg, c.sig));
  const Ed25519Verifier v;  // fresh cache: threads race to parse the same keys
  std::vector<std::vector<bool>> got(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      for (const Case& c : cases) got[t].push_back(v.verify(c.key, c.msg, c.sig));
    });
  }
  for (std::thread& th : threads) th.join();
  for (const auto& g : got) EXPECT_EQ(g, expect);
}

}  // namespace
}  // namespace stakepool::consensus
