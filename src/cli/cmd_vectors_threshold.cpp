// `stakepool vectors threshold DIR`: threshold-BLS vectors
// (doc/formats/threshold.md), one folder per handler — split/, recover/,
// combine/ — holding one {"input", "output"} JSON case per file. Unknown
// folders, stray files and malformed cases fail; *.md at the top level is
// documentation.
#include <map>
#include <optional>
#include <set>
#include <string>

#include "commands.hpp"
#include "stakepool/threshold/ceremony_build.hpp"
#include "stakepool/util/rng.hpp"
#include "threshold_io.hpp"
#include "vectors.hpp"

namespace stakepool::cli {
namespace {

namespace fs = std::filesystem;
namespace th = threshold;
using nlohmann::json;
using util::Bytes;

// scalar: 32 bytes below r, or nullopt (wrong length or non-canonical).
std::optional<th::Fr> scalar(const Bytes& b) {
  if (b.size() != 32) return std::nullopt;
  th::ScalarBytes a{};
  std::copy(b.begin(), b.end(), a.begin());
  return th::fr_from_bytes(a);
}

std::string scalar_hex(const th::Fr& x) { return util::to_hex0x(th::fr_to_bytes(x)); }
std::string g1_hex(const th::G1& p) { return util::to_hex0x(th::g1_to_bytes(p)); }

// distinct_indices: all in 1..kMaxShares and distinct, else nullopt.
std::optional<std::vector<th::ShareIndex>> distinct_indices(const std::vector<uint64_t>& v) {
  std::vector<th::ShareIndex> out;
  std::set<uint64_t> seen;
  for (uint64_t x : v) {
    auto idx = th::ShareIndex::make(x);
    if (!idx || !seen.insert(x).second) return std::nullopt;
    out.push_back(*idx);
  }
  return out;
}

void expect_same(const std::string& what, const std::string& got, const std::string& want) {
  if (got != want) throw VectorError(what + ": got " + got + ", want " + want);
}

// expected_output: the "output" member, which is null or (per handler) an
// object / string.
const json& expected_output(StrictJson& c) { return c.take("output"); }

std::string want_hex(const json& o, const std::string& path) {
  if (!o.is_string()) throw VectorError(path + ".output: expected a hex string or null");
  auto b = util::from_hex(o.get<std::string>());
  if (!b) throw VectorError(path + ".output: " + b.error().message);
  return util::to_hex0x(*b);
}

// ---- split
// ---------------------------------------------------------------------------------------

// split_json computes the expected-format output object, or null for invalid
// input.
json split_json(const Bytes& sk, const std::vector<std::string>& coeff_hex,
                const std::vector<uint64_t>& indices) {
  std::vector<th::SecretScalar> coeffs;
  auto s = scalar(sk);
  if (!s || s->is_zero()) return nullptr;
  coeffs.emplace_back(*s);
  for (const std::string& h : coeff_hex) {
    auto b = util::from_hex(h);
    if (!b) throw VectorError("coefficients: " + b.error().message);
    auto a = scalar(*b);
    if (!a) return nullptr;
    coeffs.emplace_back(*a);
  }
  auto idx = distinct_indices(indices);
  if (!idx || idx->size() < coeffs.size()) return nullptr;
  const SplitResult r =
      split_polynomial(th::SecretPolynomial::from_coefficients(std::move(coeffs)), *idx);
  json out = {{"shares", json::array()},
              {"share_pubkeys", json::array()},
              {"group_pubkey", g1_hex(r.group_pubkey)}};
  for (std::size_t i = 0; i < r.shares.size(); ++i) {
    const uint32_t j = r.shares[i].index.value();
    out["shares"].push_back({{"index", j}, {"secret", scalar_hex(r.shares[i].value.expose())}});
    out["share_pubkeys"].push_back({{"index", j}, {"pubkey", g1_hex(r.share_pubkeys[i])}});
  }
  return out;
}

// normalize_split: the expected output with hex re-encoded in lower case
// (comparison by value).
json normalize_split(StrictJson& c) {
  const json& o = expected_output(c);
  if (o.is_null()) return nullptr;
  StrictJson w(o, c.path() + ".output");
  json out = {{"shares", json::array()}, {"share_pubkeys", json::array()}};
  for (const IndexedBytes& s : read_indexed(w, "shares", "secret")) {
    out["shares"].push_back({{"index", s.index}, {"secret", util::to_hex0x(s.bytes)}});
  }
  for (const IndexedBytes& p : read_indexed(w, "share_pubkeys", "pubkey")) {
    out["share_pubkeys"].push_back({{"index", p.index}, {"pubkey", util::to_hex0x(p.bytes)}});
  }
  out["group_pubkey"] = util::to_hex0x(w.hex("group_pubkey"));
  w.finish();
  return out;
}

void run_split(StrictJson& c) {
  StrictJson& in = c.obj("input");
  const Bytes sk = in.hex("secret_key");
  const std::vector<std::string> coeffs = in.strs("coefficients");
  std::vector<uint64_t> indices;
  const json& ij = in.take("indices");
  if (!ij.is_array()) throw VectorError(in.path() + ".indices: expected an array");
  for (const json& v : ij) {
    if (!v.is_number_unsigned())
      throw VectorError(in.path() + ".indices: expected non-negative integers");
    indices.push_back(v.get<uint64_t>());
  }
  const json want = normalize_split(c);
  c.finish();
  expect_same("split", split_json(sk, coeffs, indices).dump(), want.dump());
}

// ---- recover
// -------------------------------------------------------------------------------------

std::optional<std::string> recover(uint64_t t, const std::vector<IndexedBytes>& in) {
  if (t == 0 || in.size() < t) return std::nullopt;
  std::vector<uint64_t> raw;
  for (const auto& s : in) raw.push_back(s.index);
  auto idx = distinct_indices(raw);
  if (!idx) return std::nullopt;
  std::vector<th::SecretShare> shares;
  for (std::size_t i = 0; i < in.size(); ++i) {
    auto v = scalar(in[i].bytes);
    if (!v) return std::nullopt;
    shares.push_back({(*idx)[i], th::SecretScalar(*v)});
  }
  th::SecretScalar out;
  if (th::recover_secret(shares, t, out) != th::ThresholdError::kOk) return std::nullopt;
  return scalar_hex(out.expose());
}

void run_recover(StrictJson& c) {
  StrictJson& in = c.obj("input");
  const uint64_t t = read_index(in, "threshold");
  const std::vector<IndexedBytes> shares = read_indexed(in, "shares", "secret");
  const json& o = expected_output(c);
  const std::string want = o.is_null() ? "null" : want_hex(o, c.path());
  c.finish();
  expect_same("recovered secret", recover(t, shares).value_or("null"), want);
}

// ---- combine
// -------------------------------------------------------------------------------------

void run_combine(StrictJson& c) {
  StrictJson& in = c.obj("input");
  const CombineRequest req = read_combine_request(in);
  const json& o = expected_output(c);
  const std::string want = o.is_null() ? "null" : want_hex(o, c.path());
  c.finish();
  util::DeterministicRng rng(1, "vectors-threshold-combine");
  const CombineOutcome out = combine_request(req, rng);
  const std::string got = out.signature ? util::to_hex0x(out.signature->to_bytes()) : "null";
  expect_same("signature (" + (out.error.empty() ? std::string("combined") : out.error) + ")", got,
              want);
  if (!out.signature || out.valid.size() == req.threshold) return;
  // The result does not depend on which valid partials are combined: the last t
  // give it too.
  std::vector<th::Partial> last(out.valid.end() - static_cast<long>(req.threshold),
                                out.valid.end());
  crypto::bls::Signature other = crypto::bls::Signature::from_point_unchecked_subgroup({});
  if (th::combine(last, req.threshold, other) != th::ThresholdError::kOk ||
      other.to_bytes() != out.signature->to_bytes()) {
    throw VectorError(
        "combining the last threshold valid partials gives a "
        "different signature");
  }
}

using Runner = void (*)(StrictJson&);
const std::map<std::string, Runner>& handlers() {
  static const std::map<std::string, Runner> h = {
      {"split", run_split}, {"recover", run_recover}, {"combine", run_combine}};
  return h;
}

void run_handler_dir(const std::string& handler, const fs::path& dir, Runner run,
                     VectorReport& report) {
  int n = 0;
  for (const auto& e : sorted_entries(dir)) {
    ++n;
    const std::string name = e.path().stem().string();
    if (e.is_directory() || e.path().extension() != ".json") {
      report.fail(handler, e.path().filename().string(), "unexpected entry (want *.json)");
      continue;
    }
    report.run_case(handler, name, [&] {
      const json data = load_json_file(e.path());
      StrictJson c(data, name);
      run(c);
    });
  }
  if (n == 0) report.fail(handler, dir.string(), "no cases");
}

void run_dir(const fs::path& dir) {
  run_handler_folders(
      dir, "threshold", "split, recover, combine",
      [](const std::string& n) { return handlers().count(n) != 0; },
      [](const std::string& n, const fs::path& p, VectorReport& r) {
        run_handler_dir(n, p, handlers().at(n), r);
      });
}

}  // namespace

void add_vectors_threshold(CLI::App* vectors) {
  auto* cmd =
      vectors->add_subcommand("threshold", "Threshold BLS vectors: split, recover, combine (JSON)");
  auto dir = std::make_shared<std::string>();
  cmd->add_option("DIR", *dir, "Folder with split/, recover/, combine/ sub-folders")->required();
  cmd->callback([dir] { run_dir(*dir); });
}

}  // namespace stakepool::cli
