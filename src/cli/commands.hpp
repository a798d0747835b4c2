#pragma once
// Each file cmd_<name>.cpp registers one family of subcommands on the root app.
#include <CLI/CLI.hpp>

#include <stdexcept>
#include <string>

namespace stakepool::cli {

// CliError: a user-facing failure; run() prints its message to stderr and exits with `code`.
struct CliError : std::runtime_error {
  explicit CliError(const std::string& m, int c = 1) : std::runtime_error(m), code(c) {}
  int code;
};

// Registration hooks, one per command family (add yours here and in cli.cpp).
void register_bench(CLI::App& app);
void register_dkg(CLI::App& app);
void register_demo(CLI::App& app);
void register_vectors(CLI::App& app);  // cmd_vectors.cpp; runners in vectors.hpp
void register_bls(CLI::App& app);      // cmd_bls.cpp
void register_keys(CLI::App& app);     // cmd_keys.cpp
void register_keystore(CLI::App& app); // cmd_keystore.cpp
void register_slashing(CLI::App& app);  // cmd_slashing.cpp
void register_simulate(CLI::App& app);  // cmd_simulate.cpp
void register_threshold(CLI::App& app); // cmd_threshold.cpp

}  // namespace stakepool::cli
