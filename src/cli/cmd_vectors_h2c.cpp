// `stakepool vectors h2c DIR`: RFC 9380 vectors (hash-to-curve suites for BLS12-381 G1/G2, RO and
// NU, and expand_message_xmd with SHA-256). Every *.json file in DIR must be one of these; an
// unknown file is a failure, never skipped.
#include <regex>
#include <string>

#include "commands.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/expand_message.hpp"
#include "stakepool/crypto/hash_to_curve.hpp"
#include "vector_report.hpp"
#include "vectors.hpp"

namespace stakepool::cli {
namespace {

namespace fs = std::filesystem;
using util::Bytes;

std::span<const uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::size_t parse_len(const std::string& s, const std::string& what) {
  std::size_t pos = 0;
  unsigned long v = 0;
  try {
    v = std::stoul(s, &pos, 0);
  } catch (const std::exception&) {
    pos = 0;
  }
  if (pos == 0 || pos != s.size()) throw VectorError(what + ": bad integer \"" + s + "\"");
  return v;
}

void expect_bytes(const Bytes& got, const Bytes& want, const std::string& what) {
  if (got != want) {
    throw VectorError(what + ": got " + util::to_hex(got) + ", want " + util::to_hex(want));
  }
}

// One expand_message_xmd case: checks DST_prime, msg_prime (assembled from our DST_prime, so a
// vector inconsistent with it fails) and uniform_bytes.
void run_expand_case(StrictJson& t, const crypto::XmdDst& dst) {
  const std::string msg = t.str("msg");
  const std::size_t len = parse_len(t.str("len_in_bytes"), "len_in_bytes");
  const Bytes dst_prime(dst.prime().begin(), dst.prime().end());
  expect_bytes(dst_prime, t.hex("DST_prime"), "DST_prime");
  Bytes msg_prime(64, 0);  // Z_pad || msg || I2OSP(len, 2) || I2OSP(0, 1) || DST_prime
  msg_prime.insert(msg_prime.end(), msg.begin(), msg.end());
  msg_prime.insert(msg_prime.end(), {static_cast<uint8_t>(len >> 8), static_cast<uint8_t>(len), 0});
  msg_prime.insert(msg_prime.end(), dst_prime.begin(), dst_prime.end());
  expect_bytes(msg_prime, t.hex("msg_prime"), "msg_prime");
  Bytes out(len);
  if (!crypto::expand_message_xmd(as_bytes(msg), dst, out)) {
    throw VectorError("expand_message_xmd rejected len_in_bytes " + std::to_string(len));
  }
  expect_bytes(out, t.hex("uniform_bytes"), "uniform_bytes");
  t.finish();
}

void run_expand_file(const fs::path& file, VectorReport& report) {
  const std::string handler = file.stem().string();
  nlohmann::json j = load_json_file(file);
  StrictJson top(j, handler);
  top.expect_str("name", "expand_message_xmd");
  top.expect_str("hash", "SHA256");
  if (top.take("k") != 128) throw VectorError(handler + ".k: expected 128");
  const std::string dst_str = top.str("DST");
  const crypto::XmdDst dst(as_bytes(dst_str));
  auto tests = top.objs("tests");
  if (tests.empty()) throw VectorError(handler + ": no tests");
  for (StrictJson* t : tests) {
    report.run_case(handler, t->path(), [&] { run_expand_case(*t, dst); });
  }
  top.finish_own();
}

// ---- hash-to-curve suites ----------------------------------------------------------------------

// Field parsing/printing in the vectors' notation: "0x<96 hex>" for Fp, "0x<c0>,0x<c1>" for Fp2.
crypto::Fp parse_fp(const std::string& s, const std::string& what) {
  auto b = util::from_hex_fixed<48>(s, what);
  if (!b) throw VectorError(b.error().message);
  crypto::Fp out;
  if (!crypto::Fp::from_bytes_be(out, *b)) throw VectorError(what + ": not below p");
  return out;
}

crypto::Fp2 parse_fp2(const std::string& s, const std::string& what) {
  const auto comma = s.find(',');
  if (comma == std::string::npos) throw VectorError(what + ": expected \"c0,c1\"");
  return {parse_fp(s.substr(0, comma), what + ".c0"), parse_fp(s.substr(comma + 1), what + ".c1")};
}

std::string fp_hex(const crypto::Fp& x) {
  std::array<uint8_t, 48> b;
  x.to_bytes_be(b);
  return util::to_hex0x(b);
}
std::string fp_hex(const crypto::Fp2& x) { return fp_hex(x.c0) + "," + fp_hex(x.c1); }

// Suite<F> holds what differs between the G1 and G2 suites.
template <typename F>
struct Suite {
  F (*parse)(const std::string&, const std::string&);
  bool (*hash_to_field)(std::span<const uint8_t>, const crypto::XmdDst&, std::span<F>);
  crypto::JacobianPoint<F> (*map)(const F&);
  crypto::JacobianPoint<F> (*clear)(const crypto::JacobianPoint<F>&);
  const char* curve;
  std::string z;  // Z of the suite in the vectors' notation
  std::string m;  // extension degree
};

template <typename F>
void expect_point(const crypto::JacobianPoint<F>& got, StrictJson& want, const std::string& what,
                  const Suite<F>& s) {
  const crypto::AffinePoint<F> a = crypto::to_affine(got);
  if (a.infinity) throw VectorError(what + ": got the point at infinity");
  if (!crypto::is_on_curve(a)) throw VectorError(what + ": result is not on the curve");
  const std::string wx = want.str("x"), wy = want.str("y");
  const F x = s.parse(wx, what + ".x"), y = s.parse(wy, what + ".y");
  if (!(a.x == x) || !(a.y == y)) {
    throw VectorError(what + ": got (" + fp_hex(a.x) + ", " + fp_hex(a.y) + "), want (" + wx +
                      ", " + wy + ")");
  }
  want.finish();
}

// One vector: u = hash_to_field(msg), then Q0, Q1 (RO) or Q (NU) = map_to_curve(u_i), and P.
template <typename F>
void run_suite_case(StrictJson& v, const Suite<F>& s, const crypto::XmdDst& dst, bool ro) {
  const std::string msg = v.str("msg");
  const std::vector<std::string> u_hex = v.strs("u");
  if (u_hex.size() != (ro ? 2u : 1u))
    throw VectorError("u: expected " + std::to_string(ro ? 2 : 1));
  std::vector<F> u(u_hex.size());
  if (!s.hash_to_field(as_bytes(msg), dst, u)) throw VectorError("hash_to_field failed");
  std::vector<crypto::JacobianPoint<F>> q;
  for (std::size_t i = 0; i < u.size(); ++i) {
    const std::string what = "u[" + std::to_string(i) + "]";
    if (!(u[i] == s.parse(u_hex[i], what))) {
      throw VectorError(what + ": got " + fp_hex(u[i]) + ", want " + u_hex[i]);
    }
    q.push_back(s.map(u[i]));
    const std::string name = ro ? "Q" + std::to_string(i) : "Q";
    expect_point(q.back(), v.obj(name), name, s);
  }
  const auto sum = ro ? crypto::add(q[0], q[1]) : q[0];
  expect_point(s.clear(sum), v.obj("P"), "P", s);
  v.finish();
}

// handler_name: the file stem, with the suite ID's ':' restored (file names spell it '_', see
// vectors/README.md): BLS12381G2_XMD_SHA-256_SSWU_RO_.json -> BLS12381G2_XMD:SHA-256_SSWU_RO_.
std::string handler_name(const fs::path& file) {
  std::string id = file.stem().string();
  const auto at = id.find("_XMD_SHA-256");
  if (at != std::string::npos) id[at + 4] = ':';
  return id;
}

std::string modulus_hex() {
  std::string out;
  char buf[17];
  for (std::size_t i = crypto::FpParams::kModulus.size(); i-- > 0;) {
    std::snprintf(buf, sizeof(buf), "%016llx",
                  static_cast<unsigned long long>(crypto::FpParams::kModulus[i]));
    out += buf;
  }
  return "0x" + out.substr(out.find_first_not_of('0'));
}

// The suite parameters in the file must be the ones implemented (RFC 9380 §8.8).
template <typename F>
void check_suite_params(StrictJson& top, const Suite<F>& s, const std::string& id, bool ro) {
  top.expect_str("ciphersuite", id);
  top.expect_str("curve", s.curve);
  top.expect_str("dst", "QUUX-V01-CS02-with-" + id);
  top.expect_str("expand", "XMD");
  top.expect_str("hash", "sha256");
  top.expect_str("k", "0x80");
  top.expect_str("L", "0x40");
  top.expect_str("Z", s.z);
  StrictJson& field = top.obj("field");
  field.expect_str("m", s.m);
  field.expect_str("p", modulus_hex());
  field.finish();
  StrictJson& map = top.obj("map");
  map.expect_str("name", "SSWU");
  map.finish();
  const auto& r = top.take("randomOracle");
  if (!r.is_boolean() || r.get<bool>() != ro) throw VectorError("randomOracle does not match");
  top.finish_own();  // each vector is checked by its own case
}

template <typename F>
void run_suite_file(const fs::path& file, VectorReport& report, const Suite<F>& s, bool ro) {
  const std::string id = handler_name(file);
  nlohmann::json j = load_json_file(file);
  StrictJson top(j, id);
  auto vectors = top.objs("vectors");
  check_suite_params(top, s, id, ro);  // includes dst == "QUUX-V01-CS02-with-" + id
  if (vectors.empty()) throw VectorError(id + ": no vectors");
  const crypto::XmdDst dst(as_bytes("QUUX-V01-CS02-with-" + id));
  for (StrictJson* v : vectors) {
    report.run_case(id, v->path(), [&] { run_suite_case(*v, s, dst, ro); });
  }
}

const Suite<crypto::Fp> kG1{parse_fp,
                            crypto::hash_to_field_fp,
                            crypto::map_to_curve_g1,
                            crypto::clear_cofactor_g1,
                            "BLS12-381 G1",
                            "0xb",
                            "0x1"};
const Suite<crypto::Fp2> kG2{parse_fp2,
                             crypto::hash_to_field_fp2,
                             crypto::map_to_curve_g2,
                             crypto::clear_cofactor_g2,
                             "BLS12-381 G2",
                             "0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241ea"
                             "bfffeb153ffffb9feffffffffaaa9,"
                             "0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241ea"
                             "bfffeb153ffffb9feffffffffaaaa",
                             "0x2"};

// FileKind maps a file-name pattern to its runner.
struct FileKind {
  const char* name;
  std::regex pattern;
  void (*run)(const fs::path&, VectorReport&);
};

void run_dir(const fs::path& dir) {
  const FileKind kinds[] = {
      {"expand_message_xmd", std::regex(R"(expand_message_xmd_SHA256_\w+\.json)"), run_expand_file},
      {"BLS12381G1_XMD:SHA-256_SSWU_RO_", std::regex(R"(BLS12381G1_XMD_SHA-256_SSWU_RO_\.json)"),
       [](const fs::path& f, VectorReport& r) { run_suite_file(f, r, kG1, true); }},
      {"BLS12381G1_XMD:SHA-256_SSWU_NU_", std::regex(R"(BLS12381G1_XMD_SHA-256_SSWU_NU_\.json)"),
       [](const fs::path& f, VectorReport& r) { run_suite_file(f, r, kG1, false); }},
      {"BLS12381G2_XMD:SHA-256_SSWU_RO_", std::regex(R"(BLS12381G2_XMD_SHA-256_SSWU_RO_\.json)"),
       [](const fs::path& f, VectorReport& r) { run_suite_file(f, r, kG2, true); }},
      {"BLS12381G2_XMD:SHA-256_SSWU_NU_", std::regex(R"(BLS12381G2_XMD_SHA-256_SSWU_NU_\.json)"),
       [](const fs::path& f, VectorReport& r) { run_suite_file(f, r, kG2, false); }},
  };
  VectorReport report;
  std::vector<bool> seen(std::size(kinds), false);
  for (const fs::path& file : json_files(dir)) {
    const std::string name = handler_name(file);
    const FileKind* kind = nullptr;
    for (std::size_t i = 0; i < std::size(kinds); ++i) {
      if (std::regex_match(file.filename().string(), kinds[i].pattern)) {
        kind = &kinds[i];
        seen[i] = true;
      }
    }
    if (kind == nullptr) {
      report.fail(name, "file", "not a hash-to-curve or expand_message vector file");
      continue;
    }
    try {
      kind->run(file, report);
    } catch (const std::exception& e) {
      report.fail(name, "file", e.what());  // a malformed file fails as a whole
    }
  }
  for (std::size_t i = 0; i < std::size(kinds); ++i) {
    if (!seen[i]) report.fail(kinds[i].name, "files", "no vector file for it in " + dir.string());
  }
  if (!report.finish()) throw CliError("hash-to-curve vectors failed", 1);
}

}  // namespace

void add_vectors_h2c(CLI::App* vectors) {
  auto* cmd = vectors->add_subcommand(
      "h2c", "RFC 9380 hash-to-curve (BLS12-381 G1/G2, RO/NU) and expand_message_xmd vectors");
  auto dir = std::make_shared<std::string>();
  cmd->add_option("DIR", *dir, "Folder with the RFC 9380 JSON vector files")->required();
  cmd->callback([dir] { run_dir(*dir); });
}

}  // namespace stakepool::cli
