#pragma once
// SSZ serialization, strict deserialization and hash_tree_root (consensus-specs
// ssz/simple-serialize.md) for the types of ssz_types.hpp, generic over containers described by
// ssz_fields(). Hashing is SHA-256 through crypto/sha256.hpp. Everything here works on public data
// and is variable time.
//
//   ssz::encode(v) -> bytes;  ssz::decode<T>(bytes) -> Result<T>;  ssz::hash_tree_root(v) -> Root
//
// Decoding is strict: exact lengths, booleans 0/1, consistent offsets (the first equals the fixed
// part's size, then non-decreasing and within the input), bitlist delimiter present, no trailing
// bytes, list limits. Errors name the field path and what is wrong.
#include <array>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "stakepool/eth/ssz_types.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::eth::ssz {

using Bytes = std::vector<uint8_t>;
using Root = std::array<uint8_t, 32>;

constexpr std::size_t kBytesPerChunk = 32;
constexpr std::size_t kOffsetSize = 4;
// kMaxDepth: zero hashes are precomputed for trees up to 2^64 chunks.
constexpr std::size_t kMaxDepth = 64;

// zero_hash returns the root of a depth-`depth` tree of zero chunks (depth <= kMaxDepth).
const Root& zero_hash(std::size_t depth);

// merkleize returns merkleize(pack(data), limit_chunks) from the spec: `data` is split into
// 32-byte chunks (the last zero-padded) and the tree is virtually padded with zero chunks up to
// the next power of two of limit_chunks, without allocating for the padding. More chunks than
// limit_chunks is a programming error (SP_CHECK).
Root merkleize(std::span<const uint8_t> data, uint64_t limit_chunks);

// mix_in_length returns sha256(root || uint256(length)).
Root mix_in_length(const Root& root, uint64_t length);

// chunk_count returns ceil(bytes / 32).
constexpr uint64_t chunk_count(uint64_t bytes) { return (bytes + kBytesPerChunk - 1) / kBytesPerChunk; }

