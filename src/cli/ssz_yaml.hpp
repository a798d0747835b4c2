#pragma once
// Loading SSZ values from the consensus-spec test YAML (value.yaml), generically over the types of
// eth/ssz_types.hpp and any container described by ssz_fields(). Strict: a missing or unknown
// container key, a number out of range, a bad hex string or a wrong length throws VectorError
// naming the path.
//
// Encoding in the vectors: integers as YAML numbers (uint128/uint256 as decimal strings); byte
// vectors and byte lists as 0x-hex strings (Vector[uint8, N] in ssz_generic as number sequences);
// bitvectors and bitlists as 0x-hex of their serialization; other vectors/lists as sequences;
// containers as maps keyed by field name.
#include <yaml-cpp/yaml.h>

#include <array>
#include <concepts>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "stakepool/eth/ssz.hpp"
#include "stakepool/util/hex.hpp"
#include "vector_report.hpp"

namespace stakepool::cli::ssz_yaml {

namespace ssz = eth::ssz;

// scalar returns the node's scalar text; throws unless the node is a scalar.
std::string scalar(const YAML::Node& n, const std::string& path);
// parse_uint parses a decimal integer that fits in `bits` bits (<= 64).
uint64_t parse_uint(const std::string& s, unsigned bits, const std::string& path);
// parse_big_uint parses a decimal integer into `out` little-endian bytes; throws on overflow.
void parse_big_uint(const std::string& s, std::span<uint8_t> out, const std::string& path);
// parse_bool accepts "true"/"false".
bool parse_bool(const std::string& s, const std::string& path);
// parse_hex parses a 0x-hex string.
util::Bytes parse_hex(const YAML::Node& n, const std::string& path);

template <typename T>
void from_yaml(const YAML::Node& n, T& out, const std::string& path);

namespace detail {

template <typename T>
struct IsList : std::false_type {};
template <typename T, uint64_t L>
struct IsList<ssz::List<T, L>> : std::true_type {};
template <typename T>
struct IsArray : std::false_type {};
template <typename T, std::size_t N>
struct IsArray<std::array<T, N>> : std::true_type {};
template <typename T>
struct IsBitvector : std::false_type {};
template <std::size_t N>
struct IsBitvector<ssz::Bitvector<N>> : std::true_type {};
template <typename T>
struct IsBitlist : std::false_type {};
template <uint64_t L>
struct IsBitlist<ssz::Bitlist<L>> : std::true_type {};
template <typename T>
struct IsBigUint : std::false_type {};
template <std::size_t B>
struct IsBigUint<ssz::UintN<B>> : std::true_type {};

// load_items reads a sequence (or, for byte elements, a hex string) into a vector.
template <typename T>
std::vector<T> load_items(const YAML::Node& n, const std::string& path) {
  std::vector<T> items;
  if constexpr (std::same_as<T, uint8_t>) {
    if (n.IsScalar()) return parse_hex(n, path);
  }
  if (!n.IsSequence()) throw VectorError(path + ": expected a sequence");
  items.resize(n.size());
  for (std::size_t i = 0; i < n.size(); ++i) {
    T item{};  // through a temporary: std::vector<bool> has no T& elements
    from_yaml(n[i], item, path + "[" + std::to_string(i) + "]");
    items[i] = std::move(item);
  }
  return items;
}

template <typename T>
void load_container(const YAML::Node& n, T& out, const std::string& path) {
  if (!n.IsMap()) throw VectorError(path + ": expected a map");
  std::set<std::string> known;
  std::apply(
      [&](const auto&... f) {
        ((known.insert(f.name), [&] {
           const YAML::Node child = n[f.name];
           if (!child.IsDefined()) throw VectorError(path + "." + f.name + ": missing");
           from_yaml(child, out.*(f.ptr), path + "." + f.name);
         }()),
         ...);
      },
      T::ssz_fields());
  for (const auto& kv : n) {
    const std::string key = kv.first.as<std::string>();
    if (!known.count(key)) throw VectorError(path + "." + key + ": unknown field");
  }
}

}  // namespace detail

template <typename T>
void from_yaml(const YAML::Node& n, T& out, const std::string& path) {
  if constexpr (std::same_as<T, bool>) {
    out = parse_bool(scalar(n, path), path);
  } else if constexpr (std::unsigned_integral<T>) {
    out = static_cast<T>(parse_uint(scalar(n, path), 8 * sizeof(T), path));
  } else if constexpr (std::is_enum_v<T>) {
    std::underlying_type_t<T> u{};
    from_yaml(n, u, path);
    out = static_cast<T>(u);
  } else if constexpr (detail::IsBigUint<T>::value) {
    parse_big_uint(scalar(n, path), out.le, path);
  } else if constexpr (detail::IsArray<T>::value) {
    auto items = detail::load_items<typename T::value_type>(n, path);
    if (items.size() != out.size()) {
      throw VectorError(path + ": expected " + std::to_string(out.size()) + " elements, got " +
                        std::to_string(items.size()));
    }
    std::move(items.begin(), items.end(), out.begin());
  } else if constexpr (detail::IsList<T>::value) {
    auto st = out.assign(detail::load_items<typename T::value_type>(n, path));
    if (!st) throw VectorError(path + ": " + st.error().message);
  } else if constexpr (detail::IsBitvector<T>::value || detail::IsBitlist<T>::value) {
    const util::Bytes b = parse_hex(n, path);
    auto r = ssz::decode<T>(b);
    if (!r) throw VectorError(path + ": " + r.error().message);
    out = std::move(*r);
  } else {
    static_assert(ssz::Container<T>, "no YAML loader for this type");
    detail::load_container(n, out, path);
  }
}

// load_value reads a value.yaml file into a T.
template <typename T>
T load_value(const std::string& file) {
  const YAML::Node n = YAML::LoadFile(file);
  T v{};
  from_yaml(n, v, "value");
  return v;
}

// load_root reads {root: 0x..32 bytes} from roots.yaml / meta.yaml (no other keys allowed).
ssz::Root load_root(const std::string& file);

}  // namespace stakepool::cli::ssz_yaml
