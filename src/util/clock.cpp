#include "stakepool/util/clock.hpp"

#include <chrono>

namespace stakepool::util {

TimePoint SystemClock::now() const {
  auto d = std::chrono::system_clock::now().time_since_epoch();
  return {std::chrono::duration_cast<std::chrono::milliseconds>(d).count()};
}

}  // namespace stakepool::util
