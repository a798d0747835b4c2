// EIP-3076 interchange (format version 5) parsing and serialization.
#include "stakepool/eth/interchange.hpp"

#include <limits>
#include <nlohmann/json.hpp>

#include "stakepool/util/hex.hpp"

namespace stakepool::eth {
namespace {

using nlohmann::json;

Error bad(const std::string& path, const std::string& what) {
  return make_error(Errc::kInvalidArgument, "interchange: " + path + ": " + what);
}

std::string type_name(const json& j) { return j.type_name(); }

// field returns j[key] or an error naming the missing/mistyped field.
Result<const json*> field(const json& j, const std::string& path, const char* key,
                          json::value_t type) {
  auto it = j.find(key);
  std::string p = path + "." + key;
  if (it == j.end()) return bad(p, "missing");
  if (it->type() != type) {
    return bad(p, std::string("expected ") + json(type).type_name() + ", got " + type_name(*it));
  }
  return &*it;
}

// parse_u64 parses a decimal string (EIP-3076 integers are strings) no larger than 2^63-1.
Result<uint64_t> parse_u64(const json& j, const std::string& path) {
  if (!j.is_string()) return bad(path, "expected a decimal string, got " + type_name(j));
  const std::string& s = j.get_ref<const std::string&>();
  if (s.empty()) return bad(path, "empty integer string");
  constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return bad(path, "'" + s + "' is not a decimal integer");
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (kMax - d) / 10) return bad(path, "'" + s + "' is larger than 2^63-1");
    v = v * 10 + d;
  }
  return v;
}

template <std::size_t N>
Result<std::array<uint8_t, N>> parse_hex(const json& j, const std::string& path) {
  if (!j.is_string()) return bad(path, "expected a 0x-prefixed hex string, got " + type_name(j));
  const std::string& s = j.get_ref<const std::string&>();
  if (s.size() < 2 || s[0] != '0' || s[1] != 'x') {
    return bad(path, "missing 0x prefix");
  }
  auto r = util::from_hex_fixed<N>(s, path);
  if (!r) return make_error(Errc::kInvalidArgument, "interchange: " + r.error().message);
  return *r;
}

Result<std::optional<SigningRoot>> parse_opt_root(const json& j, const std::string& path) {
  auto it = j.find("signing_root");
  if (it == j.end() || it->is_null()) return std::optional<SigningRoot>();
  auto r = parse_hex<32>(*it, path + ".signing_root");
  if (!r) return r.error();
  return std::optional<SigningRoot>(*r);
}

Result<SignedBlock> parse_block(const json& j, const std::string& path) {
  if (!j.is_object()) return bad(path, "expected object, got " + type_name(j));
  auto slot = j.find("slot");
  if (slot == j.end()) return bad(path + ".slot", "missing");
  SignedBlock b;
  auto s = parse_u64(*slot, path + ".slot");
  if (!s) return s.error();
  b.slot = *s;
  auto root = parse_opt_root(j, path);
  if (!root) return root.error();
  b.signing_root = *root;
  return b;
}

Result<SignedAttestation> parse_attestation(const json& j, const std::string& path) {
  if (!j.is_object()) return bad(path, "expected object, got " + type_name(j));
  SignedAttestation a;
  for (auto [key, out] :
       {std::pair{"source_epoch", &a.source_epoch}, std::pair{"target_epoch", &a.target_epoch}}) {
    auto it = j.find(key);
    if (it == j.end()) return bad(path + "." + key, "missing");
    auto v = parse_u64(*it, path + "." + key);
    if (!v) return v.error();
    *out = *v;
  }
  auto root = parse_opt_root(j, path);
  if (!root) return root.error();
  a.signing_root = *root;
  return a;
}

