// Fuzz target: strict SSZ decoding of the duty containers (eth::ssz::decode). The first byte picks
// the type, the rest is the input. Whatever decodes must be canonical: re-encoding gives back the
// exact input, and decoding is deterministic; hash_tree_root must not crash.
#include <cstdint>
#include <span>

#include "stakepool/eth/ssz.hpp"
#include "stakepool/eth/types.hpp"
#include "stakepool/util/check.hpp"

using namespace stakepool;
using namespace stakepool::eth;

namespace {

template <typename T>
void check(std::span<const uint8_t> in) {
  auto r = ssz::decode<T>(in);
  if (!r) return;
  const ssz::Bytes enc = ssz::encode(*r);
  SP_CHECK(enc.size() == in.size() && std::equal(enc.begin(), enc.end(), in.begin()));
  auto again = ssz::decode<T>(enc);
  SP_CHECK(again.has_value() && *again == *r);
  (void)ssz::hash_tree_root(*r);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::span<const uint8_t> in(data + 1, size - 1);
  switch (data[0] % 10) {
    case 0: check<AttestationData>(in); break;
    case 1: check<BeaconBlockHeader>(in); break;
    case 2: check<Attestation>(in); break;
    case 3: check<AttestationElectra>(in); break;
    case 4: check<SignedAggregateAndProof>(in); break;
    case 5: check<SignedAggregateAndProofElectra>(in); break;
    case 6: check<IndexedAttestationElectraT<MinimalPreset>>(in); break;
    case 7: check<SignedContributionAndProof>(in); break;
    case 8: check<SingleAttestation>(in); break;
    default: check<SignedValidatorRegistration>(in); break;
  }
  return 0;
}
