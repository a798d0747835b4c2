#pragma once
// expand_message_xmd with SHA-256 (RFC 9380 §5.3.1), the byte-string expander under hash_to_field.
// Kept apart from hash_to_curve.hpp because it needs only SHA-256, not the field arithmetic.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace stakepool::crypto {

// kXmdMaxLen is the longest output expand_message_xmd(SHA-256) can produce: 255 blocks of 32 bytes.
inline constexpr std::size_t kXmdMaxLen = 255 * 32;

// XmdDst is a domain separation tag prepared for expand_message_xmd: a DST longer than 255 bytes
// is replaced by SHA-256("H2C-OVERSIZE-DST-" || DST) (RFC 9380 §5.3.3), and prime() is
// DST || I2OSP(len(DST), 1), the DST_prime suffix hashed into every block. Preparing it once lets a
// caller that hashes many messages under one DST skip the work per message.
class XmdDst {
 public:
  explicit XmdDst(std::span<const uint8_t> dst);
  // prime returns DST_prime (1..256 bytes); the view lives as long as this object.
  std::span<const uint8_t> prime() const { return {bytes_.data(), size_ + 1}; }

 private:
  std::array<uint8_t, 256> bytes_{};
  std::size_t size_ = 0;  // length of the (possibly hashed) DST, without the length byte
};

// expand_message_xmd fills `out` with out.size() uniform bytes derived from msg and dst
// (RFC 9380 §5.3.1 with H = SHA-256, so b_in_bytes = 32 and s_in_bytes = 64). Returns false, with
// `out` untouched, if out.size() is 0 or more than kXmdMaxLen. DSTs longer than 255 bytes are
// hashed as XmdDst describes. Runs in time that depends only on the lengths of its inputs.
[[nodiscard]] bool expand_message_xmd(std::span<const uint8_t> msg, const XmdDst& dst,
                                      std::span<uint8_t> out);
[[nodiscard]] bool expand_message_xmd(std::span<const uint8_t> msg, std::span<const uint8_t> dst,
                                      std::span<uint8_t> out);

}  // namespace stakepool::crypto
