#pragma once
// Helpers for the key-handling tests that read ../shared/vectors/keys in place.
#include <array>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "stakepool/util/fs.hpp"

namespace stakepool::eth::testing {

inline std::filesystem::path keys_dir() { return std::filesystem::path(SP_VECTORS_DIR) / "keys"; }

// quote_big_integers turns bare integer literals of 20+ digits into JSON strings so that they
// survive parsing (tree_kdf*.json store 255-bit secret keys as bare decimal numbers).
inline std::string quote_big_integers(std::string_view text) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size())
        out += text[++i];
      else if (c == '"')
        in_string = false;
      ++i;
      continue;
    }
    if (c == '"') in_string = true;
    if (c >= '0' && c <= '9') {
      std::size_t j = i;
      while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
      std::string_view digits = text.substr(i, j - i);
      out += digits.size() >= 20 ? "\"" + std::string(digits) + "\"" : std::string(digits);
      i = j;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

// load_vector_json reads and parses a vector file (big integers quoted); aborts the test on error.
inline nlohmann::json load_vector_json(const std::filesystem::path& p) {
  auto text = util::read_text_file(p);
  if (!text) throw std::runtime_error(text.error().message);
  return nlohmann::json::parse(quote_big_integers(*text));
}

// decimal_to_be32 converts a decimal string (< 2^256) to 32 big-endian bytes.
inline std::array<uint8_t, 32> decimal_to_be32(std::string_view dec) {
  std::array<uint8_t, 32> out{};
  for (char c : dec) {
    if (c < '0' || c > '9') throw std::runtime_error("not a decimal number: " + std::string(dec));
    unsigned carry = static_cast<unsigned>(c - '0');
    for (int k = 31; k >= 0; --k) {
      unsigned v = out[k] * 10u + carry;
      out[k] = static_cast<uint8_t>(v);
      carry = v >> 8;
    }
    if (carry != 0) throw std::runtime_error("decimal number too large: " + std::string(dec));
  }
  return out;
}

}  // namespace stakepool::eth::testing
