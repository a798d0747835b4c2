// Fuzz target: QBFT wire messages (doc/formats/qbft.md) and the instance that consumes them.
// Input: a sequence of frames [u16 little-endian length][bytes]. Each frame must either fail to
// decode or re-encode to exactly its bytes (canonical encoding), and every decoded message is fed
// to one QBFT instance (member 0 of 4) whose verifier accepts every signature, so the fuzzer
// reaches the justification checks and the upon-rules, not just signature rejection. Every 4th
// frame also advances the clock past a round deadline.
#include <cstdint>
#include <cstring>
#include <span>

#include "stakepool/consensus/codec.hpp"
#include "stakepool/consensus/qbft.hpp"
#include "stakepool/util/check.hpp"

namespace {

using namespace stakepool;
using namespace stakepool::consensus;

class AcceptAll final : public Verifier {
 public:
  bool verify(const OperatorKey&, std::span<const uint8_t>, const Sig64&) const override {
    return true;
  }
};

class ZeroSigner final : public Signer {
 public:
  const OperatorKey& public_key() const override { return key_; }
  Sig64 sign(std::span<const uint8_t>) const override { return Sig64{}; }

 private:
  OperatorKey key_{};  // member 0: all-zero key
};

Instance make_instance(const Signer& signer, const Verifier& verifier) {
  std::vector<OperatorKey> keys(4);
  for (uint8_t i = 1; i < 4; ++i) keys[i].bytes[0] = i;
  InstanceId id;  // tag 0, height 0
  Config c{id, Committee::make(keys).value()};
  c.self = 0;
  c.leader_offset = 0;
  c.deadline = [](const InstanceId&, uint64_t r) {
    return util::TimePoint{static_cast<int64_t>(r) * 1000};
  };
  c.cutoff = util::TimePoint{20000};
  c.max_round = 16;
  c.validate = [](std::span<const uint8_t> v) { return v.empty() || v[0] != 0xff; };
  c.signer = &signer;
  c.verifier = &verifier;
  return Instance::make(std::move(c)).value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ZeroSigner signer;
  static const AcceptAll verifier;
  Instance node = make_instance(signer, verifier);
  node.start(util::TimePoint{1}, Value(util::Bytes{1, 2, 3}));
  int64_t now = 1;
  std::size_t pos = 0;
  for (int frame = 0; pos + 2 <= size; ++frame) {
    const std::size_t len = data[pos] | (static_cast<std::size_t>(data[pos + 1]) << 8);
    pos += 2;
    if (len > size - pos) break;
    const std::span<const uint8_t> bytes(data + pos, len);
    pos += len;
    auto m = decode(bytes);
    if (!m) continue;
    const util::Bytes again = encode(*m);
    SP_CHECK(again.size() == len && std::memcmp(again.data(), bytes.data(), len) == 0);
    node.on_message(*m, util::TimePoint{now});
    if (frame % 4 == 3) {
      now += 1000;
      node.on_tick(util::TimePoint{now});
    }
  }
  return 0;
}
