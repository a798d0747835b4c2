#include "stakepool/threshold/ceremony_build.hpp"

#include "stakepool/crypto/g1_small.hpp"
#include "stakepool/crypto/point_encoding.hpp"
#include "stakepool/crypto/sha256.hpp"
#include "stakepool/crypto/x25519.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::threshold {

G1Bytes g1_to_bytes(const G1& p) { return crypto::g1_compress(crypto::to_affine(p)); }

std::optional<G1> g1_from_bytes(const G1Bytes& b) {
  crypto::G1Affine a;
  if (crypto::g1_decompress(b, a) != crypto::PointError::kOk || a.infinity) return std::nullopt;
  return crypto::to_jacobian(a);
}

G1Wire g1_to_wire(const G1Affine& p) { return crypto::g1_serialize_uncompressed(p); }

std::optional<G1Affine> g1_from_wire(const G1Wire& b) {
  G1Affine a;
  if (crypto::g1_deserialize_uncompressed_unchecked(b, a) != crypto::PointError::kOk || a.infinity) {
    return std::nullopt;
  }
  return a;
}

namespace {

// pair_key_from_shared: HKDF-SHA256(salt = pair_key_salt(mine, peer), ikm = shared, kPairKeyInfo).
void pair_key_from_shared(const util::X25519PublicKey& mine, const util::X25519PublicKey& peer,
                          const util::Secret<32>& shared, util::Secret<32>& key) {
  const std::array<uint8_t, 64> salt = util::pair_key_salt(mine, peer);
  crypto::Digest32 prk = crypto::hkdf_extract(salt, shared.expose());
  const std::string_view info = util::kPairKeyInfo;
  crypto::hkdf_expand(prk, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(info.data()), info.size()),
                      key.expose_mut());
  util::secure_zero(prk.data(), prk.size());
}

}  // namespace

bool pair_key_x25519(const util::X25519SecretKey& mine, const util::X25519PublicKey& peer, util::Secret<32>& key) {
  util::Secret<32> shared;
  if (!crypto::x25519(mine.secret(), peer, shared)) return false;
  pair_key_from_shared(mine.public_key(), peer, shared, key);
  return true;
}

std::vector<std::optional<util::Secret<32>>> pair_keys_x25519_many(const util::X25519SecretKey& mine,
                                                                   std::span<const util::X25519PublicKey> peers) {
  std::vector<util::Secret<32>> shared(peers.size());
  const std::vector<uint8_t> ok = crypto::x25519_many(mine.secret(), peers, shared);
  std::vector<std::optional<util::Secret<32>>> keys(peers.size());
  for (std::size_t i = 0; i < peers.size(); ++i) {
    if (!ok[i]) continue;
    keys[i].emplace();
    pair_key_from_shared(mine.public_key(), peers[i], shared[i], *keys[i]);
  }
  return keys;
}

void precompute_pair_keys(util::PairKeys& boxes, const CeremonyConfig& cfg, const Identity& me) {
  std::vector<util::X25519PublicKey> peers;
  if (me.dealer_index) {
    for (const Member& r : cfg.recipients) peers.push_back(r.enc_pk);
  }
  if (me.recipient_index) {
    for (const Member& d : cfg.dealers) peers.push_back(d.enc_pk);
  }
  boxes.precompute(peers, &pair_keys_x25519_many);
}

ScalarBytes fr_to_bytes(const Fr& x) {
  ScalarBytes out{};
  x.to_bytes_be(out);
  return out;
}

std::optional<Fr> fr_from_bytes(const ScalarBytes& b) {
  Fr x;
  if (!Fr::from_bytes_be(x, b)) return std::nullopt;
  return x;
}

util::Bytes box_aad(const SessionId& session, uint32_t dealer, uint32_t recipient) {
  util::ByteWriter w;
  w.str("stakepool-ceremony-share-v1").raw(session).u32(dealer).u32(recipient);
  return w.take();
}

namespace {

// wire_commitments: every polynomial's commitments, secret-major, uncompressed.
std::vector<G1Wire> wire_commitments(std::span<const SecretPolynomial> polys, bool torsion) {
  std::vector<G1Affine> affine = commit_affine(polys);
  if (torsion && !polys.empty() && polys[0].threshold() >= 4) {
    G1Affine t;  // (0, 2) has order 3 and T·(x³ − x) = 0 for every integer x
    t.x = crypto::Fp::zero();
    t.y = crypto::Fp::from_u64(2);
    t.infinity = false;
    affine[1] = crypto::to_affine(crypto::add_mixed_vartime(crypto::to_jacobian(affine[1]), crypto::neg(t)));
    affine[3] = crypto::to_affine(crypto::add_mixed_vartime(crypto::to_jacobian(affine[3]), t));
  }
  std::vector<G1Wire> out;
  out.reserve(affine.size());
  for (const G1Affine& c : affine) out.push_back(g1_to_wire(c));
  return out;
}

// shares_plaintext: recipient j's shares of every secret, 32 bytes each.
util::SecretBytes shares_plaintext(std::span<const SecretPolynomial> polys, ShareIndex j, bool corrupt) {
  util::SecretBytes pt(32 * polys.size());
  for (std::size_t m = 0; m < polys.size(); ++m) {
    SecretScalar s = polys[m].evaluate(j);
    Fr v = s.expose();
    if (corrupt && m == 0) v = v + Fr::one();
    v.to_bytes_be(std::span<uint8_t, 32>(pt.expose_mut().data() + 32 * m, 32));
    util::secure_zero(&v, sizeof(v));
  }
  return pt;
}

}  // namespace

util::Bytes build_deal(const CeremonyConfig& cfg, uint32_t dealer, const util::Ed25519SecretKey& key,
                       util::PairKeys& boxes, std::span<const SecretPolynomial> polys, util::Rng& rng,
                       std::optional<uint32_t> corrupt_recipient, bool torsion) {
  Deal d;
  d.dealer = dealer;
  d.commitments = wire_commitments(polys, torsion);
  std::vector<util::X25519PublicKey> peers;
  for (const Member& r : cfg.recipients) peers.push_back(r.enc_pk);
  boxes.precompute(peers, &pair_keys_x25519_many);  // all X25519 in one batch (no-op when cached)
  for (const Member& r : cfg.recipients) {
    const bool corrupt = corrupt_recipient && *corrupt_recipient == r.index;
    util::SecretBytes pt = shares_plaintext(polys, *ShareIndex::make(r.index), corrupt);
    auto box = boxes.seal(r.enc_pk, pt.expose(), box_aad(cfg.session, dealer, r.index), rng);
    d.boxes.push_back(box ? std::move(*box) : util::Bytes{});
  }
  util::Ed25519Signature sig = key.sign(deal_statement(cfg.session, dealer, d.body_hash()));
  return seal_envelope(MsgType::kDeal, encode_body(d), sig);
}

}  // namespace stakepool::threshold