Result<InterchangeRecord> parse_record(const json& j, const std::string& path) {
  if (!j.is_object()) return bad(path, "expected object, got " + type_name(j));
  InterchangeRecord rec;
  auto pk = j.find("pubkey");
  if (pk == j.end()) return bad(path + ".pubkey", "missing");
  auto key = parse_hex<48>(*pk, path + ".pubkey");
  if (!key) return key.error();
  rec.pubkey = *key;
  auto blocks = field(j, path, "signed_blocks", json::value_t::array);
  if (!blocks) return blocks.error();
  for (std::size_t i = 0; i < (*blocks)->size(); ++i) {
    auto b = parse_block((**blocks)[i], path + ".signed_blocks[" + std::to_string(i) + "]");
    if (!b) return b.error();
    rec.signed_blocks.push_back(*b);
  }
  auto atts = field(j, path, "signed_attestations", json::value_t::array);
  if (!atts) return atts.error();
  for (std::size_t i = 0; i < (*atts)->size(); ++i) {
    auto a =
        parse_attestation((**atts)[i], path + ".signed_attestations[" + std::to_string(i) + "]");
    if (!a) return a.error();
    rec.signed_attestations.push_back(*a);
  }
  return rec;
}

Result<SigningRoot> parse_metadata(const json& doc) {
  auto meta = field(doc, "$", "metadata", json::value_t::object);
  if (!meta) return meta.error();
  auto version = field(**meta, "$.metadata", "interchange_format_version", json::value_t::string);
  if (!version) return version.error();
  const auto& v = (*version)->get_ref<const std::string&>();
  if (v != kInterchangeFormatVersion) {
    return bad("$.metadata.interchange_format_version", "unsupported version '" + v + "' (only " +
                                                            std::string(kInterchangeFormatVersion) +
                                                            " is supported)");
  }
  auto gvr = (*meta)->find("genesis_validators_root");
  if (gvr == (*meta)->end()) return bad("$.metadata.genesis_validators_root", "missing");
  return parse_hex<32>(*gvr, "$.metadata.genesis_validators_root");
}

json root_json(const SigningRoot& r) { return util::to_hex0x(r); }

}  // namespace

Result<Interchange> parse_interchange(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return bad("$", "not valid JSON");
  if (!doc.is_object()) return bad("$", "expected object, got " + type_name(doc));
  Interchange ic;
  auto gvr = parse_metadata(doc);
  if (!gvr) return gvr.error();
  ic.genesis_validators_root = *gvr;
  auto data = field(doc, "$", "data", json::value_t::array);
  if (!data) return data.error();
  for (std::size_t i = 0; i < (*data)->size(); ++i) {
    auto rec = parse_record((**data)[i], "$.data[" + std::to_string(i) + "]");
    if (!rec) return rec.error();
    ic.data.push_back(std::move(*rec));
  }
  return ic;
}

std::string serialize_interchange(const Interchange& ic) {
  json doc = json::object();
  doc["metadata"] = {{"interchange_format_version", std::string(kInterchangeFormatVersion)},
                     {"genesis_validators_root", root_json(ic.genesis_validators_root)}};
  json data = json::array();
  for (const auto& rec : ic.data) {
    json blocks = json::array();
    for (const auto& b : rec.signed_blocks) {
      json jb = {{"slot", std::to_string(b.slot)}};
      if (b.signing_root) jb["signing_root"] = root_json(*b.signing_root);
      blocks.push_back(std::move(jb));
    }
    json atts = json::array();
    for (const auto& a : rec.signed_attestations) {
      json ja = {{"source_epoch", std::to_string(a.source_epoch)},
                 {"target_epoch", std::to_string(a.target_epoch)}};
      if (a.signing_root) ja["signing_root"] = root_json(*a.signing_root);
      atts.push_back(std::move(ja));
    }
    data.push_back({{"pubkey", util::to_hex0x(rec.pubkey)},
                    {"signed_blocks", std::move(blocks)},
                    {"signed_attestations", std::move(atts)}});
  }
  doc["data"] = std::move(data);
  return doc.dump(2) + "\n";
}

}  // namespace stakepool::eth
