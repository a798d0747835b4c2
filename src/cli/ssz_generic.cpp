// ssz_generic runner for `stakepool vectors ssz` (consensus-specs tests/formats/ssz_generic): the
// SSZ type of each case comes from its name (vec_uint16_31, bitlist_8, bitvec_513, uint_128, the
// test containers), and is mapped onto a compile-time instantiation of the generic codec.
// Valid cases: decode(serialized) == value, encode(value) == serialized, root == meta.root.
// Invalid cases: decoding must fail. A case whose type is not instantiated here fails.
#include <regex>
#include <string>
#include <utility>

#include "ssz_vectors.hpp"

namespace stakepool::cli::ssz_vectors {
namespace {

// ---- the test containers (ssz_generic README) ----

struct SingleFieldTestStruct {
  uint8_t A = 0;
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("A", &SingleFieldTestStruct::A)};
  }
  friend bool operator==(const SingleFieldTestStruct&, const SingleFieldTestStruct&) = default;
};

struct SmallTestStruct {
  uint16_t A = 0, B = 0;
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("A", &SmallTestStruct::A), ssz::field("B", &SmallTestStruct::B)};
  }
  friend bool operator==(const SmallTestStruct&, const SmallTestStruct&) = default;
};

struct FixedTestStruct {
  uint8_t A = 0;
  uint64_t B = 0;
  uint32_t C = 0;
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("A", &FixedTestStruct::A), ssz::field("B", &FixedTestStruct::B),
                      ssz::field("C", &FixedTestStruct::C)};
  }
  friend bool operator==(const FixedTestStruct&, const FixedTestStruct&) = default;
};

struct VarTestStruct {
  uint16_t A = 0;
  ssz::List<uint16_t, 1024> B;
  uint8_t C = 0;
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("A", &VarTestStruct::A), ssz::field("B", &VarTestStruct::B),
                      ssz::field("C", &VarTestStruct::C)};
  }
  friend bool operator==(const VarTestStruct&, const VarTestStruct&) = default;
};

struct ComplexTestStruct {
  uint16_t A = 0;
  ssz::List<uint16_t, 128> B;
  uint8_t C = 0;
  ssz::List<uint8_t, 256> D;
  VarTestStruct E;
  std::array<FixedTestStruct, 4> F;
  std::array<VarTestStruct, 2> G;
  static constexpr auto ssz_fields() {
    using S = ComplexTestStruct;
    return std::tuple{ssz::field("A", &S::A), ssz::field("B", &S::B), ssz::field("C", &S::C),
                      ssz::field("D", &S::D), ssz::field("E", &S::E), ssz::field("F", &S::F),
                      ssz::field("G", &S::G)};
  }
  friend bool operator==(const ComplexTestStruct&, const ComplexTestStruct&) = default;
};

struct BitsStruct {
  ssz::Bitlist<5> A;
  ssz::Bitvector<2> B;
  ssz::Bitvector<1> C;
  ssz::Bitlist<6> D;
  ssz::Bitvector<8> E;
  static constexpr auto ssz_fields() {
    using S = BitsStruct;
    return std::tuple{ssz::field("A", &S::A), ssz::field("B", &S::B), ssz::field("C", &S::C),
                      ssz::field("D", &S::D), ssz::field("E", &S::E)};
  }
  friend bool operator==(const BitsStruct&, const BitsStruct&) = default;
};

// ---- case runners ----

using GenericFn = void (*)(const fs::path&, bool valid);

template <typename T>
void run_generic_case(const fs::path& dir, bool valid) {
  if (!valid) {
    check_case_files(dir, {"serialized.ssz"}, {});
    auto dec = ssz::decode<T>(read_bytes(dir / "serialized.ssz"));
    if (dec) throw VectorError("invalid serialization decoded without error");
    return;
  }
  check_case_files(dir, {"meta.yaml", "serialized.ssz", "value.yaml"}, {});
  const T v = ssz_yaml::load_value<T>((dir / "value.yaml").string());
  const ssz::Root root = ssz_yaml::load_root((dir / "meta.yaml").string());
  const util::Bytes ser = read_bytes(dir / "serialized.ssz");
  auto dec = ssz::decode<T>(ser);
  if (!dec) throw VectorError("decode(serialized.ssz) failed: " + dec.error().message);
  if (!(*dec == v)) throw VectorError("decode(serialized.ssz) differs from value.yaml");
  check_value(v, root, &ser);
}

// run_illegal_type: the type named by an invalid case is itself illegal SSZ (length 0), which
// the format counts as a correct rejection; for a valid case it is an error.
void run_illegal_type(const fs::path& dir, bool valid) {
  if (valid) throw VectorError("valid case names an illegal SSZ type (length 0)");
  check_case_files(dir, {"serialized.ssz"}, {});
}

// The lengths instantiated (every length named in the official cases).
using VectorLengths = std::index_sequence<1, 2, 3, 4, 5, 8, 16, 31, 512, 513>;
using BitlistLimits = std::index_sequence<1, 2, 3, 4, 5, 8, 16, 31, 32, 512, 513>;
using BitvectorLengths = std::index_sequence<1, 2, 3, 4, 5, 8, 9, 16, 31, 32, 512, 513>;

// pick returns make(integral_constant<N>) for the N in the list equal to n, else nullptr.
template <std::size_t... Ns, typename Make>
GenericFn pick(std::index_sequence<Ns...>, std::size_t n, Make make) {
  GenericFn out = nullptr;
  ((out = (n == Ns ? make(std::integral_constant<std::size_t, Ns>{}) : out)), ...);
  return out;
}

