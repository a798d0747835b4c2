// `stakepool vectors`: the parent of the official test-vector runners (see vectors.hpp).
#include "commands.hpp"
#include "vectors.hpp"

namespace stakepool::cli {

void register_vectors(CLI::App& app) {
  auto* vectors = app.add_subcommand("vectors", "Run official test-vector suites read in place");
  vectors->require_subcommand(1);
  add_vectors_h2c(vectors);
  add_vectors_bls(vectors);
  add_vectors_keys(vectors);
  add_vectors_deposits(vectors);
  add_vectors_ssz(vectors);
  add_vectors_interchange(vectors);
  add_vectors_threshold(vectors);
}

}  // namespace stakepool::cli
