// `stakepool vectors h2c DIR`: RFC 9380 vectors (hash-to-curve suites for BLS12-381 G1/G2, RO and NU,
// and expand_message_xmd with SHA-256). Every *.json file in DIR must be one of these; an unknown
// file is a failure, never skipped.
#include <regex>
#include <string>

#include "commands.hpp"
#include "stakepool/crypto/expand_message.hpp"
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

// FileKind maps a file-name pattern to its runner.
struct FileKind {
  std::regex pattern;
  void (*run)(const fs::path&, VectorReport&);
};

void run_dir(const fs::path& dir) {
  const FileKind kinds[] = {
      {std::regex(R"(expand_message_xmd_SHA256_\w+\.json)"), run_expand_file},
  };
  VectorReport report;
  for (const fs::path& file : json_files(dir)) {
    const std::string name = file.stem().string();
    const FileKind* kind = nullptr;
    for (const auto& k : kinds) {
      if (std::regex_match(file.filename().string(), k.pattern)) kind = &k;
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
