#include "stakepool/util/fs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace stakepool::util {
namespace {
Error io_error(const std::string& what, const std::filesystem::path& p) {
  return make_error(Errc::kIo, what + " " + p.string() + ": " + std::strerror(errno));
}
}  // namespace

Result<Bytes> read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return io_error("cannot open", p);
  Bytes b((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (f.bad()) return io_error("cannot read", p);
  return b;
}

Result<std::string> read_text_file(const std::filesystem::path& p) {
  auto b = read_file(p);
  if (!b) return b.error();
  return std::string(b->begin(), b->end());
}

Status write_file_atomic(const std::filesystem::path& p, std::span<const uint8_t> data, int mode) {
  std::filesystem::path dir = p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
  std::string tmpl = (dir / ("." + p.filename().string() + ".tmpXXXXXX")).string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) return io_error("cannot create temporary file in", dir);
  auto fail = [&](const char* what) {
    Error e = io_error(what, tmpl);
    ::close(fd);
    ::unlink(tmpl.c_str());
    return e;
  };
  if (fchmod(fd, static_cast<mode_t>(mode)) != 0) return fail("cannot chmod");
  std::size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write");
    }
    off += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("cannot fsync");
  if (::close(fd) != 0) {
    ::unlink(tmpl.c_str());
    return io_error("cannot close", tmpl);
  }
  if (::rename(tmpl.c_str(), p.c_str()) != 0) {
    Error e = io_error("cannot rename onto", p);
    ::unlink(tmpl.c_str());
    return e;
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

Status write_text_file_atomic(const std::filesystem::path& p, std::string_view text, int mode) {
  return write_file_atomic(
      p, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()), mode);
}

}  // namespace stakepool::util
