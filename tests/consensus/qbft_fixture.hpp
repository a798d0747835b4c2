#pragma once
// Test fixture for single-instance QBFT tests: n members with real Ed25519 keys, round r times out
// at r seconds (RoundTiming start 0, base 0, increment 1000), cutoff 100 s, max_round 10,
// leader(r) = member r mod n. Helpers build correctly signed messages from any member.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stakepool/consensus/codec.hpp"
#include "stakepool/consensus/keys.hpp"
#include "stakepool/consensus/qbft.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::consensus::test {

inline Value val(const std::string& s) { return Value(util::Bytes(s.begin(), s.end())); }

struct Cluster {
  explicit Cluster(uint32_t n, uint64_t seed = 1) : rng(seed, "qbft-fixture") {
    std::vector<OperatorKey> keys;
    for (uint32_t i = 0; i < n; ++i) {
      signers.push_back(std::make_unique<Ed25519Signer>(Ed25519Signer::generate(rng).value()));
      keys.push_back(signers.back()->public_key());
    }
    committee = std::make_unique<Committee>(Committee::make(keys).value());
    id.tag[0] = 0xab;
    id.height = 7;
    timing.start = {0};
    timing.base_ms = 0;
    timing.increment_ms = 1000;
    timing.cutoff = {100000};
    timing.max_round = 10;
  }

  uint32_t q() const { return committee->quorum(); }

  Config config(uint32_t self) {
    Config c{id, *committee};
    c.self = self;
    c.leader_offset = 0;
    c.deadline = timing.deadline_fn();
    c.cutoff = timing.cutoff;
    c.max_round = timing.max_round;
    c.validate = [this](std::span<const uint8_t> v) {
      return std::string(v.begin(), v.end()).find("slashable") == std::string::npos;
    };
    c.signer = signers[self].get();
    c.verifier = &verifier;
    return c;
  }

  Instance instance(uint32_t self) { return Instance::make(config(self)).value(); }

  SignedMessage msg(uint32_t sender, MsgType type, uint64_t round, const Hash32& hash,
                    uint64_t prepared = 0, std::optional<util::Bytes> value = std::nullopt,
                    std::vector<SignedMessage> just = {}) {
    SignedMessage m;
    m.msg = Message{type, id, round, sender, hash, prepared};
    m.value = std::move(value);
    m.justification = std::move(just);
    return sign_message(*signers[sender], std::move(m));
  }
  SignedMessage proposal(uint32_t sender, uint64_t round, const Value& v,
                         std::vector<SignedMessage> just = {}) {
    return msg(sender, MsgType::kProposal, round, v.hash(), 0, v.data(), std::move(just));
  }
  SignedMessage prepare(uint32_t sender, uint64_t round, const Hash32& h) {
    return msg(sender, MsgType::kPrepare, round, h);
  }
  SignedMessage commit(uint32_t sender, uint64_t round, const Hash32& h) {
    return msg(sender, MsgType::kCommit, round, h);
  }
  std::vector<SignedMessage> prepares(uint64_t round, const Hash32& h,
                                      const std::vector<uint32_t>& senders) {
    std::vector<SignedMessage> out;
    for (uint32_t s : senders) out.push_back(prepare(s, round, h));
    return out;
  }
  std::vector<SignedMessage> commits(uint64_t round, const Hash32& h,
                                     const std::vector<uint32_t>& senders) {
    std::vector<SignedMessage> out;
    for (uint32_t s : senders) out.push_back(commit(s, round, h));
    return out;
  }
  // rc builds a top-level ROUND_CHANGE; with `prepared` it carries the value and `cert`.
  SignedMessage rc(uint32_t sender, uint64_t round, uint64_t pr = 0,
                   const std::optional<Value>& pv = std::nullopt,
                   std::vector<SignedMessage> cert = {}) {
    Hash32 h{};
    std::optional<util::Bytes> bytes;
    if (pv) {
      h = pv->hash();
      bytes = pv->data();
    }
    return msg(sender, MsgType::kRoundChange, round, h, pr, std::move(bytes), std::move(cert));
  }
  // bare strips value and justification (the form embedded in a proposal justification).
  static SignedMessage bare(SignedMessage m) {
    m.value.reset();
    m.justification.clear();
    return m;
  }

  util::DeterministicRng rng;
  std::vector<std::unique_ptr<Signer>> signers;
  std::unique_ptr<Committee> committee;
  Ed25519Verifier verifier;
  InstanceId id;
  RoundTiming timing;
};

// count_type counts broadcast messages of one type.
inline std::size_t count_type(const Outputs& o, MsgType t) {
  std::size_t n = 0;
  for (const auto& m : o.broadcast) n += m.msg.type == t ? 1 : 0;
  return n;
}

// only_of returns the single broadcast message of type `t` (fails the test otherwise).
inline const SignedMessage& only_of(const Outputs& o, MsgType t) {
  const SignedMessage* found = nullptr;
  for (const auto& m : o.broadcast) {
    if (m.msg.type == t) {
      EXPECT_EQ(found, nullptr) << "more than one " << to_string(t);
      found = &m;
    }
  }
  EXPECT_NE(found, nullptr) << "no " << to_string(t);
  static const SignedMessage kNone{};
  return found ? *found : kNone;
}

inline Verdict accepted() { return Verdict{Action::kAccept, Reason::kOk}; }
inline Verdict rejected(Reason r) { return Verdict{Action::kReject, r}; }
inline Verdict ignored(Reason r) { return Verdict{Action::kIgnore, r}; }

}  // namespace stakepool::consensus::test
