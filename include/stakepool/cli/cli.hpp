#pragma once
// cli::run is the whole `stakepool` program: parses argv (CLI11), dispatches to a subcommand,
// prints errors to stderr and returns the process exit code. The only layer that may throw.
namespace stakepool::cli {
int run(int argc, char** argv);
}
