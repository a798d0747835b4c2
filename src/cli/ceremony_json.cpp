#include "ceremony_json.hpp"

#include "commands.hpp"
#include "stakepool/threshold/ceremony_build.hpp"
#include "vector_report.hpp"

namespace stakepool::cli {
namespace {

using nlohmann::json;
using threshold::G1Bytes;

std::string hx(std::span<const uint8_t> b) { return util::to_hex0x(b); }

json members_json(const std::vector<threshold::Member>& ms) {
  json a = json::array();
  for (const auto& m : ms) a.push_back({{"index", m.index}, {"sign_pk", hx(m.sign_pk)}, {"enc_pk", hx(m.enc_pk)}});
  return a;
}

json bytes_list(const std::vector<util::Bytes>& v) {
  json a = json::array();
  for (const auto& b : v) a.push_back(hx(b));
  return a;
}

template <std::size_t N>
std::array<uint8_t, N> fixed(StrictJson& o, const std::string& key) {
  util::Bytes b = o.hex(key);
  if (b.size() != N) {
    throw VectorError(o.path() + "." + key + ": expected " + std::to_string(N) + " bytes, got " +
                      std::to_string(b.size()));
  }
  std::array<uint8_t, N> a{};
  std::copy(b.begin(), b.end(), a.begin());
  return a;
}

threshold::G1 point(StrictJson& o, const std::string& key) {
  auto p = threshold::g1_from_bytes(fixed<48>(o, key));
  if (!p) throw VectorError(o.path() + "." + key + ": not a valid G1 point");
  return *p;
}

uint32_t u32(StrictJson& o, const std::string& key) {
  const json& v = o.take(key);
  if (!v.is_number_unsigned() || v.get<uint64_t>() > UINT32_MAX) {
    throw VectorError(o.path() + "." + key + ": expected an unsigned 32-bit integer");
  }
  return v.get<uint32_t>();
}

std::vector<threshold::Member> members(StrictJson& o, const std::string& key) {
  std::vector<threshold::Member> out;
  for (StrictJson* m : o.objs(key)) out.push_back({u32(*m, "index"), fixed<32>(*m, "sign_pk"), fixed<32>(*m, "enc_pk")});
  return out;
}

std::vector<util::Bytes> hex_list(StrictJson& o, const std::string& key) {
  std::vector<util::Bytes> out;
  for (const std::string& s : o.strs(key)) {
    auto b = util::from_hex(s);
    if (!b) throw VectorError(o.path() + "." + key + ": " + b.error().message);
    out.push_back(*b);
  }
  return out;
}

std::vector<uint32_t> index_list(StrictJson& o, const std::string& key) {
  const json& a = o.take(key);
  if (!a.is_array()) throw VectorError(o.path() + "." + key + ": expected an array");
  std::vector<uint32_t> out;
  for (const auto& v : a) {
    if (!v.is_number_unsigned()) throw VectorError(o.path() + "." + key + ": expected unsigned integers");
    out.push_back(v.get<uint32_t>());
  }
  return out;
}

void read_reshare(StrictJson& o, threshold::CeremonyRecord& r) {
  if (!o.has("reshare")) return;
  StrictJson& rs = o.obj("reshare");
  threshold::ReshareInfo info;
  info.old_threshold = u32(rs, "old_threshold");
  info.group_key = point(rs, "group_key");
  for (StrictJson* s : rs.objs("old_share_pubkeys")) info.old_share_pubkeys[u32(*s, "index")] = point(*s, "pubkey");
  r.config.reshare = info;
}

}  // namespace

json record_to_json(const threshold::CeremonyRecord& r) {
  const auto& c = r.config;
  json j;
  j["format"] = kRecordFormat;
  j["kind"] = c.reshare ? "reshare" : "dkg";
  j["session"] = hx(c.session);
  j["threshold"] = c.threshold;
  j["secrets"] = c.secrets;  // K keys dealt at once (multi-secret DKG); 1 for a plain ceremony
  j["deadlines_ms"] = {c.deadlines.deal.ms, c.deadlines.response.ms, c.deadlines.justification.ms,
                       c.deadlines.finalize.ms};
  j["dealers"] = members_json(c.dealers);
  j["recipients"] = members_json(c.recipients);
  if (c.reshare) {
    json olds = json::array();
    for (const auto& [idx, pk] : c.reshare->old_share_pubkeys) {
      olds.push_back({{"index", idx}, {"pubkey", hx(threshold::g1_to_bytes(pk))}});
    }
    j["reshare"] = {{"old_threshold", c.reshare->old_threshold},
                    {"group_key", hx(threshold::g1_to_bytes(c.reshare->group_key))},
                    {"old_share_pubkeys", olds}};
  }
  j["qual"] = r.qual;
  json poly = json::array();
  for (const auto& p : r.pub.coeffs) poly.push_back(hx(threshold::g1_to_bytes(p)));
  j["public_polynomial"] = poly;
  j["group_public_key"] = r.pub.coeffs.empty() ? "" : hx(threshold::g1_to_bytes(r.pub.coeffs[0]));
  json spks = json::array();
  auto pks = threshold::share_pubkeys_vartime(r.pub, c.recipients.size());
  for (std::size_t i = 0; i < pks.size(); ++i) {
    spks.push_back({{"index", i + 1}, {"pubkey", hx(threshold::g1_to_bytes(pks[i]))}});
  }
  j["share_public_keys"] = spks;
  j["result_hash"] = hx(r.result_hash);
  j["transcript"] = bytes_list(r.transcript);
  j["transcript_hash"] = hx(r.transcript_hash);
  j["confirmations"] = bytes_list(r.finalizes);
  j["erasures"] = bytes_list(r.erasures);
  return j;
}

threshold::CeremonyRecord record_from_json(const json& j) {
  try {
    if (!j.is_object()) throw VectorError("record: expected a JSON object");
    StrictJson o(j, "record");
    o.expect_str("format", kRecordFormat);
    std::string kind = o.str("kind");
    threshold::CeremonyRecord r;
    r.config.session = fixed<32>(o, "session");
    r.config.threshold = u32(o, "threshold");
    if (o.has("secrets")) {  // absent in records written before K was stored: one secret
      r.config.secrets = u32(o, "secrets");
      if (r.config.secrets < 1 || r.config.secrets > threshold::kMaxSecrets) {
        throw VectorError("record.secrets: expected 1.." + std::to_string(threshold::kMaxSecrets) + ", got " +
                          std::to_string(r.config.secrets));
      }
    }
    auto dl = index_list(o, "deadlines_ms");
    if (dl.size() != 4) throw VectorError("record.deadlines_ms: expected 4 deadlines");
    r.config.deadlines = {{dl[0]}, {dl[1]}, {dl[2]}, {dl[3]}};
    r.config.dealers = members(o, "dealers");
    r.config.recipients = members(o, "recipients");
    read_reshare(o, r);
    if ((kind == "reshare") != r.config.reshare.has_value()) throw VectorError("record.kind does not match the reshare section");
    r.qual = index_list(o, "qual");
    for (const std::string& s : o.strs("public_polynomial")) {
      auto b = util::from_hex_fixed<48>(s, "record.public_polynomial");
      auto p = b ? threshold::g1_from_bytes(*b) : std::nullopt;
      if (!p) throw VectorError("record.public_polynomial: invalid G1 point");
      r.pub.coeffs.push_back(*p);
    }
    threshold::G1 gk = point(o, "group_public_key");
    if (r.pub.coeffs.empty() || !crypto::eq(gk, r.pub.coeffs[0])) {
      throw VectorError("record.group_public_key differs from the polynomial's constant term");
    }
    auto spks = o.objs("share_public_keys");
    auto want = threshold::share_pubkeys_vartime(r.pub, r.config.recipients.size());
    if (spks.size() != want.size()) throw VectorError("record.share_public_keys: wrong count");
    for (std::size_t i = 0; i < spks.size(); ++i) {
      if (u32(*spks[i], "index") != i + 1 || !crypto::eq(point(*spks[i], "pubkey"), want[i])) {
        throw VectorError("record.share_public_keys[" + std::to_string(i) + "] is not the polynomial's value");
      }
    }
    r.result_hash = fixed<32>(o, "result_hash");
    r.transcript = hex_list(o, "transcript");
    r.transcript_hash = fixed<32>(o, "transcript_hash");
    r.finalizes = hex_list(o, "confirmations");
    r.erasures = hex_list(o, "erasures");
    o.finish();
    return r;
  } catch (const VectorError& e) {
    throw CliError(std::string("invalid ceremony record: ") + e.what());
  }
}

}  // namespace stakepool::cli
