// `stakepool vectors keys DIR`: EIP-2333 key derivation (tree_kdf, intermediate lamport values, ERC
// test cases), EIP-2335 keystores and BIP-39 (vectors_keys_bip39.cpp) from ../shared/vectors/keys.
// Every *.json below DIR must be a known vector file; an unknown one fails, a missing one fails.
#include <array>
#include <memory>
#include <string>

#include "commands.hpp"
#include "stakepool/eth/bip39.hpp"
#include "stakepool/eth/key_derivation.hpp"
#include "stakepool/util/fs.hpp"
#include "vector_report.hpp"
#include "vectors.hpp"
#include "vectors_keys.hpp"

namespace stakepool::cli {
namespace {

namespace fs = std::filesystem;
using util::Bytes;

const char* const kTreeKdf =
    "staking-deposit-cli/tests/test_key_handling/test_key_derivation/test_vectors/tree_kdf.json";
const char* const kTreeKdfIntermediate =
    "staking-deposit-cli/tests/test_key_handling/test_key_derivation/test_vectors/"
    "tree_kdf_intermediate.json";
const char* const kErc2333 = "ethereum-ERCs/extracted/erc-2333-test-cases.json";
std::string sk_hex(const eth::SecretKeyBytes& sk) { return util::to_hex(sk.expose()); }

uint32_t take_u32(StrictJson& j, const std::string& key) {
  const auto& v = j.take(key);
  if (!v.is_number_unsigned() || v.get<uint64_t>() > 0xffffffffu) {
    throw VectorError(j.path() + "." + key + ": expected an integer below 2^32");
  }
  return v.get<uint32_t>();
}

// One master/child derivation case: seed -> master_SK -> child_SK at child_index.
void run_derivation_case(StrictJson& c) {
  const Bytes seed = c.hex("seed");
  auto master = eth::derive_master_sk(seed);
  if (!master) throw VectorError(master.error().message);
  expect_eq(sk_hex(*master), decimal_to_hex32(c.str("master_SK")), "master_SK");
  const uint32_t index = take_u32(c, "child_index");
  expect_eq(sk_hex(eth::derive_child_sk(*master, index)), decimal_to_hex32(c.str("child_SK")),
            "child_SK");
}

void run_tree_kdf(const fs::path& file, VectorReport& report) {
  nlohmann::json j = load_json_big_ints(file);
  StrictJson top(j, "tree_kdf");
  auto cases = top.objs("kdf_tests");
  if (cases.empty()) throw VectorError("tree_kdf.json: no cases");
  for (StrictJson* c : cases) {
    report.run_case("eip2333 tree_kdf", c->path(), [&] {
      run_derivation_case(*c);
      c->finish();
    });
  }
  top.finish_own();
}

void expect_lamport(const util::SecretBytes& got, const std::vector<std::string>& want,
                    const std::string& what) {
  if (want.size() != eth::kLamportChunks) {
    throw VectorError(what + ": expected 255 chunks, got " + std::to_string(want.size()));
  }
  for (std::size_t i = 0; i < want.size(); ++i) {
    expect_eq(util::to_hex(got.expose().subspan(i * 32, 32)), want[i],
              what + "[" + std::to_string(i) + "]");
  }
}

// The intermediate case: mnemonic -> seed -> master -> lamport_0/1 -> compressed PK -> child.
void run_intermediate_case(StrictJson& c) {
  auto seed =
      eth::mnemonic_to_seed(eth::as_bytes(c.str("mnemonic")), eth::as_bytes(c.str("password")));
  if (!seed) throw VectorError(seed.error().message);
  expect_eq(util::to_hex(seed->expose()), util::to_hex(c.hex("seed")), "seed");
  auto master = eth::derive_master_sk(seed->expose());
  if (!master) throw VectorError(master.error().message);
  expect_eq(sk_hex(*master), decimal_to_hex32(c.str("master_SK")), "master_SK");
  auto path = eth::KeyPath::parse(c.str("path"));
  if (!path) throw VectorError(path.error().message);
  const uint32_t index = take_u32(c, "child_index");
  if (path->indices() != std::vector<uint32_t>{index}) throw VectorError("path != m/child_index");
  eth::LamportKeys lk = eth::parent_sk_to_lamport_keys(*master, index);
  expect_lamport(lk.lamport_0, c.strs("lamport_0"), "lamport_0");
  expect_lamport(lk.lamport_1, c.strs("lamport_1"), "lamport_1");
  expect_eq(util::to_hex(lk.compressed_pk.expose()), util::to_hex(c.hex("compressed_lamport_PK")),
            "compressed_lamport_PK");
  auto child = eth::derive_sk_at_path(seed->expose(), *path);
  if (!child) throw VectorError(child.error().message);
  expect_eq(sk_hex(*child), decimal_to_hex32(c.str("child_SK")), "child_SK");
}

void run_tree_kdf_intermediate(const fs::path& file, VectorReport& report) {
  nlohmann::json j = load_json_big_ints(file);
  StrictJson c(j, "tree_kdf_intermediate");
  report.run_case("eip2333 intermediate", c.path(), [&] {
    run_intermediate_case(c);
    c.finish();
  });
}

void run_erc2333(const fs::path& file, VectorReport& report) {
  nlohmann::json j = load_json_big_ints(file);
  StrictJson top(j, "erc-2333");
  top.str("source");
  StrictJson& bip39 = top.obj("bip39_for_case_0");
  const std::string mnemonic = bip39.str("mnemonic"), passphrase = bip39.str("passphrase");
  for (StrictJson* c : top.objs("cases")) {
    report.run_case("eip2333 erc-2333", c->path(), [&] {
      const uint32_t n = take_u32(*c, "case");
      if (n == 0) {  // the ERC gives case 0's seed as a BIP-39 mnemonic + passphrase
        auto seed = eth::mnemonic_to_seed(eth::as_bytes(mnemonic), eth::as_bytes(passphrase));
        if (!seed) throw VectorError(seed.error().message);
        const Bytes want = c->hex("seed");
        expect_eq(util::to_hex(seed->expose()), util::to_hex(want), "seed from bip39_for_case_0");
      }
      run_derivation_case(*c);
      c->finish();
    });
  }
  top.finish();
}

}  // namespace

void KeysRun::file(const std::string& handler, const std::string& rel,
                   const std::function<void(const fs::path&)>& fn) {
  claimed_.insert(rel);
  const fs::path p = root_ / rel;
  if (!fs::is_regular_file(p)) {
    report_.fail(handler, rel, "missing vector file " + p.string());
    return;
  }
  try {
    fn(p);
  } catch (const std::exception& e) {
    report_.fail(handler, rel, e.what());
  }
}

void KeysRun::check_unclaimed() {
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(root_, ec)) {
    if (!e.is_regular_file() || e.path().extension() != ".json") continue;
    const std::string rel = fs::relative(e.path(), root_).generic_string();
    if (claimed_.count(rel) == 0) report_.fail("files", rel, "unknown vector file");
  }
  if (ec) report_.fail("files", root_.string(), ec.message());
}

