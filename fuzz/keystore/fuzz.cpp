// Fuzz target: EIP-2335 keystore JSON (eth::parse_keystore) on arbitrary bytes. Parsing must never
// crash; a keystore that parses must serialise (keystore_to_json) to text that parses to the same
// keystore and serialises to the same text. No decryption (the KDFs are deliberately slow).
#include <cstdint>
#include <string>
#include <string_view>

#include "stakepool/eth/keystore.hpp"
#include "stakepool/util/check.hpp"

using namespace stakepool;
using namespace stakepool::eth;

namespace {

bool same_kdf(const KdfParams& a, const KdfParams& b) {
  if (a.kind != b.kind || a.dklen != b.dklen || a.salt != b.salt) return false;
  if (a.kind == KdfKind::kPbkdf2) return a.c == b.c;
  return a.n == b.n && a.r == b.r && a.p == b.p;
}

bool same(const Keystore& a, const Keystore& b) {
  return same_kdf(a.kdf, b.kdf) && a.checksum == b.checksum && a.iv == b.iv &&
         a.cipher_message == b.cipher_message && a.description == b.description &&
         a.pubkey == b.pubkey && a.path == b.path && a.uuid == b.uuid;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto ks = parse_keystore(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!ks) return 0;
  const std::string text = keystore_to_json(*ks);
  auto again = parse_keystore(text);
  SP_CHECK(again.has_value());
  SP_CHECK(same(*ks, *again));
  SP_CHECK(keystore_to_json(*again) == text);
  return 0;
}
