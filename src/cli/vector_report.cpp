// Shared plumbing for the `stakepool vectors` runners.
#include "vector_report.hpp"

#include "commands.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace stakepool::cli {

StrictJson::StrictJson(const nlohmann::json& j, std::string path) : j_(&j), path_(std::move(path)) {
  if (!j.is_object()) throw VectorError(path_ + ": expected a JSON object");
  for (const auto& [k, v] : j.items()) taken_[k] = false;
}

bool StrictJson::has(const std::string& key) const { return j_->contains(key); }

const nlohmann::json& StrictJson::take(const std::string& key) {
  auto it = j_->find(key);
  if (it == j_->end()) throw VectorError(path_ + "." + key + ": missing");
  taken_[key] = true;
  return *it;
}

std::string StrictJson::str(const std::string& key) {
  const auto& v = take(key);
  if (!v.is_string()) throw VectorError(path_ + "." + key + ": expected a string");
  return v.get<std::string>();
}

util::Bytes StrictJson::hex(const std::string& key) {
  auto b = util::from_hex(str(key));
  if (!b) throw VectorError(path_ + "." + key + ": " + b.error().message);
  return std::move(*b);
}

StrictJson& StrictJson::obj(const std::string& key) {
  children_.push_back(std::make_unique<StrictJson>(take(key), path_ + "." + key));
  return *children_.back();
}

std::vector<StrictJson*> StrictJson::objs(const std::string& key) {
  const auto& v = take(key);
  if (!v.is_array()) throw VectorError(path_ + "." + key + ": expected an array");
  std::vector<StrictJson*> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    children_.push_back(
        std::make_unique<StrictJson>(v[i], path_ + "." + key + "[" + std::to_string(i) + "]"));
    out.push_back(children_.back().get());
  }
  return out;
}

std::vector<std::string> StrictJson::strs(const std::string& key) {
  const auto& v = take(key);
  if (!v.is_array()) throw VectorError(path_ + "." + key + ": expected an array");
  std::vector<std::string> out;
  for (const auto& e : v) {
    if (!e.is_string()) throw VectorError(path_ + "." + key + ": expected strings");
    out.push_back(e.get<std::string>());
  }
  return out;
}

void StrictJson::expect_str(const std::string& key, const std::string& want) {
  std::string got = str(key);
  if (got != want) {
    throw VectorError(path_ + "." + key + ": expected \"" + want + "\", got \"" + got + "\"");
  }
}

std::vector<std::string> StrictJson::unread() const {
  std::vector<std::string> out;
  for (const auto& [k, t] : taken_) {
    if (!t) out.push_back(path_ + "." + k);
  }
  for (const auto& c : children_) {
    auto sub = c->unread();
    out.insert(out.end(), sub.begin(), sub.end());
  }
  return out;
}

namespace {
void throw_unread(const std::vector<std::string>& left) {
  if (left.empty()) return;
  std::string msg = "unread fields:";
  for (const auto& s : left) msg += " " + s;
  throw VectorError(msg);
}
}  // namespace

void StrictJson::finish() const { throw_unread(unread()); }

void StrictJson::finish_own() const {
  std::vector<std::string> left;
  for (const auto& [k, t] : taken_) {
    if (!t) left.push_back(path_ + "." + k);
  }
  throw_unread(left);
}

nlohmann::json load_json_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw VectorError(p.string() + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw VectorError(p.string() + ": invalid JSON");
  return j;
}

void VectorReport::record(const std::string& handler, bool ok) {
  auto [it, fresh] = counts_.try_emplace(handler);
  if (fresh) order_.push_back(handler);
  it->second.total++;
  if (ok) {
    it->second.passed++;
    passed_++;
  } else {
    failed_++;
  }
}

void VectorReport::fail(const std::string& handler, const std::string& case_name,
                        const std::string& why) {
  std::fprintf(stderr, "FAIL %s %s: %s\n", handler.c_str(), case_name.c_str(), why.c_str());
  record(handler, false);
}

bool VectorReport::finish(std::FILE* out) const {
  for (const auto& h : order_) {
    const Count& c = counts_.at(h);
    std::fprintf(out, "%s: %d/%d passed\n", h.c_str(), c.passed, c.total);
  }
  std::fprintf(out, "%d passed, %d failed\n", passed_, failed_);
  std::fflush(out);
  return failed_ == 0 && passed_ > 0;
}

std::vector<std::filesystem::path> json_files(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw VectorError(dir.string() + ": not a directory");
  }
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::filesystem::directory_entry> sorted_entries(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::vector<fs::directory_entry> out(fs::directory_iterator(dir), fs::directory_iterator{});
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
  return out;
}

void run_handler_folders(const std::filesystem::path& dir, const std::string& suite,
                         const std::string& known_list,
                         const std::function<bool(const std::string&)>& known,
                         const HandlerFolderRunner& run) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) throw CliError(dir.string() + ": not a directory");
  VectorReport report;
  for (const auto& e : sorted_entries(dir)) {
    const std::string name = e.path().filename().string();
    if (!e.is_directory()) {
      if (e.path().extension() == ".md") continue;  // documentation
      report.fail("(top)", name, "unexpected file (want one folder per handler)");
      continue;
    }
    if (!known(name)) {
      report.fail(name, "folder", "unknown " + suite + " handler folder (" + known_list + ")");
      continue;
    }
    run(name, e.path(), report);
  }
  if (!report.finish()) throw CliError(suite + " vectors failed", 1);
}

}  // namespace stakepool::cli