nlohmann::json load_json_big_ints(const fs::path& p) {
  auto text = util::read_text_file(p);
  if (!text) throw VectorError(text.error().message);
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < text->size();) {
    const char c = (*text)[i];
    const bool digit = c >= '0' && c <= '9';
    if (in_string || !digit) {
      if (in_string && c == '\\' && i + 1 < text->size())
        out += (*text)[i++];
      else if (c == '"')
        in_string = !in_string;
      out += (*text)[i++];
      continue;
    }
    std::size_t j = i;
    while (j < text->size() && (*text)[j] >= '0' && (*text)[j] <= '9') ++j;
    const std::string digits = text->substr(i, j - i);
    out += digits.size() >= 20 ? "\"" + digits + "\"" : digits;
    i = j;
  }
  auto j = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw VectorError(p.string() + ": invalid JSON");
  return j;
}

std::string decimal_to_hex32(const std::string& dec) {
  std::array<uint8_t, 32> out{};
  if (dec.empty()) throw VectorError("empty decimal number");
  for (char c : dec) {
    if (c < '0' || c > '9') throw VectorError("not a decimal number: " + dec);
    unsigned carry = static_cast<unsigned>(c - '0');
    for (int k = 31; k >= 0; --k) {
      const unsigned v = out[k] * 10u + carry;
      out[k] = static_cast<uint8_t>(v);
      carry = v >> 8;
    }
    if (carry != 0) throw VectorError("decimal number above 2^256: " + dec);
  }
  return util::to_hex(out);
}

void expect_eq(const std::string& got, const std::string& want, const std::string& what) {
  if (got != want) throw VectorError(what + ": got " + got + ", want " + want);
}

void add_vectors_keys(CLI::App* vectors) {
  auto* cmd = vectors->add_subcommand(
      "keys", "EIP-2333/2334/2335 and BIP-39 vectors (DIR = ../shared/vectors/keys)");
  auto dir = std::make_shared<std::string>();
  cmd->add_option("DIR", *dir, "the vectors/keys directory")->required();
  cmd->callback([dir] {
    VectorReport report;
    KeysRun run(*dir, report);
    run.file("eip2333 tree_kdf", kTreeKdf, [&](const fs::path& p) { run_tree_kdf(p, report); });
    run.file("eip2333 intermediate", kTreeKdfIntermediate,
             [&](const fs::path& p) { run_tree_kdf_intermediate(p, report); });
    run.file("eip2333 erc-2333", kErc2333, [&](const fs::path& p) { run_erc2333(p, report); });
    run_keystore_vectors(run);
    run_bip39_vectors(run);
    run.check_unclaimed();
    if (!report.finish()) throw CliError("key vectors failed");
  });
}

}  // namespace stakepool::cli
