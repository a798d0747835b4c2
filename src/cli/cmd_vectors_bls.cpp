// `stakepool vectors bls DIR`: Ethereum BLS signature vectors.
//
// DIR holds one folder per handler. A handler folder holds either
//   - *.json files, one case each (ethereum/bls12-381-tests format), or
//   - <suite>/<case>/data.yaml (consensus-spec-tests format; phase0 bls and altair eth_* handlers).
// Unknown handler folders, unexpected files and malformed cases fail; nothing is skipped except
// documentation (*.md) at the top level of DIR.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "stakepool/crypto/bls.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/hash_to_curve.hpp"
#include "stakepool/util/rng.hpp"
#include "vector_report.hpp"
#include "vectors.hpp"

namespace stakepool::cli {
namespace {

namespace fs = std::filesystem;
namespace bls = crypto::bls;
using util::Bytes;
using nlohmann::json;

constexpr std::string_view kH2cDst = "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_";

Bytes parse_hex(const std::string& s, const std::string& what) {
  auto b = util::from_hex(s);
  if (!b) throw VectorError(what + ": " + b.error().message);
  return std::move(*b);
}

std::vector<Bytes> parse_hex_list(const std::vector<std::string>& v, const std::string& what) {
  std::vector<Bytes> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    out.push_back(parse_hex(v[i], what + "[" + std::to_string(i) + "]"));
  }
  return out;
}

bool output_bool(StrictJson& c) {
  const json& o = c.take("output");
  if (!o.is_boolean()) throw VectorError(c.path() + ".output: expected true or false");
  return o.get<bool>();
}

// output_opt_hex: a hex string, or null (YAML: empty or null) for "invalid input".
std::optional<Bytes> output_opt_hex(StrictJson& c) {
  const json& o = c.take("output");
  if (o.is_null()) return std::nullopt;
  if (!o.is_string()) throw VectorError(c.path() + ".output: expected a hex string or null");
  return parse_hex(o.get<std::string>(), c.path() + ".output");
}

void expect_bool(bool got, bool want) {
  if (got != want) {
    throw VectorError(std::string("got ") + (got ? "valid" : "invalid") + ", want " +
                      (want ? "valid" : "invalid"));
  }
}

void expect_opt_bytes(const std::optional<Bytes>& got, const std::optional<Bytes>& want) {
  auto show = [](const std::optional<Bytes>& b) { return b ? util::to_hex0x(*b) : "null"; };
  if (got != want) throw VectorError("got " + show(got) + ", want " + show(want));
}

std::optional<std::vector<bls::PublicKey>> parse_pks(const std::vector<Bytes>& in) {
  std::vector<bls::PublicKey> out;
  for (const Bytes& b : in) {
    auto pk = bls::PublicKey::parse(b);
    if (!pk) return std::nullopt;
    out.push_back(*pk);
  }
  return out;
}

std::optional<std::vector<bls::Signature>> parse_sigs(const std::vector<Bytes>& in) {
  std::vector<bls::Signature> out;
  for (const Bytes& b : in) {
    auto s = bls::Signature::parse(b);
    if (!s) return std::nullopt;
    out.push_back(*s);
  }
  return out;
}

// ---- handlers: each reads the whole case {input, output}, then c.finish() -----------------------

void run_sign(StrictJson& c) {
  StrictJson& in = c.obj("input");
  const Bytes sk_bytes = in.hex("privkey");
  const Bytes msg = in.hex("message");
  const std::optional<Bytes> want = output_opt_hex(c);
  c.finish();
  auto sk = bls::SecretKey::parse(sk_bytes);
  std::optional<Bytes> got;
  if (sk) {
    auto sig = bls::sign(*sk, msg).to_bytes();
    got = Bytes(sig.begin(), sig.end());
  }
  expect_opt_bytes(got, want);
}

void run_verify(StrictJson& c) {
  StrictJson& in = c.obj("input");
  const Bytes pk_b = in.hex("pubkey"), msg = in.hex("message"), sig_b = in.hex("signature");
  const bool want = output_bool(c);
  c.finish();
  auto pk = bls::PublicKey::parse(pk_b);
  auto sig = bls::Signature::parse(sig_b);
  expect_bool(pk && sig && bls::verify(*pk, msg, *sig), want);
}

void run_aggregate(StrictJson& c) {
  const std::vector<Bytes> in = parse_hex_list(c.strs("input"), c.path() + ".input");
  const std::optional<Bytes> want = output_opt_hex(c);
  c.finish();
  std::optional<Bytes> got;
  if (auto sigs = parse_sigs(in)) {
    if (auto agg = bls::aggregate(*sigs)) {
      auto b = agg->to_bytes();
      got = Bytes(b.begin(), b.end());
    }
  }
  expect_opt_bytes(got, want);
}

void run_eth_aggregate_pubkeys(StrictJson& c) {
  const std::vector<Bytes> in = parse_hex_list(c.strs("input"), c.path() + ".input");
  const std::optional<Bytes> want = output_opt_hex(c);
  c.finish();
  std::optional<Bytes> got;
  if (auto pks = parse_pks(in)) {
    if (auto agg = bls::aggregate_pubkeys(*pks)) {
      auto b = agg->to_bytes();
      got = Bytes(b.begin(), b.end());
    }
  }
  expect_opt_bytes(got, want);
}

void run_aggregate_verify(StrictJson& c) {
  StrictJson& in = c.obj("input");
  const auto pk_b = parse_hex_list(in.strs("pubkeys"), in.path() + ".pubkeys");
  const auto msgs = parse_hex_list(in.strs("messages"), in.path() + ".messages");
  const Bytes sig_b = in.hex("signature");
  const bool want = output_bool(c);
  c.finish();
  auto pks = parse_pks(pk_b);
  auto sig = bls::Signature::parse(sig_b);
  std::vector<std::span<const uint8_t>> views(msgs.begin(), msgs.end());
  expect_bool(pks && sig && bls::aggregate_verify(*pks, views, *sig), want);
}

template <bool kEth>
void run_fast_aggregate_verify(StrictJson& c) {
  StrictJson& in = c.obj("input");
  const auto pk_b = parse_hex_list(in.strs("pubkeys"), in.path() + ".pubkeys");
  const Bytes msg = in.hex("message"), sig_b = in.hex("signature");
  const bool want = output_bool(c);
  c.finish();
  auto pks = parse_pks(pk_b);
  auto sig = bls::Signature::parse(sig_b);
  bool got = false;
  if (pks && sig) {
    got = kEth ? bls::eth_fast_aggregate_verify(*pks, msg, *sig)
               : bls::fast_aggregate_verify(*pks, msg, *sig);
  }
  expect_bool(got, want);
}

void run_batch_verify(StrictJson& c) {
  StrictJson& in = c.obj("input");
  const auto pk_b = parse_hex_list(in.strs("pubkeys"), in.path() + ".pubkeys");
  const auto msgs = parse_hex_list(in.strs("messages"), in.path() + ".messages");
  const auto sig_b = parse_hex_list(in.strs("signatures"), in.path() + ".signatures");
  const bool want = output_bool(c);
  c.finish();
  auto pks = parse_pks(pk_b);
  auto sigs = parse_sigs(sig_b);
  bool got = false;
  if (pks && sigs && pks->size() == msgs.size() && sigs->size() == msgs.size()) {
    std::vector<bls::SignatureSet> sets;
    for (std::size_t i = 0; i < msgs.size(); ++i) sets.push_back({(*pks)[i], msgs[i], (*sigs)[i]});
    util::DeterministicRng rng(0x626c73, "vectors-bls-batch-verify");
    got = bls::batch_verify(sets, rng);
  }
  expect_bool(got, want);
}

std::string fp2_hex(const crypto::Fp2& a) {
  std::array<uint8_t, 48> b0{}, b1{};
  a.c0.to_bytes_be(b0);
  a.c1.to_bytes_be(b1);
  return util::to_hex0x(b0) + "," + util::to_hex0x(b1);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return s;
}

void run_hash_to_g2(StrictJson& c) {
  StrictJson& in = c.obj("input");
  const std::string msg = in.str("msg");
  StrictJson& out = c.obj("output");
  const std::string want_x = lower(out.str("x")), want_y = lower(out.str("y"));
  c.finish();
  const crypto::G2Affine p = crypto::to_affine(crypto::hash_to_g2(
      {reinterpret_cast<const uint8_t*>(msg.data()), msg.size()},
      {reinterpret_cast<const uint8_t*>(kH2cDst.data()), kH2cDst.size()}));
  const std::string got_x = fp2_hex(p.x), got_y = fp2_hex(p.y);
  if (p.infinity || got_x != want_x || got_y != want_y) {
    throw VectorError("got (" + got_x + "; " + got_y + "), want (" + want_x + "; " + want_y + ")");
  }
}

template <bool kG1>
void run_deserialization(StrictJson& c) {
  StrictJson& in = c.obj("input");
  const Bytes b = in.hex(kG1 ? "pubkey" : "signature");
  const bool want = output_bool(c);
  c.finish();
  const bool got = kG1 ? bls::parse_g1(b).has_value() : bls::parse_g2(b).has_value();
  expect_bool(got, want);
}

using Runner = void (*)(StrictJson&);
const std::map<std::string, Runner>& handlers() {
  static const std::map<std::string, Runner> kHandlers = {
      {"sign", run_sign},
      {"verify", run_verify},
      {"aggregate", run_aggregate},
      {"aggregate_verify", run_aggregate_verify},
      {"fast_aggregate_verify", run_fast_aggregate_verify<false>},
      {"batch_verify", run_batch_verify},
      {"hash_to_G2", run_hash_to_g2},
      {"deserialization_G1", run_deserialization<true>},
      {"deserialization_G2", run_deserialization<false>},
      {"eth_aggregate_pubkeys", run_eth_aggregate_pubkeys},
      {"eth_fast_aggregate_verify", run_fast_aggregate_verify<true>},
  };
  return kHandlers;
}

// ---- loading --------------------------------------------------------------------------------------

// yaml_to_json converts a YAML document; unquoted true/false/null become JSON literals, every other
// scalar (quoted or not) a string.
json yaml_to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar: {
      const std::string& s = n.Scalar();
      if (n.Tag() != "!") {
        if (s == "true") return true;
        if (s == "false") return false;
        if (s == "null" || s == "~") return nullptr;
      }
      return s;
    }
    case YAML::NodeType::Sequence: {
      json a = json::array();
      for (const auto& e : n) a.push_back(yaml_to_json(e));
      return a;
    }
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : n) o[kv.first.as<std::string>()] = yaml_to_json(kv.second);
      return o;
    }
  }
  return nullptr;
}

