#pragma once
// Shared by single and batch verification (same decoding, same equation): a signature whose
// encodings passed the checks, with its challenge scalar k = SHA-512(R || A || M) mod L.
#include <cstdint>
#include <span>

#include "ed25519_point.hpp"
#include "ed25519_scalar.hpp"
#include "stakepool/crypto/ed25519.hpp"

namespace stakepool::crypto::ed25519::detail {

struct Prepared {
  const VerifyKey* key;
  const uint8_t* sig;  // 64 bytes: R || s
  P3 r;                // R decoded
  Sc s;                // s < L
  Sc k;                // challenge
};

// prepare_vartime: checks s < L and decodes R, then hashes. False when either check fails.
bool prepare_vartime(Prepared& out, const VerifyKey& key, std::span<const uint8_t> msg,
                     const uint8_t sig[64]);
// check_prepared_vartime: the cofactored equation [8]([s]B - R - [k]A) = O for one signature.
bool check_prepared_vartime(const Prepared& p);
// naf_parts: width-w NAFs of the kParts 64-bit limbs of `a`.
void naf_parts(Naf out[kParts], const Sc& a, int w, bool negate);
// key_terms: the Straus terms of -[c]A for `key` (kParts terms for a full key, one 253-bit term
// for a small one); returns how many were written.
int key_terms(Naf nafs[kParts], Term terms[kParts], const VerifyKey& key, const Sc& c);

}  // namespace stakepool::crypto::ed25519::detail
