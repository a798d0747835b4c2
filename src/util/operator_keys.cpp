#include "stakepool/util/operator_keys.hpp"

#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <algorithm>
#include <cstring>
#include <string_view>

#include "stakepool/util/check.hpp"

namespace stakepool::util {
namespace {

EVP_PKEY* raw_private(int type, std::span<const uint8_t, 32> sk) {
  return EVP_PKEY_new_raw_private_key(type, nullptr, sk.data(), sk.size());
}

std::array<uint8_t, 32> raw_public(EVP_PKEY* k) {
  std::array<uint8_t, 32> pk{};
  size_t len = pk.size();
  SP_CHECK(EVP_PKEY_get_raw_public_key(k, pk.data(), &len) == 1 && len == 32);
  return pk;
}

// x25519_derive computes the raw shared secret with an already imported private key; false if the
// peer key is a low-order point.
bool x25519_derive(EVP_PKEY* mine, const X25519PublicKey& peer, Secret<32>& out) {
  EVP_PKEY* theirs = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, peer.data(), peer.size());
  bool ok = mine != nullptr && theirs != nullptr;
  EVP_PKEY_CTX* ctx = ok ? EVP_PKEY_CTX_new(mine, nullptr) : nullptr;
  size_t len = 32;
  ok = ctx != nullptr && EVP_PKEY_derive_init(ctx) == 1 && EVP_PKEY_derive_set_peer(ctx, theirs) == 1 &&
       EVP_PKEY_derive(ctx, out.expose_mut().data(), &len) == 1 && len == 32;
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(theirs);
  return ok;
}

// x25519_shared: the same from the raw private key (importing it costs a scalar multiplication).
bool x25519_shared(std::span<const uint8_t, 32> sk, const X25519PublicKey& peer, Secret<32>& out) {
  EVP_PKEY* mine = raw_private(EVP_PKEY_X25519, sk);
  const bool ok = x25519_derive(mine, peer, out);
  EVP_PKEY_free(mine);
  return ok;
}

// hkdf32 = HKDF-SHA256(salt (64 bytes), ikm = shared, info), 32 bytes.
Secret<32> hkdf32(const Secret<32>& shared, const uint8_t (&salt)[64], std::string_view info) {
  Secret<32> key;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr);
  size_t len = 32;
  SP_CHECK(ctx != nullptr && EVP_PKEY_derive_init(ctx) == 1 &&
           EVP_PKEY_CTX_set_hkdf_md(ctx, EVP_sha256()) == 1 &&
           EVP_PKEY_CTX_set1_hkdf_salt(ctx, salt, sizeof(salt)) == 1 &&
           EVP_PKEY_CTX_set1_hkdf_key(ctx, shared.expose().data(), 32) == 1 &&
           EVP_PKEY_CTX_add1_hkdf_info(ctx, reinterpret_cast<const uint8_t*>(info.data()),
                                       static_cast<int>(info.size())) == 1 &&
           EVP_PKEY_derive(ctx, key.expose_mut().data(), &len) == 1);
  EVP_PKEY_CTX_free(ctx);
  return key;
}

// box_key = HKDF-SHA256(salt = eph_pk || recipient_pk, ikm = shared, info = label), 32 bytes.
Secret<32> box_key(const Secret<32>& shared, const X25519PublicKey& eph, const X25519PublicKey& rcpt) {
  uint8_t salt[64];
  std::memcpy(salt, eph.data(), 32);
  std::memcpy(salt + 32, rcpt.data(), 32);
  return hkdf32(shared, salt, "stakepool-box-v1 x25519-hkdf-sha256-aes256gcm");
}

// gcm runs AES-256-GCM; encrypt writes the tag to `tag`, decrypt checks it. False on failure.
bool gcm(bool encrypt, const Secret<32>& key, std::span<const uint8_t, 12> nonce, std::span<const uint8_t> aad,
         std::span<const uint8_t> in, uint8_t* out, uint8_t* tag) {
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  int len = 0;
  bool ok = c != nullptr &&
            EVP_CipherInit_ex(c, EVP_aes_256_gcm(), nullptr, key.expose().data(), nonce.data(), encrypt) == 1 &&
            EVP_CipherUpdate(c, nullptr, &len, aad.data(), static_cast<int>(aad.size())) == 1 &&
            EVP_CipherUpdate(c, out, &len, in.data(), static_cast<int>(in.size())) == 1;
  if (ok && !encrypt) ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, tag) == 1;
  ok = ok && EVP_CipherFinal_ex(c, out + len, &len) == 1;
  if (ok && encrypt) ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag) == 1;
  EVP_CIPHER_CTX_free(c);
  return ok;
}

}  // namespace

