#pragma once
// Ceremony: one participant's sans-IO state machine for distributed key generation and for
// resharing (DESIGN.md §2; Gennaro–Jarecki–Krawczyk–Rabin joint-Feldman with complaints).
//
//   Deal          every dealer broadcasts Feldman commitments and one sealed share per recipient,
//                 signed (the signature covers a hash, so recipients can echo it)
//   Response      every recipient checks its shares (batched), echoes the deal hashes it saw and
//                 complains about missing or invalid shares
//   Justification an accused dealer reveals the disputed shares in public
//   Finalize      QUAL = dealers not disqualified (equivocation proven by two signed hashes, wrong
//                 constant term in resharing, bad commitments, or an unanswered/invalid complaint);
//                 members compute their share, the joint public polynomial, and sign the result
//   (Erasure)     in resharing, old holders erase their share once the new set confirmed
//
// DKG: the group key is Σ_{i∈QUAL} C_i,0; the run fails only when fewer than t dealers qualify.
// Resharing: dealers are old holders dealing their share x_i with a fresh degree t'−1 polynomial;
// each dealer's C_i,0 must equal its old share public key; with S = the first t_old of QUAL,
// new share = Σ_{i∈S} λ_i·s_i,j and the new constant term equals the old group key (checked).
//
// Inputs are messages and time; outputs are messages to broadcast and the next wake-up time. The
// Rng is injected (seeded in simulation). Constant time in shares and coefficients.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "stakepool/threshold/ceremony_msgs.hpp"
#include "stakepool/threshold/feldman.hpp"
#include "stakepool/threshold/sig_batch.hpp"
#include "stakepool/util/clock.hpp"

namespace stakepool::threshold {

// Member: a participant's public identity in one role.
struct Member {
  uint32_t index = 0;                   // share index in this role's committee (1..n)
  util::Ed25519PublicKey sign_pk{};
  util::X25519PublicKey enc_pk{};
};

// ReshareInfo: what everyone knows about the old sharing.
struct ReshareInfo {
  uint32_t old_threshold = 0;
  G1 group_key;                         // must be preserved
  std::map<uint32_t, G1> old_share_pubkeys;  // by old index
};

struct Deadlines {
  util::TimePoint deal, response, justification, finalize;
};

struct CeremonyConfig {
  SessionId session{};
  std::vector<Member> dealers;     // DKG: the same members as recipients
  std::vector<Member> recipients;
  uint32_t threshold = 0;          // t of the new sharing
  // secrets: K independent secrets dealt at once (DKG only): each dealer deals K polynomials in one
  // signed deal with one box per recipient; every check is batched over all K·n dealings. The K
  // group keys are independent (never linear combinations of each other).
  uint32_t secrets = 1;
  std::optional<ReshareInfo> reshare;
  Deadlines deadlines;
};

// Who this participant is: dealer index and/or recipient index, with its keys. An Identity with
// neither role and no keys is an observer: it checks everything public (signatures, echoes,
// complaints, justifications) and computes QUAL and the public result — used to verify a record.
struct Identity {
  std::optional<uint32_t> dealer_index;
  std::optional<uint32_t> recipient_index;
  const util::Ed25519SecretKey* sign_key = nullptr;   // borrowed, must outlive the ceremony
  const util::X25519SecretKey* enc_key = nullptr;
};

enum class Phase : uint8_t { kDeal, kResponse, kJustification, kFinalize, kDone, kFailed };
const char* to_string(Phase p);

// Misbehaviour a test or simulation asks a Byzantine participant to commit.
// kBadJustification deals a bad share and then reveals a wrong share when accused. kTorsion adds
// a point of order 3 to its commitments such that every share still checks (see build_deal).
enum class DealerFault : uint8_t { kNone, kBadShare, kEquivocate, kBadJustification, kWrongConstant, kTorsion };

// KeyResult: one secret's outcome in a multi-secret ceremony.
struct KeyResult {
  PublicPolynomial pub;
  std::vector<G1> share_pubkeys;
  std::optional<SecretShare> my_share;
};

struct CeremonyResult {
  std::vector<uint32_t> qual;                 // qualified dealers, ascending
  std::vector<uint32_t> used;                 // dealers whose deals form the key (= qual in DKG)
  PublicPolynomial pub;                       // joint public polynomial of the new sharing (secret 0)
  std::vector<G1> share_pubkeys;              // of recipients 1..n (secret 0)
  Digest result_hash{};                       // covers every secret's polynomial
  std::optional<SecretShare> my_share;        // when this participant is a recipient (secret 0)
  std::map<uint32_t, std::string> disqualified;  // dealer -> reason
  std::vector<KeyResult> more;                // secrets 1..K−1 of a multi-secret ceremony
};

class Ceremony {
 public:
  struct Outputs {
    std::vector<util::Bytes> broadcast;
    std::optional<util::TimePoint> wake_at;
  };

