#pragma once
// The checks shared by the G1 and G2 decoding fuzz targets (fuzz/g1_deserialize, fuzz/g2_deserialize).
// The input is handed to the compressed and uncompressed decoders, checked and unchecked:
//   - any other length is rejected with kBadLength;
//   - whatever decodes re-encodes to exactly the input (the encodings are canonical);
//   - a fully checked point is on the curve and in the subgroup, and agrees with the unchecked
//     decoder;
//   - the other form of a decoded point decodes back to the same point.
// Codec supplies Affine, kCompressed / kUncompressed (byte sizes), decompress, decompress_unchecked,
// compress, deserialize, serialize (uncompressed) and in_subgroup.
#include <algorithm>
#include <cstdint>
#include <span>

#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/point_encoding.hpp"
#include "stakepool/util/check.hpp"

namespace stakepool::fuzz {

template <std::size_t N>
bool same(const std::array<uint8_t, N>& enc, std::span<const uint8_t> in) {
  return in.size() == N && std::equal(enc.begin(), enc.end(), in.begin());
}

template <typename Codec>
void check_compressed(std::span<const uint8_t> in) {
  using crypto::PointError;
  typename Codec::Affine p, q;
  const PointError e = Codec::decompress(in, p);
  const PointError eu = Codec::decompress_unchecked(in, q);
  if (in.size() != Codec::kCompressed) {
    SP_CHECK(e == PointError::kBadLength && eu == PointError::kBadLength);
  }
  if (eu == PointError::kOk) {
    SP_CHECK(crypto::is_on_curve(q) && same(Codec::compress(q), in));
    SP_CHECK((e == PointError::kOk) == Codec::in_subgroup(q));
    SP_CHECK(e == PointError::kOk || e == PointError::kNotInSubgroup);
  } else {
    SP_CHECK(e == eu);
  }
  if (e != PointError::kOk) return;
  SP_CHECK(crypto::eq(p, q));
  typename Codec::Affine r;
  SP_CHECK(Codec::deserialize(Codec::serialize(p), r) == PointError::kOk);
  SP_CHECK(crypto::eq(p, r));
}

template <typename Codec>
void check_uncompressed(std::span<const uint8_t> in) {
  using crypto::PointError;
  typename Codec::Affine p;
  const PointError e = Codec::deserialize(in, p);
  if (in.size() != Codec::kUncompressed) SP_CHECK(e == PointError::kBadLength);
  if (e != PointError::kOk) return;
  SP_CHECK(crypto::is_on_curve(p) && Codec::in_subgroup(p));
  SP_CHECK(same(Codec::serialize(p), in));
  typename Codec::Affine r;
  SP_CHECK(Codec::decompress(Codec::compress(p), r) == PointError::kOk && crypto::eq(p, r));
}

template <typename Codec>
int fuzz_point_decoding(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> in(data, size);
  check_compressed<Codec>(in);
  check_uncompressed<Codec>(in);
  return 0;
}

}  // namespace stakepool::fuzz