Ed25519SecretKey Ed25519SecretKey::generate(Rng& rng) {
  Secret<32> seed;
  rng.fill(seed.expose_mut());
  return from_seed(seed.expose());
}

Ed25519SecretKey Ed25519SecretKey::from_seed(std::span<const uint8_t, 32> seed) {
  Ed25519SecretKey k;
  k.seed_ = Secret<32>(seed);
  EVP_PKEY* p = raw_private(EVP_PKEY_ED25519, seed);
  SP_CHECK(p != nullptr);
  k.pkey_ = p;
  k.pk_ = raw_public(p);
  return k;
}

Ed25519SecretKey::Ed25519SecretKey(Ed25519SecretKey&& o) noexcept
    : seed_(std::move(o.seed_)), pk_(o.pk_), pkey_(o.pkey_) {
  o.pkey_ = nullptr;
}

Ed25519SecretKey& Ed25519SecretKey::operator=(Ed25519SecretKey&& o) noexcept {
  if (this != &o) {
    EVP_PKEY_free(static_cast<EVP_PKEY*>(pkey_));
    seed_ = std::move(o.seed_);
    pk_ = o.pk_;
    pkey_ = o.pkey_;
    o.pkey_ = nullptr;
  }
  return *this;
}

Ed25519SecretKey::~Ed25519SecretKey() { EVP_PKEY_free(static_cast<EVP_PKEY*>(pkey_)); }

Ed25519Signature Ed25519SecretKey::sign(std::span<const uint8_t> msg) const {
  SP_CHECK(pkey_ != nullptr);
  Ed25519Signature sig{};
  size_t len = sig.size();
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  SP_CHECK(ctx != nullptr &&
           EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, static_cast<EVP_PKEY*>(pkey_)) == 1 &&
           EVP_DigestSign(ctx, sig.data(), &len, msg.data(), msg.size()) == 1 && len == 64);
  EVP_MD_CTX_free(ctx);
  return sig;
}

bool ed25519_verify(const Ed25519PublicKey& pk, std::span<const uint8_t> msg, const Ed25519Signature& sig) {
  EVP_PKEY* p = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, pk.data(), pk.size());
  if (p == nullptr) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = ctx != nullptr && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, p) == 1 &&
            EVP_DigestVerify(ctx, sig.data(), sig.size(), msg.data(), msg.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(p);
  return ok;
}

X25519SecretKey X25519SecretKey::generate(Rng& rng) {
  Secret<32> sk;
  rng.fill(sk.expose_mut());
  return from_bytes(sk.expose());
}

X25519SecretKey X25519SecretKey::from_bytes(std::span<const uint8_t, 32> sk) {
  X25519SecretKey k;
  k.sk_ = Secret<32>(sk);
  EVP_PKEY* p = raw_private(EVP_PKEY_X25519, sk);
  SP_CHECK(p != nullptr);
  k.pk_ = raw_public(p);
  EVP_PKEY_free(p);
  return k;
}

Result<Bytes> seal(const X25519PublicKey& recipient, std::span<const uint8_t> plaintext,
                   std::span<const uint8_t> aad, Rng& rng) {
  X25519SecretKey eph = X25519SecretKey::generate(rng);
  Secret<32> shared;
  if (!x25519_shared(eph.secret().expose(), recipient, shared)) {
    return make_error(Errc::kCrypto, "seal: recipient X25519 public key is invalid (low order)");
  }
  Secret<32> key = box_key(shared, eph.public_key(), recipient);
  Bytes out(32 + 12 + plaintext.size() + 16);
  std::memcpy(out.data(), eph.public_key().data(), 32);
  rng.fill(std::span<uint8_t>(out.data() + 32, 12));
  std::span<const uint8_t, 12> nonce(out.data() + 32, 12);
  if (!gcm(true, key, nonce, aad, plaintext, out.data() + 44, out.data() + 44 + plaintext.size())) {
    return make_error(Errc::kInternal, "seal: AES-256-GCM encryption failed");
  }
  return out;
}

Result<SecretBytes> open(const X25519SecretKey& sk, std::span<const uint8_t> sealed,
                         std::span<const uint8_t> aad) {
  if (sealed.size() < 32 + 12 + 16) {
    return make_error(Errc::kInvalidArgument,
                      "sealed box too short: " + std::to_string(sealed.size()) + " bytes, need at least 60");
  }
  X25519PublicKey eph{};
  std::memcpy(eph.data(), sealed.data(), 32);
  Secret<32> shared;
  if (!x25519_shared(sk.secret().expose(), eph, shared)) {
    return make_error(Errc::kCrypto, "sealed box: ephemeral public key is invalid");
  }
  Secret<32> key = box_key(shared, eph, sk.public_key());
  const std::size_t n = sealed.size() - 60;
  SecretBytes pt(n);
  uint8_t tag[16];
  std::memcpy(tag, sealed.data() + 44 + n, 16);
  if (!gcm(false, key, std::span<const uint8_t, 12>(sealed.data() + 32, 12), aad, sealed.subspan(44, n),
           pt.expose_mut().data(), tag)) {
    return make_error(Errc::kCrypto, "sealed box: authentication failed (wrong key, altered data or context)");
  }
  return pt;
}

