#pragma once
// Ed25519 signature VERIFICATION (RFC 8032 §5.1.7, pure Ed25519 without context), single and
// batch, written here. Signing stays in util::Ed25519SecretKey (OpenSSL, constant time). All
// functions in this file are variable time: keys, messages and signatures are public.
//
// Semantics (identical for verify_vartime and verify_batch_vartime, so two nodes can never
// disagree because one of them batched):
//   * the public key A must decode (RFC 8032 §5.1.3: y < p, on the curve, not x = 0 with the sign
//     bit set) and must not be one of the 8 points of small order (VerifyKey::parse);
//   * s (second half of the signature) must be < L, the group order; otherwise reject;
//   * R (first half) must decode like A (y < p, on the curve, no negative zero); R MAY have small
//     order or a small-order component;
//   * accept iff the COFACTORED equation [8]([s]B - R - [k]A) = O holds, where
//     k = SHA-512(R || A || M) mod L.
// This is ZIP-215's cofactored equation with RFC 8032's canonical encodings. Every honest RFC 8032
// signature passes it (then [s]B = R + [k]A exactly) and so do all of OpenSSL's. OpenSSL checks the
// cofactorless equation ([s]B - [k]A encodes to R); the two differ only when R or A carries a
// torsion component, which an honest signer never produces: such crafted signatures may pass here
// and fail in OpenSSL. Small-order keys (which make forgeries trivial) are refused at parse.
//
// Batch weights are derived deterministically (no RNG): 128-bit z_i taken four at a time from
// SHA-512("stakepool-ed25519-batch-v1" || seed || i/4), where seed hashes every item's A, R, s
// and k (k binds the message). A batch result is a pure function of its items: an attacker cannot choose
// signatures after seeing the weights, since changing any item changes all of them.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <variant>
#include <vector>

namespace stakepool::crypto::ed25519 {

inline constexpr std::size_t kPublicKeySize = 32;
inline constexpr std::size_t kSignatureSize = 64;
using PublicKeyBytes = std::array<uint8_t, kPublicKeySize>;
using SignatureBytes = std::array<uint8_t, kSignatureSize>;

// Ed25519Error names what is wrong with a public key encoding.
enum class Ed25519Error : uint8_t {
  kNotCanonical = 1,  // the y coordinate is >= p
  kNotOnCurve,        // no x satisfies the curve equation for this y
  kNegativeZero,      // x = 0 with the sign bit set
  kSmallOrder,        // the point has order dividing 8 (refused as a public key)
};

// to_string gives a short English description of an error ("public key y coordinate >= p", ...).
const char* to_string(Ed25519Error e);

// Ed25519Result<T>: a T or an Ed25519Error (crypto is built without exceptions).
template <typename T>
class [[nodiscard]] Ed25519Result {
 public:
  Ed25519Result(T v) : v_(std::in_place_index<0>, std::move(v)) {}  // NOLINT(implicit)
  Ed25519Result(Ed25519Error e) : v_(std::in_place_index<1>, e) {}   // NOLINT(implicit)
  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  Ed25519Error error() const { return std::get<1>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Ed25519Error> v_;
};

namespace detail {
// Fe: an element of GF(2^255 - 19) in radix 2^51 (five limbs, loosely reduced).
struct Fe {
  uint64_t v[5];
};
// Cached: a point in the form used as the second operand of an addition:
// (Y + X, Y - X, 2Z, 2dT) of extended coordinates (X : Y : Z : T).
struct Cached {
  Fe ypx, ymx, z2, t2d;
};
// kKeyWindow: wNAF width of public-key scalars; a key table holds the odd multiples
// P, 3P, ..., (2^(kKeyWindow-1) - 1)P.
inline constexpr int kKeyWindow = 6;
inline constexpr int kTableSize = 1 << (kKeyWindow - 2);
// kParts: scalars are split into 64-bit quarters; a key keeps a table for each [2^(64 j)]A, so a
// single verification needs only 64 doublings.
inline constexpr int kParts = 4;
}  // namespace detail

// KeyTables: how much a VerifyKey precomputes. Both give the same answers.
enum class KeyTables : uint8_t {
  // kFull: odd multiples of A, [2^64]A, [2^128]A and [2^192]A. Parsing costs about one
  // verification; single verifications are fastest (64 doublings). For long-lived keys that
  // verify many signatures (operator keys held in a cache).
  kFull,
  // kSmall: odd multiples of A only. Parsing is about 4x cheaper; a single verification is ~30%
  // slower (a 253-bit doubling chain), while in a batch the key costs the same as a kFull one (the
  // chain is shared). For keys used a few times, mostly in batches (one DKG ceremony).
  kSmall,
};

// VerifyKey: a parsed, decompressed Ed25519 public key with precomputed tables of odd multiples
// (see KeyTables; 2.5 KB small, 10 KB full, on the heap). Immutable after parse: copies share the
// tables, and one parsed key may be used by many threads at once.
class VerifyKey {
 public:
  // parse decodes a 32-byte key per RFC 8032 §5.1.3 and refuses keys of small order.
  static Ed25519Result<VerifyKey> parse(std::span<const uint8_t, kPublicKeySize> in,
                                        KeyTables tables = KeyTables::kFull);
  // bytes returns the encoding the key was parsed from.
  const PublicKeyBytes& bytes() const { return bytes_; }
  // full: the key holds all kParts tables (KeyTables::kFull).
  bool full() const { return full_; }
  // table (internal use by the verification code): odd multiples of [2^(64 part)]A.
  const detail::Cached* table(int part) const {
    return tables_.get() + static_cast<std::size_t>(part) * detail::kTableSize;
  }

 private:
  VerifyKey() = default;
  PublicKeyBytes bytes_{};
  bool full_ = true;
  std::shared_ptr<const detail::Cached[]> tables_;
};

// verify_vartime: true iff `sig` is a valid signature of `msg` under `key` (semantics above).
bool verify_vartime(const VerifyKey& key, std::span<const uint8_t> msg,
                    std::span<const uint8_t, kSignatureSize> sig);
// verify_vartime on key bytes: parses the key first (KeyTables::kSmall; false if it does not
// parse).
bool verify_vartime(std::span<const uint8_t, kPublicKeySize> key, std::span<const uint8_t> msg,
                    std::span<const uint8_t, kSignatureSize> sig);

// BatchItem: one (key, message, signature) to verify. `key` points to a parsed key; when it is
// null, `key_bytes` is parsed instead, once per distinct key in the call, with KeyTables::kSmall
// (a key that does not parse makes the item false). `msg` and
// `key` are borrowed and must stay alive during the call.
struct BatchItem {
  const VerifyKey* key = nullptr;
  PublicKeyBytes key_bytes{};
  std::span<const uint8_t> msg;
  SignatureBytes sig{};
};

// verify_batch_vartime: result[i] == verify_vartime(items[i]) (up to a 2^-128 chance that a batch
// containing an invalid signature passes, fixed by the deterministic weights). Checks all items in
// one multi-scalar multiplication (signatures under the same key share one scalar) and finds bad
// items by bisection when that fails. Empty input gives an empty result.
std::vector<bool> verify_batch_vartime(std::span<const BatchItem> items);

}  // namespace stakepool::crypto::ed25519
