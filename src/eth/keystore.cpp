// EIP-2335 keystore encryption and decryption (see keystore.hpp). JSON is in keystore_json.cpp.
#include "stakepool/eth/keystore.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <cstring>
#include <memory>

#include "keystore_limits.hpp"
#include "stakepool/crypto/sha256.hpp"
#include "stakepool/eth/key_path.hpp"
#include "stakepool/util/ct.hpp"
#include "stakepool/util/hex.hpp"
#include "unicode.hpp"

namespace stakepool::eth {
namespace {

constexpr std::size_t kAesKeyBytes = 16;

Error openssl_error(const char* what) {
  return make_error(Errc::kCrypto, std::string(what) + " failed (OpenSSL)");
}

// derive_key runs the keystore KDF on the processed password.
Result<util::SecretBytes> derive_key(const KdfParams& kdf, std::span<const uint8_t> password) {
  static const char kEmpty[1] = {0};
  const char* pass = password.empty() ? kEmpty : reinterpret_cast<const char*>(password.data());
  util::SecretBytes dk(kdf.dklen);
  int ok = 0;
  if (kdf.kind == KdfKind::kScrypt) {
    // OpenSSL needs 128*r*(n+2) bytes for V plus 128*r*p for B.
    const uint64_t maxmem = 128ull * kdf.r * (kdf.n + 2) + 128ull * kdf.r * kdf.p + (1u << 16);
    ok = EVP_PBE_scrypt(pass, password.size(), kdf.salt.data(), kdf.salt.size(), kdf.n, kdf.r,
                        kdf.p, maxmem, dk.expose_mut().data(), dk.size());
    if (ok != 1) return openssl_error("scrypt");
  } else {
    ok = PKCS5_PBKDF2_HMAC(pass, static_cast<int>(password.size()), kdf.salt.data(),
                           static_cast<int>(kdf.salt.size()), static_cast<int>(kdf.c), EVP_sha256(),
                           static_cast<int>(kdf.dklen), dk.expose_mut().data());
    if (ok != 1) return openssl_error("PBKDF2-HMAC-SHA256");
  }
  return dk;
}

// keystore_checksum = SHA256(decryption_key[16:32] || cipher_message).
crypto::Digest32 keystore_checksum(const util::SecretBytes& dk, std::span<const uint8_t> cipher) {
  crypto::Sha256 h;
  h.update(dk.expose().subspan(16, 16));
  h.update(cipher);
  return h.finish();
}

// aes_128_ctr encrypts or decrypts (the same operation) `in` into out (same size).
Status aes_128_ctr(std::span<const uint8_t> key16, std::span<const uint8_t, 16> iv,
                   std::span<const uint8_t> in, std::span<uint8_t> out) {
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                      &EVP_CIPHER_CTX_free);
  if (!ctx) return openssl_error("EVP_CIPHER_CTX_new");
  int len = 0, fin = 0;
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_ctr(), nullptr, key16.data(), iv.data()) != 1 ||
      EVP_EncryptUpdate(ctx.get(), out.data(), &len, in.data(), static_cast<int>(in.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out.data() + len, &fin) != 1 ||
      static_cast<std::size_t>(len + fin) != in.size()) {
    return openssl_error("AES-128-CTR");
  }
  return ok_status();
}

Status check_info(const KeystoreInfo& info) {
  if (!info.path.empty()) {
    auto p = KeyPath::parse(info.path);
    if (!p) return p.error();
  }
  if (!info.pubkey.empty()) {
    auto pk = util::from_hex(info.pubkey);
    if (!pk) return make_error(Errc::kInvalidArgument, "keystore pubkey: " + pk.error().message);
  }
  return ok_status();
}

}  // namespace

Status check_kdf_params(const KdfParams& k) {
  auto bad = [](const std::string& m) {
    return make_error(Errc::kInvalidArgument, "keystore kdf: " + m);
  };
  if (k.dklen < 32 || k.dklen > 64) return bad("dklen must be in [32, 64]");
  if (k.salt.empty() || k.salt.size() > 1024) return bad("salt must be 1..1024 bytes");
  if (k.kind == KdfKind::kScrypt) {
    if (k.n < 2 || k.n > kMaxScryptN || (k.n & (k.n - 1)) != 0) {
      return bad("scrypt n must be a power of two in [2, 2^20]");
    }
    if (k.r == 0 || k.p == 0 || static_cast<uint64_t>(k.r) * k.p > kMaxScryptRP) {
      return bad("scrypt r and p must be positive with r*p <= 1024");
    }
  } else if (k.c == 0 || k.c > kMaxPbkdf2C) {
    return bad("pbkdf2 c must be in [1, 2^24]");
  }
  return ok_status();
}

Result<util::SecretBytes> decrypt_keystore(const Keystore& ks, std::span<const uint8_t> password) {
  SP_TRY(check_kdf_params(ks.kdf));
  auto pw = normalize_keystore_password(password);
  if (!pw) return pw.error();
  auto dk = derive_key(ks.kdf, pw->expose());
  if (!dk) return dk.error();
  crypto::Digest32 sum = keystore_checksum(*dk, ks.cipher_message);
  if (!ct::equal(sum, ks.checksum)) {
    return make_error(Errc::kPermission, "wrong password (keystore checksum mismatch)");
  }
  util::SecretBytes secret(ks.cipher_message.size());
  SP_TRY(
      aes_128_ctr(dk->expose().first(kAesKeyBytes), ks.iv, ks.cipher_message, secret.expose_mut()));
  return secret;
}

Result<Keystore> encrypt_keystore_with(std::span<const uint8_t> secret,
                                       std::span<const uint8_t> password, const KdfParams& params,
                                       std::span<const uint8_t, 16> iv, std::string uuid,
                                       const KeystoreInfo& info) {
  SP_TRY(check_info(info));
  SP_TRY(check_kdf_params(params));
  if (secret.empty() || secret.size() > kMaxSecretBytes) {
    return make_error(Errc::kInvalidArgument,
                      "keystore secret must be 1.." + std::to_string(kMaxSecretBytes) + " bytes");
  }
  auto pw = normalize_keystore_password(password);
  if (!pw) return pw.error();
  auto dk = derive_key(params, pw->expose());
  if (!dk) return dk.error();
  Keystore ks;
  ks.kdf = params;
  std::copy(iv.begin(), iv.end(), ks.iv.begin());
  ks.cipher_message.resize(secret.size());
  SP_TRY(aes_128_ctr(dk->expose().first(kAesKeyBytes), iv, secret, ks.cipher_message));
  ks.checksum = keystore_checksum(*dk, ks.cipher_message);
  ks.description = info.description;
  auto pk = util::from_hex(info.pubkey);
  ks.pubkey = util::to_hex(*pk);
  ks.path = info.path;
  ks.uuid = std::move(uuid);
  return ks;
}

Result<Keystore> encrypt_keystore(std::span<const uint8_t> secret,
                                  std::span<const uint8_t> password, KdfParams params,
                                  const KeystoreInfo& info, util::Rng& rng) {
  params.salt.assign(32, 0);
  rng.fill(params.salt);
  std::array<uint8_t, 16> iv{};
  rng.fill(iv);
  return encrypt_keystore_with(secret, password, params, iv, uuid_v4(rng), info);
}

Result<util::SecretBytes> normalize_keystore_password(std::span<const uint8_t> utf8) {
  return nfkd(utf8, ControlCodes::kStrip, "password");
}

std::string uuid_v4(util::Rng& rng) {
  std::array<uint8_t, 16> b{};
  rng.fill(b);
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string h = util::to_hex(b);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

}  // namespace stakepool::eth
