#pragma once
// Time as seen by protocol code: milliseconds since an epoch chosen by the Clock. Protocol state
// machines never read a clock; they are given `now` (STYLE.md L10).
#include <compare>
#include <cstdint>

namespace stakepool::util {

struct TimePoint {
  int64_t ms = 0;
  friend constexpr auto operator<=>(TimePoint, TimePoint) = default;
  constexpr TimePoint operator+(int64_t d) const { return {ms + d}; }
  constexpr int64_t operator-(TimePoint o) const { return ms - o.ms; }
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

// SystemClock: wall-clock milliseconds since the Unix epoch (real mode only).
class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
};

}  // namespace stakepool::util
