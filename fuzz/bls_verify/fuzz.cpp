// Fuzz target: BLS signature verification on untrusted bytes (crypto/bls.hpp). The input is
//   pk (48 bytes) || sig (96 bytes) || msg (the rest);
// shorter inputs are tried as a public key alone. Nothing may crash; when both parse, verify returns
// a bool that fast_aggregate_verify and aggregate_verify over the single key must agree with, and
// the parsed values re-encode to the input bytes.
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/util/check.hpp"

namespace bls = stakepool::crypto::bls;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> in(data, size);
  if (size < bls::kPublicKeySize + bls::kSignatureSize) {
    (void)bls::key_validate(in);
    return 0;
  }
  const auto pk_bytes = in.first(bls::kPublicKeySize);
  const auto sig_bytes = in.subspan(bls::kPublicKeySize, bls::kSignatureSize);
  const auto msg = in.subspan(bls::kPublicKeySize + bls::kSignatureSize);
  auto pk = bls::PublicKey::parse(pk_bytes);
  SP_CHECK(pk.has_value() == bls::key_validate(pk_bytes));
  auto sig = bls::Signature::parse(sig_bytes);
  if (!pk || !sig) return 0;
  const auto pk_enc = pk->to_bytes();
  const auto sig_enc = sig->to_bytes();
  SP_CHECK(std::equal(pk_enc.begin(), pk_enc.end(), pk_bytes.begin()));
  SP_CHECK(std::equal(sig_enc.begin(), sig_enc.end(), sig_bytes.begin()));
  const bool ok = bls::verify(*pk, msg, *sig);
  const std::array<bls::PublicKey, 1> pks = {*pk};
  SP_CHECK(bls::fast_aggregate_verify(pks, msg, *sig) == ok);
  const std::array<std::span<const uint8_t>, 1> msgs = {msg};
  SP_CHECK(bls::aggregate_verify(pks, msgs, *sig) == ok);
  return 0;
}
