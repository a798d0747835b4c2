#pragma once
// Secret<N> / SecretBytes: the one owning type for secret bytes (STYLE.md L6). Move-only, copied only
// by an explicit clone(), wiped on destruction and on move-from. No stream operator or formatter, so a
// secret cannot be logged by accident.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace stakepool::util {

// secure_zero wipes memory in a way the optimiser may not elide.
inline void secure_zero(void* p, std::size_t n) {
  std::memset(p, 0, n);
  __asm__ __volatile__("" : : "r"(p) : "memory");
}

template <std::size_t N>
class Secret {
 public:
  Secret() { bytes_.fill(0); }
  explicit Secret(std::span<const uint8_t, N> in) { std::memcpy(bytes_.data(), in.data(), N); }
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  Secret(Secret&& o) noexcept {
    bytes_ = o.bytes_;
    o.wipe();
  }
  Secret& operator=(Secret&& o) noexcept {
    if (this != &o) {
      bytes_ = o.bytes_;
      o.wipe();
    }
    return *this;
  }
  ~Secret() { wipe(); }

  Secret clone() const { return Secret(expose()); }
  std::span<const uint8_t, N> expose() const { return std::span<const uint8_t, N>(bytes_); }
  std::span<uint8_t, N> expose_mut() { return std::span<uint8_t, N>(bytes_); }
  void wipe() { secure_zero(bytes_.data(), N); }
  static constexpr std::size_t size() { return N; }

 private:
  std::array<uint8_t, N> bytes_;
};

// SecretBytes: variable-length secret (passwords, seeds, mnemonics).
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::span<const uint8_t> in) : bytes_(in.begin(), in.end()) {}
  explicit SecretBytes(std::size_t n) : bytes_(n, 0) {}
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& o) noexcept : bytes_(std::move(o.bytes_)) { o.bytes_.clear(); }
  SecretBytes& operator=(SecretBytes&& o) noexcept {
    if (this != &o) {
      wipe();
      bytes_ = std::move(o.bytes_);
      o.bytes_.clear();
    }
    return *this;
  }
  ~SecretBytes() { wipe(); }

  SecretBytes clone() const { return SecretBytes(expose()); }
  std::span<const uint8_t> expose() const { return bytes_; }
  std::span<uint8_t> expose_mut() { return bytes_; }
  std::size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  // append grows the buffer; the old allocation is wiped before release.
  void append(std::span<const uint8_t> in) {
    std::vector<uint8_t> next;
    next.reserve(bytes_.size() + in.size());
    next.insert(next.end(), bytes_.begin(), bytes_.end());
    next.insert(next.end(), in.begin(), in.end());
    wipe();
    bytes_ = std::move(next);
  }
  void wipe() {
    if (!bytes_.empty()) secure_zero(bytes_.data(), bytes_.size());
    bytes_.clear();
  }

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace stakepool::util
