#pragma once
// File helpers. write_file_atomic writes to a temporary file in the same directory, fsyncs it,
// renames it over the target and fsyncs the directory, so a crash leaves either the old or the new
// contents, never a mix (hard rule 6).
#include <filesystem>
#include <span>
#include <string>

#include "stakepool/util/hex.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::util {

Result<Bytes> read_file(const std::filesystem::path& p);
Result<std::string> read_text_file(const std::filesystem::path& p);
// mode: permission bits of the new file (0600 for secrets).
Status write_file_atomic(const std::filesystem::path& p, std::span<const uint8_t> data, int mode = 0644);
Status write_text_file_atomic(const std::filesystem::path& p, std::string_view text, int mode = 0644);

}  // namespace stakepool::util