template <typename E>
GenericFn vector_of(std::size_t n) {
  return pick(VectorLengths{}, n, [](auto len) -> GenericFn {
    return &run_generic_case<std::array<E, decltype(len)::value>>;
  });
}

GenericFn vector_fn(const std::string& elem, std::size_t n) {
  if (n == 0) return &run_illegal_type;
  if (elem == "bool") return vector_of<bool>(n);
  if (elem == "uint8") return vector_of<uint8_t>(n);
  if (elem == "uint16") return vector_of<uint16_t>(n);
  if (elem == "uint32") return vector_of<uint32_t>(n);
  if (elem == "uint64") return vector_of<uint64_t>(n);
  if (elem == "uint128") return vector_of<ssz::Uint128>(n);
  if (elem == "uint256") return vector_of<ssz::Uint256>(n);
  return nullptr;
}

GenericFn bitlist_fn(std::size_t limit) {
  return pick(BitlistLimits{}, limit, [](auto l) -> GenericFn {
    return &run_generic_case<ssz::Bitlist<decltype(l)::value>>;
  });
}

GenericFn bitvector_fn(std::size_t n) {
  if (n == 0) return &run_illegal_type;
  return pick(BitvectorLengths{}, n, [](auto len) -> GenericFn {
    return &run_generic_case<ssz::Bitvector<decltype(len)::value>>;
  });
}

// run_bitlist_any_limit: "bitlist_no_delimiter_*" names no limit; every instantiated limit must
// reject the input.
void run_bitlist_any_limit(const fs::path& dir, bool valid) {
  if (valid) throw VectorError("valid bitlist case without a limit in its name");
  [&]<std::size_t... Ls>(std::index_sequence<Ls...>) {
    (run_generic_case<ssz::Bitlist<Ls>>(dir, false), ...);
  }(BitlistLimits{});
}

GenericFn uint_fn(std::size_t bits) {
  switch (bits) {
    case 8: return &run_generic_case<uint8_t>;
    case 16: return &run_generic_case<uint16_t>;
    case 32: return &run_generic_case<uint32_t>;
    case 64: return &run_generic_case<uint64_t>;
    case 128: return &run_generic_case<ssz::Uint128>;
    case 256: return &run_generic_case<ssz::Uint256>;
    default: return nullptr;
  }
}

GenericFn container_fn(const std::string& name) {
  if (name == "SingleFieldTestStruct") return &run_generic_case<SingleFieldTestStruct>;
  if (name == "SmallTestStruct") return &run_generic_case<SmallTestStruct>;
  if (name == "FixedTestStruct") return &run_generic_case<FixedTestStruct>;
  if (name == "VarTestStruct") return &run_generic_case<VarTestStruct>;
  if (name == "ComplexTestStruct") return &run_generic_case<ComplexTestStruct>;
  if (name == "BitsStruct") return &run_generic_case<BitsStruct>;
  return nullptr;
}

std::size_t to_size(const std::string& digits) {
  return digits.size() > 9 ? SIZE_MAX : std::stoul(digits);
}

// type_for_case maps (handler, case name) to its runner; nullptr when not understood.
GenericFn type_for_case(const std::string& handler, const std::string& name) {
  std::smatch m;
  if (handler == "basic_vector") {
    static const std::regex re("^vec_([a-z0-9]+)_([0-9]+)(_.*)?$");
    return std::regex_match(name, m, re) ? vector_fn(m[1], to_size(m[2])) : nullptr;
  }
  if (handler == "bitlist") {
    static const std::regex re("^bitlist_([0-9]+)(_.*)?$");
    if (name.rfind("bitlist_no_delimiter_", 0) == 0) return &run_bitlist_any_limit;
    return std::regex_match(name, m, re) ? bitlist_fn(to_size(m[1])) : nullptr;
  }
  if (handler == "bitvector") {
    static const std::regex re("^bitvec_([0-9]+)(_.*)?$");
    return std::regex_match(name, m, re) ? bitvector_fn(to_size(m[1])) : nullptr;
  }
  if (handler == "boolean") return &run_generic_case<bool>;
  if (handler == "uints") {
    static const std::regex re("^uint_([0-9]+)(_.*)?$");
    return std::regex_match(name, m, re) ? uint_fn(to_size(m[1])) : nullptr;
  }
  if (handler == "containers") {
    static const std::regex re("^([A-Za-z]+)(_.*)?$");
    return std::regex_match(name, m, re) ? container_fn(m[1]) : nullptr;
  }
  return nullptr;
}

}  // namespace

void run_ssz_generic(const fs::path& dir, VectorReport& report) {
  for (const fs::path& hdir : sorted_subdirs(dir)) {
    const std::string handler = hdir.filename().string();
    for (const fs::path& kind : sorted_subdirs(hdir)) {
      const std::string k = kind.filename().string();
      const std::string label = "ssz_generic " + handler + " " + k;
      if (k != "valid" && k != "invalid") {
        report.fail(label, kind.string(), "expected only valid/ and invalid/ suites");
        continue;
      }
      for (const fs::path& c : sorted_subdirs(kind)) {
        report.run_case(label, c.string(), [&] {
          const GenericFn fn = type_for_case(handler, c.filename().string());
          if (fn == nullptr) throw VectorError("unsupported SSZ type for this case name");
          fn(c, k == "valid");
        });
      }
    }
  }
}

}  // namespace stakepool::cli::ssz_vectors
