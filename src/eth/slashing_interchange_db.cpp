// SlashingDb: EIP-3076 import/export and history queries (see slashing_db.hpp).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <set>

#include "slashing_impl.hpp"
#include "stakepool/eth/slashing_db.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::eth {
namespace {

std::optional<SigningRoot> opt_root(const sqlite::Stmt& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  auto b = st.blob(col);
  SigningRoot r{};
  if (b.size() == r.size()) std::memcpy(r.data(), b.data(), r.size());
  return r;
}

// History: what one key has recorded (complete: history; minimal: watermarks as one message).
struct History {
  std::vector<SignedBlock> blocks;
  std::vector<SignedAttestation> atts;
};

Result<History> history(SlashingDb::Impl& d, const Marks& m) {
  History h;
  if (m.id == 0) return h;
  if (d.mode == SlashingMode::kMinimal) {
    if (m.max_slot) h.blocks.push_back({static_cast<uint64_t>(*m.max_slot), std::nullopt});
    if (m.max_target && m.max_source) {
      h.atts.push_back({static_cast<uint64_t>(*m.max_source), static_cast<uint64_t>(*m.max_target),
                        std::nullopt});
    }
    return h;
  }
  auto& bs = d.list_blocks.reset().bind(1, m.id);
  for (;;) {
    auto row = bs.step();
    if (!row) return row.error();
    if (!*row) break;
    h.blocks.push_back({static_cast<uint64_t>(bs.int64(0)), opt_root(bs, 1)});
  }
  auto& as = d.list_atts.reset().bind(1, m.id);
  for (;;) {
    auto row = as.step();
    if (!row) return row.error();
    if (!*row) break;
    h.atts.push_back(
        {static_cast<uint64_t>(as.int64(0)), static_cast<uint64_t>(as.int64(1)), opt_root(as, 2)});
  }
  return h;
}

// import_record merges one `data` entry: history rows (complete mode), then the marks, moved once
// to the entry's lowest and once to its highest values.
Status import_record(SlashingDb::Impl& d, const InterchangeRecord& rec) {
  auto m = d.marks(rec.pubkey);
  if (!m) return m.error();
  SP_TRY(d.ensure_validator(rec.pubkey, *m));
  if (!rec.signed_blocks.empty()) {
    auto [lo, hi] = std::minmax_element(
        rec.signed_blocks.begin(), rec.signed_blocks.end(),
        [](const SignedBlock& a, const SignedBlock& b) { return a.slot < b.slot; });
    for (const auto& b : rec.signed_blocks) {
      SP_TRY(d.record_block_history(m->id, static_cast<int64_t>(b.slot), b.signing_root));
    }
    for (uint64_t slot : {lo->slot, hi->slot}) {
      SP_TRY(d.update_block_marks.reset().bind(1, m->id).bind(2, static_cast<int64_t>(slot)).run());
    }
  }
  if (!rec.signed_attestations.empty()) {
    uint64_t smin = UINT64_MAX, smax = 0, tmin = UINT64_MAX, tmax = 0;
    for (const auto& a : rec.signed_attestations) {
      SP_TRY(d.record_attestation_history(m->id, static_cast<int64_t>(a.source_epoch),
                                          static_cast<int64_t>(a.target_epoch), a.signing_root));
      smin = std::min(smin, a.source_epoch);
      smax = std::max(smax, a.source_epoch);
      tmin = std::min(tmin, a.target_epoch);
      tmax = std::max(tmax, a.target_epoch);
    }
    for (auto [src, tgt] : {std::pair{smin, tmin}, std::pair{smax, tmax}}) {
      SP_TRY(d.update_att_marks.reset()
                 .bind(1, m->id)
                 .bind(2, static_cast<int64_t>(src))
                 .bind(3, static_cast<int64_t>(tgt))
                 .run());
    }
  }
  return {};
}

Status check_import_ranges(const Interchange& ic) {
  constexpr uint64_t kMax = static_cast<uint64_t>(INT64_MAX);
  for (const auto& rec : ic.data) {
    for (const auto& b : rec.signed_blocks) {
      if (b.slot > kMax) return make_error(Errc::kInvalidArgument, "interchange: slot > 2^63-1");
    }
    for (const auto& a : rec.signed_attestations) {
      if (a.source_epoch > kMax || a.target_epoch > kMax) {
        return make_error(Errc::kInvalidArgument, "interchange: epoch > 2^63-1");
      }
    }
  }
  return {};
}

}  // namespace

Result<ImportSummary> SlashingDb::import_interchange(const Interchange& ic) {
  if (ic.genesis_validators_root != impl_->gvr) {
    return make_error(Errc::kInvalidArgument, "interchange genesis_validators_root " +
                                                  util::to_hex0x(ic.genesis_validators_root) +
                                                  " does not match the database's " +
                                                  util::to_hex0x(impl_->gvr));
  }
  SP_TRY(check_import_ranges(ic));
  auto tx = sqlite::Transaction::begin(impl_->conn);
  if (!tx) return tx.error();
  ImportSummary sum;
  std::set<PubkeyBytes> keys;
  for (const auto& rec : ic.data) {
    SP_TRY(import_record(*impl_, rec));
    keys.insert(rec.pubkey);
    sum.blocks += rec.signed_blocks.size();
    sum.attestations += rec.signed_attestations.size();
  }
  sum.validators = keys.size();
  SP_TRY(tx->commit());
  return sum;
}

Result<Interchange> SlashingDb::export_interchange() {
  auto tx = sqlite::Transaction::begin(impl_->conn);  // one consistent snapshot
  if (!tx) return tx.error();
  Interchange ic;
  ic.genesis_validators_root = impl_->gvr;
  std::vector<PubkeyBytes> keys;
  auto& lv = impl_->list_validators.reset();
  for (;;) {
    auto row = lv.step();
    if (!row) return row.error();
    if (!*row) break;
    auto pk = lv.blob(1);
    if (pk.size() != 48) return make_error(Errc::kCorrupt, "validators.pubkey is not 48 bytes");
    PubkeyBytes k{};
    std::memcpy(k.data(), pk.data(), 48);
    keys.push_back(k);
  }
  for (const auto& k : keys) {
    auto m = impl_->marks(k);
    if (!m) return m.error();
    auto h = history(*impl_, *m);
    if (!h) return h.error();
    ic.data.push_back({k, std::move(h->blocks), std::move(h->atts)});
  }
  SP_TRY(tx->commit());
  return ic;
}

Result<std::vector<SignedBlock>> SlashingDb::signed_blocks(std::span<const uint8_t> pubkey) {
  if (pubkey.size() != 48) return make_error(Errc::kInvalidArgument, "pubkey: expected 48 bytes");
  auto m = impl_->marks(pubkey);
  if (!m) return m.error();
  auto h = history(*impl_, *m);
  if (!h) return h.error();
  return std::move(h->blocks);
}

Result<std::vector<SignedAttestation>> SlashingDb::signed_attestations(
    std::span<const uint8_t> pubkey) {
  if (pubkey.size() != 48) return make_error(Errc::kInvalidArgument, "pubkey: expected 48 bytes");
  auto m = impl_->marks(pubkey);
  if (!m) return m.error();
  auto h = history(*impl_, *m);
  if (!h) return h.error();
  return std::move(h->atts);
}

}  // namespace stakepool::eth
