#pragma once
// JSON forms of threshold sharing, recovery and combination
// (doc/formats/threshold.md), shared by `stakepool threshold split|combine` and
// `stakepool vectors threshold`. Hex is 0x-prefixed, scalars 32 bytes
// big-endian, G1 48 and G2 96 bytes compressed; share indices are JSON
// integers.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/threshold/feldman.hpp"
#include "stakepool/threshold/signing.hpp"
#include "vector_report.hpp"

namespace stakepool::cli {

// IndexedBytes: {"index": N, "<field>": "0x…"} as read, before any validation
// of either value.
struct IndexedBytes {
  uint64_t index = 0;
  util::Bytes bytes;
};

// read_index: a JSON unsigned integer (any value; range checks come later, with
// specific errors).
uint64_t read_index(StrictJson& o, const std::string& key);
// read_indexed: an array of {"index", <field>} objects.
std::vector<IndexedBytes> read_indexed(StrictJson& o, const std::string& key,
                                       const std::string& field);

// SplitResult: shares f(j), share public keys F(j) = f(j)·G1 (from the Feldman
// commitments) and the group public key f(0)·G1, for the given distinct
// indices.
struct SplitResult {
  std::vector<threshold::SecretShare> shares;
  std::vector<threshold::G1> share_pubkeys;
  threshold::G1 group_pubkey;
};
SplitResult split_polynomial(const threshold::SecretPolynomial& poly,
                             std::span<const threshold::ShareIndex> idx);

// write_split_json prints {"threshold", "shares", "share_pubkeys",
// "group_pubkey"} to `out`; the share secrets go from self-wiping buffers
// straight to the stream.
void write_split_json(std::FILE* out, std::size_t t, const SplitResult& r);

// share_index: `v` as a ShareIndex, or an error naming `what` (index 0, index
// too large).
std::optional<threshold::ShareIndex> share_index(uint64_t v, const std::string& what,
                                                 std::string& error);

// CombineRequest: the input of `threshold combine` and of a combine vector.
struct CombineRequest {
  uint64_t threshold = 0;
  util::Bytes group_pubkey, message;
  std::vector<IndexedBytes> share_pubkeys, partials;
};
// read_combine_request reads {threshold, group_pubkey, message,
// share_pubkeys[{index, pubkey}], partial_signatures[{index, signature}]};
// throws VectorError on missing/mistyped fields.
CombineRequest read_combine_request(StrictJson& in);

// CombineOutcome: the signature, or the reason there is none. `dropped` lists
// partials that were left out (index and reason); `valid` the partials that
// verified, in input order.
struct CombineOutcome {
  std::optional<crypto::bls::Signature> signature;
  std::string error;
  std::vector<std::pair<uint64_t, std::string>> dropped;
  std::vector<threshold::Partial> valid;
};

// combine_request validates the keys (specific errors: index 0, too large or
// repeated indices, bad encodings, points not in the subgroup), drops partials
// that do not parse or do not verify against their share public key (batched,
// bisection), combines the first `threshold` valid ones and checks the result
// against group_pubkey.
CombineOutcome combine_request(const CombineRequest& r, util::Rng& rng);

}  // namespace stakepool::cli
