// EIP-2333 key tree (see key_derivation.hpp).
#include "stakepool/eth/key_derivation.hpp"

#include <cstring>

#include "stakepool/crypto/field.hpp"
#include "stakepool/crypto/sha256.hpp"

namespace stakepool::eth {
namespace {

constexpr std::size_t kLamportBytes = kLamportChunks * 32;
constexpr std::size_t kHkdfModRLen = 48;  // L = ceil(3 * ceil(log2 r) / 16)

}  // namespace

util::SecretBytes ikm_to_lamport_sk(std::span<const uint8_t> ikm, std::span<const uint8_t> salt) {
  util::Secret<32> prk(std::span<const uint8_t, 32>(crypto::hkdf_extract(salt, ikm)));
  util::SecretBytes okm(kLamportBytes);
  crypto::hkdf_expand(prk.expose(), {}, okm.expose_mut());
  return okm;
}

LamportKeys parent_sk_to_lamport_keys(const SecretKeyBytes& parent_sk, uint32_t index) {
  const uint8_t salt[4] = {static_cast<uint8_t>(index >> 24), static_cast<uint8_t>(index >> 16),
                           static_cast<uint8_t>(index >> 8), static_cast<uint8_t>(index)};
  util::Secret<32> not_ikm;
  for (std::size_t i = 0; i < 32; ++i) not_ikm.expose_mut()[i] = ~parent_sk.expose()[i];
  LamportKeys out{ikm_to_lamport_sk(parent_sk.expose(), salt),
                  ikm_to_lamport_sk(not_ikm.expose(), salt), util::Secret<32>()};
  // lamport_PK = SHA256(lamport_0[i]) for all i, then SHA256(lamport_1[i]); compressed = SHA256 of
  // it.
  crypto::Sha256 h;
  for (const util::SecretBytes* half : {&out.lamport_0, &out.lamport_1}) {
    for (std::size_t i = 0; i < kLamportChunks; ++i) {
      util::Secret<32> chunk_hash(
          std::span<const uint8_t, 32>(crypto::sha256(half->expose().subspan(i * 32, 32))));
      h.update(chunk_hash.expose());
    }
  }
  crypto::Digest32 c = h.finish();
  std::memcpy(out.compressed_pk.expose_mut().data(), c.data(), 32);
  util::secure_zero(c.data(), c.size());
  return out;
}

util::Secret<32> parent_sk_to_lamport_pk(const SecretKeyBytes& parent_sk, uint32_t index) {
  return std::move(parent_sk_to_lamport_keys(parent_sk, index).compressed_pk);
}

SecretKeyBytes hkdf_mod_r(std::span<const uint8_t> ikm, std::span<const uint8_t> key_info) {
  // IKM || I2OSP(0, 1) and key_info || I2OSP(L, 2).
  util::SecretBytes ikm0(ikm);
  const uint8_t zero = 0;
  ikm0.append(std::span<const uint8_t>(&zero, 1));
  std::vector<uint8_t> info(key_info.begin(), key_info.end());
  info.push_back(0);
  info.push_back(static_cast<uint8_t>(kHkdfModRLen));

  static constexpr char kSalt[] = "BLS-SIG-KEYGEN-SALT-";
  crypto::Digest32 salt = crypto::sha256(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(kSalt), sizeof(kSalt) - 1));
  SecretKeyBytes sk;
  for (;;) {
    util::Secret<32> prk(std::span<const uint8_t, 32>(crypto::hkdf_extract(salt, ikm0.expose())));
    util::Secret<kHkdfModRLen> okm;
    crypto::hkdf_expand(prk.expose(), info, okm.expose_mut());
    crypto::Fr x = crypto::Fr::from_bytes_wide_be(okm.expose());
    bool zero_sk = x.is_zero();
    x.to_bytes_be(sk.expose_mut());
    util::secure_zero(&x, sizeof(x));
    if (!zero_sk) break;  // SK == 0 has probability ~2^-255; see the header
    salt = crypto::sha256(salt);
  }
  return sk;
}

Result<SecretKeyBytes> derive_master_sk(std::span<const uint8_t> seed) {
  if (seed.size() < 32) {
    return make_error(Errc::kInvalidArgument, "EIP-2333 seed must be at least 32 bytes, got " +
                                                  std::to_string(seed.size()));
  }
  return hkdf_mod_r(seed);
}

SecretKeyBytes derive_child_sk(const SecretKeyBytes& parent_sk, uint32_t index) {
  util::Secret<32> lamport_pk = parent_sk_to_lamport_pk(parent_sk, index);
  return hkdf_mod_r(lamport_pk.expose());
}

Result<SecretKeyBytes> derive_sk_at_path(std::span<const uint8_t> seed, const KeyPath& path) {
  auto sk = derive_master_sk(seed);
  if (!sk) return sk.error();
  SecretKeyBytes cur = std::move(*sk);
  for (uint32_t index : path.indices()) cur = derive_child_sk(cur, index);
  return cur;
}

}  // namespace stakepool::eth
