// Fuzz target: G2 point decoding (ZCash format; crypto/point_encoding.hpp): the compressed (96-byte)
// and uncompressed (192-byte) decoders, checked and unchecked, with the properties listed in
// fuzz/common/point_decode.hpp.
#include "common/point_decode.hpp"

namespace {

namespace c = stakepool::crypto;

struct G2Codec {
  using Affine = c::G2Affine;
  static constexpr std::size_t kCompressed = 96;
  static constexpr std::size_t kUncompressed = 192;
  static c::PointError decompress(std::span<const uint8_t> in, Affine& out) {
    return c::g2_decompress(in, out);
  }
  static c::PointError decompress_unchecked(std::span<const uint8_t> in, Affine& out) {
    return c::g2_decompress_unchecked(in, out);
  }
  static c::PointError deserialize(std::span<const uint8_t> in, Affine& out) {
    return c::g2_deserialize_uncompressed(in, out);
  }
  static auto compress(const Affine& p) { return c::g2_compress(p); }
  static auto serialize(const Affine& p) { return c::g2_serialize_uncompressed(p); }
  static bool in_subgroup(const Affine& p) { return c::g2_in_subgroup_vartime(p); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return stakepool::fuzz::fuzz_point_decoding<G2Codec>(data, size);
}
