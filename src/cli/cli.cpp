#include "stakepool/cli/cli.hpp"

#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "stakepool/crypto/self_test.hpp"

namespace stakepool::cli {

int run(int argc, char** argv) {
  CLI::App app{"stakepool: decentralized Ethereum staking pools with threshold BLS validators"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "stakepool 0.1.0");
  register_bench(app);
  register_dkg(app);
  register_demo(app);
  register_vectors(app);
  register_bls(app);
  register_keys(app);
  register_keystore(app);
  register_slashing(app);
  register_simulate(app);
  register_threshold(app);
  // STYLE.md L7: the crypto known-answer self-test runs once, after parsing and before any command.
  app.parse_complete_callback([] {
    const std::string& err = crypto::self_test_once();
    if (!err.empty()) {
      throw CliError("crypto self-test failed: " + err +
                         "; refusing to run (miscompiled build or wrong CPU path?)",
                     70);
    }
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const CliError& e) {
    std::fprintf(stderr, "stakepool: error: %s\n", e.what());
    return e.code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stakepool: error: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace stakepool::cli
