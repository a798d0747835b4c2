#pragma once
// Constant-time helpers and valgrind annotations (STYLE.md L5).
#include <cstddef>
#include <cstdint>
#include <span>

#ifdef SP_CTIME_CHECK
#include <valgrind/memcheck.h>
#define SP_CT_SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define SP_CT_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#else
#define SP_CT_SECRET(p, n) ((void)(p), (void)(n))
#define SP_CT_DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif

namespace stakepool::ct {

// value_barrier hides a value from the optimiser so masks are not turned back into branches.
template <typename T>
inline T value_barrier(T v) {
  __asm__("" : "+r"(v));
  return v;
}

// mask_if(b): all ones if b != 0, else 0.
inline uint64_t mask_if(uint64_t b) { return value_barrier(0 - static_cast<uint64_t>(b != 0)); }

// is_zero_mask(x): all ones if x == 0, without branching.
inline uint64_t is_zero_mask(uint64_t x) {
  return value_barrier(0 - (((x | (0 - x)) >> 63) ^ 1));
}

// equal compares two byte strings of equal length in time independent of their contents.
inline bool equal(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  uint8_t acc = 0;
  for (std::size_t i = 0; i < a.size(); ++i) acc |= a[i] ^ b[i];
  return value_barrier(static_cast<uint64_t>(acc)) == 0;
}

}  // namespace stakepool::ct