PairKeys::~PairKeys() { EVP_PKEY_free(static_cast<EVP_PKEY*>(pkey_)); }

std::array<uint8_t, 64> pair_key_salt(const X25519PublicKey& a, const X25519PublicKey& b) {
  const bool a_first = std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
  std::array<uint8_t, 64> salt;
  std::memcpy(salt.data(), (a_first ? a : b).data(), 32);
  std::memcpy(salt.data() + 32, (a_first ? b : a).data(), 32);
  return salt;
}

const Secret<32>* PairKeys::key_for(const X25519PublicKey& peer) {
  auto it = keys_.find(peer);
  if (it != keys_.end()) return &it->second;
  Secret<32> key;
  if (derive_ != nullptr) {
    if (!derive_(*mine_, peer, key)) return nullptr;
    return &keys_.emplace(peer, std::move(key)).first->second;
  }
  if (pkey_ == nullptr) pkey_ = raw_private(EVP_PKEY_X25519, mine_->secret().expose());  // once
  Secret<32> shared;
  if (!x25519_derive(static_cast<EVP_PKEY*>(pkey_), peer, shared)) return nullptr;
  uint8_t salt[64];
  const std::array<uint8_t, 64> s = pair_key_salt(mine_->public_key(), peer);
  std::memcpy(salt, s.data(), s.size());
  key = hkdf32(shared, salt, kPairKeyInfo);
  return &keys_.emplace(peer, std::move(key)).first->second;
}

void PairKeys::precompute(std::span<const X25519PublicKey> peers, PairKeyBatchFn derive_many) {
  std::vector<X25519PublicKey> todo;
  for (const X25519PublicKey& p : peers) {
    if (keys_.find(p) == keys_.end()) todo.push_back(p);
  }
  std::sort(todo.begin(), todo.end());
  todo.erase(std::unique(todo.begin(), todo.end()), todo.end());
  if (derive_many == nullptr) {
    for (const X25519PublicKey& p : todo) key_for(p);
    return;
  }
  std::vector<std::optional<Secret<32>>> keys = derive_many(*mine_, todo);
  SP_CHECK(keys.size() == todo.size());
  for (std::size_t i = 0; i < todo.size(); ++i) {
    if (keys[i]) keys_.emplace(todo[i], std::move(*keys[i]));
  }
}

Result<Bytes> PairKeys::seal(const X25519PublicKey& peer, std::span<const uint8_t> plaintext,
                             std::span<const uint8_t> aad, Rng& rng) {
  const Secret<32>* key = key_for(peer);
  if (key == nullptr) return make_error(Errc::kCrypto, "seal: peer X25519 public key is invalid (low order)");
  Bytes out(12 + plaintext.size() + 16);
  rng.fill(std::span<uint8_t>(out.data(), 12));
  std::span<const uint8_t, 12> nonce(out.data(), 12);
  if (!gcm(true, *key, nonce, aad, plaintext, out.data() + 12, out.data() + 12 + plaintext.size())) {
    return make_error(Errc::kInternal, "seal: AES-256-GCM encryption failed");
  }
  return out;
}

Result<SecretBytes> PairKeys::open(const X25519PublicKey& peer, std::span<const uint8_t> sealed,
                                   std::span<const uint8_t> aad) {
  if (sealed.size() < 12 + 16) {
    return make_error(Errc::kInvalidArgument,
                      "sealed box too short: " + std::to_string(sealed.size()) + " bytes, need at least 28");
  }
  const Secret<32>* key = key_for(peer);
  if (key == nullptr) return make_error(Errc::kCrypto, "sealed box: peer X25519 public key is invalid (low order)");
  const std::size_t n = sealed.size() - 28;
  SecretBytes pt(n);
  uint8_t tag[16];
  std::memcpy(tag, sealed.data() + 12 + n, 16);
  if (!gcm(false, *key, std::span<const uint8_t, 12>(sealed.data(), 12), aad, sealed.subspan(12, n),
           pt.expose_mut().data(), tag)) {
    return make_error(Errc::kCrypto, "sealed box: authentication failed (wrong key, altered data or context)");
  }
  return pt;
}

}  // namespace stakepool::util
