// Non-template parts of SSZ decoding: offset checks, bitlist delimiters, error messages.
#include <string>

#include "stakepool/eth/ssz.hpp"

namespace stakepool::eth::ssz::detail {
namespace {

Error invalid(std::string msg) { return make_error(Errc::kInvalidArgument, std::move(msg)); }

constexpr std::string_view kAt = "at ";

// with_path prepends a path segment ("name" or "[i]") to an error, joining existing paths.
Error with_path(const std::string& segment, const Error& e) {
  const std::string& m = e.message;
  std::string out(kAt);
  out += segment;
  if (m.compare(0, kAt.size(), kAt) == 0) {
    if (m.size() > kAt.size() && m[kAt.size()] != '[') out += '.';
    out.append(m, kAt.size(), std::string::npos);
  } else {
    out += ": ";
    out += m;
  }
  return Error{e.code, std::move(out)};
}

}  // namespace

Error length_error(const char* what, std::size_t expected, std::size_t got) {
  return invalid(std::string(what) + ": expected " + std::to_string(expected) + " bytes, got " +
                 std::to_string(got));
}

Error prefix_error(const char* field, const Error& e) { return with_path(field, e); }

Error prefix_index(std::size_t index, const Error& e) {
  std::string segment = "[";
  segment += std::to_string(index);
  segment += ']';
  return with_path(segment, e);
}

Error bool_error(uint8_t got) {
  return invalid("boolean: byte " + std::to_string(got) + " is neither 0 nor 1");
}

Status check_offsets(std::span<const uint32_t> offsets, std::size_t fixed_part, std::size_t total) {
  if (offsets.empty()) return ok_status();
  if (offsets[0] != fixed_part) {
    return invalid("first offset " + std::to_string(offsets[0]) +
                   " is not the end of the fixed part (" + std::to_string(fixed_part) + ")");
  }
  for (std::size_t i = 0; i < offsets.size(); ++i) {
    if (i > 0 && offsets[i] < offsets[i - 1]) {
      return invalid("offset " + std::to_string(i) + " (" + std::to_string(offsets[i]) +
                     ") is before the previous offset (" + std::to_string(offsets[i - 1]) + ")");
    }
    if (offsets[i] > total) {
      return invalid("offset " + std::to_string(i) + " (" + std::to_string(offsets[i]) +
                     ") is past the end of the input (" + std::to_string(total) + " bytes)");
    }
  }
  return ok_status();
}

Status read_offsets(std::span<const uint8_t> in, std::size_t count, uint64_t limit,
                    std::vector<uint32_t>& offsets) {
  offsets.clear();
  if (count == SIZE_MAX) {  // list: the first offset gives the element count
    if (in.empty()) return ok_status();
    if (in.size() < kOffsetSize) return length_error("list offset", kOffsetSize, in.size());
    const uint32_t first = load_u32(in.data());
    if (first == 0 || first % kOffsetSize != 0) {
      return invalid("list: first offset " + std::to_string(first) +
                     " is not a positive multiple of 4");
    }
    count = first / kOffsetSize;
    if (count > limit) {
      return invalid("list: " + std::to_string(count) + " elements exceed the limit " +
                     std::to_string(limit));
    }
  }
  if (in.size() < count * kOffsetSize) {
    return invalid("offset table of " + std::to_string(count * kOffsetSize) +
                   " bytes exceeds the input (" + std::to_string(in.size()) + " bytes)");
  }
  offsets.resize(count);
  for (std::size_t i = 0; i < count; ++i) offsets[i] = load_u32(in.data() + i * kOffsetSize);
  return check_offsets(offsets, count * kOffsetSize, in.size());
}

Status decode_bitlist_bytes(std::span<const uint8_t> in, uint64_t limit, std::size_t& bits,
                            Bytes& body) {
  if (in.empty()) return invalid("bitlist: empty input has no delimiter bit");
  const uint8_t last = in.back();
  if (last == 0) return invalid("bitlist: last byte is zero (no delimiter bit)");
  const std::size_t msb = 31 - static_cast<std::size_t>(__builtin_clz(last));
  bits = 8 * (in.size() - 1) + msb;
  if (bits > limit) {
    return invalid("bitlist: " + std::to_string(bits) + " bits exceed the limit " +
                   std::to_string(limit));
  }
  body.assign(in.begin(), in.end());
  body.back() = static_cast<uint8_t>(last & ~(1u << msb));
  body.resize((bits + 7) / 8);
  return ok_status();
}

}  // namespace stakepool::eth::ssz::detail
