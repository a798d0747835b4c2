#pragma once
// JSON form of a ceremony record (doc/formats/ceremony.md): `stakepool dkg` writes it and
// `stakepool dkg verify` reads it back strictly (unknown or missing fields are errors).
#include <nlohmann/json.hpp>

#include "stakepool/threshold/record.hpp"

namespace stakepool::cli {

inline constexpr const char* kRecordFormat = "stakepool-ceremony-record/v1";

nlohmann::json record_to_json(const threshold::CeremonyRecord& r);
// record_from_json throws CliError naming the bad field.
threshold::CeremonyRecord record_from_json(const nlohmann::json& j);

}  // namespace stakepool::cli
