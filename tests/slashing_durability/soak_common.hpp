#pragma once
// Shared by the durability test's parent and child: keys, roots and the chain.
#include <cstdint>

#include "stakepool/eth/slashing_db.hpp"

namespace stakepool::soak {

inline const eth::SigningRoot kGvr = [] {
  eth::SigningRoot r{};
  r.fill(0x5a);
  return r;
}();

// key returns the public key of soak validator k.
inline eth::PubkeyBytes key(int k) {
  eth::PubkeyBytes p{};
  p.fill(static_cast<uint8_t>(0xa0 + k));
  return p;
}

// root returns the signing root of message (kind, k, v) as signed by generation `gen`.
inline eth::SigningRoot root(char kind, int k, uint64_t v, uint32_t gen) {
  eth::SigningRoot r{};
  r[0] = static_cast<uint8_t>(kind);
  r[1] = static_cast<uint8_t>(k);
  for (int i = 0; i < 8; ++i) r[2 + i] = static_cast<uint8_t>(v >> (8 * i));
  for (int i = 0; i < 4; ++i) r[10 + i] = static_cast<uint8_t>(gen >> (8 * i));
  r[31] = 1;  // never all-zero
  return r;
}

}  // namespace stakepool::soak
