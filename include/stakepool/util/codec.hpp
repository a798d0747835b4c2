#pragma once
// ByteWriter / ByteReader: the canonical binary encoding used by stakepool's own wire and record
// formats (doc/formats/). Integers are big-endian fixed width; variable-length byte strings and
// lists carry a u32 length prefix. The reader never reads past its input: every get_* fails (sets
// ok() false, naming the field) instead, and finish() requires that all bytes were consumed.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stakepool/util/hex.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::util {

class ByteWriter {
 public:
  ByteWriter& u8(uint8_t v) { buf_.push_back(v); return *this; }
  ByteWriter& u32(uint32_t v) { return be(v, 4); }
  ByteWriter& u64(uint64_t v) { return be(v, 8); }
  ByteWriter& raw(std::span<const uint8_t> b) { buf_.insert(buf_.end(), b.begin(), b.end()); return *this; }
  ByteWriter& bytes(std::span<const uint8_t> b) { u32(static_cast<uint32_t>(b.size())); return raw(b); }
  ByteWriter& str(std::string_view s) {
    return bytes({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
  }
  const Bytes& data() const { return buf_; }
  Bytes take() { return std::move(buf_); }

 private:
  ByteWriter& be(uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) buf_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return *this;
  }
  Bytes buf_;
};

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> in) : in_(in) {}
  uint8_t u8(const char* what) { return static_cast<uint8_t>(be(1, what)); }
  uint32_t u32(const char* what) { return static_cast<uint32_t>(be(4, what)); }
  uint64_t u64(const char* what) { return be(8, what); }
  std::span<const uint8_t> raw(std::size_t n, const char* what) {
    if (!need(n, what)) return {};
    auto s = in_.subspan(pos_, n);
    pos_ += n;
    return s;
  }
  template <std::size_t N>
  std::array<uint8_t, N> fixed(const char* what) {
    std::array<uint8_t, N> a{};
    auto s = raw(N, what);
    if (s.size() == N) std::copy(s.begin(), s.end(), a.begin());
    return a;
  }
  // bytes reads a u32-length-prefixed string of at most `max` bytes.
  std::span<const uint8_t> bytes(std::size_t max, const char* what) {
    uint32_t n = u32(what);
    if (ok_ && n > max) fail(std::string(what) + ": length " + std::to_string(n) + " exceeds limit " +
                             std::to_string(max));
    return ok_ ? raw(n, what) : std::span<const uint8_t>{};
  }
  // count reads a u32 list length bounded by `max`.
  uint32_t count(uint32_t max, const char* what) {
    uint32_t n = u32(what);
    if (ok_ && n > max) fail(std::string(what) + ": count " + std::to_string(n) + " exceeds limit " +
                             std::to_string(max));
    return ok_ ? n : 0;
  }
  bool ok() const { return ok_; }
  void fail(std::string msg) {
    if (ok_) { ok_ = false; err_ = std::move(msg); }
  }
  // finish: Ok iff every read succeeded and no bytes remain.
  Status finish() {
    if (ok_ && pos_ != in_.size()) fail(std::to_string(in_.size() - pos_) + " trailing bytes");
    if (!ok_) return make_error(Errc::kInvalidArgument, err_);
    return {};
  }

 private:
  bool need(std::size_t n, const char* what) {
    if (!ok_) return false;
    if (in_.size() - pos_ < n) {
      fail(std::string(what) + ": truncated (need " + std::to_string(n) + " bytes, " +
           std::to_string(in_.size() - pos_) + " left)");
      return false;
    }
    return true;
  }
  uint64_t be(int n, const char* what) {
    if (!need(static_cast<std::size_t>(n), what)) return 0;
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = v << 8 | in_[pos_ + static_cast<std::size_t>(i)];
    pos_ += static_cast<std::size_t>(n);
    return v;
  }
  std::span<const uint8_t> in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
  std::string err_;
};

}  // namespace stakepool::util
