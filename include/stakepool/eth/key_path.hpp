#pragma once
// EIP-2334 key paths (DESIGN.md §3 "Keys"): "m/12381/3600/i/0/0" for validator i's signing key,
// "m/12381/3600/i/0" for its withdrawal key.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stakepool/util/result.hpp"

namespace stakepool::eth {

// KeyPath: an EIP-2334 path "m/a/b/c/..." — a list of child indices below the master node, each in
// [0, 2^32). Built only by parse() or the EIP-2334 constructors, so it is always well-formed.
class KeyPath {
 public:
  // parse accepts "m" followed by zero or more "/<decimal index>" parts (no hardened marker "'", no
  // sign, no empty parts, index < 2^32). Fails with kInvalidArgument naming the bad part.
  static Result<KeyPath> parse(std::string_view s);
  // signing(i) = m/12381/3600/i/0/0, withdrawal(i) = m/12381/3600/i/0 (EIP-2334).
  static KeyPath signing(uint32_t validator_index);
  static KeyPath withdrawal(uint32_t validator_index);

  const std::vector<uint32_t>& indices() const { return indices_; }
  // to_string returns the canonical "m/..." form; file_tag the same with '/' replaced by '_'
  // ("m_12381_3600_0_0_0", as in staking-deposit-cli keystore file names).
  std::string to_string() const;
  std::string file_tag() const;
  bool operator==(const KeyPath& o) const = default;

 private:
  explicit KeyPath(std::vector<uint32_t> v) : indices_(std::move(v)) {}
  std::vector<uint32_t> indices_;
};

}  // namespace stakepool::eth
