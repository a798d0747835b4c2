// ctime_check: the constant-time test of STYLE.md L5 (a plain executable, not gtest).
//
// Built with SP_CTIME_CHECK, SP_CT_SECRET marks secret bytes undefined for valgrind memcheck, so any
// branch or memory index that depends on them is reported ("Conditional jump or move depends on
// uninitialised value(s)" / "Use of uninitialised value"). Run it as
//   valgrind --tool=memcheck --error-exitcode=1 --track-origins=yes ctime_check VECTORS_DIR
// Outputs are declassified (SP_CT_DECLASSIFY) before they are compared with expected values, so the
// checks themselves never trip memcheck. Without SP_CTIME_CHECK (ordinary builds) the same program
// runs as a functional test of the operations it exercises.
//
// Covered, with the secret marked undefined:
//   - BLS (Ethereum POP ciphersuite): SecretKey::parse, sk_to_pk, sign, pop_prove on every case of
//     the bls12-381-tests `sign` vectors (signatures compared with the vector, public keys checked
//     by verify, proofs by pop_verify; the zero-key case must be rejected), and KeyGen from secret IKM;
//   - threshold: random secret and Shamir split from a secret-marking Rng, recover_secret from two
//     different subsets, Feldman commit and the batched fixed-base multiplication, partial_sign
//     with t shares, combination equal to the group signature;
//   - fields: Fp and Fr inv, sqrt and is_square on secret-marked values.
//
// `ctime_check --self-test-leak=branch|index|vartime` deliberately branches on / indexes with a secret
// byte / calls Fp::pow_vartime with a secret exponent; its ctest expects memcheck to report it, which proves the
// harness catches leaks, in this file and in library code.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/crypto/field.hpp"
#include "stakepool/crypto/x25519.hpp"
#include "stakepool/threshold/feldman.hpp"
#include "stakepool/threshold/shamir.hpp"
#include "stakepool/threshold/signing.hpp"
#include "stakepool/util/ct.hpp"
#include "stakepool/util/hex.hpp"
#include "stakepool/util/rng.hpp"

#ifdef SP_CTIME_CHECK
#include <valgrind/valgrind.h>
#endif

namespace {

namespace fs = std::filesystem;
namespace bls = stakepool::crypto::bls;
namespace th = stakepool::threshold;
using stakepool::crypto::Fp;
using stakepool::crypto::Fr;
using stakepool::util::DeterministicRng;

constexpr const char* kSignDir =
    "bls12-381-tests/via-constantine/tests/protocol_blssig_pop_on_bls12381_g2_test_vectors_v0.1.1/sign";
constexpr std::size_t kSignCases = 10;

// Checks counts expectations and prints each failure.
struct Report {
  int checks = 0;
  int failures = 0;
  void expect(bool ok, const std::string& what) {
    ++checks;
    if (!ok) {
      ++failures;
      std::fprintf(stderr, "ctime_check: FAILED: %s\n", what.c_str());
    }
  }
};

// secret / declassify: mark a whole object undefined, or return a defined copy of it.
template <typename T>
void secret(T& v) {
  SP_CT_SECRET(&v, sizeof(v));
}
template <typename T>
T declassify(T v) {
  SP_CT_DECLASSIFY(&v, sizeof(v));
  return v;
}

// SecretRng: a deterministic stream whose output is marked secret (coefficients, keys, seeds).
class SecretRng final : public stakepool::util::Rng {
 public:
  explicit SecretRng(uint64_t seed) : inner_(seed, "ctime") {}
  void fill(std::span<uint8_t> out) override {
    inner_.fill(out);
    SP_CT_SECRET(out.data(), out.size());
  }

