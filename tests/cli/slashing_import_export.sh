#!/usr/bin/env bash
# slashing_import_export.sh SP_BIN: `stakepool slashing import/export` end to end — import the
# EIP-3076 example, export it, re-import the export into a minimal database, and check that malformed
# or foreign files are refused without changing the database.
set -uo pipefail
sp=$1
source "$(dirname "$0")/lib.sh"
gvr=0x04700007fabc8282644aed6d1c7c9e21d38a03a0c4ba193f3afe428824b3a673
pk=0xb845089a1457f811bfc000588fbb4e713669be8ce060ea6be3c6ece09afc3794106c91ca73acda5e5457122d58723bed
doc() {  # doc VERSION GVR SLOT
  cat <<JSON
{"metadata": {"interchange_format_version": "$1", "genesis_validators_root": "$2"},
 "data": [{"pubkey": "$pk",
   "signed_blocks": [{"slot": $3, "signing_root": "0x4ff6f743a43f3b4f95350831aeaf0a122a1a392922c45d804280284a69eb850b"}, {"slot": "81951"}],
   "signed_attestations": [{"source_epoch": "2290", "target_epoch": "3007"}, {"source_epoch": "2290", "target_epoch": "3008"}]}]}
JSON
}
doc 5 $gvr '"81952"' >"$dir/example.json"
check import "$sp" slashing import --db "$dir/c.db" "$dir/example.json"
check export "$sp" slashing export --db "$dir/c.db" "$dir/export.json"
check export-has-blocks grep -q '"slot": "81952"' "$dir/export.json"
check reimport-minimal "$sp" slashing import --mode minimal --db "$dir/m.db" "$dir/export.json"
"$sp" slashing export --db "$dir/m.db" - >"$dir/m.json" 2>/dev/null
check minimal-keeps-max grep -q '"target_epoch": "3008"' "$dir/m.json"
cp "$dir/export.json" "$dir/before.json"
doc 5 $gvr 81952 >"$dir/int.json"
refuse integer-not-string "expected a decimal string, got number" \
  "$sp" slashing import --db "$dir/c.db" "$dir/int.json"
doc 4 $gvr '"1"' >"$dir/v4.json"
refuse wrong-version "unsupported version '4'" "$sp" slashing import --db "$dir/c.db" "$dir/v4.json"
doc 5 0x$(printf '11%.0s' $(seq 32)) '"1"' >"$dir/gvr.json"
refuse wrong-genesis "does not match" "$sp" slashing import --db "$dir/c.db" "$dir/gvr.json"
"$sp" slashing export --db "$dir/c.db" "$dir/after.json" 2>/dev/null
check unchanged cmp "$dir/before.json" "$dir/after.json"
echo "slashing import/export: $pass/$total passed"
[ "$pass" = "$total" ]