  // old_share: in resharing, this dealer's current share (moved in; erased after success).
  Ceremony(CeremonyConfig cfg, Identity me, std::optional<SecretScalar> old_share, util::Rng& rng);

  Outputs start(util::TimePoint now);
  Outputs on_message(std::span<const uint8_t> msg, util::TimePoint now);
  Outputs on_tick(util::TimePoint now);

  Phase phase() const { return phase_; }
  const std::optional<CeremonyResult>& result() const { return result_; }
  const std::string& failure() const { return failure_; }
  bool erased_old_share() const { return erased_; }
  // transcript: every accepted message in canonical order (type, sender), for the record.
  std::vector<util::Bytes> transcript() const;
  // finalize_signatures: signed Finalize messages matching our result (for the record).
  std::vector<util::Bytes> matching_finalizes() const;
  std::vector<util::Bytes> erasures() const;

  void set_fault_for_testing(DealerFault f) { fault_ = f; }

 private:
  struct DealState;
  Outputs advance(util::TimePoint now);
  Outputs enter_response(util::TimePoint now);
  Outputs enter_justification(util::TimePoint now);
  Outputs enter_finalize(util::TimePoint now);
  Outputs finish(util::TimePoint now);
  Outputs broadcast_self(MsgType type, util::Bytes body, util::TimePoint now);
  void make_deal(Outputs& out, util::TimePoint now);
  // accept / accept_*: `env` is a view into `raw`, the message as received (kept for the
  // transcript when the message counts).
  void accept(const EnvelopeView& env, std::span<const uint8_t> raw, util::TimePoint now);
  void accept_deal(const EnvelopeView& env, std::span<const uint8_t> raw);
  void record_deal(uint32_t dealer, const Digest& h, const util::Ed25519Signature& sig, util::Bytes raw) const;
  void flush_deals() const;
  void accept_response(const EnvelopeView& env, std::span<const uint8_t> raw);
  void accept_justification(const EnvelopeView& env, std::span<const uint8_t> raw);
  void accept_finalize(const EnvelopeView& env, std::span<const uint8_t> raw);
  void accept_erasure(const EnvelopeView& env, std::span<const uint8_t> raw);
  void check_my_shares();
  void compute_qual();
  std::vector<PublicPolynomial> joint_polynomials(const std::vector<Fr>& weights);
  bool key_result(std::size_t m, const std::vector<Fr>& weights, KeyResult& out);
  bool own_shares_match(const std::vector<KeyResult>& keys);
  std::string judge_dealer(uint32_t d);
  bool compute_result();
  bool drop_dealers_outside_g1();
  const Member* dealer(uint32_t idx) const;
  const Member* recipient(uint32_t idx) const;
  std::optional<util::TimePoint> next_deadline() const;
  void fail(std::string reason);
  // Deals are held unverified until they are needed (every dealer's deal arrived, the deal phase
  // ended, or any other message is to be processed), then all held ones are verified in one batch
  // and recorded in arrival order: the first validly signed deal of a dealer counts, a later
  // different one proves equivocation, one whose signature fails is dropped as if never received,
  // exactly as when each was checked on arrival. A held deal never counts before it is verified.
  struct PendingDeal {
    uint32_t dealer = 0;
    Digest hash{};
    util::Ed25519Signature sig{};
    util::Bytes raw;  // the message as received (decoded again when recorded)
  };
  mutable std::vector<PendingDeal> pending_deals_;
  mutable SigKeys sig_keys_;  // the members' parsed Ed25519 keys
  // deal_sig_ok: Ed25519 check of a dealer's signed deal statement (dealer, body hash), memoised:
  // each member's response echoes every deal statement, so without the memo a participant would
  // verify the same n signatures n times. The result is the same; only repeats are skipped.
  bool deal_sig_ok(const Member& d, const Digest& body_hash, const util::Ed25519Signature& sig);

