#pragma once
// QBFT message, value and committee types (DESIGN.md §4; Moniz, "The Istanbul BFT Consensus
// Algorithm", arXiv 2002.03613). The wire format is specified in doc/formats/qbft.md.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "stakepool/util/hex.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::consensus {

using Hash32 = std::array<uint8_t, 32>;
using Sig64 = std::array<uint8_t, 64>;

// kMaxMembers bounds the committee size, and with it every justification list.
inline constexpr uint32_t kMaxMembers = 1024;
// kMaxValueBytes bounds a proposed value (duty data, a ledger block).
inline constexpr std::size_t kMaxValueBytes = std::size_t{1} << 20;

// OperatorKey is an operator's Ed25519 public key (RFC 8032, 32 bytes). It is validated when a
// signature is verified against it; a key that does not decode never verifies anything.
struct OperatorKey {
  std::array<uint8_t, 32> bytes{};
  friend bool operator==(const OperatorKey&, const OperatorKey&) = default;
};

// MsgType: the four QBFT messages plus DECIDED, which carries a commit certificate to nodes that
// missed the commits. Numeric values are part of the wire format.
enum class MsgType : uint8_t {
  kProposal = 1,
  kPrepare = 2,
  kCommit = 3,
  kRoundChange = 4,
  kDecided = 5,
};

// to_string returns the lower-case name of `t` ("proposal", ...), or "unknown".
const char* to_string(MsgType t);

// InstanceId names one consensus instance: `tag` identifies the stream (duty type, committee,
// chain) and `height` the position in it (the slot for duties, the block height for the ledger).
// A message for the same tag at a lower height is a replay and is ignored.
struct InstanceId {
  Hash32 tag{};
  uint64_t height = 0;
  friend bool operator==(const InstanceId&, const InstanceId&) = default;
};

// value_hash returns SHA-256(data), the digest that PREPARE/COMMIT messages sign.
Hash32 value_hash(std::span<const uint8_t> data);

// Value is an opaque byte string together with its SHA-256 hash (computed at construction, so
// the two always agree).
class Value {
 public:
  explicit Value(util::Bytes data);
  const util::Bytes& data() const { return data_; }
  const Hash32& hash() const { return hash_; }
  friend bool operator==(const Value& a, const Value& b) { return a.hash_ == b.hash_; }

 private:
  util::Bytes data_;
  Hash32 hash_{};
};

// Message is the signed body of every QBFT message (93 bytes on the wire).
//   PROPOSAL/PREPARE/COMMIT/DECIDED: value_hash = hash of the value, prepared_round = 0.
//   ROUND_CHANGE: prepared_round (0 = nothing prepared) and the prepared value's hash (zero when
//   prepared_round is 0). Rounds start at 1. `sender` is an index into the committee.
struct Message {
  MsgType type = MsgType::kPrepare;
  InstanceId instance;
  uint64_t round = 0;
  uint32_t sender = 0;
  Hash32 value_hash{};
  uint64_t prepared_round = 0;
  friend bool operator==(const Message&, const Message&) = default;
};

// SignedMessage is a Message, the sender's Ed25519 signature over its signing bytes, and the
// unsigned attachments: the full value (PROPOSAL, DECIDED, ROUND_CHANGE with a prepared value;
// bound by value_hash) and the justification (signed messages embedded one level deep):
//   PROPOSAL round > 1: a quorum of ROUND_CHANGE for that round, plus a quorum of PREPARE for the
//                       highest prepared round/value among them when one exists;
//   ROUND_CHANGE with a prepared value: a quorum of PREPARE for (prepared_round, value_hash);
//   DECIDED: a quorum of COMMIT for (round, value_hash) — the commit certificate.
// Embedded messages carry neither value nor justification.
struct SignedMessage {
  Message msg;
  Sig64 signature{};
  std::optional<util::Bytes> value;
  std::vector<SignedMessage> justification;
};

// Committee: the ordered member keys of one instance. n = size, f = floor((n-1)/3),
// quorum = ceil((n+f+1)/2) (2f+1 when n = 3f+1). Any n in [1, kMaxMembers] is allowed.
class Committee {
 public:
  // make fails (kInvalidArgument) on an empty list, more than kMaxMembers keys or a repeated key.
  static Result<Committee> make(std::vector<OperatorKey> members);
  uint32_t size() const { return static_cast<uint32_t>(members_.size()); }
  uint32_t faulty() const { return (size() - 1) / 3; }
  uint32_t quorum() const { return (size() + faulty() + 2) / 2; }
  const OperatorKey& member(uint32_t index) const { return members_.at(index); }
  const std::vector<OperatorKey>& members() const { return members_; }
  // index_of returns the member index holding `key`, if any.
  std::optional<uint32_t> index_of(const OperatorKey& key) const;
  // leader returns members[(offset + round) mod n] as an index: round-robin offset by instance.
  uint32_t leader(uint64_t offset, uint64_t round) const;

 private:
  explicit Committee(std::vector<OperatorKey> m) : members_(std::move(m)) {}
  std::vector<OperatorKey> members_;
};

// default_leader_offset derives the round-robin offset of an instance from its id: the height
// plus the first 8 tag bytes (little endian), so that the leader rotates with the height and
// concurrent instances of one height (different duties) start with different leaders.
uint64_t default_leader_offset(const InstanceId& id);

// CommitCertificate: a quorum of signed COMMIT messages for one (instance, round, value hash).
// Anyone holding the committee's public keys can check it with verify_commit_certificate.
struct CommitCertificate {
  InstanceId instance;
  uint64_t round = 0;
  Hash32 value_hash{};
  std::vector<SignedMessage> commits;
};

}  // namespace stakepool::consensus
