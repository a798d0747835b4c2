#pragma once
// Shared plumbing for the `stakepool vectors <suite>` runners (STYLE.md L8): strict JSON access
// that fails a case on any field it did not read, and a report that counts cases per handler,
// prints one line per handler and a closing "N passed, M failed" line.
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "stakepool/util/hex.hpp"

namespace stakepool::cli {

// VectorError: a case is malformed or its result is wrong. Thrown inside a case, caught by
// VectorReport::run_case and reported with the case name.
struct VectorError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// StrictJson wraps a JSON object and remembers which members were taken; unread() lists the
// members (with dotted paths, including those of children obtained through obj()) never taken.
// Accessors throw VectorError naming the path when a member is missing or has the wrong type.
class StrictJson {
 public:
  StrictJson(const nlohmann::json& j, std::string path);

  bool has(const std::string& key) const;
  const nlohmann::json& take(const std::string& key);     // any type
  std::string str(const std::string& key);                // a string
  util::Bytes hex(const std::string& key);                // hex string, optional 0x
  StrictJson& obj(const std::string& key);                // a nested object
  std::vector<StrictJson*> objs(const std::string& key);  // an array of objects
  std::vector<std::string> strs(const std::string& key);  // an array of strings
  // expect_str: take `key` and fail unless it equals `want`.
  void expect_str(const std::string& key, const std::string& want);

  std::vector<std::string> unread() const;
  // finish throws VectorError listing unread members (of this object and its children), if any;
  // finish_own checks only this object's members (children are checked by their own cases).
  void finish() const;
  void finish_own() const;
  const std::string& path() const { return path_; }

 private:
  const nlohmann::json* j_;
  std::string path_;
  std::map<std::string, bool> taken_;
  std::vector<std::unique_ptr<StrictJson>> children_;
};

// load_json_file parses a JSON file; throws VectorError naming the file on I/O or syntax errors.
nlohmann::json load_json_file(const std::filesystem::path& p);

// VectorReport accumulates results. Handlers print in the order they were first seen.
class VectorReport {
 public:
  // run_case runs fn(); a VectorError or any std::exception fails the case, printing
  // "FAIL <handler> <case_name>: <what>" to stderr; otherwise the case passes.
  template <typename Fn>
  void run_case(const std::string& handler, const std::string& case_name, Fn&& fn) {
    try {
      fn();
      record(handler, true);
    } catch (const std::exception& e) {
      fail(handler, case_name, e.what());
    }
  }
  void fail(const std::string& handler, const std::string& case_name, const std::string& why);
  void pass(const std::string& handler) { record(handler, true); }

  int passed() const { return passed_; }
  int failed() const { return failed_; }
  // finish prints "<handler>: P/T passed" per handler, then "N passed, M failed" last. Returns true
  // iff nothing failed and at least one case ran (a runner that finds nothing has failed).
  bool finish(std::FILE* out = stdout) const;

 private:
  void record(const std::string& handler, bool ok);
  struct Count {
    int passed = 0, total = 0;
  };
  std::vector<std::string> order_;
  std::map<std::string, Count> counts_;
  int passed_ = 0, failed_ = 0;
};

// json_files lists the *.json files directly in `dir`, sorted by name; throws VectorError if `dir`
// is not a directory.
std::vector<std::filesystem::path> json_files(const std::filesystem::path& dir);

// sorted_entries lists the entries directly in `dir`, sorted by file name.
std::vector<std::filesystem::directory_entry> sorted_entries(const std::filesystem::path& dir);

// HandlerFolderRunner runs one handler folder (its name and path), recording into the report.
using HandlerFolderRunner = std::function<void(const std::string& handler,
                                               const std::filesystem::path& dir, VectorReport&)>;

// run_handler_folders runs every sub-folder of `dir` (one per handler) through `run`, after
// `known(name)` accepts its name; a folder it does not know fails as "unknown <suite> handler
// folder (<known_list>)" and a top-level file other than *.md fails too (strict loader, L8). Prints
// the report and throws CliError("<suite> vectors failed") when anything failed or nothing ran, or
// CliError when `dir` is not a directory.
void run_handler_folders(const std::filesystem::path& dir, const std::string& suite,
                         const std::string& known_list,
                         const std::function<bool(const std::string&)>& known,
                         const HandlerFolderRunner& run);

}  // namespace stakepool::cli
