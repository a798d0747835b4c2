#pragma once
// Validator key derivation: EIP-2333 (BLS12-381 key tree from a seed); paths in key_path.hpp.
// DESIGN.md §3 "Keys". Secret keys are 32-byte big-endian integers in [1, r) held in
// util::Secret<32>.
//
// Constant time: all functions taking secrets are constant time in their values (HKDF over SHA-256,
// reduction mod r by crypto::Fr). The HKDF_mod_r retry loop runs again only when the reduced value
// is zero (probability ~2^-255), which reveals nothing in practice.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stakepool/eth/key_path.hpp"
#include "stakepool/util/result.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::eth {

// SecretKeyBytes: a BLS12-381 secret key as a big-endian 32-byte integer, 0 < sk < r.
using SecretKeyBytes = util::Secret<32>;

// kLamportChunks is the number of 32-byte chunks in one Lamport secret (HKDF limit 255 * 32 bytes).
inline constexpr std::size_t kLamportChunks = 255;

// ikm_to_lamport_sk (EIP-2333 IKM_to_lamport_SK): HKDF-Expand(HKDF-Extract(salt, ikm), "", 8160),
// returned as 255 consecutive 32-byte chunks.
util::SecretBytes ikm_to_lamport_sk(std::span<const uint8_t> ikm, std::span<const uint8_t> salt);

// LamportKeys: the intermediate values of parent_SK_to_lamport_PK, exposed for the EIP-2333
// intermediate test vectors. lamport_0/lamport_1 are 255*32 bytes each.
struct LamportKeys {
  util::SecretBytes lamport_0;
  util::SecretBytes lamport_1;
  util::Secret<32> compressed_pk;
};

// parent_sk_to_lamport_keys computes lamport_0, lamport_1 and the compressed Lamport public key of
// (parent_sk, index); parent_sk_to_lamport_pk returns only the compressed public key.
LamportKeys parent_sk_to_lamport_keys(const SecretKeyBytes& parent_sk, uint32_t index);
util::Secret<32> parent_sk_to_lamport_pk(const SecretKeyBytes& parent_sk, uint32_t index);

// hkdf_mod_r (EIP-2333 HKDF_mod_r, = KeyGen of draft-irtf-cfrg-bls-signature-04+): hashes ikm
// (at least 32 bytes, checked by the callers below) to a secret key in [1, r).
SecretKeyBytes hkdf_mod_r(std::span<const uint8_t> ikm, std::span<const uint8_t> key_info = {});

// derive_master_sk (EIP-2333 derive_master_SK). Fails with kInvalidArgument if seed < 32 bytes.
Result<SecretKeyBytes> derive_master_sk(std::span<const uint8_t> seed);

// derive_child_sk (EIP-2333 derive_child_SK).
SecretKeyBytes derive_child_sk(const SecretKeyBytes& parent_sk, uint32_t index);

// derive_sk_at_path walks `path` from the master key of `seed`. Fails like derive_master_sk.
Result<SecretKeyBytes> derive_sk_at_path(std::span<const uint8_t> seed, const KeyPath& path);

}  // namespace stakepool::eth
