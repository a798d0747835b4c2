// expand_message_xmd(SHA-256), RFC 9380 §5.3.1 and §5.3.3.
#include "stakepool/crypto/expand_message.hpp"

#include <algorithm>
#include <cstring>

#include "stakepool/crypto/sha256.hpp"

namespace stakepool::crypto {
namespace {

constexpr std::size_t kBlock = 32;      // b_in_bytes for SHA-256
constexpr std::size_t kHashInput = 64;  // s_in_bytes: SHA-256's input block size

constexpr char kOversizePrefix[] = "H2C-OVERSIZE-DST-";

}  // namespace

XmdDst::XmdDst(std::span<const uint8_t> dst) {
  if (dst.size() > 255) {
    // §5.3.3: DST = H("H2C-OVERSIZE-DST-" || a_very_long_DST).
    Digest32 d = Sha256()
                     .update({reinterpret_cast<const uint8_t*>(kOversizePrefix),
                              sizeof(kOversizePrefix) - 1})
                     .update(dst)
                     .finish();
    std::memcpy(bytes_.data(), d.data(), d.size());
    size_ = d.size();
  } else {
    std::copy(dst.begin(), dst.end(), bytes_.begin());
    size_ = dst.size();
  }
  bytes_[size_] = static_cast<uint8_t>(size_);  // DST_prime = DST || I2OSP(len(DST), 1)
}

bool expand_message_xmd(std::span<const uint8_t> msg, const XmdDst& dst, std::span<uint8_t> out) {
  const std::size_t len = out.size();
  if (len == 0 || len > kXmdMaxLen) return false;
  const std::size_t ell = (len + kBlock - 1) / kBlock;
  const std::span<const uint8_t> dst_prime = dst.prime();

  // b_0 = H(Z_pad || msg || I2OSP(len_in_bytes, 2) || I2OSP(0, 1) || DST_prime)
  static constexpr uint8_t kZPad[kHashInput] = {};
  const uint8_t lib_str[3] = {static_cast<uint8_t>(len >> 8), static_cast<uint8_t>(len), 0};
  const Digest32 b0 = Sha256().update(kZPad).update(msg).update(lib_str).update(dst_prime).finish();

  // b_1 = H(b_0 || I2OSP(1, 1) || DST_prime);
  // b_i = H(strxor(b_0, b_(i-1)) || I2OSP(i, 1) || DST_prime) for i = 2..ell.
  Digest32 prev{};
  for (std::size_t i = 1; i <= ell; ++i) {
    Digest32 in;
    for (std::size_t j = 0; j < kBlock; ++j) in[j] = b0[j] ^ prev[j];  // prev = 0 for i = 1
    const uint8_t counter[1] = {static_cast<uint8_t>(i)};
    prev = Sha256().update(in).update(counter).update(dst_prime).finish();
    const std::size_t off = (i - 1) * kBlock;
    std::memcpy(out.data() + off, prev.data(), std::min(kBlock, len - off));
  }
  return true;
}

bool expand_message_xmd(std::span<const uint8_t> msg, std::span<const uint8_t> dst,
                        std::span<uint8_t> out) {
  return expand_message_xmd(msg, XmdDst(dst), out);
}

}  // namespace stakepool::crypto
