#include "stakepool/consensus/types.hpp"

#include <algorithm>

#include "stakepool/crypto/sha256.hpp"

namespace stakepool::consensus {

const char* to_string(MsgType t) {
  switch (t) {
    case MsgType::kProposal:
      return "proposal";
    case MsgType::kPrepare:
      return "prepare";
    case MsgType::kCommit:
      return "commit";
    case MsgType::kRoundChange:
      return "round_change";
    case MsgType::kDecided:
      return "decided";
  }
  return "unknown";
}

Hash32 value_hash(std::span<const uint8_t> data) { return crypto::sha256(data); }

Value::Value(util::Bytes data) : data_(std::move(data)), hash_(value_hash(data_)) {}

Result<Committee> Committee::make(std::vector<OperatorKey> members) {
  if (members.empty()) return make_error(Errc::kInvalidArgument, "committee: no members");
  if (members.size() > kMaxMembers) {
    return make_error(Errc::kInvalidArgument, "committee: " + std::to_string(members.size()) +
                                                  " members, at most " +
                                                  std::to_string(kMaxMembers) + " allowed");
  }
  std::vector<OperatorKey> sorted = members;
  std::sort(sorted.begin(), sorted.end(),
            [](const OperatorKey& a, const OperatorKey& b) { return a.bytes < b.bytes; });
  auto dup = std::adjacent_find(sorted.begin(), sorted.end());
  if (dup != sorted.end()) {
    return make_error(Errc::kInvalidArgument,
                      "committee: member key " + util::to_hex(dup->bytes) + " appears twice");
  }
  return Committee(std::move(members));
}

std::optional<uint32_t> Committee::index_of(const OperatorKey& key) const {
  auto it = std::find(members_.begin(), members_.end(), key);
  if (it == members_.end()) return std::nullopt;
  return static_cast<uint32_t>(it - members_.begin());
}

uint32_t Committee::leader(uint64_t offset, uint64_t round) const {
  const uint64_t n = size();
  return static_cast<uint32_t>(((offset % n) + (round % n)) % n);
}

uint64_t default_leader_offset(const InstanceId& id) {
  uint64_t t = 0;
  for (int i = 0; i < 8; ++i) t |= static_cast<uint64_t>(id.tag[i]) << (8 * i);
  return id.height + t;
}

}  // namespace stakepool::consensus
