#include "stakepool/consensus/keys.hpp"

#include <openssl/evp.h>

#include <array>
#include <utility>

namespace stakepool::consensus {
namespace {

EVP_PKEY* as_pkey(void* p) { return static_cast<EVP_PKEY*>(p); }

struct MdCtx {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~MdCtx() { EVP_MD_CTX_free(ctx); }
};

}  // namespace

Result<Ed25519Signer> Ed25519Signer::from_seed(const util::Secret<32>& seed) {
  EVP_PKEY* pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.expose().data(),
                                                seed.expose().size());
  if (pkey == nullptr) return make_error(Errc::kCrypto, "ed25519: OpenSSL refused the seed");
  OperatorKey pk;
  std::size_t len = pk.bytes.size();
  if (EVP_PKEY_get_raw_public_key(pkey, pk.bytes.data(), &len) != 1 || len != pk.bytes.size()) {
    EVP_PKEY_free(pkey);
    return make_error(Errc::kCrypto, "ed25519: cannot derive the public key");
  }
  return Ed25519Signer(pkey, pk);
}

Result<Ed25519Signer> Ed25519Signer::generate(util::Rng& rng) {
  util::Secret<32> seed;
  rng.fill(seed.expose_mut());
  return from_seed(seed);
}

Ed25519Signer::~Ed25519Signer() { EVP_PKEY_free(as_pkey(pkey_)); }

Ed25519Signer::Ed25519Signer(Ed25519Signer&& o) noexcept
    : pkey_(std::exchange(o.pkey_, nullptr)), public_key_(o.public_key_) {}

Ed25519Signer& Ed25519Signer::operator=(Ed25519Signer&& o) noexcept {
  if (this != &o) {
    EVP_PKEY_free(as_pkey(pkey_));
    pkey_ = std::exchange(o.pkey_, nullptr);
    public_key_ = o.public_key_;
  }
  return *this;
}

Sig64 Ed25519Signer::sign(std::span<const uint8_t> msg) const {
  SP_CHECK(pkey_ != nullptr);  // use after move is a bug
  MdCtx md;
  SP_CHECK(md.ctx != nullptr);
  Sig64 sig{};
  std::size_t len = sig.size();
  SP_CHECK(EVP_DigestSignInit(md.ctx, nullptr, nullptr, nullptr, as_pkey(pkey_)) == 1);
  SP_CHECK(EVP_DigestSign(md.ctx, sig.data(), &len, msg.data(), msg.size()) == 1);
  SP_CHECK(len == sig.size());
  return sig;
}

bool Ed25519Verifier::verify(const OperatorKey& key, std::span<const uint8_t> msg,
                             const Sig64& sig) const {
  EVP_PKEY* pkey =
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.bytes.data(), key.bytes.size());
  if (pkey == nullptr) return false;
  MdCtx md;
  bool ok = md.ctx != nullptr &&
            EVP_DigestVerifyInit(md.ctx, nullptr, nullptr, nullptr, pkey) == 1 &&
            EVP_DigestVerify(md.ctx, sig.data(), sig.size(), msg.data(), msg.size()) == 1;
  EVP_PKEY_free(pkey);
  return ok;
}

}  // namespace stakepool::consensus
