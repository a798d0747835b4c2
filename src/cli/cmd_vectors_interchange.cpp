// `stakepool vectors interchange DIR`: the EIP-3076 slashing-protection interchange tests
// (eth-clients/slashing-protection-interchange-tests, tests/generated/*.json), each run twice: with
// minimal semantics (checked against `should_succeed`) and complete semantics (against
// `should_succeed_complete`), on a fresh in-memory SlashingDb, as the upstream README describes.
// Every *.json file in DIR is a case; a malformed one fails.
#include <optional>
#include <string>

#include "commands.hpp"
#include "stakepool/eth/interchange.hpp"
#include "stakepool/eth/slashing_db.hpp"
#include "vector_report.hpp"
#include "vectors.hpp"

namespace stakepool::cli {
namespace {

namespace fs = std::filesystem;
using eth::SlashingDb;
using eth::SlashingMode;

// Attempt: one block or attestation signing to try after a step's import.
struct Attempt {
  bool is_block = false;
  eth::PubkeyBytes pubkey{};
  uint64_t slot = 0, source = 0, target = 0;
  eth::SigningRoot root{};
  bool want_minimal = false, want_complete = false;
};

struct Step {
  bool should_succeed = false;
  bool contains_slashable_data = false;
  std::string interchange;  // re-serialized JSON, parsed by eth::parse_interchange
  std::vector<Attempt> attempts;
};

template <std::size_t N>
std::array<uint8_t, N> fixed_hex(StrictJson& j, const std::string& key) {
  util::Bytes b = j.hex(key);
  if (b.size() != N) {
    throw VectorError(j.path() + "." + key + ": expected " + std::to_string(N) + " bytes, got " +
                      std::to_string(b.size()));
  }
  std::array<uint8_t, N> out{};
  std::copy(b.begin(), b.end(), out.begin());
  return out;
}

uint64_t decimal(StrictJson& j, const std::string& key) {
  const std::string s = j.str(key);
  uint64_t v = 0;
  if (s.empty() || s.size() > 19) throw VectorError(j.path() + "." + key + ": bad integer " + s);
  for (char c : s) {
    if (c < '0' || c > '9') throw VectorError(j.path() + "." + key + ": bad integer " + s);
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

bool boolean(StrictJson& j, const std::string& key) {
  const auto& v = j.take(key);
  if (!v.is_boolean()) throw VectorError(j.path() + "." + key + ": expected a boolean");
  return v.get<bool>();
}

Attempt read_attempt(StrictJson& a, bool is_block) {
  Attempt t;
  t.is_block = is_block;
  t.pubkey = fixed_hex<48>(a, "pubkey");
  if (is_block) {
    t.slot = decimal(a, "slot");
  } else {
    t.source = decimal(a, "source_epoch");
    t.target = decimal(a, "target_epoch");
  }
  t.root = fixed_hex<32>(a, "signing_root");
  t.want_minimal = boolean(a, "should_succeed");
  t.want_complete = boolean(a, "should_succeed_complete");
  return t;
}

Step read_step(StrictJson& s) {
  Step st;
  st.should_succeed = boolean(s, "should_succeed");
  st.contains_slashable_data = boolean(s, "contains_slashable_data");
  st.interchange = s.take("interchange").dump();
  for (StrictJson* b : s.objs("blocks")) st.attempts.push_back(read_attempt(*b, true));
  for (StrictJson* a : s.objs("attestations")) st.attempts.push_back(read_attempt(*a, false));
  return st;
}

std::string describe(const Attempt& a) {
  return a.is_block ? "block at slot " + std::to_string(a.slot)
                    : "attestation " + std::to_string(a.source) + " -> " + std::to_string(a.target);
}

// run_step returns false when the step's import was (legitimately) refused for slashable data, in
// which case the README says to ignore this step's checks and all later steps.
bool run_step(SlashingDb& db, const Step& st, SlashingMode mode, const std::string& where) {
  const Status imported = [&]() -> Status {
    auto ic = eth::parse_interchange(st.interchange);
    if (!ic) return ic.error();
    auto r = db.import_interchange(*ic);
    if (!r) return r.error();
    return {};
  }();
  if (imported.has_value() != st.should_succeed) {
    if (!imported.has_value() && st.contains_slashable_data) return false;
    throw VectorError(where + ": import " +
                      (imported ? std::string("succeeded, expected failure")
                                : "failed: " + imported.error().message));
  }
  for (std::size_t i = 0; i < st.attempts.size(); ++i) {
    const Attempt& a = st.attempts[i];
    Status got = a.is_block ? db.check_and_record_block(a.pubkey, a.slot, a.root)
                            : db.check_and_record_attestation(a.pubkey, a.source, a.target, a.root);
    const bool want = mode == SlashingMode::kMinimal ? a.want_minimal : a.want_complete;
    if (!got && !want && got.error().code != Errc::kSlashable &&
        got.error().code != Errc::kInvalidArgument) {
      throw VectorError(where + ": " + describe(a) + ": database error: " + got.error().message);
    }
    if (got.has_value() != want) {
      throw VectorError(
          where + ": " + describe(a) +
          (want ? " refused: " + got.error().message : " signed, expected a refusal"));
    }
  }
  return true;
}

void run_case(const nlohmann::json& j, const std::string& name, SlashingMode mode) {
  StrictJson top(j, name);
  top.str("name");
  const auto gvr = fixed_hex<32>(top, "genesis_validators_root");
  std::vector<Step> steps;
  for (StrictJson* s : top.objs("steps")) steps.push_back(read_step(*s));
  top.finish();
  if (steps.empty()) throw VectorError(name + ": no steps");
  auto db = SlashingDb::open(SlashingDb::kMemoryPath, mode, gvr);
  if (!db) throw VectorError(name + ": " + db.error().message);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (!run_step(*db, steps[i], mode, name + " step " + std::to_string(i))) break;
  }
}

void run_dir(const fs::path& dir) {
  VectorReport report;
  for (const fs::path& file : json_files(dir)) {
    const std::string name = file.stem().string();
    std::optional<nlohmann::json> j;
    try {
      j = load_json_file(file);
    } catch (const std::exception& e) {
      report.fail("interchange minimal", name, e.what());
      report.fail("interchange complete", name, e.what());
      continue;
    }
    for (auto mode : {SlashingMode::kMinimal, SlashingMode::kComplete}) {
      report.run_case("interchange " + std::string(eth::slashing_mode_name(mode)), name,
                      [&] { run_case(*j, name, mode); });
    }
  }
  if (!report.finish()) throw CliError("slashing-protection interchange vectors failed", 1);
}

}  // namespace

void add_vectors_interchange(CLI::App* vectors) {
  auto* cmd = vectors->add_subcommand(
      "interchange",
      "EIP-3076 slashing-protection interchange tests, minimal and complete semantics");
  auto dir = std::make_shared<std::string>();
  cmd->add_option("DIR", *dir, "Folder with the generated interchange test JSON files")->required();
  cmd->callback([dir] { run_dir(*dir); });
}

}  // namespace stakepool::cli
