#include "secret_files.hpp"

#include <cstdio>

#include "commands.hpp"
#include "stakepool/crypto/field.hpp"
#include "stakepool/util/ct.hpp"
#include "stakepool/util/fs.hpp"

namespace stakepool::cli {
namespace {

// hex_value decodes one hex digit without branching on it; sets bits of `bad` if it is not one.
uint8_t hex_value(uint8_t c, uint8_t& bad) {
  const uint8_t d = static_cast<uint8_t>(c - '0');
  const uint8_t l = static_cast<uint8_t>((c | 0x20) - 'a');
  const uint8_t is_d = static_cast<uint8_t>(ct::mask_if(d < 10));
  const uint8_t is_l = static_cast<uint8_t>(ct::mask_if(l < 6));
  bad |= static_cast<uint8_t>(~(is_d | is_l));
  return static_cast<uint8_t>((d & is_d) | ((l + 10) & is_l));
}

bool is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

util::SecretBytes read_secret_file(const std::filesystem::path& p, const std::string& what) {
  auto b = util::read_file(p);
  if (!b) throw CliError("cannot read " + what + ": " + b.error().message);
  util::SecretBytes out(*b);
  if (!b->empty()) util::secure_zero(b->data(), b->size());
  return out;
}

util::Secret<32> parse_secret_key_hex(const util::SecretBytes& text, const std::string& what) {
  std::span<const uint8_t> s = text.expose();
  while (!s.empty() && is_space(s.front())) s = s.subspan(1);
  while (!s.empty() && is_space(s.back())) s = s.first(s.size() - 1);
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s = s.subspan(2);
  if (s.size() != 64) {
    throw CliError(what + ": expected 64 hex digits (32 bytes), got " + std::to_string(s.size()) +
                   " characters");
  }
  util::Secret<32> sk;
  uint8_t bad = 0;
  for (std::size_t i = 0; i < 32; ++i) {
    const uint8_t hi = hex_value(s[2 * i], bad), lo = hex_value(s[2 * i + 1], bad);
    sk.expose_mut()[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  if (bad != 0) throw CliError(what + ": invalid hex character");
  crypto::Fr x;
  const bool in_range = crypto::Fr::from_bytes_be(x, sk.expose()) && !x.is_zero();
  util::secure_zero(&x, sizeof(x));
  if (!in_range) throw CliError(what + ": not a BLS12-381 secret key (must be 0 < sk < r)");
  return sk;
}

util::SecretBytes secret_hex(std::span<const uint8_t> secret) {
  static const char kDigits[] = "0123456789abcdef";
  util::SecretBytes out(secret.size() * 2);
  for (std::size_t i = 0; i < secret.size(); ++i) {
    out.expose_mut()[2 * i] = static_cast<uint8_t>(kDigits[secret[i] >> 4]);
    out.expose_mut()[2 * i + 1] = static_cast<uint8_t>(kDigits[secret[i] & 15]);
  }
  return out;
}

void print_secret(const util::SecretBytes& text) {
  std::fwrite(text.expose().data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

}  // namespace stakepool::cli
