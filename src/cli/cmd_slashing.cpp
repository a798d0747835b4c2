// `stakepool slashing import|export`: EIP-3076 interchange files in and out of a
// slashing-protection database (eth::SlashingDb). Import and export only while no signer uses the
// database (EIP-3076 "General Recommendations").
#include <cstdio>
#include <filesystem>
#include <memory>

#include "commands.hpp"
#include "stakepool/eth/interchange.hpp"
#include "stakepool/eth/slashing_db.hpp"
#include "stakepool/util/fs.hpp"

namespace stakepool::cli {
namespace {

struct SlashingArgs {
  std::string db;
  std::string file;
  std::string mode;  // "", "minimal" or "complete"
};

std::optional<eth::SlashingMode> parse_mode(const std::string& m) {
  if (m.empty()) return std::nullopt;
  return m == "minimal" ? eth::SlashingMode::kMinimal : eth::SlashingMode::kComplete;
}

// open_for_import opens `path`, creating it for `gvr` if it does not exist yet.
eth::SlashingDb open_for_import(const SlashingArgs& a, const eth::SigningRoot& gvr) {
  const auto mode = parse_mode(a.mode);
  if (!std::filesystem::exists(a.db)) {
    auto db = eth::SlashingDb::open(a.db, mode.value_or(eth::SlashingMode::kComplete), gvr);
    if (!db) throw CliError(db.error().message);
    return std::move(*db);
  }
  auto db = eth::SlashingDb::open_existing(a.db);
  if (!db) throw CliError(db.error().message);
  if (mode && *mode != db->mode()) {
    throw CliError(a.db + " uses " + std::string(eth::slashing_mode_name(db->mode())) +
                   " slashing protection, not " + a.mode);
  }
  return std::move(*db);
}

void run_import(const SlashingArgs& a) {
  auto text = util::read_text_file(a.file);
  if (!text) throw CliError(text.error().message);
  auto ic = eth::parse_interchange(*text);  // the whole file is validated before any write
  if (!ic) throw CliError(a.file + ": " + ic.error().message);
  auto db = open_for_import(a, ic->genesis_validators_root);
  auto sum = db.import_interchange(*ic);
  if (!sum) throw CliError(a.file + ": " + sum.error().message);
  std::printf("imported %zu validators (%zu blocks, %zu attestations) into %s (%s)\n",
              sum->validators, sum->blocks, sum->attestations, a.db.c_str(),
              std::string(eth::slashing_mode_name(db.mode())).c_str());
}

void run_export(const SlashingArgs& a) {
  auto db = eth::SlashingDb::open_existing(a.db);
  if (!db) throw CliError(db.error().message);
  auto ic = db->export_interchange();
  if (!ic) throw CliError(ic.error().message);
  const std::string json = eth::serialize_interchange(*ic);
  if (a.file == "-") {
    std::fwrite(json.data(), 1, json.size(), stdout);
    return;
  }
  auto st = util::write_text_file_atomic(a.file, json);
  if (!st) throw CliError(st.error().message);
  std::fprintf(stderr, "exported %zu validators (%s) to %s\n", ic->data.size(),
               std::string(eth::slashing_mode_name(db->mode())).c_str(), a.file.c_str());
}

}  // namespace

void register_slashing(CLI::App& app) {
  auto* cmd = app.add_subcommand("slashing", "Slashing-protection database (EIP-3076 interchange)");
  cmd->require_subcommand(1);
  auto args = std::make_shared<SlashingArgs>();

  auto* imp = cmd->add_subcommand("import", "Merge an EIP-3076 interchange file into a database");
  imp->add_option("--db", args->db, "Slashing-protection database (created if missing)")
      ->required();
  imp->add_option("--mode", args->mode, "Semantics of a new database (default: complete)")
      ->check(CLI::IsMember({"minimal", "complete"}));
  imp->add_option("FILE", args->file, "Interchange JSON file (format version 5)")->required();
  imp->callback([args] { run_import(*args); });

  auto* exp = cmd->add_subcommand("export", "Write a database as an EIP-3076 interchange file");
  exp->add_option("--db", args->db, "Slashing-protection database")->required();
  exp->add_option("FILE", args->file, "Output file, written atomically ('-': stdout)")->required();
  exp->callback([args] { run_export(*args); });
}

}  // namespace stakepool::cli