namespace detail {

// Error helpers (ssz_codec.cpp); all produce Errc::kInvalidArgument.
Error length_error(const char* what, std::size_t expected, std::size_t got);
Error prefix_error(const char* field, const Error& e);
Error prefix_index(std::size_t index, const Error& e);
Error bool_error(uint8_t got);

// check_offsets validates the offsets of variable-size parts: the first must equal `fixed_part`,
// each must be >= the previous, and all must be <= total.
Status check_offsets(std::span<const uint32_t> offsets, std::size_t fixed_part, std::size_t total);

// read_offsets reads the leading offsets of a sequence of variable-size items. For a vector,
// `count` is the element count; for a list pass count = SIZE_MAX and the count is derived from
// the first offset (an empty input is an empty list), bounded by `limit`.
Status read_offsets(std::span<const uint8_t> in, std::size_t count, uint64_t limit,
                    std::vector<uint32_t>& offsets);

inline uint32_t load_u32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
inline void append_u32(Bytes& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
inline void store_u32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

}  // namespace detail

// Codec<T>: kFixed, kFixedSize (0 when variable), kBasic, and
//   encode(v, out) appends; decode(in, v) reads exactly `in`; hash_tree_root(v).
// Basic codecs also have put(v, p) / get(p, v) on kFixedSize bytes.
template <typename T>
struct Codec;

// BasicCodec: shared encode/decode/root for basic types, given put/get.
template <typename T, typename Impl, std::size_t kSize>
struct BasicCodec {
  static constexpr bool kBasic = true;
  static constexpr bool kFixed = true;
  static constexpr std::size_t kFixedSize = kSize;
  static void encode(const T& v, Bytes& out) {
    const std::size_t at = out.size();
    out.resize(at + kSize);
    Impl::put(v, out.data() + at);
  }
  static Status decode(std::span<const uint8_t> in, T& v) {
    if (in.size() != kSize) return detail::length_error("basic value", kSize, in.size());
    return Impl::get(in.data(), v);
  }
  static Root hash_tree_root(const T& v) {
    Root r{};
    Impl::put(v, r.data());
    return r;
  }
};

template <typename T>
  requires(std::unsigned_integral<T> && !std::same_as<T, bool>)
struct Codec<T> : BasicCodec<T, Codec<T>, sizeof(T)> {
  static void put(T v, uint8_t* p) {
    for (std::size_t i = 0; i < sizeof(T); ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
  }
  static Status get(const uint8_t* p, T& v) {
    v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(T(p[i]) << (8 * i));
    return ok_status();
  }
};

template <>
struct Codec<bool> : BasicCodec<bool, Codec<bool>, 1> {
  static void put(bool v, uint8_t* p) { p[0] = v ? 1 : 0; }
  static Status get(const uint8_t* p, bool& v) {
    if (p[0] > 1) return detail::bool_error(p[0]);
    v = p[0] == 1;
    return ok_status();
  }
};

// Enums with an unsigned underlying type (Slot, Epoch, ...) encode as that integer.
template <typename T>
  requires std::is_enum_v<T>
struct Codec<T> : BasicCodec<T, Codec<T>, sizeof(T)> {
  using U = std::underlying_type_t<T>;
  static_assert(std::unsigned_integral<U>, "SSZ enums must have an unsigned underlying type");
  static void put(T v, uint8_t* p) { Codec<U>::put(static_cast<U>(v), p); }
  static Status get(const uint8_t* p, T& v) {
    U u{};
    (void)Codec<U>::get(p, u);
    v = static_cast<T>(u);
    return ok_status();
  }
};

template <std::size_t kBits>
struct Codec<UintN<kBits>> : BasicCodec<UintN<kBits>, Codec<UintN<kBits>>, kBits / 8> {
  static void put(const UintN<kBits>& v, uint8_t* p) { std::memcpy(p, v.le.data(), kBits / 8); }
  static Status get(const uint8_t* p, UintN<kBits>& v) {
    std::memcpy(v.le.data(), p, kBits / 8);
    return ok_status();
  }
};

template <typename T>
concept Basic = Codec<T>::kBasic;

namespace detail {

template <typename T>
constexpr bool is_basic() {
  if constexpr (requires { Codec<T>::kBasic; }) {
    return Codec<T>::kBasic;
  } else {
    return false;
  }
}

// The element helpers take any indexable range (std::array, std::vector including
// std::vector<bool>) so that List<bool, N> works too.

// pack_basic serializes basic elements back to back (the input of merkleize).
template <typename T, typename Range>
void pack_basic(const Range& items, Bytes& out) {
  constexpr std::size_t kSize = Codec<T>::kFixedSize;
  out.resize(items.size() * kSize);
  for (std::size_t i = 0; i < items.size(); ++i) Codec<T>::put(items[i], out.data() + i * kSize);
}

// root_of_items: merkleize of the packed elements (basic) or of their roots (composite).
template <typename T, typename Range>
Root root_of_items(const Range& items, uint64_t limit_items) {
  if constexpr (std::same_as<T, uint8_t>) {
    return merkleize({items.data(), items.size()}, chunk_count(limit_items));
  } else if constexpr (is_basic<T>()) {
    Bytes packed;
    pack_basic<T>(items, packed);
    return merkleize(packed, chunk_count(limit_items * Codec<T>::kFixedSize));
  } else {
    const std::size_t n = items.size();
    std::vector<Root> roots(n);
    for (std::size_t i = 0; i < n; ++i) roots[i] = Codec<T>::hash_tree_root(items[i]);
    return merkleize({roots.empty() ? nullptr : roots[0].data(), n * kBytesPerChunk}, limit_items);
  }
}

// encode_items: fixed-size elements back to back, or offsets then the variable parts.
template <typename T, typename Range>
void encode_items(const Range& items, Bytes& out) {
  const std::size_t n = items.size();
  if constexpr (std::same_as<T, uint8_t>) {
    out.insert(out.end(), items.begin(), items.end());
  } else if constexpr (Codec<T>::kFixed) {
    for (std::size_t i = 0; i < n; ++i) Codec<T>::encode(items[i], out);
  } else {
    const std::size_t start = out.size();
    out.resize(start + n * kOffsetSize);
    for (std::size_t i = 0; i < n; ++i) {
      store_u32(out.data() + start + i * kOffsetSize, static_cast<uint32_t>(out.size() - start));
      Codec<T>::encode(items[i], out);
    }
  }
}

// decode_fixed_items decodes items.size() fixed-size elements filling `in` exactly.
template <typename T, typename Range>
Status decode_fixed_items(std::span<const uint8_t> in, Range& items) {
  constexpr std::size_t kSize = Codec<T>::kFixedSize;
  if constexpr (std::same_as<T, uint8_t>) {
    std::copy(in.begin(), in.end(), items.begin());
    return ok_status();
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    T item{};
    auto st = Codec<T>::decode(in.subspan(i * kSize, kSize), item);
    if (!st) return prefix_index(i, st.error());
    items[i] = std::move(item);
  }
  return ok_status();
}

// decode_var_items decodes the variable-size items bounded by `offsets` (already checked).
template <typename T, typename Range>
Status decode_var_items(std::span<const uint8_t> in, const std::vector<uint32_t>& offsets,
                        Range& items) {
  for (std::size_t i = 0; i < offsets.size(); ++i) {
    const std::size_t end = i + 1 < offsets.size() ? offsets[i + 1] : in.size();
    auto st = Codec<T>::decode(in.subspan(offsets[i], end - offsets[i]), items[i]);
    if (!st) return prefix_index(i, st.error());
  }
  return ok_status();
}

}  // namespace detail

// Vector[T, N].
template <typename T, std::size_t N>
struct Codec<std::array<T, N>> {
  static_assert(N > 0, "Vector[T, 0] is not a legal SSZ type");
  static constexpr bool kBasic = false;
  static constexpr bool kFixed = Codec<T>::kFixed;
  static constexpr std::size_t kFixedSize = kFixed ? N * Codec<T>::kFixedSize : 0;
  static void encode(const std::array<T, N>& v, Bytes& out) { detail::encode_items<T>(v, out); }
  static Status decode(std::span<const uint8_t> in, std::array<T, N>& v) {
    if constexpr (kFixed) {
      if (in.size() != kFixedSize) return detail::length_error("vector", kFixedSize, in.size());
      return detail::decode_fixed_items<T>(in, v);
    } else {
      std::vector<uint32_t> offsets;
      SP_TRY(detail::read_offsets(in, N, N, offsets));
      return detail::decode_var_items<T>(in, offsets, v);
    }
  }
  static Root hash_tree_root(const std::array<T, N>& v) { return detail::root_of_items<T>(v, N); }
};

// List[T, kLimit].
template <typename T, uint64_t kLimit>
struct Codec<List<T, kLimit>> {
  static constexpr bool kBasic = false;
  static constexpr bool kFixed = false;
  static constexpr std::size_t kFixedSize = 0;
  static void encode(const List<T, kLimit>& v, Bytes& out) {
    detail::encode_items<T>(v.items(), out);
  }
  static Status decode(std::span<const uint8_t> in, List<T, kLimit>& v) {
    std::vector<T> items;
    if constexpr (Codec<T>::kFixed) {
      constexpr std::size_t kSize = Codec<T>::kFixedSize;
      if (in.size() % kSize != 0) {
        return make_error(Errc::kInvalidArgument,
                          "list: " + std::to_string(in.size()) +
                              " bytes is not a multiple of the element size " +
                              std::to_string(kSize));
      }
      if (in.size() / kSize > kLimit) {
        return make_error(Errc::kInvalidArgument, "list: " + std::to_string(in.size() / kSize) +
                                                      " elements exceed the limit " +
                                                      std::to_string(kLimit));
      }
      items.resize(in.size() / kSize);
      SP_TRY(detail::decode_fixed_items<T>(in, items));
    } else {
      std::vector<uint32_t> offsets;
      SP_TRY(detail::read_offsets(in, SIZE_MAX, kLimit, offsets));
      items.resize(offsets.size());
      SP_TRY(detail::decode_var_items<T>(in, offsets, items));
    }
    return v.assign(std::move(items));
  }
  static Root hash_tree_root(const List<T, kLimit>& v) {
    return mix_in_length(detail::root_of_items<T>(v.items(), kLimit), v.size());
  }
};

// Bitvector[N].
template <std::size_t N>
struct Codec<Bitvector<N>> {
  static constexpr bool kBasic = false;
  static constexpr bool kFixed = true;
  static constexpr std::size_t kFixedSize = Bitvector<N>::kBytes;
  static void encode(const Bitvector<N>& v, Bytes& out) {
    out.insert(out.end(), v.bytes().begin(), v.bytes().end());
  }
  static Status decode(std::span<const uint8_t> in, Bitvector<N>& v) {
    if (in.size() != kFixedSize) return detail::length_error("bitvector", kFixedSize, in.size());
    std::array<uint8_t, kFixedSize> b{};
    std::memcpy(b.data(), in.data(), kFixedSize);
    return v.set_bytes(b);
  }
  static Root hash_tree_root(const Bitvector<N>& v) {
    return merkleize(v.bytes(), chunk_count(kFixedSize));
  }
};

namespace detail {
// decode_bitlist_bytes checks the delimiter and the limit; returns the bit length in `bits` and
// the delimiter-free bytes in `body`.
Status decode_bitlist_bytes(std::span<const uint8_t> in, uint64_t limit, std::size_t& bits,
                            Bytes& body);
}  // namespace detail

// Bitlist[kLimit].
template <uint64_t kLimit>
struct Codec<Bitlist<kLimit>> {
  static constexpr bool kBasic = false;
  static constexpr bool kFixed = false;
  static constexpr std::size_t kFixedSize = 0;
  static void encode(const Bitlist<kLimit>& v, Bytes& out) {
    const std::size_t at = out.size();
    out.insert(out.end(), v.bytes().begin(), v.bytes().end());
    if (v.size() % 8 == 0) out.push_back(0);
    out[at + v.size() / 8] |= static_cast<uint8_t>(1u << (v.size() % 8));
  }
  static Status decode(std::span<const uint8_t> in, Bitlist<kLimit>& v) {
    std::size_t bits = 0;
    Bytes body;
    SP_TRY(detail::decode_bitlist_bytes(in, kLimit, bits, body));
    Bitlist<kLimit> out(bits);
    for (std::size_t i = 0; i < bits; ++i) out.set(i, (body[i / 8] >> (i % 8)) & 1);
    v = std::move(out);
    return ok_status();
  }
  static Root hash_tree_root(const Bitlist<kLimit>& v) {
    return mix_in_length(merkleize(v.bytes(), chunk_count((kLimit + 7) / 8)), v.size());
  }
};

namespace detail {

// for_each_index calls f(std::integral_constant<size_t, I>{}) for I in [0, N).
template <std::size_t N, typename F>
constexpr void for_each_index(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(std::integral_constant<std::size_t, I>{}), ...);
  }(std::make_index_sequence<N>{});
}

}  // namespace detail

