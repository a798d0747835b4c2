// JSON forms of threshold sharing and combination (see threshold_io.hpp).
#include "threshold_io.hpp"

#include <algorithm>
#include <set>

#include "secret_files.hpp"
#include "stakepool/threshold/ceremony_build.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::cli {
namespace {

namespace th = threshold;
namespace bls = crypto::bls;

std::string g1_hex(const th::G1& p) { return util::to_hex0x(th::g1_to_bytes(p)); }

// check_key_indices: every index in 1..kMaxShares and distinct; returns "" or
// the problem.
std::string check_key_indices(const std::vector<IndexedBytes>& v, const std::string& what) {
  std::set<uint64_t> seen;
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::string err;
    if (!share_index(v[i].index, what + "[" + std::to_string(i) + "].index", err)) return err;
    if (!seen.insert(v[i].index).second)
      return what + ": duplicate index " + std::to_string(v[i].index);
  }
  return "";
}

// parse_share_keys: validated share public keys, or an error naming the
// offending entry.
std::optional<std::vector<th::SharePublicKey>> parse_share_keys(const std::vector<IndexedBytes>& in,
                                                                std::string& error) {
  error = check_key_indices(in, "share_pubkeys");
  if (!error.empty()) return std::nullopt;
  std::vector<th::SharePublicKey> keys;
  for (std::size_t i = 0; i < in.size(); ++i) {
    auto pk = bls::PublicKey::parse(in[i].bytes);
    if (!pk) {
      error = "share_pubkeys[" + std::to_string(i) + "].pubkey: " + bls::to_string(pk.error());
      return std::nullopt;
    }
    keys.push_back({*th::ShareIndex::make(in[i].index), *pk});
  }
  return keys;
}

// parse_partials: partials whose signature parses; the others go to `dropped`
// with the reason.
std::vector<th::Partial> parse_partials(const std::vector<IndexedBytes>& in, CombineOutcome& out) {
  std::vector<th::Partial> parts;
  for (const IndexedBytes& p : in) {
    auto sig = bls::Signature::parse(p.bytes);
    if (!sig)
      out.dropped.emplace_back(p.index, bls::to_string(sig.error()));
    else
      parts.push_back({*th::ShareIndex::make(p.index), *sig});
  }
  return parts;
}

void put(std::FILE* out, std::string_view s) { std::fwrite(s.data(), 1, s.size(), out); }

}  // namespace

uint64_t read_index(StrictJson& o, const std::string& key) {
  const nlohmann::json& v = o.take(key);
  if (!v.is_number_unsigned())
    throw VectorError(o.path() + "." + key + ": expected a non-negative integer");
  return v.get<uint64_t>();
}

std::vector<IndexedBytes> read_indexed(StrictJson& o, const std::string& key,
                                       const std::string& field) {
  std::vector<IndexedBytes> out;
  for (StrictJson* e : o.objs(key)) {
    IndexedBytes ib;
    ib.index = read_index(*e, "index");
    ib.bytes = e->hex(field);
    out.push_back(std::move(ib));
  }
  return out;
}

std::optional<th::ShareIndex> share_index(uint64_t v, const std::string& what, std::string& error) {
  if (v == 0) {
    error = what +
            ": share index 0 is not allowed (0 is the secret's own "
            "evaluation point)";
    return std::nullopt;
  }
  auto idx = th::ShareIndex::make(v);
  if (!idx)
    error =
        what + ": share index " + std::to_string(v) + " exceeds " + std::to_string(th::kMaxShares);
  return idx;
}

SplitResult split_polynomial(const th::SecretPolynomial& poly,
                             std::span<const th::ShareIndex> idx) {
  SplitResult r;
  const th::PublicPolynomial pub = th::commit(poly);
  r.group_pubkey = pub.coeffs[0];
  for (th::ShareIndex j : idx) {
    r.shares.push_back(th::SecretShare{j, poly.evaluate(j)});
    r.share_pubkeys.push_back(th::evaluate_vartime(pub, j));
  }
  return r;
}

void write_split_json(std::FILE* out, std::size_t t, const SplitResult& r) {
  put(out, "{\n  \"threshold\": " + std::to_string(t) + ",\n  \"shares\": [");
  for (std::size_t i = 0; i < r.shares.size(); ++i) {
    put(out, std::string(i ? "," : "") + "\n    {\"index\": " +
                 std::to_string(r.shares[i].index.value()) + ", \"secret\": \"0x");
    th::ScalarBytes b = th::fr_to_bytes(r.shares[i].value.expose());
    const util::SecretBytes hex = secret_hex(b);
    util::secure_zero(b.data(), b.size());
    std::fwrite(hex.expose().data(), 1, hex.size(), out);
    put(out, "\"}");
  }
  put(out, "\n  ],\n  \"share_pubkeys\": [");
  for (std::size_t i = 0; i < r.share_pubkeys.size(); ++i) {
    put(out, std::string(i ? "," : "") +
                 "\n    {\"index\": " + std::to_string(r.shares[i].index.value()) +
                 ", \"pubkey\": \"" + g1_hex(r.share_pubkeys[i]) + "\"}");
  }
  put(out, "\n  ],\n  \"group_pubkey\": \"" + g1_hex(r.group_pubkey) + "\"\n}\n");
  std::fflush(out);
}

CombineRequest read_combine_request(StrictJson& in) {
  CombineRequest r;
  r.threshold = read_index(in, "threshold");
  r.group_pubkey = in.hex("group_pubkey");
  r.message = in.hex("message");
  r.share_pubkeys = read_indexed(in, "share_pubkeys", "pubkey");
  r.partials = read_indexed(in, "partial_signatures", "signature");
  return r;
}

CombineOutcome combine_request(const CombineRequest& r, util::Rng& rng) {
  CombineOutcome out;
  if (r.threshold == 0 || r.threshold > th::kMaxShares) {
    out.error = "threshold must be between 1 and " + std::to_string(th::kMaxShares);
    return out;
  }
  auto group = bls::PublicKey::parse(r.group_pubkey);
  if (!group) {
    out.error = std::string("group_pubkey: ") + bls::to_string(group.error());
    return out;
  }
  auto keys = parse_share_keys(r.share_pubkeys, out.error);
  if (!keys) return out;
  out.error = check_key_indices(r.partials, "partial_signatures");
  if (!out.error.empty()) return out;
  std::vector<th::Partial> parts = parse_partials(r.partials, out);
  auto invalid = th::find_invalid_partials(parts, *keys, r.message, rng);
  for (const th::Partial& p : parts) {
    if (!std::binary_search(invalid.begin(), invalid.end(), p.index)) {
      out.valid.push_back(p);
      continue;
    }
    bool has_key =
        std::any_of(keys->begin(), keys->end(), [&](const auto& k) { return k.index == p.index; });
    out.dropped.emplace_back(p.index.value(), has_key
                                                  ? "does not verify against its share public key"
                                                  : "no share public key for this index");
  }
  if (out.valid.size() < r.threshold) {
    out.error = "only " + std::to_string(out.valid.size()) + " valid partial signature(s), need " +
                std::to_string(r.threshold);
    return out;
  }
  bls::Signature sig = bls::Signature::from_point_unchecked_subgroup({});
  (void)th::combine(out.valid, r.threshold,
                    sig);  // distinct valid indices: cannot fail
  if (!bls::verify(*group, r.message, sig)) {
    out.error =
        "the combined signature does not verify against group_pubkey "
        "(share public keys do not "
        "belong to it)";
    return out;
  }
  out.signature = sig;
  return out;
}

}  // namespace stakepool::cli
