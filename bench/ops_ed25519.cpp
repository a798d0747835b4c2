// Ed25519 verification benchmark ops: OpenSSL (util::ed25519_verify) against crypto/ed25519.hpp,
// single and batched. Keys and signatures come from OpenSSL with a fixed seed; each call cycles
// through a pool of 64 (key, message, signature) triples over 8 keys. Also X25519 (x25519,
// x25519_many_64).
#include <memory>
#include <vector>

#include "bench/bench.hpp"
#include "stakepool/crypto/ed25519.hpp"
#include "stakepool/crypto/x25519.hpp"
#include "stakepool/util/check.hpp"
#include "stakepool/util/operator_keys.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::bench {
namespace {

namespace ed = crypto::ed25519;

struct Pool {
  std::vector<util::Ed25519PublicKey> pks;
  std::vector<std::vector<uint8_t>> msgs;
  std::vector<util::Ed25519Signature> sigs;
  std::vector<ed::VerifyKey> keys;   // parsed, one per distinct key
  std::vector<std::size_t> key_of;   // index into keys per triple
};

constexpr std::size_t kPool = 64;
constexpr std::size_t kKeys = 8;

std::shared_ptr<Pool> make_pool() {
  auto p = std::make_shared<Pool>();
  util::DeterministicRng rng(25519, "bench-ed25519");
  std::vector<util::Ed25519SecretKey> sks;
  for (std::size_t i = 0; i < kKeys; ++i) {
    sks.push_back(util::Ed25519SecretKey::generate(rng));
    p->keys.push_back(*ed::VerifyKey::parse(sks.back().public_key()));
  }
  for (std::size_t i = 0; i < kPool; ++i) {
    std::vector<uint8_t> msg(120);  // about a QBFT message's signing bytes
    rng.fill(msg);
    p->key_of.push_back(i % kKeys);
    p->pks.push_back(sks[i % kKeys].public_key());
    p->sigs.push_back(sks[i % kKeys].sign(msg));
    p->msgs.push_back(std::move(msg));
  }
  return p;
}

std::function<void()> make_openssl() {
  auto p = make_pool();
  auto i = std::make_shared<std::size_t>(0);
  return [p, i] {
    const std::size_t k = (*i)++ % kPool;
    SP_CHECK(util::ed25519_verify(p->pks[k], p->msgs[k], p->sigs[k]));
  };
}

std::function<void()> make_ours() {
  auto p = make_pool();
  auto i = std::make_shared<std::size_t>(0);
  return [p, i] {
    const std::size_t k = (*i)++ % kPool;
    SP_CHECK(ed::verify_vartime(p->keys[p->key_of[k]], p->msgs[k], p->sigs[k]));
  };
}

std::function<void()> make_batch(std::size_t n) {
  auto p = make_pool();
  auto i = std::make_shared<std::size_t>(0);
  return [p, i, n] {
    std::vector<ed::BatchItem> items(n);
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t k = (*i + j) % kPool;
      items[j].key = &p->keys[p->key_of[k]];
      items[j].msg = p->msgs[k];
      items[j].sig = p->sigs[k];
    }
    *i += 1;
    const std::vector<bool> ok = ed::verify_batch_vartime(items);
    for (const bool b : ok) SP_CHECK(b);
  };
}

// make_parse: VerifyKey::parse of one of the pool's keys.
std::function<void()> make_parse(ed::KeyTables tables) {
  auto p = make_pool();
  auto i = std::make_shared<std::size_t>(0);
  return [p, i, tables] {
    auto k = ed::VerifyKey::parse(p->pks[(*i)++ % kKeys], tables);
    SP_CHECK(k.has_value());
    do_not_optimize(k->bytes()[0]);
  };
}

// make_batch_distinct: n signatures under n distinct keys given as bytes (parsed by the batch,
// KeyTables::kSmall), as in a DKG round where every member's message is checked once.
std::function<void()> make_batch_distinct(std::size_t n) {
  auto p = std::make_shared<Pool>();
  util::DeterministicRng rng(25520, "bench-ed25519-distinct");
  for (std::size_t j = 0; j < n; ++j) {
    const auto sk = util::Ed25519SecretKey::generate(rng);
    std::vector<uint8_t> msg(120);
    rng.fill(msg);
    p->pks.push_back(sk.public_key());
    p->sigs.push_back(sk.sign(msg));
    p->msgs.push_back(std::move(msg));
  }
  return [p, n] {
    std::vector<ed::BatchItem> items(n);
    for (std::size_t j = 0; j < n; ++j) {
      items[j].key_bytes = p->pks[j];
      items[j].msg = p->msgs[j];
      items[j].sig = p->sigs[j];
    }
    for (const bool b : ed::verify_batch_vartime(items)) SP_CHECK(b);
  };
}

// make_x25519_many: X25519 of one secret scalar with n public keys per call (a DKG member's pair
// keys), through x25519_many (the IFMA lanes unless STAKEPOOL_ISA=adx|portable); n = 1 is the
// plain x25519() ladder.
std::function<void()> make_x25519_many(std::size_t n) {
  util::DeterministicRng rng(7748, "bench-x25519");
  auto k = std::make_shared<util::Secret<32>>();
  rng.fill(k->expose_mut());
  auto us = std::make_shared<std::vector<std::array<uint8_t, 32>>>(n);
  for (auto& u : *us) u = util::X25519SecretKey::generate(rng).public_key();
  return [k, us, n] {
    std::vector<util::Secret<32>> out(n);
    if (n == 1) {
      SP_CHECK(crypto::x25519(*k, (*us)[0], out[0]));
    } else {
      SP_CHECK(crypto::x25519_many(*k, *us, out)[0]);
    }
    do_not_optimize(out[0]);
  };
}

}  // namespace

void add_ed25519_ops(Ops& ops) {
  ops.push_back({"x25519", "X25519 of a secret scalar and a public key (crypto::x25519, the ladder)",
                 [] { return make_x25519_many(1); }});
  ops.push_back({"x25519_many_64",
                 "X25519 of one secret scalar with 64 public keys (crypto::x25519_many; per call)",
                 [] { return make_x25519_many(64); }});
  ops.push_back({"ed25519_parse_full", "Ed25519 VerifyKey::parse, KeyTables::kFull",
                 [] { return make_parse(ed::KeyTables::kFull); }});
  ops.push_back({"ed25519_parse_small", "Ed25519 VerifyKey::parse, KeyTables::kSmall",
                 [] { return make_parse(ed::KeyTables::kSmall); }});
  ops.push_back({"ed25519_verify_batch_64_distinct_bytes",
                 "Ed25519 verify_batch_vartime of 64 signatures under 64 distinct keys given as "
                 "bytes (parsed inside, kSmall; per call)",
                 [] { return make_batch_distinct(64); }});
  ops.push_back({"ed25519_verify_openssl", "Ed25519 verify, OpenSSL (util::ed25519_verify)",
                 make_openssl});
  ops.push_back({"ed25519_verify", "Ed25519 verify_vartime, parsed key (crypto/ed25519.hpp)",
                 make_ours});
  ops.push_back({"ed25519_verify_batch_16",
                 "Ed25519 verify_batch_vartime of 16 signatures over 8 parsed keys (per call)",
                 [] { return make_batch(16); }});
  ops.push_back({"ed25519_verify_batch_64",
                 "Ed25519 verify_batch_vartime of 64 signatures over 8 parsed keys (per call)",
                 [] { return make_batch(64); }});
}

}  // namespace stakepool::bench
