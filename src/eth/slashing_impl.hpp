#pragma once
// Private state of SlashingDb shared by slashing_db.cpp (open, checks) and
// slashing_interchange_db.cpp (import/export).
#include <optional>

#include "sqlite.hpp"
#include "stakepool/eth/slashing_db.hpp"

namespace stakepool::eth {

// Marks: a validator row — its id and the lowest/highest slot, source and target recorded.
struct Marks {
  int64_t id = 0;  // 0: the key has no row yet
  std::optional<int64_t> min_slot, max_slot, min_source, max_source, min_target, max_target;
};

struct SlashingDb::Impl {
  sqlite::Connection conn;
  SlashingMode mode = SlashingMode::kComplete;
  SigningRoot gvr{};

  // Prepared statements (schema in slashing_db.cpp).
  sqlite::Stmt find_validator;      // ?1 pubkey -> id, min/max slot, source, target
  sqlite::Stmt insert_validator;    // ?1 pubkey
  sqlite::Stmt update_block_marks;  // ?1 id, ?2 slot
  sqlite::Stmt update_att_marks;    // ?1 id, ?2 source, ?3 target
  sqlite::Stmt block_at;            // ?1 id, ?2 slot -> signing_root
  sqlite::Stmt upsert_block;     // ?1 id, ?2 slot, ?3 root (conflict: keep equal root, else NULL)
  sqlite::Stmt atts_at_target;   // ?1 id, ?2 target -> source, signing_root
  sqlite::Stmt surrounded_by;    // ?1 id, ?2 source, ?3 target -> a recorded vote surrounding it
  sqlite::Stmt surrounding;      // ?1 id, ?2 source, ?3 target -> a recorded vote it surrounds
  sqlite::Stmt upsert_att;       // ?1 id, ?2 source, ?3 target, ?4 root
  sqlite::Stmt list_validators;  // -> id, pubkey (insertion order)
  sqlite::Stmt list_blocks;      // ?1 id -> slot, signing_root
  sqlite::Stmt list_atts;        // ?1 id -> source, target, signing_root

  Status prepare_statements();
  // marks reads the row of `pubkey` (id 0 if absent).
  Result<Marks> marks(std::span<const uint8_t> pubkey);
  // ensure_validator creates the row of `pubkey` if m.id == 0 and sets m.id.
  Status ensure_validator(std::span<const uint8_t> pubkey, Marks& m);
  // record_*_history insert history rows (complete mode only; a repeated slot or vote with another
  // or no root keeps an unknown root); record_block / record_attestation also move the marks.
  Status record_block_history(int64_t id, int64_t slot, const std::optional<SigningRoot>& root);
  Status record_attestation_history(int64_t id, int64_t source, int64_t target,
                                    const std::optional<SigningRoot>& root);
  Status record_block(int64_t id, int64_t slot, const std::optional<SigningRoot>& root);
  Status record_attestation(int64_t id, int64_t source, int64_t target,
                            const std::optional<SigningRoot>& root);
  // check_block / check_attestation check and record one request inside an open transaction.
  // Refusals are kSlashable / kInvalidArgument; other codes are database failures.
  Status check_block(const BlockRequest& r);
  Status check_attestation(const AttestationRequest& r);
  Status check_attestation_complete(const AttestationRequest& r, const Marks& m);
};

// is_refusal tells a per-request refusal from a database failure.
inline bool is_refusal(const Error& e) {
  return e.code == Errc::kSlashable || e.code == Errc::kInvalidArgument;
}

}  // namespace stakepool::eth
