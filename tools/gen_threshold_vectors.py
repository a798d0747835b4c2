#!/usr/bin/env python3
"""Generate the threshold-BLS vector cases in tests/vectors/threshold/{split,recover,combine}/.

Format: doc/formats/threshold.md. Run: `stakepool vectors threshold tests/vectors/threshold`.

Independence: Shamir sharing and Lagrange recovery over Fr, and G1 scalar multiplication with
compressed encoding (share and group public keys), are implemented here from the specifications
with Python integers, so split/ and recover/ cross-check the C++ code. combine/ cases take their
group secret key, message and expected signature from the official Ethereum BLS `sign` vectors
(ethereum/bls12-381-tests), so the combined signature is checked against an independent result;
only the partial signatures come from `stakepool bls sign` (itself checked by those vectors).
Invalid encodings (points not in G1/G2, off the curve) come from the official deserialization
vectors.

Usage: tools/gen_threshold_vectors.py --stakepool BUILD/stakepool --vectors ../shared/vectors \
           --out tests/vectors/threshold
"""
import argparse
import hashlib
import json
import os
import subprocess

P = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB
R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
GX = 0x17F1D3A73197D7942695638C4FA9AC0FC3688C4F9774B905A14E3A3F171BAC586C55E83FF97A1AEFFB3AF00ADB22C6BB
GY = 0x08B3F481E3AAA0F1A09E30ED741D8AE4FCF5E095D5D00AF600DB18CB2C04B3EDD03CC744A2888AE40CAA232946C5E7E1
# Ethereum known-answer key: sk 263dbd79… has pk a491d1b0… (checks the G1 code below).
KAT_SK = 0x263DBD792F5B1BE47ED85F8938C0F29586AF0D3AC7B977F21C278FE1462040E3
KAT_PK = "0xa491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20fd6e10c1b77654d067c0618f6e5a7f79a"
BLS_JSON = "bls12-381-tests/via-constantine/tests/protocol_blssig_pop_on_bls12381_g2_test_vectors_v0.1.1"

# ---- G1 (affine, y^2 = x^3 + 4 over Fp), None is the identity ----------------------------------


def g1_add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    (x1, y1), (x2, y2) = a, b
    if x1 == x2:
        if (y1 + y2) % P == 0:
            return None
        lam = 3 * x1 * x1 * pow(2 * y1, -1, P) % P
    else:
        lam = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (lam * lam - x1 - x2) % P
    return (x3, (lam * (x1 - x3) - y1) % P)


def g1_mul(k, pt=(GX, GY)):
    acc = None
    for bit in bin(k % R)[2:]:
        acc = g1_add(acc, acc)
        if bit == "1":
            acc = g1_add(acc, pt)
    return acc


def g1_compress(pt):
    """ZCash compressed encoding: x big-endian with flags c=0x80, i=0x40, s=0x20 (y > (p-1)/2)."""
    if pt is None:
        return "0x" + (bytes([0xC0]) + bytes(47)).hex()
    x, y = pt
    b = bytearray(x.to_bytes(48, "big"))
    b[0] |= 0x80 | (0x20 if y > (P - 1) // 2 else 0)
    return "0x" + bytes(b).hex()


# ---- Fr polynomials ---------------------------------------------------------------------------


def scalar_hex(v):
    return "0x" + v.to_bytes(32, "big").hex()


def poly_eval(coeffs, x):
    acc = 0
    for c in reversed(coeffs):
        acc = (acc * x + c) % R
    return acc


def lagrange_at_zero(points):
    """f(0) from [(x, y)] with distinct non-zero x."""
    total = 0
    for i, (xi, yi) in enumerate(points):
        num, den = 1, 1
        for j, (xj, _) in enumerate(points):
            if j != i:
                num = num * xj % R
                den = den * (xj - xi) % R
        total = (total + yi * num * pow(den, -1, R)) % R
    return total


class Stream:
    """Deterministic values: SHA-256(label || counter), 64 bytes reduced mod r."""

    def __init__(self, label):
        self.label, self.n = label.encode(), 0

    def scalar(self):
        self.n += 1
        h = b"".join(hashlib.sha256(self.label + self.n.to_bytes(8, "big") + bytes([k])).digest() for k in (0, 1))
        return int.from_bytes(h, "big") % R

    def pick(self, items, k):
        items = list(items)
        out = []
        for _ in range(k):
            out.append(items.pop(self.scalar() % len(items)))
        return out


# ---- case writers ---------------------------------------------------------------------------------


def write_case(out_dir, handler, name, case):
    d = os.path.join(out_dir, handler)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name + ".json"), "w") as f:
        json.dump(case, f, indent=1)
        f.write("\n")


def split_case(secret, coeffs, indices, t=None):
    poly = [secret] + coeffs
    out = {
        "shares": [{"index": j, "secret": scalar_hex(poly_eval(poly, j))} for j in indices],
        "share_pubkeys": [{"index": j, "pubkey": g1_compress(g1_mul(poly_eval(poly, j)))} for j in indices],
        "group_pubkey": g1_compress(g1_mul(secret)),
    }
    return {"input": {"secret_key": scalar_hex(secret), "coefficients": [scalar_hex(c) for c in coeffs],
                      "indices": indices}, "output": out}


