// Byzantine behaviours injected by the simulation (operator_node.hpp, Behaviour). An honest node
// sends each consensus message to the whole pool; an equivocating one sends conflicting versions
// of its PROPOSALs and PREPAREs to the two halves of the pool, validly signed. An invalid-partial
// node replaces its partial signatures by garbage or by signatures over the wrong message. A
// slashable node proposes attestation data that surrounds its previous vote.
#include "duty/batch.hpp"
#include "duty/node_state.hpp"
#include "stakepool/consensus/codec.hpp"

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

void OperatorNode::State::corrupt_partials(SlotState& st, PartialsBody& body) {
  // A valid point of G2 that signs the wrong message, and random bytes, alternately at random.
  const ValidatorState& v = validators.at(eth::u64(body.entries.front().validator));
  eth::Root wrong{};
  cfg.rng->fill(wrong);
  const PartialSignature wrong_sig =
      encode_partial_signature(detail::sign_hashed(v.share, hash_of(st, wrong)).point());
  for (PartialEntry& e : body.entries) {
    if (cfg.rng->bernoulli(1, 2)) {
      e.signature = wrong_sig;
    } else {
      cfg.rng->fill(e.signature);
    }
  }
}

void OperatorNode::State::mutate_slashable(eth::AttestationData& data) const {
  // Under "source = previous epoch", the previous vote was (e-2 -> e-1); (e-3 -> e) surrounds it.
  const uint64_t target = eth::u64(data.target.epoch);
  data.source.epoch = eth::Epoch{target >= 3 ? target - 3 : 0};
}

}  // namespace stakepool::duty
