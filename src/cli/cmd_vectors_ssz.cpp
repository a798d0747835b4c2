// `stakepool vectors ssz DIR`: consensus-spec SSZ vectors found anywhere under DIR:
//   <preset>/<fork>/ssz_static/<Type>/<suite>/case_N/{value.yaml, roots.yaml[, serialized.ssz]}
//   general/<fork>/ssz_generic/<handler>/{valid,invalid}/<case>/...
// Strict: an unknown preset, fork, type, handler or file fails; finding no case fails.
// (serialized.ssz here is plain SSZ, not snappy-compressed.)
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "commands.hpp"
#include "ssz_vectors.hpp"
#include "stakepool/eth/chains.hpp"
#include "stakepool/eth/types.hpp"
#include "vectors.hpp"

namespace stakepool::cli {
namespace ssz_vectors {

std::vector<fs::path> sorted_subdirs(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_directory()) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void check_case_files(const fs::path& dir, std::initializer_list<const char*> required,
                      std::initializer_list<const char*> optional) {
  for (const char* f : required) {
    if (!fs::is_regular_file(dir / f)) throw VectorError(std::string("missing ") + f);
  }
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    bool known = false;
    for (const char* f : required) known = known || name == f;
    for (const char* f : optional) known = known || name == f;
    if (!known) throw VectorError("unexpected file " + name);
  }
}

util::Bytes read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw VectorError(file.string() + ": cannot open");
  return util::Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace ssz_vectors

namespace {

using namespace ssz_vectors;  // NOLINT(google-build-using-namespace)
using eth::ForkName;
using StaticFn = void (*)(const fs::path&);

// static_fn_phase0 maps a phase0 type name to its case runner for preset P.
template <typename P>
StaticFn static_fn_phase0(const std::string& type, ForkName fork) {
  namespace e = eth;
  const bool electra = fork >= ForkName::kElectra;
  if (type == "Fork") return &run_static_case<e::Fork>;
  if (type == "ForkData") return &run_static_case<e::ForkData>;
  if (type == "Checkpoint") return &run_static_case<e::Checkpoint>;
  if (type == "AttestationData") return &run_static_case<e::AttestationData>;
  if (type == "SigningData") return &run_static_case<e::SigningData>;
  if (type == "BeaconBlockHeader") return &run_static_case<e::BeaconBlockHeader>;
  if (type == "SignedBeaconBlockHeader") return &run_static_case<e::SignedBeaconBlockHeader>;
  if (type == "Eth1Data") return &run_static_case<e::Eth1Data>;
  if (type == "DepositMessage") return &run_static_case<e::DepositMessage>;
  if (type == "DepositData") return &run_static_case<e::DepositData>;
  if (type == "VoluntaryExit") return &run_static_case<e::VoluntaryExit>;
  if (type == "SignedVoluntaryExit") return &run_static_case<e::SignedVoluntaryExit>;
  if (type == "Attestation") {
    return electra ? &run_static_case<e::AttestationElectraT<P>>
                   : &run_static_case<e::AttestationT<P>>;
  }
  if (type == "IndexedAttestation") {
    return electra ? &run_static_case<e::IndexedAttestationElectraT<P>>
                   : &run_static_case<e::IndexedAttestationT<P>>;
  }
  if (type == "AggregateAndProof") {
    return electra ? &run_static_case<e::AggregateAndProofElectraT<P>>
                   : &run_static_case<e::AggregateAndProofT<P>>;
  }
  if (type == "SignedAggregateAndProof") {
    return electra ? &run_static_case<e::SignedAggregateAndProofElectraT<P>>
                   : &run_static_case<e::SignedAggregateAndProofT<P>>;
  }
  return nullptr;
}

// static_fn maps (type, fork) to a case runner; nullptr for a type unknown at that fork.
template <typename P>
StaticFn static_fn(const std::string& type, ForkName fork) {
  namespace e = eth;
  if (StaticFn f = static_fn_phase0<P>(type, fork)) return f;
  if (fork >= ForkName::kAltair) {
    if (type == "SyncCommitteeMessage") return &run_static_case<e::SyncCommitteeMessage>;
    if (type == "SyncAggregatorSelectionData") {
      return &run_static_case<e::SyncAggregatorSelectionData>;
    }
    if (type == "SyncCommitteeContribution") {
      return &run_static_case<e::SyncCommitteeContributionT<P>>;
    }
    if (type == "ContributionAndProof") return &run_static_case<e::ContributionAndProofT<P>>;
    if (type == "SignedContributionAndProof") {
      return &run_static_case<e::SignedContributionAndProofT<P>>;
    }
  }
  if (fork >= ForkName::kCapella) {
    if (type == "BLSToExecutionChange") return &run_static_case<e::BlsToExecutionChange>;
    if (type == "SignedBLSToExecutionChange") {
      return &run_static_case<e::SignedBlsToExecutionChange>;
    }
  }
  if (fork >= ForkName::kElectra && type == "SingleAttestation") {
    return &run_static_case<e::SingleAttestation>;
  }
  return nullptr;
}

// run_ssz_static runs <preset>/<fork>/ssz_static: every type folder, suite and case.
void run_ssz_static(const fs::path& dir, VectorReport& report) {
  const std::string fork_s = dir.parent_path().filename().string();
  const std::string preset = dir.parent_path().parent_path().filename().string();
  const std::string where = preset + "/" + fork_s;
  auto fork = eth::parse_fork_name(fork_s);
  if (!fork || (preset != "mainnet" && preset != "minimal")) {
    report.fail("ssz_static " + where, dir.string(), "unknown preset or fork");
    return;
  }
  for (const fs::path& type_dir : sorted_subdirs(dir)) {
    const std::string type = type_dir.filename().string();
    const std::string handler = "ssz_static " + where + " " + type;
    const StaticFn fn = preset == "mainnet" ? static_fn<eth::MainnetPreset>(type, *fork)
                                            : static_fn<eth::MinimalPreset>(type, *fork);
    if (fn == nullptr) {
      report.fail(handler, type_dir.string(), "unknown SSZ type at this fork");
      continue;
    }
    for (const fs::path& suite : sorted_subdirs(type_dir)) {
      for (const fs::path& c : sorted_subdirs(suite)) {
        report.run_case(handler, c.string(), [&] { fn(c); });
      }
    }
  }
}

// run_dir finds every ssz_static and ssz_generic folder under `root`.
void run_dir(const std::string& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw CliError(root + ": not a directory");
  std::vector<fs::path> suites;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    if (!it->is_directory()) continue;
    const std::string name = it->path().filename().string();
    if (name == "ssz_static" || name == "ssz_generic") {
      suites.push_back(it->path());
      it.disable_recursion_pending();
    }
  }
  std::sort(suites.begin(), suites.end());
  VectorReport report;
  for (const fs::path& s : suites) {
    if (s.filename() == "ssz_static") {
      run_ssz_static(s, report);
    } else {
      run_ssz_generic(s, report);
    }
  }
  if (!report.finish()) throw CliError("ssz vectors failed (or none found under " + root + ")");
}

}  // namespace

void add_vectors_ssz(CLI::App* vectors) {
  auto* cmd = vectors->add_subcommand(
      "ssz", "consensus-spec SSZ vectors: ssz_static (phase0..fulu types) and ssz_generic");
  auto dir = std::make_shared<std::string>();
  cmd->add_option("DIR", *dir, "Folder searched for ssz_static/ and ssz_generic/ suites")
      ->required();
  cmd->callback([dir] { run_dir(*dir); });
}

}  // namespace stakepool::cli
