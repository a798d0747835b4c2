// Fuzz target: EIP-3076 interchange files (eth::parse_interchange) and their import/export through
// an in-memory SlashingDb. A parsed document must serialize and re-parse to itself; importing it
// into a fresh database (either semantics) with its genesis_validators_root must succeed, and the
// export must parse and import again.
#include <cstdint>
#include <string_view>

#include "stakepool/eth/interchange.hpp"
#include "stakepool/eth/slashing_db.hpp"
#include "stakepool/util/check.hpp"

using namespace stakepool;
using namespace stakepool::eth;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto ic = parse_interchange(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!ic) return 0;
  auto again = parse_interchange(serialize_interchange(*ic));
  SP_CHECK(again.has_value() && *again == *ic);
  for (auto mode : {SlashingMode::kMinimal, SlashingMode::kComplete}) {
    auto db = SlashingDb::open(SlashingDb::kMemoryPath, mode, ic->genesis_validators_root);
    SP_CHECK(db.has_value());
    SP_CHECK(db->import_interchange(*ic).has_value());
    auto out = db->export_interchange();
    SP_CHECK(out.has_value());
    auto reparsed = parse_interchange(serialize_interchange(*out));
    SP_CHECK(reparsed.has_value());
    SP_CHECK(db->import_interchange(*reparsed).has_value());
  }
  return 0;
}
