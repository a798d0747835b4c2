// Byzantine behaviours injected by the simulation (operator_node.hpp, Behaviour). An honest node
// sends each consensus message to the whole pool; an equivocating one sends conflicting versions
// of its PROPOSALs and PREPAREs to the two halves of the pool, validly signed. An invalid-partial
// node replaces its partial signatures by garbage, points outside G2 or signatures over the wrong
// message. A slashable node proposes attestation data that surrounds its previous vote.
#include "duty/batch.hpp"
#include "duty/node_state.hpp"
#include "stakepool/consensus/codec.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/point_encoding.hpp"

namespace stakepool::duty {

void OperatorNode::State::send_qbft(PoolId pool, const consensus::SignedMessage& m,
                                    NodeOutputs& out) {
  const bool twin = cfg.behaviour == Behaviour::kEquivocate &&
                    (m.msg.type == consensus::MsgType::kProposal ||
                     m.msg.type == consensus::MsgType::kPrepare);
  if (!twin) {
    send(out, pool, EnvelopeType::kQbft, consensus::encode(m));
    return;
  }
  consensus::SignedMessage other = m;
  if (m.msg.type == consensus::MsgType::kProposal && m.value && !m.value->empty()) {
    util::Bytes v = *m.value;
    v[std::min<std::size_t>(20, v.size() - 1)] ^= 0x01;
    other.msg.value_hash = consensus::value_hash(v);
    other.value = std::move(v);
  } else {
    cfg.rng->fill(other.msg.value_hash);
  }
  other = consensus::sign_message(*cfg.signer, std::move(other));
  const PoolState& ps = pools.at(pool);
  std::vector<OperatorId> others;
  for (OperatorId op : ps.cfg.members) {
    if (op != cfg.self) others.push_back(op);
  }
  for (std::size_t i = 0; i < others.size(); ++i) {
    const consensus::SignedMessage& which = i < others.size() / 2 ? m : other;
    send(out, pool, EnvelopeType::kQbft, consensus::encode(which), others[i]);
  }
}

namespace {

// off_subgroup: a point on the G2 curve outside G2 (a random x with x^3 + b a square).
crypto::G2Affine off_subgroup(util::Rng& rng) {
  for (;;) {
    std::array<uint8_t, 96> b{};
    rng.fill(b);
    b[0] = static_cast<uint8_t>((b[0] & 0x3f) | 0x80);  // compressed, not infinity
    crypto::G2Affine p;
    if (crypto::g2_decompress_unchecked(b, p) == crypto::PointError::kOk && !p.infinity &&
        !crypto::g2_in_subgroup_vartime(p)) {
      return p;
    }
  }
}

}  // namespace

void OperatorNode::State::corrupt_partials(SlotState& st, PartialsBody& body) {
  // At random: a valid point of G2 that signs the wrong message, random bytes, or a point on the
  // curve outside G2.
  const ValidatorState& v = validators.at(eth::u64(body.entries.front().validator));
  eth::Root wrong{};
  cfg.rng->fill(wrong);
  const PartialSignature wrong_sig =
      encode_partial_signature(detail::sign_hashed(v.share, hash_of(st, wrong)).point());
  for (PartialEntry& e : body.entries) {
    switch (cfg.rng->uniform(3)) {
      case 0: e.signature = wrong_sig; break;
      case 1: cfg.rng->fill(e.signature); break;
      default: e.signature = encode_partial_signature(off_subgroup(*cfg.rng)); break;
    }
  }
}

void OperatorNode::State::mutate_slashable(eth::AttestationData& data) const {
  // Under "source = previous epoch", the previous vote was (e-2 -> e-1); (e-3 -> e) surrounds it.
  const uint64_t target = eth::u64(data.target.epoch);
  data.source.epoch = eth::Epoch{target >= 3 ? target - 3 : 0};
}

}  // namespace stakepool::duty
