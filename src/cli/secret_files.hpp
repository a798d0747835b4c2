#pragma once
// Reading secrets (passwords, mnemonics, secret keys) from files for the key commands, straight
// into util::SecretBytes / util::Secret so that no unwiped copy is left behind by our code.
#include <filesystem>
#include <string>

#include "stakepool/util/secret.hpp"

namespace stakepool::cli {

// read_secret_file returns the file's bytes; throws CliError naming `what` and the path on failure.
util::SecretBytes read_secret_file(const std::filesystem::path& p, const std::string& what);

// parse_secret_key_hex parses 64 hex digits (optional 0x, surrounding whitespace allowed) as a BLS
// secret key, checking 0 < sk < r. Throws CliError naming `what` on malformed input.
util::Secret<32> parse_secret_key_hex(const util::SecretBytes& text, const std::string& what);

// secret_hex returns the lower-case hex of a secret, itself as a secret.
util::SecretBytes secret_hex(std::span<const uint8_t> secret);

// print_secret writes the secret bytes and a newline to stdout.
void print_secret(const util::SecretBytes& text);

}  // namespace stakepool::cli
