#!/usr/bin/env bash
# slashing_import_export.sh SP_BIN: `stakepool slashing import/export` end to end — import the
# EIP-3076 example, export it, re-import the export into a minimal database, and check that malformed
# interchange files (wrong version, genesis, lengths, JSON) are refused naming the field without
# changing the database, and that corrupt or foreign database files are refused untouched.
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
root=0x4ff6f743a43f3b4f95350831aeaf0a122a1a392922c45d804280284a69eb850b
one() {  # one PUBKEY ROOT: a one-block interchange document
  echo "{\"metadata\": {\"interchange_format_version\": \"5\", \"genesis_validators_root\": \"$gvr\"},
 \"data\": [{\"pubkey\": \"$1\", \"signed_blocks\": [{\"slot\": \"1\", \"signing_root\": \"$2\"}],
 \"signed_attestations\": []}]}"
}
one "${pk:0:96}" $root >"$dir/pk47.json"
refuse pubkey-length "data\[0\].pubkey: expected 48 bytes, got 47" \
  "$sp" slashing import --db "$dir/c.db" "$dir/pk47.json"
one "$pk" "${root:0:64}" >"$dir/root31.json"
refuse root-length "signed_blocks\[0\].signing_root: expected 32 bytes, got 31" \
  "$sp" slashing import --db "$dir/c.db" "$dir/root31.json"
head -c 100 "$dir/example.json" >"$dir/trunc.json"
refuse truncated-json "interchange: \$: not valid JSON" \
  "$sp" slashing import --db "$dir/c.db" "$dir/trunc.json"
echo '{"metadata": {}, "data": []}' >"$dir/nometa.json"
refuse missing-version "metadata.interchange_format_version: missing" \
  "$sp" slashing import --db "$dir/c.db" "$dir/nometa.json"
"$sp" slashing export --db "$dir/c.db" "$dir/after.json" 2>/dev/null
check unchanged cmp "$dir/before.json" "$dir/after.json"
# A malformed file creates no database; corrupt or foreign database files are refused untouched.
refuse no-db-created "not valid JSON" "$sp" slashing import --db "$dir/new.db" "$dir/trunc.json"
check no-db-file test ! -e "$dir/new.db"
echo "not a database, just text" >"$dir/garbage.db"
cp "$dir/garbage.db" "$dir/garbage.orig"
refuse corrupt-db "not a stakepool slashing-protection database" \
  "$sp" slashing import --db "$dir/garbage.db" "$dir/example.json"
refuse corrupt-db-export "not a stakepool slashing-protection database" \
  "$sp" slashing export --db "$dir/garbage.db" "$dir/g.json"
check corrupt-db-untouched cmp "$dir/garbage.db" "$dir/garbage.orig"
check corrupt-db-no-export test ! -e "$dir/g.json"
cp "$dir/before.json" "$dir/existing.json"
refuse corrupt-db-export-existing "not a stakepool slashing-protection database" \
  "$sp" slashing export --db "$dir/garbage.db" "$dir/existing.json"
check existing-export-untouched cmp "$dir/before.json" "$dir/existing.json"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE t(x)'); c.commit()" \
  "$dir/foreign.db"
cp "$dir/foreign.db" "$dir/foreign.orig"
refuse foreign-db "foreign SQLite database" \
  "$sp" slashing import --db "$dir/foreign.db" "$dir/example.json"
check foreign-db-untouched cmp "$dir/foreign.db" "$dir/foreign.orig"
echo "slashing import/export: $pass/$total passed"
[ "$pass" = "$total" ]
