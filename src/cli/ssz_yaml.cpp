// Scalar parsing for ssz_yaml.hpp.
#include "ssz_yaml.hpp"

namespace stakepool::cli::ssz_yaml {

std::string scalar(const YAML::Node& n, const std::string& path) {
  if (!n.IsScalar()) throw VectorError(path + ": expected a scalar");
  return n.Scalar();
}

uint64_t parse_uint(const std::string& s, unsigned bits, const std::string& path) {
  if (s.empty() || s.size() > 20) throw VectorError(path + ": bad integer \"" + s + "\"");
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') throw VectorError(path + ": bad integer \"" + s + "\"");
    const auto d = static_cast<uint64_t>(c - '0');
    if (v > (~uint64_t{0} - d) / 10) throw VectorError(path + ": integer overflows 64 bits");
    v = v * 10 + d;
  }
  if (bits < 64 && (v >> bits) != 0) {
    throw VectorError(path + ": " + s + " does not fit in uint" + std::to_string(bits));
  }
  return v;
}

void parse_big_uint(const std::string& s, std::span<uint8_t> out, const std::string& path) {
  if (s.empty()) throw VectorError(path + ": empty integer");
  std::fill(out.begin(), out.end(), 0);
  for (char c : s) {
    if (c < '0' || c > '9') throw VectorError(path + ": bad integer \"" + s + "\"");
    unsigned carry = static_cast<unsigned>(c - '0');
    for (uint8_t& b : out) {  // out = out * 10 + digit, little-endian
      const unsigned x = b * 10u + carry;
      b = static_cast<uint8_t>(x);
      carry = x >> 8;
    }
    if (carry != 0) {
      throw VectorError(path + ": " + s + " does not fit in uint" + std::to_string(8 * out.size()));
    }
  }
}

bool parse_bool(const std::string& s, const std::string& path) {
  if (s == "true") return true;
  if (s == "false") return false;
  throw VectorError(path + ": expected true or false, got \"" + s + "\"");
}

util::Bytes parse_hex(const YAML::Node& n, const std::string& path) {
  const std::string s = scalar(n, path);
  if (s.rfind("0x", 0) != 0) throw VectorError(path + ": expected 0x-hex, got \"" + s + "\"");
  auto b = util::from_hex(s);
  if (!b) throw VectorError(path + ": " + b.error().message);
  return std::move(*b);
}

ssz::Root load_root(const std::string& file) {
  const YAML::Node n = YAML::LoadFile(file);
  if (!n.IsMap() || n.size() != 1 || !n["root"]) {
    throw VectorError(file + ": expected exactly {root: 0x...}");
  }
  const util::Bytes b = parse_hex(n["root"], "root");
  if (b.size() != 32) throw VectorError(file + ": root is not 32 bytes");
  ssz::Root r{};
  std::copy(b.begin(), b.end(), r.begin());
  return r;
}

}  // namespace stakepool::cli::ssz_yaml
