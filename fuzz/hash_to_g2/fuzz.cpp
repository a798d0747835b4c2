// Fuzz target: hash-to-G2 (RFC 9380 BLS12381G2_XMD:SHA-256_SSWU_RO_; crypto/hash_to_curve.hpp) on
// any message. The first byte k selects the DST: k == 0 the Ethereum signature DST with the rest as
// the message; k == 255 all but the last 16 bytes of the rest (DSTs over 255 bytes are hashed,
// RFC 9380 §5.3.3); otherwise the next min(k, rest) bytes, the message being what is left (an empty
// DST falls back to the Ethereum one). The output must be on the curve and in G2, and its compressed
// encoding must pass the fully validating decoder and decode to the same point; the NU encoding
// must land in G2 too.
#include <algorithm>
#include <cstdint>
#include <span>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/hash_to_curve.hpp"
#include "stakepool/crypto/point_encoding.hpp"
#include "stakepool/util/check.hpp"

using namespace stakepool::crypto;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::span<const uint8_t> rest(data + 1, size - 1);
  std::span<const uint8_t> dst(reinterpret_cast<const uint8_t*>(bls::kDstSign.data()),
                               bls::kDstSign.size());
  std::size_t dst_len = data[0];
  if (dst_len == 255) dst_len = rest.size() > 16 ? rest.size() - 16 : 0;
  dst_len = std::min(dst_len, rest.size());
  if (dst_len > 0) {
    dst = rest.first(dst_len);
    rest = rest.subspan(dst_len);
  }
  const G2 h = hash_to_g2(rest, dst);
  SP_CHECK(is_on_curve(h) && g2_in_subgroup_vartime(h));
  const G2Affine a = to_affine(h);
  G2Affine back;
  SP_CHECK(g2_decompress(g2_compress(a), back) == PointError::kOk && eq(a, back));
  const G2 e = encode_to_g2(rest, dst);
  SP_CHECK(is_on_curve(e) && g2_in_subgroup_vartime(e));
  return 0;
}
