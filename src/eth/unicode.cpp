#include "unicode.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace stakepool::eth {
namespace {

// CodePoints: a wiped-on-destruction buffer of decoded code points.
struct CodePoints {
  std::vector<utf8proc_int32_t> v;
  ~CodePoints() {
    if (!v.empty()) util::secure_zero(v.data(), v.size() * sizeof(v[0]));
  }
};

bool is_control(utf8proc_int32_t cp) {
  return cp <= 0x1f || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f);
}

}  // namespace

Result<util::SecretBytes> nfkd(std::span<const uint8_t> utf8, ControlCodes controls,
                               std::string_view what) {
  const auto options = static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT);
  const auto len = static_cast<utf8proc_ssize_t>(utf8.size());
  CodePoints cps;
  cps.v.resize(utf8.size() + 16);
  utf8proc_ssize_t n = 0;
  for (;;) {
    n = utf8proc_decompose(utf8.data(), len, cps.v.data(),
                           static_cast<utf8proc_ssize_t>(cps.v.size()), options);
    if (n < 0) {
      return make_error(Errc::kInvalidArgument,
                        std::string(what) + " is not valid UTF-8 (" + utf8proc_errmsg(n) + ")");
    }
    if (static_cast<std::size_t>(n) <= cps.v.size()) break;
    util::secure_zero(cps.v.data(), cps.v.size() * sizeof(cps.v[0]));
    cps.v.resize(static_cast<std::size_t>(n));
  }
  util::SecretBytes out(static_cast<std::size_t>(n) * 4);
  std::size_t used = 0;
  for (utf8proc_ssize_t i = 0; i < n; ++i) {
    if (controls == ControlCodes::kStrip && is_control(cps.v[i])) continue;
    used +=
        static_cast<std::size_t>(utf8proc_encode_char(cps.v[i], out.expose_mut().data() + used));
  }
  util::SecretBytes trimmed(out.expose().first(used));
  return trimmed;
}

std::string nfkc_prefix_as_nfkd(std::string_view text, std::size_t n) {
  const std::string in(text);
  utf8proc_uint8_t* composed = utf8proc_NFKC(reinterpret_cast<const utf8proc_uint8_t*>(in.c_str()));
  if (composed == nullptr) return {};
  std::string s(reinterpret_cast<const char*>(composed));
  std::free(composed);
  std::size_t pos = 0;
  for (std::size_t count = 0; pos < s.size() && count < n; ++count) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t k =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()) + pos,
                         static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
    if (k <= 0) return {};
    pos += static_cast<std::size_t>(k);
  }
  s.resize(pos);
  auto d =
      nfkd({reinterpret_cast<const uint8_t*>(s.data()), s.size()}, ControlCodes::kKeep, "word");
  if (!d) return {};
  return std::string(reinterpret_cast<const char*>(d->expose().data()), d->size());
}

}  // namespace stakepool::eth
