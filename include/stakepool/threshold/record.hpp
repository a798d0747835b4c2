#pragma once
// CeremonyRecord: the public, verifiable account of a DKG or resharing (doc/formats/ceremony.md):
// the configuration, every accepted message in canonical order with a hash chain over them, the
// claimed outcome, the members' signed confirmations and (resharing) the old holders' signed
// erasure statements. verify_record replays the transcript through an observer Ceremony, so a
// record is accepted only if the public checks reproduce QUAL and the public polynomial.
#include <vector>

#include "stakepool/threshold/ceremony.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::threshold {

struct CeremonyRecord {
  CeremonyConfig config;
  std::vector<util::Bytes> transcript;
  std::vector<util::Bytes> finalizes;
  std::vector<util::Bytes> erasures;
  std::vector<uint32_t> qual;
  PublicPolynomial pub;
  Digest result_hash{};
  Digest transcript_hash{};
};

// transcript_hash_chain: h_0 = SHA-256("stakepool-ceremony-transcript-v1" || session),
// h_i = SHA-256(h_(i−1) || SHA-256(message_i)); returns h_0..h_n.
std::vector<Digest> transcript_hash_chain(const SessionId& session, const std::vector<util::Bytes>& transcript);

// make_record assembles the record from a finished participant (or observer).
CeremonyRecord make_record(const CeremonyConfig& cfg, const Ceremony& c);

// verify_record: transcript hash, replay (QUAL, public polynomial, result hash), at least t valid
// confirmations from distinct new members, valid erasure statements. Errors name the mismatch.
Status verify_record(const CeremonyRecord& r);

}  // namespace stakepool::threshold
