#include "stakepool/consensus/codec.hpp"

#include <cstring>
#include <string>

namespace stakepool::consensus {
namespace {

// Offsets of the body fields (doc/formats/qbft.md).
constexpr std::size_t kOffType = 0;
constexpr std::size_t kOffTag = 1;
constexpr std::size_t kOffHeight = 33;
constexpr std::size_t kOffRound = 41;
constexpr std::size_t kOffSender = 49;
constexpr std::size_t kOffHash = 53;
constexpr std::size_t kOffPrepared = 85;
static_assert(kOffPrepared + 8 == kBodyBytes);

constexpr uint8_t kFlagValue = 0x01;
constexpr std::size_t kMaxJustification = 2 * kMaxMembers;

void put_le(uint8_t* out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
}

uint64_t get_le(const uint8_t* in, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(in[i]) << (8 * i);
  return v;
}

void append_le(util::Bytes& out, uint64_t v, int bytes) {
  std::size_t at = out.size();
  out.resize(at + bytes);
  put_le(out.data() + at, v, bytes);
}

void encode_into(const SignedMessage& m, util::Bytes& out) {
  auto body = encode_body(m.msg);
  out.insert(out.end(), body.begin(), body.end());
  out.insert(out.end(), m.signature.begin(), m.signature.end());
  out.push_back(m.value ? kFlagValue : 0);
  if (m.value) {
    append_le(out, m.value->size(), 4);
    out.insert(out.end(), m.value->begin(), m.value->end());
  }
  append_le(out, m.justification.size(), 2);
  for (const SignedMessage& j : m.justification) encode_into(j, out);
}

// Reader consumes the input front to back; every read names the field for the error message.
class Reader {
 public:
  explicit Reader(std::span<const uint8_t> in) : in_(in) {}
  Result<std::span<const uint8_t>> take(std::size_t n, const char* what) {
    if (in_.size() - pos_ < n) {
      return make_error(Errc::kInvalidArgument, std::string("qbft message: truncated ") + what +
                                                    " at byte " + std::to_string(pos_));
    }
    auto s = in_.subspan(pos_, n);
    pos_ += n;
    return s;
  }
  Result<uint64_t> le(int bytes, const char* what) {
    auto s = take(bytes, what);
    if (!s) return s.error();
    return get_le(s->data(), bytes);
  }
  std::size_t pos() const { return pos_; }
  bool done() const { return pos_ == in_.size(); }

 private:
  std::span<const uint8_t> in_;
  std::size_t pos_ = 0;
};

Result<SignedMessage> decode_one(Reader& r, int depth);

Status decode_value(Reader& r, SignedMessage& m, int depth) {
  auto flags = r.le(1, "flags");
  if (!flags) return flags.error();
  if ((*flags & ~uint64_t{kFlagValue}) != 0) {
    return make_error(Errc::kInvalidArgument,
                      "qbft message: unknown flag bits " + std::to_string(*flags));
  }
  if ((*flags & kFlagValue) == 0) return ok_status();
  if (depth > 0) {
    return make_error(Errc::kInvalidArgument, "qbft message: embedded message carries a value");
  }
  auto len = r.le(4, "value length");
  if (!len) return len.error();
  if (*len > kMaxValueBytes) {
    return make_error(Errc::kInvalidArgument, "qbft message: value of " + std::to_string(*len) +
                                                  " bytes exceeds " +
                                                  std::to_string(kMaxValueBytes));
  }
  auto v = r.take(*len, "value");
  if (!v) return v.error();
  m.value = util::Bytes(v->begin(), v->end());
  return ok_status();
}

Status decode_justification(Reader& r, SignedMessage& m, int depth) {
  auto count = r.le(2, "justification count");
  if (!count) return count.error();
  if (*count == 0) return ok_status();
  if (depth > 0) {
    return make_error(Errc::kInvalidArgument,
                      "qbft message: embedded message carries a justification");
  }
  if (*count > kMaxJustification) {
    return make_error(Errc::kInvalidArgument, "qbft message: " + std::to_string(*count) +
                                                  " justification entries exceed " +
                                                  std::to_string(kMaxJustification));
  }
  m.justification.reserve(*count);
  for (uint64_t i = 0; i < *count; ++i) {
    auto j = decode_one(r, depth + 1);
    if (!j) return j.error();
    m.justification.push_back(std::move(*j));
  }
  return ok_status();
}

Result<SignedMessage> decode_one(Reader& r, int depth) {
  auto body = r.take(kBodyBytes, "body");
  if (!body) return body.error();
  auto msg = decode_body(body->first<kBodyBytes>());
  if (!msg) return msg.error();
  SignedMessage m;
  m.msg = *msg;
  auto sig = r.take(64, "signature");
  if (!sig) return sig.error();
  std::memcpy(m.signature.data(), sig->data(), 64);
  SP_TRY(decode_value(r, m, depth));
  SP_TRY(decode_justification(r, m, depth));
  return m;
}

}  // namespace

std::array<uint8_t, kBodyBytes> encode_body(const Message& m) {
  std::array<uint8_t, kBodyBytes> out{};
  out[kOffType] = static_cast<uint8_t>(m.type);
  std::memcpy(out.data() + kOffTag, m.instance.tag.data(), 32);
  put_le(out.data() + kOffHeight, m.instance.height, 8);
  put_le(out.data() + kOffRound, m.round, 8);
  put_le(out.data() + kOffSender, m.sender, 4);
  std::memcpy(out.data() + kOffHash, m.value_hash.data(), 32);
  put_le(out.data() + kOffPrepared, m.prepared_round, 8);
  return out;
}

Result<Message> decode_body(std::span<const uint8_t, kBodyBytes> in) {
  const uint8_t type = in[kOffType];
  if (type < static_cast<uint8_t>(MsgType::kProposal) ||
      type > static_cast<uint8_t>(MsgType::kDecided)) {
    return make_error(Errc::kInvalidArgument, "qbft message: unknown type " + std::to_string(type));
  }
  Message m;
  m.type = static_cast<MsgType>(type);
  std::memcpy(m.instance.tag.data(), in.data() + kOffTag, 32);
  m.instance.height = get_le(in.data() + kOffHeight, 8);
  m.round = get_le(in.data() + kOffRound, 8);
  m.sender = static_cast<uint32_t>(get_le(in.data() + kOffSender, 4));
  std::memcpy(m.value_hash.data(), in.data() + kOffHash, 32);
  m.prepared_round = get_le(in.data() + kOffPrepared, 8);
  return m;
}

util::Bytes signing_bytes(const Message& m) {
  constexpr std::size_t kDomainLen = sizeof(kSigningDomain) - 1;
  util::Bytes out(kDomainLen + kBodyBytes);
  std::memcpy(out.data(), kSigningDomain, kDomainLen);
  const auto body = encode_body(m);
  std::memcpy(out.data() + kDomainLen, body.data(), kBodyBytes);
  return out;
}

util::Bytes encode(const SignedMessage& m) {
  util::Bytes out;
  out.reserve(kBodyBytes + 64 + 3 + (m.value ? m.value->size() + 4 : 0) +
              m.justification.size() * (kBodyBytes + 64 + 3));
  encode_into(m, out);
  return out;
}

Result<SignedMessage> decode(std::span<const uint8_t> in) {
  Reader r(in);
  auto m = decode_one(r, 0);
  if (!m) return m.error();
  if (!r.done()) {
    return make_error(Errc::kInvalidArgument,
                      "qbft message: " + std::to_string(in.size() - r.pos()) + " trailing bytes");
  }
  return m;
}

}  // namespace stakepool::consensus
