#!/usr/bin/env bash
# threshold_cli.sh SP_BIN: `stakepool threshold split/combine` end to end on the Ethereum
# known-answer key (sk 263dbd79…, 32 zero bytes, signature b6ed9367…): split it 3-of-5, check the
# share public keys against `bls pubkey` of each share, sign with three shares through `bls sign`
# (plus one bad partial), combine, and get the known signature; bad inputs are refused with
# specific errors. Needs python3 for JSON plumbing.
set -uo pipefail
sp=$1
source "$(dirname "$0")/lib.sh"
sk=263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3
pk=0xa491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20fd6e10c1b77654d067c0618f6e5a7f79a
msg=0x0000000000000000000000000000000000000000000000000000000000000000
sig=0xb6ed936746e01f8ecf281f020953fbf1f01debd5657c4a383940b020b26507f6076334f91e2366c96e9ab279fb5158090352ea1c5b0c9274504f4f0e7053af24802e51e4568d164fe986834f41e55c8e850ce1f98458c0cfc9ab380b55285a55
field() {  # field FILE PYTHON-EXPR (j is the parsed JSON)
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"
}

echo "$sk" | "$sp" threshold split --t 3 --n 5 --seed 7 >"$dir/split.json"
check split-group-key test "$(field "$dir/split.json" 'j["group_pubkey"]')" = "$pk"
echo "0x$sk" >"$dir/sk"
"$sp" threshold split --t 3 --n 5 --seed 7 --secret-key-file "$dir/sk" >"$dir/split2.json"
check split-seed-reproducible cmp "$dir/split.json" "$dir/split2.json"
"$sp" threshold split --t 3 --n 5 --secret-key-file "$dir/sk" >"$dir/split3.json"
check split-os-entropy-differs test "$(field "$dir/split3.json" 'j["shares"][0]["secret"]')" != \
  "$(field "$dir/split.json" 'j["shares"][0]["secret"]')"
ok=1
for j in 0 1 2 3 4; do
  share=$(field "$dir/split.json" "j['shares'][$j]['secret']")
  want=$(field "$dir/split.json" "j['share_pubkeys'][$j]['pubkey']")
  [ "$(echo "$share" | "$sp" bls pubkey)" = "$want" ] || ok=0
  echo "$share" | "$sp" bls sign --message "$msg" >"$dir/p$((j + 1))"
done
check share-pubkeys-match test $ok = 1
echo "$(field "$dir/split.json" 'j["shares"][0]["secret"]')" | "$sp" bls sign --message 0x01 >"$dir/bad"

# request FILE THRESHOLD INDEX:SIGFILE...: a combine request with the split's keys.
request() {
  python3 - "$dir/split.json" "$2" "${@:3}" >"$1" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
parts = []
for a in sys.argv[3:]:
    i, f = a.split(":", 1)
    parts.append({"index": int(i), "signature": open(f).read().strip()})
print(json.dumps({"threshold": int(sys.argv[2]), "group_pubkey": s["group_pubkey"],
                  "message": "0x" + "00" * 32, "share_pubkeys": s["share_pubkeys"],
                  "partial_signatures": parts}))
PY
}
request "$dir/c.json" 3 1:"$dir/bad" 2:"$dir/p2" 4:"$dir/p4" 5:"$dir/p5"
check combine-known-signature test "$("$sp" threshold combine "$dir/c.json" 2>/dev/null)" = "$sig"
check combine-reports-dropped sh -c "'$sp' threshold combine '$dir/c.json' 2>&1 | grep -q 'partial 1 dropped: does not verify'"
request "$dir/few.json" 3 1:"$dir/bad" 2:"$dir/p2" 4:"$dir/p4"
refuse combine-too-few "only 2 valid partial signature(s), need 3" "$sp" threshold combine "$dir/few.json"
request "$dir/dup.json" 3 2:"$dir/p2" 2:"$dir/p2" 4:"$dir/p4" 5:"$dir/p5"
refuse combine-duplicate "duplicate index 2" "$sp" threshold combine "$dir/dup.json"
request "$dir/zero.json" 3 0:"$dir/p2" 4:"$dir/p4" 5:"$dir/p5"
refuse combine-index-zero "share index 0 is not allowed" "$sp" threshold combine "$dir/zero.json"
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); j['share_pubkeys'][2]['pubkey']='0x8123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'; print(json.dumps(j))" \
  "$dir/c.json" >"$dir/sub.json"
refuse combine-not-in-g1 "share_pubkeys\[2\].pubkey: point not in the prime-order subgroup" \
  "$sp" threshold combine "$dir/sub.json"
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); j['group_pubkey']=j['group_pubkey'][:-2]; print(json.dumps(j))" \
  "$dir/c.json" >"$dir/len.json"
refuse combine-wrong-length "group_pubkey: wrong length" "$sp" threshold combine "$dir/len.json"
refuse split-bad-threshold "--t must be between 1 and --n" sh -c "echo $sk | $sp threshold split --t 6 --n 5"
refuse split-zero-key "not a BLS12-381 secret key" sh -c "printf '%064d' 0 | $sp threshold split --t 2 --n 3"
refuse split-short-key "expected 64 hex digits" sh -c "echo 1234 | $sp threshold split --t 2 --n 3"
echo "threshold cli: $pass/$total passed"
[ "$pass" = "$total" ]
