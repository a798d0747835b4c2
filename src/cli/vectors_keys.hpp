#pragma once
// Private plumbing shared by the `vectors keys` runner files (cmd_vectors_keys.cpp,
// vectors_keys_keystore.cpp, vectors_keys_bip39.cpp).
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "vector_report.hpp"

namespace stakepool::cli {

// KeysRun: the vectors/keys root, the report, and the set of files a handler has claimed (every
// *.json below the root must be claimed; see check_unclaimed).
class KeysRun {
 public:
  KeysRun(std::filesystem::path root, VectorReport& report)
      : root_(std::move(root)), report_(report) {}
  // file claims `rel` and runs fn(absolute path); a missing file or an exception escaping fn fails
  // handler `handler` with case name `rel`.
  void file(const std::string& handler, const std::string& rel,
            const std::function<void(const std::filesystem::path&)>& fn);
  // check_unclaimed fails handler "files" once for each *.json below the root nobody claimed.
  void check_unclaimed();
  VectorReport& report() { return report_; }

 private:
  std::filesystem::path root_;
  VectorReport& report_;
  std::set<std::string> claimed_;
};

// load_json_big_ints parses a JSON file after turning bare integers of 20+ digits into strings (the
// EIP-2333 files store 255-bit keys as bare decimal numbers, which would lose precision as
// doubles).
nlohmann::json load_json_big_ints(const std::filesystem::path& p);

// decimal_to_hex32 converts a decimal string below 2^256 to 64 hex digits (big-endian).
std::string decimal_to_hex32(const std::string& dec);

// expect_eq throws VectorError "<what>: got X, want Y" when got != want.
void expect_eq(const std::string& got, const std::string& want, const std::string& what);

// run_keystore_vectors: EIP-2335 (vectors_keys_keystore.cpp). run_bip39_vectors: BIP-39
// (vectors_keys_bip39.cpp).
void run_keystore_vectors(KeysRun& run);
void run_bip39_vectors(KeysRun& run);

}  // namespace stakepool::cli
