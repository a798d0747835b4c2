#pragma once
// Start-up known-answer self-test of the crypto module (STYLE.md L7): catches a miscompile or a
// wrong CPU path before any key is used. A few milliseconds; the CLI runs it once before every
// command and refuses to run when it fails.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace stakepool::crypto {

// The embedded known answers: the Ethereum BLS vector (sign and verify handlers of
// ethereum/bls12-381-tests; tests/crypto/self_test_test.cpp finds these exact values in the
// official vector files) and SHA-256("abc") of FIPS 180-2.
struct SelfTestVector {
  std::string_view secret_key;  // hex, 32 bytes
  std::string_view message;     // hex, 32 bytes
  std::string_view public_key;  // hex, 48 bytes compressed
  std::string_view signature;   // hex, 96 bytes compressed
};
// kSelfTestBls: sk 263dbd79..., message 32 zero bytes.
extern const SelfTestVector kSelfTestBls;
// kSelfTestSha256Abc: hex SHA-256 of "abc".
extern const std::string_view kSelfTestSha256Abc;

// self_test runs the known-answer test: SHA-256, sk -> pk (constant-time G1 mul), sign
// (hash-to-G2 + constant-time G2 mul + compression), verify (decompression, subgroup checks,
// pairing), Fp inversion, and — when the MULX/ADCX/ADOX path is active — its Fp
// mul/square/wide-mul/reduction against the portable code. Returns "" on success, else which check failed.
std::string self_test();

// self_test_once runs self_test on the first call only (thread safe) and returns its result.
const std::string& self_test_once();

}  // namespace stakepool::crypto
