#include "stakepool/cli/cli.hpp"

int main(int argc, char** argv) { return stakepool::cli::run(argc, argv); }
