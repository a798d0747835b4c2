#include "stakepool/threshold/ceremony_build.hpp"

#include "stakepool/crypto/g1_small.hpp"
#include "stakepool/crypto/point_encoding.hpp"
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

util::Bytes build_deal(const CeremonyConfig& cfg, uint32_t dealer, const util::Ed25519SecretKey& key,
                       util::PairKeys& boxes, const SecretPolynomial& poly, util::Rng& rng,
                       std::optional<uint32_t> corrupt_recipient, bool torsion) {
  Deal d;
  d.dealer = dealer;
  PublicPolynomial pub = commit(poly);
  if (torsion && pub.coeffs.size() >= 4) {
    G1Affine t;
    t.x = crypto::Fp::zero();
    t.y = crypto::Fp::from_u64(2);
    t.infinity = false;
    pub.coeffs[1] = crypto::add_mixed_vartime(pub.coeffs[1], crypto::neg(t));
    pub.coeffs[3] = crypto::add_mixed_vartime(pub.coeffs[3], t);
  }
  std::vector<G1Affine> affine(pub.coeffs.size());
  crypto::batch_to_affine_vartime<crypto::Fp>(pub.coeffs, affine);  // public points
  for (const G1Affine& c : affine) d.commitments.push_back(g1_to_wire(c));
  for (const Member& r : cfg.recipients) {
    SecretScalar s = poly.evaluate(*ShareIndex::make(r.index));
    Fr v = s.expose();
    if (corrupt_recipient && *corrupt_recipient == r.index) v = v + Fr::one();
    ScalarBytes pt = fr_to_bytes(v);
    util::secure_zero(&v, sizeof(v));
    auto box = boxes.seal(r.enc_pk, pt, box_aad(cfg.session, dealer, r.index), rng);
    util::secure_zero(pt.data(), pt.size());
    d.boxes.push_back(box ? std::move(*box) : util::Bytes{});
  }
  util::Ed25519Signature sig = key.sign(deal_statement(cfg.session, dealer, d.body_hash()));
  return seal_envelope(MsgType::kDeal, encode_body(d), sig);
}

}  // namespace stakepool::threshold
