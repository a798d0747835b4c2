#include "stakepool/duty/wire.hpp"

#include "stakepool/util/codec.hpp"

namespace stakepool::duty {

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
      type != static_cast<uint8_t>(EnvelopeType::kPartials)) {
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
    e.signature = r.fixed<96>("partial signature");
    p.entries.push_back(e);
  }
  SP_TRY(r.finish());
  return p;
}

}  // namespace stakepool::duty
