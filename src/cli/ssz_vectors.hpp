#pragma once
// Shared pieces of `stakepool vectors ssz` (cmd_vectors_ssz.cpp: ssz_static; ssz_generic.cpp:
// ssz_generic): case-folder checks and the value/serialization/root assertions of the
// consensus-spec ssz_static and ssz_generic formats (tests/formats/ssz_*).
#include <filesystem>
#include <initializer_list>
#include <string>

#include "ssz_yaml.hpp"
#include "stakepool/eth/ssz.hpp"
#include "vector_report.hpp"

namespace stakepool::cli::ssz_vectors {

namespace fs = std::filesystem;
namespace ssz = eth::ssz;

// sorted_subdirs lists the directories directly inside `dir`, sorted by name.
std::vector<fs::path> sorted_subdirs(const fs::path& dir);
// check_case_files throws unless `dir` holds every `required` file, possibly the `optional` ones,
// and nothing else (an unknown file fails its case).
void check_case_files(const fs::path& dir, std::initializer_list<const char*> required,
                      std::initializer_list<const char*> optional);
// read_bytes returns a file's contents.
util::Bytes read_bytes(const fs::path& file);

// check_value asserts, for a value loaded from YAML: encode(v) == serialized (when given),
// decode(serialized or encode(v)) == v, re-encoding the decoded value gives the same bytes, and
// hash_tree_root(v) == root.
template <typename T>
void check_value(const T& v, const ssz::Root& root, const util::Bytes* serialized) {
  const util::Bytes enc = ssz::encode(v);
  if (serialized != nullptr && enc != *serialized) {
    throw VectorError("encode(value) gives " + std::to_string(enc.size()) +
                      " bytes differing from serialized.ssz (" +
                      std::to_string(serialized->size()) + " bytes)");
  }
  auto dec = ssz::decode<T>(enc);
  if (!dec) throw VectorError("decode failed: " + dec.error().message);
  if (!(*dec == v)) throw VectorError("decode(encode(value)) differs from value.yaml");
  if (ssz::encode(*dec) != enc) throw VectorError("re-encoding the decoded value differs");
  const ssz::Root got = ssz::hash_tree_root(v);
  if (got != root) {
    throw VectorError("hash_tree_root " + util::to_hex0x(got) + ", want " + util::to_hex0x(root));
  }
}

// run_static_case runs one ssz_static case folder for type T.
template <typename T>
void run_static_case(const fs::path& dir) {
  check_case_files(dir, {"roots.yaml", "value.yaml"}, {"serialized.ssz"});
  const T v = ssz_yaml::load_value<T>((dir / "value.yaml").string());
  const ssz::Root root = ssz_yaml::load_root((dir / "roots.yaml").string());
  if (fs::exists(dir / "serialized.ssz")) {
    const util::Bytes ser = read_bytes(dir / "serialized.ssz");
    check_value(v, root, &ser);
  } else {
    check_value(v, root, nullptr);
  }
}

// run_ssz_generic runs every handler folder in an ssz_generic folder.
void run_ssz_generic(const fs::path& dir, VectorReport& report);

}  // namespace stakepool::cli::ssz_vectors
