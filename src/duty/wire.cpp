#include "stakepool/duty/wire.hpp"

#include <algorithm>

#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/point_encoding.hpp"
#include "stakepool/util/codec.hpp"

namespace stakepool::duty {

namespace {

Error bad_partial(const std::string& what) {
  return make_error(Errc::kInvalidArgument, "partial signature: " + what);
}

}  // namespace

PartialSignature encode_partial_signature(const crypto::G2Affine& p) {
  return crypto::g2_serialize_uncompressed(p);
}

Result<crypto::G2Affine> decode_partial_signature(std::span<const uint8_t> in) {
  if (in.size() != kPartialSignatureSize) {
    return bad_partial("expected " + std::to_string(kPartialSignatureSize) +
                       " bytes (uncompressed G2), got " + std::to_string(in.size()));
  }
  const uint8_t flags = in[0] & 0xe0;
  if (flags & 0x80) return bad_partial("compression flag set (the wire carries uncompressed points)");
  if (flags & 0x20) return bad_partial("sign flag set in an uncompressed encoding");
  crypto::G2Affine p;
  if (flags & 0x40) {
    bool zero = (in[0] & 0x1f) == 0;
    for (std::size_t i = 1; i < in.size(); ++i) zero = zero && in[i] == 0;
    if (!zero) return bad_partial("point at infinity with other bits set");
    return p;  // the identity (never a valid partial; verification rejects it)
  }
  std::array<uint8_t, 48> b{};
  crypto::Fp* coords[4] = {&p.x.c1, &p.x.c0, &p.y.c1, &p.y.c0};
  static const char* const kNames[4] = {"x.c1", "x.c0", "y.c1", "y.c0"};
  for (std::size_t i = 0; i < 4; ++i) {
    std::copy_n(in.begin() + static_cast<std::ptrdiff_t>(48 * i), 48, b.begin());
    if (i == 0) b[0] &= 0x1f;
    if (!crypto::Fp::from_bytes_be(*coords[i], b)) {
      return bad_partial(std::string(kNames[i]) + " is not a canonical field element");
    }
  }
  p.infinity = false;
  if (!crypto::is_on_curve(p)) return bad_partial("the point is not on the G2 curve");
  return p;
}

const char* sig_kind_name(SigKind k) {
  switch (k) {
    case SigKind::kRandao: return "randao";
    case SigKind::kSelectionProof: return "selection_proof";
    case SigKind::kSyncSelectionProof: return "sync_selection_proof";
    case SigKind::kAttestation: return "attestation";
    case SigKind::kBlock: return "block";
    case SigKind::kSyncMessage: return "sync_message";
    case SigKind::kAggregateAndProof: return "aggregate_and_proof";
    case SigKind::kContributionAndProof: return "contribution_and_proof";
  }
  return "unknown";
}

util::Bytes encode_envelope(const Envelope& e) {
  util::ByteWriter w;
  w.u8(kWireVersion).u8(static_cast<uint8_t>(e.type)).u32(e.pool).raw(e.body);
  return w.take();
}

Result<Envelope> decode_envelope(std::span<const uint8_t> in) {
  util::ByteReader r(in);
  const uint8_t version = r.u8("envelope version");
  const uint8_t type = r.u8("envelope type");
  Envelope e;
  e.pool = r.u32("envelope pool");
  if (!r.ok()) return r.finish().error();
  if (version != kWireVersion) {
    return make_error(Errc::kInvalidArgument,
                      "envelope version " + std::to_string(version) + " is not supported");
  }
  if (type != static_cast<uint8_t>(EnvelopeType::kQbft) &&
      type != static_cast<uint8_t>(EnvelopeType::kPartials) &&
      type != static_cast<uint8_t>(EnvelopeType::kCombined)) {
    return make_error(Errc::kInvalidArgument, "envelope type " + std::to_string(type) + " unknown");
  }
  e.type = static_cast<EnvelopeType>(type);
  const auto body = r.raw(in.size() - 6, "envelope body");
  e.body.assign(body.begin(), body.end());
  SP_TRY(r.finish());
  return e;
}

util::Bytes encode_partials(const PartialsBody& p) {
  util::ByteWriter w;
  w.u8(static_cast<uint8_t>(p.kind)).u64(eth::u64(p.slot));
  w.u32(static_cast<uint32_t>(p.entries.size()));
  for (const PartialEntry& e : p.entries) {
    w.u64(eth::u64(e.validator)).u64(e.sub).raw(e.signature);
  }
  return w.take();
}

Result<PartialsBody> decode_partials(std::span<const uint8_t> in) {
  util::ByteReader r(in);
  PartialsBody p;
  const uint8_t kind = r.u8("partials kind");
  p.slot = eth::Slot{r.u64("partials slot")};
  const uint32_t n = r.count(kMaxPartialsPerMessage, "partials count");
  if (r.ok() && (kind == 0 || kind > kSigKindMax)) {
    return make_error(Errc::kInvalidArgument, "partials kind " + std::to_string(kind) + " unknown");
  }
  if (r.ok() && n == 0) return make_error(Errc::kInvalidArgument, "partials message is empty");
  p.kind = static_cast<SigKind>(kind);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    PartialEntry e;
    e.validator = eth::ValidatorIndex{r.u64("partial validator")};
    e.sub = r.u64("partial subcommittee");
    e.signature = r.fixed<kPartialSignatureSize>("partial signature");
    p.entries.push_back(e);
  }
  SP_TRY(r.finish());
  return p;
}

}  // namespace stakepool::duty
