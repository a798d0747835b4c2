// Value encodings of the merged duty instances (value_codec.hpp).
#include "duty/value_codec.hpp"

#include <algorithm>

#include "stakepool/consensus/types.hpp"
#include "stakepool/eth/ssz.hpp"
#include "stakepool/util/codec.hpp"

namespace stakepool::duty {

namespace {

constexpr uint32_t kMaxEntries = 4096;
constexpr uint8_t kPartAttestation = 1;
constexpr uint8_t kPartSyncRoot = 2;

template <typename T>
void write_list(util::ByteWriter& w, const std::vector<T>& entries) {
  w.u32(static_cast<uint32_t>(entries.size()));
  for (const T& e : entries) w.bytes(eth::ssz::encode(e));
}

template <typename T>
std::optional<std::vector<T>> read_list(util::ByteReader& r) {
  const uint32_t n = r.count(kMaxEntries, "entry count");
  std::vector<T> out;
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    auto e = eth::ssz::decode<T>(r.bytes(consensus::kMaxValueBytes, "entry"));
    if (!e) return std::nullopt;
    out.push_back(std::move(*e));
  }
  if (!r.ok()) return std::nullopt;
  return out;
}

}  // namespace

std::optional<util::Bytes> encode_attester_value(const AttesterValue& v) {
  if (!v.data && !v.sync_root) return std::nullopt;
  if (v.data && v.sync_root && *v.sync_root != v.data->beacon_block_root) return std::nullopt;
  util::ByteWriter w;
  w.u8(static_cast<uint8_t>((v.data ? kPartAttestation : 0) | (v.sync_root ? kPartSyncRoot : 0)));
  if (v.data) {
    w.raw(eth::ssz::encode(*v.data));
  } else {
    w.raw(*v.sync_root);
  }
  return w.take();
}

std::optional<AttesterValue> decode_attester_value(std::span<const uint8_t> in) {
  if (in.empty() || in[0] == 0 || in[0] > (kPartAttestation | kPartSyncRoot)) return std::nullopt;
  AttesterValue v;
  const auto rest = in.subspan(1);
  if ((in[0] & kPartAttestation) != 0) {
    auto data = eth::ssz::decode<eth::AttestationData>(rest);
    if (!data) return std::nullopt;
    v.data = *data;
    if ((in[0] & kPartSyncRoot) != 0) v.sync_root = data->beacon_block_root;
  } else {
    if (rest.size() != 32) return std::nullopt;
    v.sync_root.emplace();
    std::copy(rest.begin(), rest.end(), v.sync_root->begin());
  }
  return v;
}

std::optional<util::Bytes> encode_aggregator_value(const AggregatorValue& v) {
  if (v.aggregates.empty() && v.contributions.empty()) return std::nullopt;
  util::ByteWriter w;
  write_list(w, v.aggregates);
  write_list(w, v.contributions);
  return w.take();
}

std::optional<AggregatorValue> decode_aggregator_value(std::span<const uint8_t> in) {
  util::ByteReader r(in);
  auto aggregates = read_list<eth::AggregateAndProofElectra>(r);
  auto contributions = aggregates ? read_list<eth::ContributionAndProof>(r) : std::nullopt;
  if (!contributions || !r.finish() || (aggregates->empty() && contributions->empty())) {
    return std::nullopt;
  }
  return AggregatorValue{std::move(*aggregates), std::move(*contributions)};
}

}  // namespace stakepool::duty