namespace detail {

// FieldMember is the C++ type of field I of container T.
template <typename T, std::size_t I>
using FieldMember = typename std::tuple_element_t<I, decltype(T::ssz_fields())>::Member;

template <typename T, std::size_t... I>
constexpr bool all_fields_fixed(std::index_sequence<I...>) {
  return (Codec<FieldMember<T, I>>::kFixed && ...);
}
template <typename T, std::size_t... I>
constexpr std::size_t fixed_part_size(std::index_sequence<I...>) {
  return ((Codec<FieldMember<T, I>>::kFixed ? Codec<FieldMember<T, I>>::kFixedSize : kOffsetSize) +
          ...);
}
template <typename T, std::size_t... I>
constexpr std::size_t variable_field_count(std::index_sequence<I...>) {
  return ((Codec<FieldMember<T, I>>::kFixed ? 0 : 1) + ...);
}

}  // namespace detail

// Container: fields in ssz_fields() order.
template <Container T>
struct Codec<T> {
  static constexpr auto kFields = T::ssz_fields();
  static constexpr std::size_t kN = std::tuple_size_v<decltype(kFields)>;
  using Indices = std::make_index_sequence<kN>;

  static constexpr bool kBasic = false;
  static constexpr bool kFixed = detail::all_fields_fixed<T>(Indices{});
  // kFixedPart: the fixed-size fields plus one offset per variable-size field.
  static constexpr std::size_t kFixedPart = detail::fixed_part_size<T>(Indices{});
  static constexpr std::size_t kVarCount = detail::variable_field_count<T>(Indices{});
  static constexpr std::size_t kFixedSize = kFixed ? kFixedPart : 0;

