#pragma once
// Hex encoding/decoding. Decoding accepts an optional "0x" prefix and either case.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stakepool/util/result.hpp"

namespace stakepool::util {

using Bytes = std::vector<uint8_t>;

std::string to_hex(std::span<const uint8_t> in);          // lower case, no prefix
std::string to_hex0x(std::span<const uint8_t> in);        // lower case, "0x" prefix
Result<Bytes> from_hex(std::string_view s);               // error names the offending position

// from_hex_fixed parses exactly N bytes; `what` names the field in the error message.
template <std::size_t N>
Result<std::array<uint8_t, N>> from_hex_fixed(std::string_view s, std::string_view what) {
  auto b = from_hex(s);
  if (!b) return make_error(Errc::kInvalidArgument, std::string(what) + ": " + b.error().message);
  if (b->size() != N) {
    return make_error(Errc::kInvalidArgument, std::string(what) + ": expected " + std::to_string(N) +
                                                  " bytes, got " + std::to_string(b->size()));
  }
  std::array<uint8_t, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = (*b)[i];
  return out;
}

}  // namespace stakepool::util