json load_yaml_file(const fs::path& p) {
  try {
    return yaml_to_json(YAML::LoadFile(p.string()));
  } catch (const YAML::Exception& e) {
    throw VectorError(p.string() + ": invalid YAML: " + e.what());
  }
}

// run_yaml_suite: <suite>/<case>/data.yaml; every case folder must hold exactly data.yaml.
int run_yaml_suite(const std::string& handler, const fs::path& suite, Runner run,
                   VectorReport& report) {
  int n = 0;
  for (const auto& ce : sorted_entries(suite)) {
    const std::string name = suite.filename().string() + "/" + ce.path().filename().string();
    ++n;
    if (!ce.is_directory()) {
      report.fail(handler, name, "unexpected file (want <case>/data.yaml)");
      continue;
    }
    const auto files = sorted_entries(ce.path());
    if (files.size() != 1 || files[0].path().filename() != "data.yaml") {
      report.fail(handler, name, "case folder must contain exactly data.yaml");
      continue;
    }
    report.run_case(handler, name, [&] {
      const json data = load_yaml_file(files[0].path());
      StrictJson c(data, name);
      run(c);
    });
  }
  return n;
}

void run_handler_dir(const std::string& handler, const fs::path& dir, Runner run,
                     VectorReport& report) {
  int n = 0;
  for (const auto& e : sorted_entries(dir)) {
    const std::string name = e.path().filename().string();
    if (e.is_directory()) {
      n += run_yaml_suite(handler, e.path(), run, report);
    } else if (e.path().extension() == ".json") {
      ++n;
      report.run_case(handler, e.path().stem().string(), [&] {
        const json data = load_json_file(e.path());
        StrictJson c(data, e.path().stem().string());
        run(c);
      });
    } else {
      ++n;
      report.fail(handler, name, "unexpected file (want *.json or <suite>/<case>/data.yaml)");
    }
  }
  if (n == 0) report.fail(handler, dir.string(), "no cases");
}

void run_dir(const fs::path& dir) {
  std::string names;
  for (const auto& [name, runner] : handlers()) names += (names.empty() ? "" : ", ") + name;
  run_handler_folders(
      dir, "BLS", names, [](const std::string& n) { return handlers().count(n) != 0; },
      [](const std::string& n, const fs::path& p, VectorReport& r) {
        run_handler_dir(n, p, handlers().at(n), r);
      });
}

}  // namespace

void add_vectors_bls(CLI::App* vectors) {
  auto* cmd = vectors->add_subcommand(
      "bls", "Ethereum BLS vectors: bls12-381-tests JSON or consensus-spec-tests YAML handlers");
  auto dir = std::make_shared<std::string>();
  cmd->add_option("DIR", *dir, "Folder with one sub-folder per handler (sign, verify, ...)")
      ->required();
  cmd->callback([dir] { run_dir(*dir); });
}

}  // namespace stakepool::cli
