#include "stakepool/util/hex.hpp"

namespace stakepool::util {
namespace {
constexpr char kDigits[] = "0123456789abcdef";

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string to_hex(std::span<const uint8_t> in) {
  std::string s;
  s.reserve(in.size() * 2);
  for (uint8_t b : in) {
    s.push_back(kDigits[b >> 4]);
    s.push_back(kDigits[b & 15]);
  }
  return s;
}

std::string to_hex0x(std::span<const uint8_t> in) { return "0x" + to_hex(in); }

Result<Bytes> from_hex(std::string_view s) {
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
  if (s.size() % 2 != 0) {
    return make_error(Errc::kInvalidArgument, "hex string has odd length " + std::to_string(s.size()));
  }
  Bytes out(s.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(s[2 * i]), lo = nibble(s[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return make_error(Errc::kInvalidArgument,
                        "invalid hex character at position " + std::to_string(2 * i + (hi < 0 ? 0 : 1)));
    }
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

}  // namespace stakepool::util