  static void encode(const T& v, Bytes& out);
  static Status decode(std::span<const uint8_t> in, T& v);
  static Root hash_tree_root(const T& v) {
    std::array<Root, kN> roots;
    detail::for_each_index<kN>([&](auto i) {
      constexpr std::size_t I = decltype(i)::value;
      using F = detail::FieldMember<T, I>;
      roots[I] = Codec<F>::hash_tree_root(v.*(std::get<I>(kFields).ptr));
    });
    return merkleize({roots[0].data(), kN * kBytesPerChunk}, kN);
  }
};

template <Container T>
void Codec<T>::encode(const T& v, Bytes& out) {
  const std::size_t start = out.size();
  std::array<std::size_t, kN> offset_at{};
  detail::for_each_index<kN>([&](auto i) {
    constexpr std::size_t I = decltype(i)::value;
    using F = detail::FieldMember<T, I>;
    if constexpr (Codec<F>::kFixed) {
      Codec<F>::encode(v.*(std::get<I>(kFields).ptr), out);
    } else {
      offset_at[I] = out.size();
      out.resize(out.size() + kOffsetSize);
    }
  });
  detail::for_each_index<kN>([&](auto i) {
    constexpr std::size_t I = decltype(i)::value;
    using F = detail::FieldMember<T, I>;
    if constexpr (!Codec<F>::kFixed) {
      detail::store_u32(out.data() + offset_at[I], static_cast<uint32_t>(out.size() - start));
      Codec<F>::encode(v.*(std::get<I>(kFields).ptr), out);
    }
  });
}

