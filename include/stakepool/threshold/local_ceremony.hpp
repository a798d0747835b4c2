#pragma once
// A whole ceremony in one process: every participant's Ceremony state machine, an in-memory
// broadcast network with virtual time, and injected dealer faults. Used by `stakepool dkg`, tests
// and the simulation's set-up. Deterministic: everything derives from `seed`.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stakepool/threshold/ceremony.hpp"
#include "stakepool/threshold/record.hpp"

namespace stakepool::threshold {

enum class FaultKind : uint8_t { kBadShare, kSilent, kEquivocate, kBadJustification, kWrongConstant, kTorsion };
const char* to_string(FaultKind f);
// parse_fault: "bad-share" | "silent" | "equivocate" | "bad-justification" | "wrong-constant" |
// "torsion" (commitments outside G1 that pass every share check; needs t >= 4).
std::optional<FaultKind> parse_fault(std::string_view s);

// LocalOperator: one operator's identity keys.
struct LocalOperator {
  util::Ed25519SecretKey sign;
  util::X25519SecretKey enc;
};
std::vector<LocalOperator> make_operators(std::size_t n, util::Rng& rng);

// LocalOutcome: what every participant ended with.
struct LocalOutcome {
  bool ok = false;
  std::string failure;                          // the first failure reason, if any honest failed
  std::optional<CeremonyResult> result;         // an honest member's public result
  std::map<uint32_t, SecretShare> shares;       // by new index: honest members' shares
  std::vector<util::Bytes> transcript;          // of the first honest member
  std::vector<util::Bytes> finalizes, erasures; // signed confirmations
  std::size_t messages = 0;                     // messages delivered
  std::optional<CeremonyRecord> record;         // from the first honest member that finished
  // Multi-secret DKG: honest members' shares of secrets 1..K−1 (secret 0's are `shares`; the
  // public side is result->more).
  std::vector<std::map<uint32_t, SecretShare>> more_shares;
};

struct LocalDkgParams {
  uint32_t n = 0, t = 0;
  uint64_t seed = 0;
  std::map<uint32_t, FaultKind> faults;  // by member index
  uint32_t secrets = 1;                  // K independent keys from one ceremony
};
LocalOutcome run_local_dkg(const LocalDkgParams& p, const std::vector<LocalOperator>& ops);

// run_local_dkg_multi: one multi-secret ceremony dealing K independent keys among the same n
// members with threshold t (CeremonyConfig::secrets): one signed deal per dealer, one box per
// recipient carrying its K shares, one batched Feldman check over all K·n dealings per member.
// Far cheaper than K ceremonies (signatures, boxes and messages are shared). The keys are
// independent: each is the sum of the dealers' independent random secrets for that slot.
LocalOutcome run_local_dkg_multi(uint32_t n, uint32_t t, uint32_t k, uint64_t seed,
                                 const std::map<uint32_t, FaultKind>& faults,
                                 const std::vector<LocalOperator>& ops);

// LocalKey: one group key of a finished (multi-secret) DKG, with the honest members' shares.
struct LocalKey {
  PublicPolynomial pub;             // pub.coeffs[0] is the group public key
  std::vector<G1> share_pubkeys;    // of members 1..n
  std::map<uint32_t, SecretShare> shares;  // by member index (honest members)
};
// take_keys: the K keys of a successful outcome, in order (moves the shares out); empty if the
// ceremony failed.
std::vector<LocalKey> take_keys(LocalOutcome& out);

// LocalReshareParams: old holders (by old index, each holding a share) reshare to n' new members.
// new_members[k] is the operator (position in `ops`) that takes new index k+1; old_members[i] the
// operator holding old index i+1. Operators may appear in both lists (overlap).
struct LocalReshareParams {
  uint32_t old_t = 0, new_n = 0, new_t = 0;
  uint64_t seed = 0;
  std::vector<std::size_t> old_members, new_members;
  std::map<uint32_t, FaultKind> faults;  // by OLD index (dealer faults)
  std::vector<uint32_t> absent_old;      // old holders that do not take part
};
LocalOutcome run_local_reshare(const LocalReshareParams& p, const std::vector<LocalOperator>& ops,
                               const CeremonyResult& old_result, std::map<uint32_t, SecretShare>& old_shares);

}  // namespace stakepool::threshold
