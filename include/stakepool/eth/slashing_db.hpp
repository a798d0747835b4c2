#pragma once
// SlashingDb: slashing protection for one signer (validator keys or key shares), an SQLite
// database (WAL, synchronous=FULL). Every check_and_record_* call checks a message against the
// recorded history and records it in the SAME transaction (BEGIN IMMEDIATE ... COMMIT), so once it
// returns success the signing is durable and any later conflicting request is refused, even from
// another process opening the same file. A refused request writes nothing. (DESIGN.md §3, EIP-3076)
//
// Semantics (EIP-3076 "Supporting Different Strategies"):
//  - kComplete keeps every signed message. It refuses a block at a slot already signed with another
//    (or an unknown) root, a block at or below the lowest recorded slot, an attestation whose
//    target was already signed with another root (double vote), that surrounds or is surrounded by
//    a recorded one, whose source is below the lowest recorded source or whose target is at or
//    below the lowest recorded target. Re-signing an identical recorded message (same slot or
//    source/target and same signing_root) succeeds and records nothing new.
//  - kMinimal keeps only watermarks per key: the highest block slot, source and target epoch seen
//    (signed or imported). It refuses any block with slot <= the slot watermark and any
//    attestation with source < the source watermark or target <= the target watermark.
// Both refuse an attestation with source > target (kInvalidArgument).
//
// Not thread safe: one SlashingDb per thread (SQLite serialises processes with file locks).
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "stakepool/eth/interchange.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::eth {

// SlashingMode: which EIP-3076 strategy a database uses; fixed when the database is created.
enum class SlashingMode { kMinimal, kComplete };

// slashing_mode_name returns "minimal" or "complete".
std::string_view slashing_mode_name(SlashingMode m);

// BlockRequest / AttestationRequest: one signing to check and record in a batch.
struct BlockRequest {
  PubkeyBytes pubkey{};
  uint64_t slot = 0;
  SigningRoot signing_root{};
};
struct AttestationRequest {
  PubkeyBytes pubkey{};
  uint64_t source_epoch = 0;
  uint64_t target_epoch = 0;
  SigningRoot signing_root{};
};
using SigningRequest = std::variant<BlockRequest, AttestationRequest>;

// ImportSummary: what import_interchange merged.
struct ImportSummary {
  std::size_t validators = 0;    // distinct public keys in the file
  std::size_t blocks = 0;        // signed_blocks entries read
  std::size_t attestations = 0;  // signed_attestations entries read
};

class SlashingDb {
 public:
  // kMemoryPath opens a private in-memory database (simulation, tests): same code, no file.
  static constexpr const char* kMemoryPath = ":memory:";

  // open opens the database at `path`, creating it (with `mode` and `genesis_validators_root`) if
  // it does not exist or is empty. Fails with kCorrupt for a file that is not an SQLite database
  // or not a stakepool slashing-protection database (foreign tables, wrong application id, schema
  // version), and kInvalidArgument when the stored genesis_validators_root or mode differs.
  static Result<SlashingDb> open(const std::string& path, SlashingMode mode,
                                 const SigningRoot& genesis_validators_root);
  // open_existing opens an existing database with the mode and genesis_validators_root stored in
  // it. Fails with kNotFound if there is no file at `path`, otherwise as open().
  static Result<SlashingDb> open_existing(const std::string& path);

  SlashingDb(SlashingDb&&) noexcept;
  SlashingDb& operator=(SlashingDb&&) noexcept;
  ~SlashingDb();

  SlashingMode mode() const;
  const SigningRoot& genesis_validators_root() const;

  // check_and_record_block checks a proposal by `pubkey` (48 bytes, else kInvalidArgument) and
  // records it. Fails with kSlashable naming the conflict (nothing recorded), or kIo/kCorrupt/
  // kUnavailable from the database.
  Status check_and_record_block(std::span<const uint8_t> pubkey, uint64_t slot,
                                const SigningRoot& signing_root);
  // check_and_record_attestation does the same for an attestation source -> target.
  Status check_and_record_attestation(std::span<const uint8_t> pubkey, uint64_t source_epoch,
                                      uint64_t target_epoch, const SigningRoot& signing_root);
  // check_and_record_batch checks and records `reqs` in order in ONE transaction (one fsync); each
  // request sees those before it. Returns one Status per request (kSlashable/kInvalidArgument for
  // refused ones, which record nothing); fails as a whole (recording nothing) only on a database
  // error.
  Result<std::vector<Status>> check_and_record_batch(std::span<const SigningRequest> reqs);
  // check_batch answers what check_and_record_batch would, recording nothing (the transaction is
  // rolled back): for a consensus value hook that refuses slashable duty data before agreeing.
  Result<std::vector<Status>> check_batch(std::span<const SigningRequest> reqs);

  // import_interchange merges `ic` in one transaction: complete databases add every message
  // (a slot or target seen twice with different or missing roots keeps an unknown root); minimal
  // databases raise their watermarks to the file's maxima. Fails with kInvalidArgument (nothing
  // written) if ic.genesis_validators_root differs from the database's.
  Result<ImportSummary> import_interchange(const Interchange& ic);
  // export_interchange returns the whole database as an interchange document (complete: every
  // message; minimal: per key one block at the slot watermark and one attestation at the
  // source/target watermarks), keys in insertion order, messages sorted.
  Result<Interchange> export_interchange();

  // signed_blocks / signed_attestations return what is recorded for `pubkey` (empty if unknown):
  // the history (complete) or the watermarks as one message (minimal).
  Result<std::vector<SignedBlock>> signed_blocks(std::span<const uint8_t> pubkey);
  Result<std::vector<SignedAttestation>> signed_attestations(std::span<const uint8_t> pubkey);

  // Impl: the implementation (src/eth/slashing_impl.hpp); opaque to callers.
  struct Impl;

 private:
  explicit SlashingDb(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stakepool::eth
