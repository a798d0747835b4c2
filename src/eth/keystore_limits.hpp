#pragma once
// Bounds on keystore KDF parameters, shared by keystore.cpp and keystore_json.cpp (private to eth).
#include "stakepool/eth/keystore.hpp"

namespace stakepool::eth {

inline constexpr uint64_t kMaxScryptN = 1u << 20;   // 1 GiB of memory at r = 8
inline constexpr uint64_t kMaxScryptRP = 1u << 10;  // r * p
inline constexpr uint32_t kMaxPbkdf2C = 1u << 24;
inline constexpr std::size_t kMaxSecretBytes = 1024;

// check_kdf_params rejects parameters that are malformed or would cost unreasonable time/memory.
Status check_kdf_params(const KdfParams& k);

}  // namespace stakepool::eth
