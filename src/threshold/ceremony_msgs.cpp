#include "stakepool/threshold/ceremony_msgs.hpp"

#include <cstring>
#include <string_view>

namespace stakepool::threshold {
namespace {

constexpr std::string_view kMsgDomain = "stakepool-ceremony-v1";
constexpr std::string_view kDealDomain = "stakepool-ceremony-deal-v1";

util::ByteWriter& put_indices(util::ByteWriter& w, const std::vector<uint32_t>& v) {
  w.u32(static_cast<uint32_t>(v.size()));
  for (uint32_t x : v) w.u32(x);
  return w;
}

std::vector<uint32_t> get_indices(util::ByteReader& r, const char* what) {
  std::vector<uint32_t> v(r.count(kMaxMembers, what));
  for (auto& x : v) x = r.u32(what);
  return v;
}

util::ByteWriter& put_points(util::ByteWriter& w, const std::vector<G1Wire>& v) {
  w.u32(static_cast<uint32_t>(v.size()));
  for (const auto& p : v) w.raw(p);
  return w;
}

std::vector<G1Wire> get_points(util::ByteReader& r, const char* what) {
  std::vector<G1Wire> v(r.count(kMaxCommitments, what));
  for (auto& p : v) p = r.fixed<96>(what);
  return v;
}

template <typename T>
Result<T> finish(util::ByteReader& r, T value, const char* what) {
  auto st = r.finish();
  if (!st) return make_error(Errc::kInvalidArgument, std::string(what) + ": " + st.error().message);
  return value;
}

}  // namespace

namespace {

// hash_boxes: H(len_1 || box_1 || ... ), lengths u32 big-endian.
template <typename Boxes>
Digest hash_boxes(const Boxes& boxes) {
  crypto::Sha256 h;
  for (const auto& b : boxes) {
    uint8_t len[4] = {static_cast<uint8_t>(b.size() >> 24), static_cast<uint8_t>(b.size() >> 16),
                      static_cast<uint8_t>(b.size() >> 8), static_cast<uint8_t>(b.size())};
    h.update(len).update(b);
  }
  return h.finish();
}

}  // namespace

Digest Deal::commitments_hash() const {
  crypto::Sha256 h;
  for (const auto& c : commitments) h.update(c);
  return h.finish();
}

Digest Deal::boxes_hash() const { return hash_boxes(boxes); }

Digest Deal::body_hash() const {
  Digest c = commitments_hash(), b = boxes_hash();
  return crypto::Sha256().update(c).update(b).finish();
}

Digest DealView::body_hash() const {
  // The commitments' encodings are contiguous: one update hashes the same bytes as Deal's loop.
  const Digest c = crypto::Sha256().update(commitments).finish();
  const Digest b = hash_boxes(boxes);
  return crypto::Sha256().update(c).update(b).finish();
}

util::Bytes deal_statement(const SessionId& session, uint32_t dealer, const Digest& body_hash) {
  util::ByteWriter w;
  w.str(kDealDomain).raw(session).u32(dealer).raw(body_hash);
  return w.take();
}

util::Bytes signed_bytes(const SessionId& session, MsgType type, std::span<const uint8_t> body) {
  // The ByteWriter encoding of str(kMsgDomain) || session || u8(type) || body, sized up front.
  util::Bytes out;
  out.reserve(4 + kMsgDomain.size() + session.size() + 1 + body.size());
  const auto n = static_cast<uint32_t>(kMsgDomain.size());
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<uint8_t>(n >> (8 * i)));
  out.insert(out.end(), kMsgDomain.begin(), kMsgDomain.end());
  out.insert(out.end(), session.begin(), session.end());
  out.push_back(static_cast<uint8_t>(type));
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

util::Bytes encode_body(const Deal& m) {
  util::ByteWriter w;
  w.u32(m.dealer);
  put_points(w, m.commitments);
  w.u32(static_cast<uint32_t>(m.boxes.size()));
  for (const auto& b : m.boxes) w.bytes(b);
  return w.take();
}

Result<Deal> decode_deal(std::span<const uint8_t> body) {
  util::ByteReader r(body);
  Deal m;
  m.dealer = r.u32("deal.dealer");
  m.commitments = get_points(r, "deal.commitments");
  m.boxes.resize(r.count(kMaxMembers, "deal.boxes"));
  for (auto& b : m.boxes) {
    auto s = r.bytes(kMaxBoxBytes, "deal.box");
    b.assign(s.begin(), s.end());
  }
  return finish(r, std::move(m), "deal");
}

Result<DealView> view_deal(std::span<const uint8_t> body) {
  util::ByteReader r(body);
  DealView m;
  m.dealer = r.u32("deal.dealer");
  const uint32_t n = r.count(kMaxCommitments, "deal.commitments");
  m.commitments = r.raw(std::size_t{96} * n, "deal.commitments");
  m.boxes.resize(r.count(kMaxMembers, "deal.boxes"));
  for (auto& b : m.boxes) b = r.bytes(kMaxBoxBytes, "deal.box");
  return finish(r, std::move(m), "deal");
}

util::Bytes encode_body(const Response& m) {
  util::ByteWriter w;
  w.u32(m.from).u32(static_cast<uint32_t>(m.echoes.size()));
  for (const auto& e : m.echoes) w.u32(e.dealer).raw(e.body_hash).raw(e.dealer_sig);
  put_indices(w, m.complaints);
  return w.take();
}

Result<Response> decode_response(std::span<const uint8_t> body) {
  util::ByteReader r(body);
  Response m;
  m.from = r.u32("response.from");
  m.echoes.resize(r.count(kMaxMembers, "response.echoes"));
  for (auto& e : m.echoes) {
    e.dealer = r.u32("response.echo.dealer");
    e.body_hash = r.fixed<32>("response.echo.hash");
    e.dealer_sig = r.fixed<64>("response.echo.sig");
  }
  m.complaints = get_indices(r, "response.complaints");
  return finish(r, std::move(m), "response");
}

util::Bytes encode_body(const Justification& m) {
  util::ByteWriter w;
  w.u32(m.dealer);
  put_points(w, m.commitments);
  w.raw(m.boxes_hash).raw(m.deal_sig).u32(static_cast<uint32_t>(m.reveals.size()));
  for (const auto& rv : m.reveals) {
    w.u32(rv.recipient).u32(static_cast<uint32_t>(rv.shares.size()));
    for (const auto& s : rv.shares) w.raw(s);
  }
  return w.take();
}

Result<Justification> decode_justification(std::span<const uint8_t> body) {
  util::ByteReader r(body);
  Justification m;
  m.dealer = r.u32("justification.dealer");
  m.commitments = get_points(r, "justification.commitments");
  m.boxes_hash = r.fixed<32>("justification.boxes_hash");
  m.deal_sig = r.fixed<64>("justification.deal_sig");
  m.reveals.resize(r.count(kMaxMembers, "justification.reveals"));
  for (auto& rv : m.reveals) {
    rv.recipient = r.u32("justification.reveal.recipient");
    rv.shares.resize(r.count(kMaxSecrets, "justification.reveal.shares"));
    for (auto& s : rv.shares) s = r.fixed<32>("justification.reveal.share");
  }
  return finish(r, std::move(m), "justification");
}

util::Bytes encode_body(const Finalize& m) {
  util::ByteWriter w;
  w.u8(static_cast<uint8_t>(m.role)).u32(m.from);
  put_indices(w, m.qual).raw(m.result_hash);
  return w.take();
}

Result<Finalize> decode_finalize(std::span<const uint8_t> body) {
  util::ByteReader r(body);
  Finalize m;
  uint8_t role = r.u8("finalize.role");
  if (r.ok() && role != 1 && role != 2) r.fail("finalize.role: unknown role " + std::to_string(role));
  m.role = static_cast<Role>(role);
  m.from = r.u32("finalize.from");
  m.qual = get_indices(r, "finalize.qual");
  m.result_hash = r.fixed<32>("finalize.result_hash");
  return finish(r, std::move(m), "finalize");
}

util::Bytes encode_body(const Erasure& m) {
  util::ByteWriter w;
  w.u32(m.dealer).raw(m.result_hash);
  return w.take();
}

Result<Erasure> decode_erasure(std::span<const uint8_t> body) {
  util::ByteReader r(body);
  Erasure m;
  m.dealer = r.u32("erasure.dealer");
  m.result_hash = r.fixed<32>("erasure.result_hash");
  return finish(r, std::move(m), "erasure");
}

util::Bytes seal_envelope(MsgType type, std::span<const uint8_t> body, const util::Ed25519Signature& sig) {
  util::Bytes out;
  out.reserve(1 + body.size() + sig.size());
  out.push_back(static_cast<uint8_t>(type));
  out.insert(out.end(), body.begin(), body.end());
  out.insert(out.end(), sig.begin(), sig.end());
  return out;
}

Result<EnvelopeView> view_envelope(std::span<const uint8_t> msg) {
  if (msg.size() < 1 + 64) {
    return make_error(Errc::kInvalidArgument,
                      "ceremony message too short: " + std::to_string(msg.size()) + " bytes");
  }
  uint8_t t = msg[0];
  if (t < 1 || t > 5) return make_error(Errc::kInvalidArgument, "unknown ceremony message type " + std::to_string(t));
  EnvelopeView e;
  e.type = static_cast<MsgType>(t);
  e.body = msg.subspan(1, msg.size() - 65);
  std::memcpy(e.sig.data(), msg.data() + msg.size() - 64, 64);
  return e;
}

Result<Envelope> open_envelope(std::span<const uint8_t> msg) {
  auto v = view_envelope(msg);
  if (!v) return v.error();
  Envelope e;
  e.type = v->type;
  e.body.assign(v->body.begin(), v->body.end());
  e.sig = v->sig;
  return e;
}

}  // namespace stakepool::threshold
