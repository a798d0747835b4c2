// Fuzz target: G2 point decoding (ZCash format; crypto/point_encoding.hpp). The input is handed to
// the compressed (96-byte) and uncompressed (192-byte) decoders, checked and unchecked:
//   - any other length is rejected with kBadLength;
//   - whatever decodes re-encodes to exactly the input (the encodings are canonical);
//   - a fully checked point is on the curve and in G2, and agrees with the unchecked decoder;
//   - the other form of a decoded point decodes back to the same point.
#include <algorithm>
#include <cstdint>
#include <span>

#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/point_encoding.hpp"
#include "stakepool/util/check.hpp"

using namespace stakepool::crypto;

namespace {

template <std::size_t N>
bool same(const std::array<uint8_t, N>& enc, std::span<const uint8_t> in) {
  return in.size() == N && std::equal(enc.begin(), enc.end(), in.begin());
}

void compressed(std::span<const uint8_t> in) {
  G2Affine p, q;
  const PointError e = g2_decompress(in, p);
  const PointError eu = g2_decompress_unchecked(in, q);
  if (in.size() != 96) SP_CHECK(e == PointError::kBadLength && eu == PointError::kBadLength);
  if (eu == PointError::kOk) {
    SP_CHECK(is_on_curve(q) && same(g2_compress(q), in));
    SP_CHECK((e == PointError::kOk) == g2_in_subgroup_vartime(q));
    SP_CHECK(e == PointError::kOk || e == PointError::kNotInSubgroup);
  } else {
    SP_CHECK(e == eu);
  }
  if (e != PointError::kOk) return;
  SP_CHECK(eq(p, q));
  G2Affine r;
  SP_CHECK(g2_deserialize_uncompressed(g2_serialize_uncompressed(p), r) == PointError::kOk);
  SP_CHECK(eq(p, r));
}

void uncompressed(std::span<const uint8_t> in) {
  G2Affine p;
  const PointError e = g2_deserialize_uncompressed(in, p);
  if (in.size() != 192) SP_CHECK(e == PointError::kBadLength);
  if (e != PointError::kOk) return;
  SP_CHECK(is_on_curve(p) && g2_in_subgroup_vartime(p) && same(g2_serialize_uncompressed(p), in));
  G2Affine r;
  SP_CHECK(g2_decompress(g2_compress(p), r) == PointError::kOk && eq(p, r));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> in(data, size);
  compressed(in);
  uncompressed(in);
  return 0;
}
