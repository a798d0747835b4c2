// EIP-2334 paths (see key_path.hpp).
#include "stakepool/eth/key_path.hpp"

#include <charconv>

namespace stakepool::eth {
namespace {

constexpr uint32_t kPurpose = 12381;
constexpr uint32_t kCoinType = 3600;

Error path_error(std::string_view path, std::string_view why) {
  return make_error(Errc::kInvalidArgument,
                    "invalid key path '" + std::string(path) + "': " + std::string(why));
}

// parse_index parses one decimal path component (digits only, < 2^32).
Result<uint32_t> parse_index(std::string_view whole, std::string_view part) {
  if (part.empty()) return path_error(whole, "empty component");
  if (part.find('\'') != std::string_view::npos) {
    return path_error(whole,
                      "hardened components ('" + std::string(part) + "') are not used by EIP-2334");
  }
  for (char c : part) {
    if (c < '0' || c > '9') {
      return path_error(whole, "component '" + std::string(part) + "' is not a decimal number");
    }
  }
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
  if (ec != std::errc() || end != part.data() + part.size() || v > 0xffffffffULL) {
    return path_error(whole, "component '" + std::string(part) + "' is not below 2^32");
  }
  return static_cast<uint32_t>(v);
}

}  // namespace

Result<KeyPath> KeyPath::parse(std::string_view s) {
  if (s.empty() || s[0] != 'm') return path_error(s, "must start with 'm'");
  std::vector<uint32_t> out;
  std::string_view rest = s.substr(1);
  while (!rest.empty()) {
    if (rest[0] != '/') return path_error(s, "expected '/' after 'm' or an index");
    rest.remove_prefix(1);
    std::size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    auto idx = parse_index(s, part);
    if (!idx) return idx.error();
    out.push_back(*idx);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (slash != std::string_view::npos && rest.size() == 1) return path_error(s, "trailing '/'");
  }
  return KeyPath(std::move(out));
}

KeyPath KeyPath::signing(uint32_t validator_index) {
  return KeyPath({kPurpose, kCoinType, validator_index, 0, 0});
}

KeyPath KeyPath::withdrawal(uint32_t validator_index) {
  return KeyPath({kPurpose, kCoinType, validator_index, 0});
}

std::string KeyPath::to_string() const {
  std::string s = "m";
  for (uint32_t i : indices_) s += "/" + std::to_string(i);
  return s;
}

std::string KeyPath::file_tag() const {
  std::string s = to_string();
  for (char& c : s) {
    if (c == '/') c = '_';
  }
  return s;
}

}  // namespace stakepool::eth