def gen_split(out_dir):
    s = Stream("split")
    shapes = [(1, 1), (2, 3), (3, 5), (5, 7), (7, 10), (11, 16)]
    for t, n in shapes:
        secret = s.scalar()
        write_case(out_dir, "split", f"split_{t}_of_{n}", split_case(secret, [s.scalar() for _ in range(t - 1)],
                                                                     list(range(1, n + 1))))
    kat = split_case(KAT_SK, [s.scalar(), s.scalar()], [1, 2, 3, 4])
    assert kat["output"]["group_pubkey"] == KAT_PK, "G1 code does not reproduce the known-answer key"
    write_case(out_dir, "split", "split_known_answer_key_3_of_4", kat)
    write_case(out_dir, "split", "split_unordered_sparse_indices",
               split_case(s.scalar(), [s.scalar(), s.scalar()], [9, 2, 1024, 5]))
    write_case(out_dir, "split", "split_extreme_scalars", split_case(R - 1, [R - 1, 1], [1, 2, 3]))
    write_case(out_dir, "split", "split_zero_top_coefficient", split_case(s.scalar(), [s.scalar(), 0], [1, 2, 3]))
    bad = [
        ("split_null_secret_zero", 0, [5], [1, 2]),
        ("split_null_secret_non_canonical", R, [5], [1, 2]),
        ("split_null_coefficient_non_canonical", 7, [R + 1], [1, 2]),
        ("split_null_index_zero", 7, [5], [0, 1]),
        ("split_null_duplicate_index", 7, [5], [1, 1, 2]),
        ("split_null_fewer_indices_than_threshold", 7, [5, 6], [1, 2]),
        ("split_null_index_too_large", 7, [5], [1, 1025]),
    ]
    for name, secret, coeffs, indices in bad:
        write_case(out_dir, "split", name, {"input": {"secret_key": scalar_hex(secret),
                                                      "coefficients": [scalar_hex(c) for c in coeffs],
                                                      "indices": indices}, "output": None})
    write_case(out_dir, "split", "split_null_secret_wrong_length",
               {"input": {"secret_key": "0x" + "01" * 31, "coefficients": [], "indices": [1]}, "output": None})


def shares_of(poly, indices):
    return [{"index": j, "secret": scalar_hex(poly_eval(poly, j))} for j in indices]


def gen_recover(out_dir):
    s = Stream("recover")
    for t, n in [(1, 1), (2, 3), (3, 5), (5, 7), (7, 10), (11, 16)]:
        poly = [s.scalar() for _ in range(t)]
        subset = s.pick(range(1, n + 1), t)
        write_case(out_dir, "recover", f"recover_{t}_of_{n}",
                   {"input": {"threshold": t, "shares": shares_of(poly, subset)}, "output": scalar_hex(poly[0])})
        more = s.pick(range(1, n + 1), n)
        write_case(out_dir, "recover", f"recover_{t}_of_{n}_all_shares_shuffled",
                   {"input": {"threshold": t, "shares": shares_of(poly, more)}, "output": scalar_hex(poly[0])})
        if t >= 2:
            # t-1 shares interpolate to a different value (not the secret) when told threshold t-1.
            few = subset[: t - 1]
            wrong = lagrange_at_zero([(j, poly_eval(poly, j)) for j in few])
            assert wrong != poly[0]
            write_case(out_dir, "recover", f"recover_{t}_of_{n}_below_threshold_gives_other_value",
                       {"input": {"threshold": t - 1, "shares": shares_of(poly, few)}, "output": scalar_hex(wrong)})
            write_case(out_dir, "recover", f"recover_null_{t}_of_{n}_too_few",
                       {"input": {"threshold": t, "shares": shares_of(poly, few)}, "output": None})
    poly = [s.scalar() for _ in range(3)]
    good = shares_of(poly, [1, 2, 3])
    assert lagrange_at_zero([(j, poly_eval(poly, j)) for j in (1, 2, 3)]) == poly[0]
    nulls = {
        "recover_null_duplicate_index": good[:2] + [good[0]],
        "recover_null_index_zero": [{"index": 0, "secret": scalar_hex(poly[0])}] + good[:2],
        "recover_null_non_canonical_share": good[:2] + [{"index": 3, "secret": scalar_hex(R)}],
        "recover_null_share_wrong_length": good[:2] + [{"index": 3, "secret": "0x" + "02" * 33}],
        "recover_null_index_too_large": good[:2] + [{"index": 1025, "secret": scalar_hex(5)}],
    }
    for name, shares in nulls.items():
        write_case(out_dir, "recover", name, {"input": {"threshold": 3, "shares": shares}, "output": None})
    write_case(out_dir, "recover", "recover_null_threshold_zero",
               {"input": {"threshold": 0, "shares": good}, "output": None})