 private:
  DeterministicRng inner_;
};

std::vector<uint8_t> hex_or_die(const std::string& s) {
  auto r = stakepool::util::from_hex(s);
  if (!r) {
    std::fprintf(stderr, "ctime_check: bad hex in vector: %s\n", r.error().message.c_str());
    std::exit(2);
  }
  return *r;
}

// ---- fields ----------------------------------------------------------------------------------

// check_field: inv, sqrt and is_square of secret values of F (Fp or Fr).
template <typename F>
void check_field(Report& rep, const char* name, SecretRng& rng) {
  for (int i = 0; i < 4; ++i) {
    std::array<uint8_t, 64> buf;
    rng.fill(buf);
    const F x = F::from_bytes_wide_be(buf);
    const F xi = x.inv();
    rep.expect(declassify(x * xi).is_one(), std::string(name) + " inv: x * x^-1 == 1");
    const F sq = x.sqr();
    F root;
    const bool ok = sq.sqrt(root);
    rep.expect(declassify(ok) && declassify(root.sqr()) == declassify(sq),
               std::string(name) + " sqrt of a square");
    rep.expect(declassify(sq.is_square()), std::string(name) + " is_square of a square");
    // A square times a non-residue is not a square: sqrt must fail without a secret branch.
    F nonres = F::from_u64(2);
    while (nonres.is_square()) nonres = nonres + F::one();  // public constant
    F none;
    rep.expect(!declassify((sq * nonres).sqrt(none)) || declassify(x).is_zero(),
               std::string(name) + " sqrt of a non-square fails");
  }
  F zero = F::zero();
  secret(zero);
  rep.expect(declassify(zero.inv()).is_zero(), std::string(name) + " inv(0) == 0");
}

// ---- BLS ---------------------------------------------------------------------------------------

// A sign vector: privkey, message and the expected signature (nullopt: the key is invalid).
struct SignCase {
  std::string name;
  std::vector<uint8_t> sk, msg;
  std::optional<std::vector<uint8_t>> sig;
};

std::vector<SignCase> load_sign_cases(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<SignCase> out;
  for (const auto& f : files) {
    std::ifstream in(f);
    const auto j = nlohmann::json::parse(in);
    SignCase c{f.filename().string(), hex_or_die(j.at("input").at("privkey")),
               hex_or_die(j.at("input").at("message")), std::nullopt};
    if (!j.at("output").is_null()) c.sig = hex_or_die(j.at("output"));
    out.push_back(std::move(c));
  }
  return out;
}

// check_sign_case: parse, sk_to_pk, sign and pop_prove with the key bytes marked secret.
void check_sign_case(Report& rep, const SignCase& c) {
  std::vector<uint8_t> sk_bytes = c.sk;
  SP_CT_SECRET(sk_bytes.data(), sk_bytes.size());
  auto sk = bls::SecretKey::parse(sk_bytes);
  if (!c.sig) {
    rep.expect(!sk.has_value(), c.name + ": invalid key rejected");
    return;
  }
  if (!sk) {
    rep.expect(false, c.name + ": key parses");
    return;
  }
  const bls::PublicKey pk = declassify(bls::sk_to_pk(*sk));
  const bls::Signature sig = declassify(bls::sign(*sk, c.msg));
  const bls::Signature pop = declassify(bls::pop_prove(*sk));
  const auto sig_bytes = sig.to_bytes();
  rep.expect(std::equal(sig_bytes.begin(), sig_bytes.end(), c.sig->begin(), c.sig->end()),
             c.name + ": signature equals the vector");
  auto expected = bls::Signature::parse(*c.sig);
  rep.expect(expected && bls::verify(pk, c.msg, *expected), c.name + ": sk_to_pk verifies");
  rep.expect(bls::pop_verify(pk, pop), c.name + ": pop_prove verifies");
}

// check_key_gen: KeyGen from secret IKM, then sk_to_pk and sign with the derived key.
void check_key_gen(Report& rep, SecretRng& rng) {
  std::array<uint8_t, 32> ikm;
  rng.fill(ikm);
  auto sk = bls::SecretKey::key_gen(ikm);
  if (!sk) {
    rep.expect(false, "key_gen: succeeds on 32 bytes of IKM");
    return;
  }
  const std::array<uint8_t, 3> msg = {'k', 'e', 'y'};
  const bls::PublicKey pk = declassify(bls::sk_to_pk(*sk));
  const bls::Signature sig = declassify(bls::sign(*sk, msg));
  rep.expect(bls::verify(pk, msg, sig), "key_gen: the derived key signs and verifies");
}

void check_bls(Report& rep, const fs::path& vectors) {
  const auto cases = load_sign_cases(vectors / kSignDir);
  rep.expect(cases.size() == kSignCases, "sign vectors: " + std::to_string(cases.size()) +
                                             " files, expected " + std::to_string(kSignCases));
  for (const auto& c : cases) check_sign_case(rep, c);
}

// ---- threshold ---------------------------------------------------------------------------------

std::vector<th::SecretShare> pick(const std::vector<th::SecretShare>& all,
                                  std::initializer_list<std::size_t> positions) {
  std::vector<th::SecretShare> out;
  for (std::size_t p : positions) out.push_back({all[p].index, all[p].value.clone()});
  return out;
}

// ---- X25519 -----------------------------------------------------------------------------------

// check_x25519: the Montgomery ladder with a secret scalar: RFC 7748 §6.1 (Alice's public key and
// her shared secret with Bob), and a random secret scalar whose shared secrets with a peer agree.
void check_x25519(Report& rep, SecretRng& rng) {
  using stakepool::util::Secret;
  auto run = [](const Secret<32>& k, std::span<const uint8_t, 32> u, std::array<uint8_t, 32>& out) {
    Secret<32> r;
    const bool ok = declassify(stakepool::crypto::x25519(k, u, r));
    std::memcpy(out.data(), r.expose().data(), 32);
    out = declassify(out);
    return ok;
  };
  const auto a = hex_or_die("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  const auto bob = hex_or_die("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  Secret<32> ka(std::span<const uint8_t, 32>(a.data(), 32));
  SP_CT_SECRET(ka.expose_mut().data(), 32);
  std::array<uint8_t, 32> nine{}, out{};
  nine[0] = 9;
  bool ok = run(ka, nine, out);
  rep.expect(ok && stakepool::util::to_hex(out) == "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
             "x25519: RFC 7748 6.1 Alice's public key");
  ok = run(ka, std::span<const uint8_t, 32>(bob.data(), 32), out);
  rep.expect(ok && stakepool::util::to_hex(out) == "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
             "x25519: RFC 7748 6.1 shared secret");
  Secret<32> k1, k2;
  rng.fill(k1.expose_mut());
  rng.fill(k2.expose_mut());
  std::array<uint8_t, 32> p1{}, p2{}, s12{}, s21{};
  ok = run(k1, nine, p1) && run(k2, nine, p2) && run(k1, p2, s12) && run(k2, p1, s21);
  rep.expect(ok && s12 == s21, "x25519: random secret scalars agree on the shared secret");
}

bool same_fr(const Fr& a, const Fr& b) { return declassify(a) == declassify(b); }

// group_key: the BLS secret key whose scalar is `s`.
std::optional<bls::SecretKey> group_key(const th::SecretScalar& s) {
  std::array<uint8_t, 32> b;
  s.expose().to_bytes_be(b);
  auto sk = bls::SecretKey::parse(b);
  stakepool::util::secure_zero(b.data(), b.size());
  if (!sk) return std::nullopt;
  return std::move(*sk);
}

// check_threshold: Shamir split/recover and threshold signing with secret-marked randomness.
void check_threshold(Report& rep, SecretRng& rng) {
  constexpr std::size_t kT = 3, kN = 5;
  const th::SecretScalar secret_v = th::random_scalar(rng);
  const auto poly = th::SecretPolynomial::random(secret_v, kT, rng);
  const auto shares = poly.share_all(kN);
  for (const auto& positions : {std::initializer_list<std::size_t>{0, 2, 4}, {4, 1, 3}}) {
    const auto subset = pick(shares, positions);
    th::SecretScalar rec;
    const auto e = th::recover_secret(subset, kT, rec);
    rep.expect(e == th::ThresholdError::kOk && same_fr(rec.expose(), secret_v.expose()),
               "shamir: recover_secret from 3 of 5 shares");
  }
  // Feldman commitments C_k = a_k·G1 (fixed-base constant-time multiplication by the generator).
  const th::PublicPolynomial pub = th::commit(poly);
  bool commits_ok = pub.coeffs.size() == kT;
  for (std::size_t k = 0; k < pub.coeffs.size() && k < kT; ++k) {
    const stakepool::crypto::G1 c = declassify(pub.coeffs[k]);
    const Fr a = declassify(poly.coefficient(k).expose());
    const auto want = stakepool::crypto::g1_mul_vartime(stakepool::crypto::g1_generator(),
                                                        stakepool::crypto::to_scalar(a));
    commits_ok = commits_ok && stakepool::crypto::eq(c, want);
  }
  rep.expect(commits_ok, "feldman: commit(poly) equals a_k·G1");
  // The batched fixed-base path (many secret scalars, one shared inversion per window).
  std::vector<th::SecretScalar> many;
  std::vector<stakepool::crypto::Scalar> ks;
  for (int i = 0; i < 20; ++i) {
    many.push_back(th::random_scalar(rng));
    ks.push_back(stakepool::crypto::to_scalar(many.back().expose()));
  }
  std::vector<stakepool::crypto::G1Affine> batch(ks.size());
  stakepool::crypto::g1_mul_generator_batch(ks, batch);
  bool batch_ok = true;
  for (std::size_t i = 0; i < ks.size(); ++i) {
    const auto want = stakepool::crypto::g1_mul_vartime(stakepool::crypto::g1_generator(), declassify(ks[i]));
    batch_ok = batch_ok && stakepool::crypto::eq(stakepool::crypto::to_jacobian(declassify(batch[i])), want);
  }
  rep.expect(batch_ok, "fixed base: g1_mul_generator_batch of 20 secret scalars");
  const std::array<uint8_t, 5> msg = {'c', 't', 'i', 'm', 'e'};
  auto gsk = group_key(secret_v);
  if (!gsk) {
    rep.expect(false, "threshold: group secret is a valid key");
    return;
  }
  const bls::Signature group_sig = declassify(bls::sign(*gsk, msg));
  std::vector<th::Partial> partials;
  for (std::size_t p : {1u, 3u, 4u}) {
    auto s = th::partial_sign(shares[p], msg);
    rep.expect(s.has_value(), "threshold: partial_sign succeeds");
    if (s) partials.push_back({shares[p].index, declassify(*s)});
  }
  bls::Signature combined = group_sig;
  const auto e = th::combine(partials, kT, combined);
  rep.expect(e == th::ThresholdError::kOk && combined == group_sig,
             "threshold: combined partials equal the group signature");
}

// ---- harness self-test -------------------------------------------------------------------------

volatile uint8_t g_sink = 0;
[[gnu::noinline]] void sink_odd() { g_sink = 1; }
[[gnu::noinline]] void sink_even() { g_sink = 2; }

// self_test_leak deliberately leaks a secret byte through a branch or a table index.
int self_test_leak(std::string_view mode) {
  static std::array<uint8_t, 256> table;
  for (std::size_t i = 0; i < table.size(); ++i) table[i] = static_cast<uint8_t>(i * 7);
  std::array<uint8_t, 32> key{};
  key.fill(0x5a);
  SP_CT_SECRET(key.data(), key.size());
  if (mode == "branch") {
    if (stakepool::ct::value_barrier(key[0]) & 1) sink_odd();
    else sink_even();
  } else if (mode == "index") {
    g_sink = table[stakepool::ct::value_barrier(key[0])];
  } else if (mode == "vartime") {
    // A library leak through the same marking path: a variable-time power with a secret exponent.
    uint64_t e = 0;
    std::memcpy(&e, key.data(), sizeof(e));
    const Fp y = Fp::from_u64(3).pow_vartime(std::span<const uint64_t>(&e, 1));
    g_sink = static_cast<uint8_t>(declassify(y).l[0]);
  } else {
    std::fprintf(stderr, "ctime_check: unknown --self-test-leak mode '%.*s'\n",
                 static_cast<int>(mode.size()), mode.data());
    return 2;
  }
  std::printf("ctime_check: self-test leak (%.*s) executed\n", static_cast<int>(mode.size()),
              mode.data());
  return 0;
}

bool under_valgrind() {
#ifdef SP_CTIME_CHECK
  return RUNNING_ON_VALGRIND != 0;
#else
  return false;
#endif
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view kLeak = "--self-test-leak=";
  if (argc == 2 && std::string_view(argv[1]).starts_with(kLeak)) {
    return self_test_leak(std::string_view(argv[1]).substr(kLeak.size()));
  }
  if (argc != 2) {
    std::fprintf(stderr, "usage: ctime_check VECTORS_DIR | --self-test-leak=branch|index|vartime\n");
    return 2;
  }
  std::printf("ctime_check: annotations %s, valgrind %s\n",
#ifdef SP_CTIME_CHECK
              "on",
#else
              "off",
#endif
              under_valgrind() ? "yes" : "no");
  Report rep;
  SecretRng rng(20261127);
  check_field<Fp>(rep, "Fp", rng);
  check_field<Fr>(rep, "Fr", rng);
  check_bls(rep, argv[1]);
  check_key_gen(rep, rng);
  check_threshold(rep, rng);
  check_x25519(rep, rng);
  std::printf("ctime_check: %d checks, %d failed\n", rep.checks, rep.failures);
  return rep.failures == 0 ? 0 : 1;
}