  CeremonyConfig cfg_;
  Identity me_;
  std::optional<SecretScalar> old_share_;
  util::Rng& rng_;
  Phase phase_ = Phase::kDeal;
  DealerFault fault_ = DealerFault::kNone;
  std::vector<SecretPolynomial> my_polys_;  // K, while dealing
  std::optional<util::PairKeys> pair_keys_;  // box keys with every peer, one X25519 each

  struct DealInfo {
    // First validly signed deal received. Only this member's own deal is kept whole (its
    // justification needs it); of the others, only the dealer and (my_box) this member's box.
    std::optional<Deal> deal;
    util::Bytes my_box;                       // the box sealed to this member, if a recipient
    util::Ed25519Signature sig{};
    Digest body_hash{};
    bool equivocated = false;
    std::optional<std::vector<PublicPolynomial>> pub;  // parsed commitments, one per secret (on E1,
                                                      // not yet checked in G1)
    std::vector<std::vector<G1Affine>> affine;        // the same points, affine
    std::string bad_reason;                   // commitments unusable
    std::vector<Fr> my_share;                 // decrypted and verified shares for me (K, or none)
    std::optional<Digest> echoed_hash;        // hash seen only through echoes
    std::optional<Justification> justification;
    util::Bytes raw, raw_justification;
  };
  mutable std::map<uint32_t, DealInfo> deals_;  // mutable: filled by flush_deals (lazy checks)
  // recorded_hash_: by position in cfg_.dealers, the body hash of the deal recorded in deals_
  // (a contiguous copy: every response's n echoes are checked against it).
  mutable std::vector<std::optional<Digest>> recorded_hash_;
  // Responses are authenticated before use, except "plain" ones (no complaints, every echo equal to
  // the deal we hold): those cannot change anything we decide (a forged one has the effect of a
  // missing one: no complaints, no new echo), so their Ed25519 check waits until the transcript asks
  // for it, or until a second message names the same sender (then the pending one is checked first:
  // per sender the first message that verifies counts, in arrival order, exactly as when eager).
  struct PendingResponse {
    Response r;
    util::Bytes raw;
  };
  bool response_is_plain(const Response& r) const;
  void apply_response(Response r, util::Bytes raw);
  bool verify_pending_response(uint32_t from) const;
  void verify_pending_responses() const;
  mutable std::map<uint32_t, std::vector<PendingResponse>> pending_responses_;
  mutable std::map<uint32_t, Response> responses_;
  mutable std::map<uint32_t, util::Bytes> raw_responses_;
  // Finalize messages are verified lazily: a member needs only t matching confirmations to finish,
  // so the Ed25519 checks of the others wait until the transcript asks for them. Per sender the
  // first message that verifies counts, in arrival order, exactly as with eager checking.
  struct PendingFinalize {
    Finalize f;
    util::Bytes raw;
  };
  using FinalizeKey = std::pair<uint8_t, uint32_t>;
  static constexpr std::size_t kMaxPendingFinalizes = 4;
  bool verify_finalize(const FinalizeKey& key, bool only_matching) const;
  void verify_finalizes(bool only_matching, std::size_t enough) const;
  bool enough_confirmations() const;
  mutable std::map<FinalizeKey, std::vector<PendingFinalize>> pending_finalizes_;
  mutable std::map<FinalizeKey, Finalize> finalizes_;
  mutable std::map<FinalizeKey, util::Bytes> raw_finalizes_;
  void verify_erasures() const;
  mutable std::map<uint32_t, std::vector<util::Bytes>> pending_erasures_;
  mutable std::map<uint32_t, util::Bytes> raw_erasures_;
  std::set<uint32_t> my_complaints_;
  mutable std::map<std::tuple<uint32_t, Digest, util::Ed25519Signature>, bool> deal_sig_memo_;
  std::optional<CeremonyResult> result_;
  std::string failure_;
  bool erased_ = false;
  bool sent_erasure_ = false;
};

}  // namespace stakepool::threshold