template <Container T>
Status Codec<T>::decode(std::span<const uint8_t> in, T& v) {
  if (kFixed ? in.size() != kFixedPart : in.size() < kFixedPart) {
    return detail::length_error(kFixed ? "container" : "container fixed part", kFixedPart,
                                in.size());
  }
  Status st;
  std::array<uint32_t, kVarCount + 1> offsets{};  // +1: never zero-sized
  std::size_t pos = 0, nvar = 0;
  detail::for_each_index<kN>([&](auto i) {
    constexpr std::size_t I = decltype(i)::value;
    using F = detail::FieldMember<T, I>;
    if constexpr (Codec<F>::kFixed) {
      constexpr std::size_t kSize = Codec<F>::kFixedSize;
      if (st) {
        auto r = Codec<F>::decode(in.subspan(pos, kSize), v.*(std::get<I>(kFields).ptr));
        if (!r) st = detail::prefix_error(std::get<I>(kFields).name, r.error());
      }
      pos += kSize;
    } else {
      offsets[nvar++] = detail::load_u32(in.data() + pos);
      pos += kOffsetSize;
    }
  });
  if (!st) return st;
  if constexpr (kVarCount > 0) {
    SP_TRY(detail::check_offsets({offsets.data(), kVarCount}, kFixedPart, in.size()));
    nvar = 0;
    detail::for_each_index<kN>([&](auto i) {
      constexpr std::size_t I = decltype(i)::value;
      using F = detail::FieldMember<T, I>;
      if constexpr (!Codec<F>::kFixed) {
        const std::size_t begin = offsets[nvar];
        const std::size_t end = nvar + 1 < kVarCount ? offsets[nvar + 1] : in.size();
        ++nvar;
        if (st) {
          auto r = Codec<F>::decode(in.subspan(begin, end - begin), v.*(std::get<I>(kFields).ptr));
          if (!r) st = detail::prefix_error(std::get<I>(kFields).name, r.error());
        }
      }
    });
  }
  return st;
}

// encode returns the SSZ serialization of v.
template <typename T>
Bytes encode(const T& v) {
  Bytes out;
  if constexpr (Codec<T>::kFixed) out.reserve(Codec<T>::kFixedSize);
  Codec<T>::encode(v, out);
  return out;
}

// decode parses exactly `in` as a T; the error names the field path and what is wrong.
template <typename T>
Result<T> decode(std::span<const uint8_t> in) {
  T v{};
  auto st = Codec<T>::decode(in, v);
  if (!st) return st.error();
  return v;
}

// hash_tree_root returns the SSZ Merkle root of v.
template <typename T>
Root hash_tree_root(const T& v) {
  return Codec<T>::hash_tree_root(v);
}

// is_fixed_size / fixed_size: compile-time properties of T's serialization.
template <typename T>
constexpr bool is_fixed_size() {
  return Codec<T>::kFixed;
}
template <typename T>
constexpr std::size_t fixed_size() {
  return Codec<T>::kFixedSize;
}

}  // namespace stakepool::eth::ssz