class Signer:
    """Partial signatures through `stakepool bls sign` (secret key on stdin)."""

    def __init__(self, binary):
        self.binary = binary

    def sign(self, sk, msg_hex):
        r = subprocess.run([self.binary, "bls", "sign", "--message", msg_hex], input=scalar_hex(sk) + "\n",
                           capture_output=True, text=True, check=True)
        return r.stdout.strip()


def load_sign_vectors(vectors):
    d = os.path.join(vectors, BLS_JSON, "sign")
    out = []
    for f in sorted(os.listdir(d)):
        case = json.load(open(os.path.join(d, f)))
        if case["output"] is not None:
            out.append((int(case["input"]["privkey"], 16), case["input"]["message"], case["output"]))
    return out


def deser_input(vectors, group, name, field):
    case = json.load(open(os.path.join(vectors, BLS_JSON, group, name + ".json")))
    assert case["output"] is False
    return "0x" + case["input"][field]


def combine_input(t, group_pk, msg, keys, partials):
    return {"threshold": t, "group_pubkey": group_pk, "message": msg,
            "share_pubkeys": [{"index": j, "pubkey": pk} for j, pk in keys],
            "partial_signatures": [{"index": j, "signature": sig} for j, sig in partials]}


def gen_combine(out_dir, vectors, signer):
    s = Stream("combine")
    shapes = [(1, 1), (2, 3), (3, 5), (5, 7), (7, 10), (11, 16), (3, 4), (4, 6), (2, 2)]
    not_in_g2 = deser_input(vectors, "deserialization_G2", "deserialization_fails_not_in_G2", "signature")
    not_in_g1 = deser_input(vectors, "deserialization_G1", "deserialization_fails_not_in_G1", "pubkey")
    off_curve = deser_input(vectors, "deserialization_G1", "deserialization_fails_not_in_curve", "pubkey")
    for k, ((sk, msg, want), (t, n)) in enumerate(zip(load_sign_vectors(vectors), shapes)):
        poly = [sk] + [s.scalar() for _ in range(t - 1)]
        group_pk = g1_compress(g1_mul(sk))
        keys = [(j, g1_compress(g1_mul(poly_eval(poly, j)))) for j in range(1, n + 1)]
        parts = {j: signer.sign(poly_eval(poly, j), msg) for j in range(1, n + 1)}
        base = f"combine_{k}_{t}_of_{n}"

        def case(name, partials, output, keys_=keys, group=group_pk, thr=t):
            write_case(out_dir, "combine", f"{base}_{name}",
                       {"input": combine_input(thr, group, msg, keys_, partials), "output": output})

        order = s.pick(range(1, n + 1), n)
        case("all_partials", [(j, parts[j]) for j in order], want)
        subset = s.pick(range(1, n + 1), t)
        case("exactly_threshold", [(j, parts[j]) for j in subset], want)
        if t >= 2:
            case("null_too_few", [(j, parts[j]) for j in subset[:-1]], None)
        # A partial signed with a wrong share (f(j)+1) or over another message is dropped.
        bad_j = subset[0]
        wrong_share = signer.sign(poly_eval(poly, bad_j) + 1, msg)
        if n > t:
            rest = [j for j in order if j != bad_j]
            case("invalid_partial_dropped", [(bad_j, wrong_share)] + [(j, parts[j]) for j in rest], want)
            case("not_in_g2_partial_dropped", [(j, parts[j]) for j in rest] + [(bad_j, not_in_g2)], want)
            case("wrong_length_partial_dropped", [(bad_j, parts[bad_j][:-2])] + [(j, parts[j]) for j in rest], want)
        case("null_invalid_partial_leaves_too_few", [(bad_j, wrong_share)] + [(j, parts[j]) for j in subset[1:]],
             None)
        case("null_duplicate_index", [(j, parts[j]) for j in subset] + [(subset[-1], parts[subset[-1]])], None)
        case("null_index_zero", [(0, parts[subset[0]])] + [(j, parts[j]) for j in subset], None)
        case("null_share_pubkey_not_in_g1", [(j, parts[j]) for j in subset], None,
             keys_=[(keys[0][0], not_in_g1)] + keys[1:])
        case("null_share_pubkey_off_curve", [(j, parts[j]) for j in subset], None,
             keys_=keys[:-1] + [(keys[-1][0], off_curve)])
        other_pk = g1_compress(g1_mul(sk + 1))
        case("null_wrong_group_pubkey", [(j, parts[j]) for j in subset], None, group=other_pk)
        case("unknown_index_partial_dropped", [(n + 1, parts[subset[0]])] + [(j, parts[j]) for j in subset], want)
        case("null_threshold_zero", [(j, parts[j]) for j in subset], None, thr=0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stakepool", required=True, help="path of the stakepool binary (for partial signatures)")
    ap.add_argument("--vectors", required=True, help="the shared official vectors folder")
    ap.add_argument("--out", required=True, help="output folder (tests/vectors/threshold)")
    a = ap.parse_args()
    assert g1_compress(g1_mul(KAT_SK)) == KAT_PK
    gen_split(a.out)
    gen_recover(a.out)
    gen_combine(a.out, a.vectors, Signer(a.stakepool))


if __name__ == "__main__":
    main()
