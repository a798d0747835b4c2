#!/usr/bin/env python3
"""Generates src/crypto/h2c_constants.hpp: the RFC 9380 constants of the BLS12-381 suites.

Run: python3 tools/gen_h2c_constants.py > src/crypto/h2c_constants.hpp
Sources: RFC 9380 §8.8.1 / §8.8.2 (Z, A', B' of the isogenous curves E1', E2') and Appendix E.2 /
E.3 (the 11-isogeny E1' -> E1 and the 3-isogeny E2' -> E2). Derived values (square roots,
exponents) are computed here and checked. Before printing, the script checks the isogeny
transcription: random points of E1' / E2' must map onto E1 / E2.
Field elements are emitted in Montgomery form (x * 2^384 mod p) as little-endian 64-bit limbs;
exponents as plain little-endian limbs.
"""
import random

P = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab
R = 1 << 384

# ---- RFC 9380 §8.8.1, Appendix E.2 (G1) ----------------------------------------------------------
G1_Z = 11
G1_A = 0x144698a3b8e9433d693a02c96d4982b0ea985383ee66a8d8e8981aefd881ac98936f8da0e0f97f5cf428082d584c1d
G1_B = 0x12e2908d11688030018b12e8753eee3b2016c1f0f24f4070a0b9c14fcef35ef55a23215a316ceaa5d1cc48e98e172be0
G1_XNUM = [  # k_(1,0) .. k_(1,11)
    0x11a05f2b1e833340b809101dd99815856b303e88a2d7005ff2627b56cdb4e2c85610c2d5f2e62d6eaeac1662734649b7,
    0x17294ed3e943ab2f0588bab22147a81c7c17e75b2f6a8417f565e33c70d1e86b4838f2a6f318c356e834eef1b3cb83bb,
    0xd54005db97678ec1d1048c5d10a9a1bce032473295983e56878e501ec68e25c958c3e3d2a09729fe0179f9dac9edcb0,
    0x1778e7166fcc6db74e0609d307e55412d7f5e4656a8dbf25f1b33289f1b330835336e25ce3107193c5b388641d9b6861,
    0xe99726a3199f4436642b4b3e4118e5499db995a1257fb3f086eeb65982fac18985a286f301e77c451154ce9ac8895d9,
    0x1630c3250d7313ff01d1201bf7a74ab5db3cb17dd952799b9ed3ab9097e68f90a0870d2dcae73d19cd13c1c66f652983,
    0xd6ed6553fe44d296a3726c38ae652bfb11586264f0f8ce19008e218f9c86b2a8da25128c1052ecaddd7f225a139ed84,
    0x17b81e7701abdbe2e8743884d1117e53356de5ab275b4db1a682c62ef0f2753339b7c8f8c8f475af9ccb5618e3f0c88e,
    0x80d3cf1f9a78fc47b90b33563be990dc43b756ce79f5574a2c596c928c5d1de4fa295f296b74e956d71986a8497e317,
    0x169b1f8e1bcfa7c42e0c37515d138f22dd2ecb803a0c5c99676314baf4bb1b7fa3190b2edc0327797f241067be390c9e,
    0x10321da079ce07e272d8ec09d2565b0dfa7dccdde6787f96d50af36003b14866f69b771f8c285decca67df3f1605fb7b,
    0x6e08c248e260e70bd1e962381edee3d31d79d7e22c837bc23c0bf1bc24c6b68c24b1b80b64d391fa9c8ba2e8ba2d229,
]
G1_XDEN = [  # k_(2,0) .. k_(2,9); x_den is monic of degree 10
    0x8ca8d548cff19ae18b2e62f4bd3fa6f01d5ef4ba35b48ba9c9588617fc8ac62b558d681be343df8993cf9fa40d21b1c,
    0x12561a5deb559c4348b4711298e536367041e8ca0cf0800c0126c2588c48bf5713daa8846cb026e9e5c8276ec82b3bff,
    0xb2962fe57a3225e8137e629bff2991f6f89416f5a718cd1fca64e00b11aceacd6a3d0967c94fedcfcc239ba5cb83e19,
    0x3425581a58ae2fec83aafef7c40eb545b08243f16b1655154cca8abc28d6fd04976d5243eecf5c4130de8938dc62cd8,
    0x13a8e162022914a80a6f1d5f43e7a07dffdfc759a12062bb8d6b44e833b306da9bd29ba81f35781d539d395b3532a21e,
    0xe7355f8e4e667b955390f7f0506c6e9395735e9ce9cad4d0a43bcef24b8982f7400d24bc4228f11c02df9a29f6304a5,
    0x772caacf16936190f3e0c63e0596721570f5799af53a1894e2e073062aede9cea73b3538f0de06cec2574496ee84a3a,
    0x14a7ac2a9d64a8b230b3f5b074cf01996e7f63c21bca68a81996e1cdf9822c580fa5b9489d11e2d311f7d99bbdcc5a5e,
    0xa10ecf6ada54f825e920b3dafc7a3cce07f8d1d7161366b74100da67f39883503826692abba43704776ec3a79a1d641,
    0x95fc13ab9e92ad4476d6e3eb3a56680f682b4ee96f7d03776df533978f31c1593174e4b4b7865002d6384d168ecdd0a,
]
G1_YNUM = [  # k_(3,0) .. k_(3,15)
    0x90d97c81ba24ee0259d1f094980dcfa11ad138e48a869522b52af6c956543d3cd0c7aee9b3ba3c2be9845719707bb33,
    0x134996a104ee5811d51036d776fb46831223e96c254f383d0f906343eb67ad34d6c56711962fa8bfe097e75a2e41c696,
    0xcc786baa966e66f4a384c86a3b49942552e2d658a31ce2c344be4b91400da7d26d521628b00523b8dfe240c72de1f6,
    0x1f86376e8981c217898751ad8746757d42aa7b90eeb791c09e4a3ec03251cf9de405aba9ec61deca6355c77b0e5f4cb,
    0x8cc03fdefe0ff135caf4fe2a21529c4195536fbe3ce50b879833fd221351adc2ee7f8dc099040a841b6daecf2e8fedb,
    0x16603fca40634b6a2211e11db8f0a6a074a7d0d4afadb7bd76505c3d3ad5544e203f6326c95a807299b23ab13633a5f0,
    0x4ab0b9bcfac1bbcb2c977d027796b3ce75bb8ca2be184cb5231413c4d634f3747a87ac2460f415ec961f8855fe9d6f2,
    0x987c8d5333ab86fde9926bd2ca6c674170a05bfe3bdd81ffd038da6c26c842642f64550fedfe935a15e4ca31870fb29,
    0x9fc4018bd96684be88c9e221e4da1bb8f3abd16679dc26c1e8b6e6a1f20cabe69d65201c78607a360370e577bdba587,
    0xe1bba7a1186bdb5223abde7ada14a23c42a0ca7915af6fe06985e7ed1e4d43b9b3f7055dd4eba6f2bafaaebca731c30,
    0x19713e47937cd1be0dfd0b8f1d43fb93cd2fcbcb6caf493fd1183e416389e61031bf3a5cce3fbafce813711ad011c132,
    0x18b46a908f36f6deb918c143fed2edcc523559b8aaf0c2462e6bfe7f911f643249d9cdf41b44d606ce07c8a4d0074d8e,
    0xb182cac101b9399d155096004f53f447aa7b12a3426b08ec02710e807b4633f06c851c1919211f20d4c04f00b971ef8,
    0x245a394ad1eca9b72fc00ae7be315dc757b3b080d4c158013e6632d3c40659cc6cf90ad1c232a6442d9d3f5db980133,
    0x5c129645e44cf1102a159f748c4a3fc5e673d81d7e86568d9ab0f5d396a7ce46ba1049b6579afb7866b1e715475224b,
    0x15e6be4e990f03ce4ea50b3b42df2eb5cb181d8f84965a3957add4fa95af01b2b665027efec01c7704b456be69c8b604,
]
G1_YDEN = [  # k_(4,0) .. k_(4,14); y_den is monic of degree 15
    0x16112c4c3a9c98b252181140fad0eae9601a6de578980be6eec3232b5be72e7a07f3688ef60c206d01479253b03663c1,
    0x1962d75c2381201e1a0cbd6c43c348b885c84ff731c4d59ca4a10356f453e01f78a4260763529e3532f6102c2e49a03d,
    0x58df3306640da276faaae7d6e8eb15778c4855551ae7f310c35a5dd279cd2eca6757cd636f96f891e2538b53dbf67f2,
    0x16b7d288798e5395f20d23bf89edb4d1d115c5dbddbcd30e123da489e726af41727364f2c28297ada8d26d98445f5416,
    0xbe0e079545f43e4b00cc912f8228ddcc6d19c9f0f69bbb0542eda0fc9dec916a20b15dc0fd2ededda39142311a5001d,
    0x8d9e5297186db2d9fb266eaac783182b70152c65550d881c5ecd87b6f0f5a6449f38db9dfa9cce202c6477faaf9b7ac,
    0x166007c08a99db2fc3ba8734ace9824b5eecfdfa8d0cf8ef5dd365bc400a0051d5fa9c01a58b1fb93d1a1399126a775c,
    0x16a3ef08be3ea7ea03bcddfabba6ff6ee5a4375efa1f4fd7feb34fd206357132b920f5b00801dee460ee415a15812ed9,
    0x1866c8ed336c61231a1be54fd1d74cc4f9fb0ce4c6af5920abc5750c4bf39b4852cfe2f7bb9248836b233d9d55535d4a,
    0x167a55cda70a6e1cea820597d94a84903216f763e13d87bb5308592e7ea7d4fbc7385ea3d529b35e346ef48bb8913f55,
    0x4d2f259eea405bd48f010a01ad2911d9c6dd039bb61a6290e591b36e636a5c871a5c29f4f83060400f8b49cba8f6aa8,
    0xaccbb67481d033ff5852c1e48c50c477f94ff8aefce42d28c0f9a88cea7913516f968986f7ebbea9684b529e2561092,
    0xad6b9514c767fe3c3613144b45f1496543346d98adf02267d5ceef9a00d9b8693000763e3b90ac11e99b138573345cc,
    0x2660400eb2e4f3b628bdd0d53cd76f2bf565b94e72927c1cb748df27942480e420517bd8714cc80d1fadc1326ed06f7,
    0xe0fa1d816ddc03e6b24255e0d7819c171c40f65e273b853324efcd6356caa205ca2f570f13497804415473a1d634b8f,
]

# ---- RFC 9380 §8.8.2, Appendix E.3 (G2); Fp2 values are (c0, c1) = c0 + c1 * I ------------------
G2_Z = (P - 2, P - 1)  # -(2 + I)
G2_A = (0, 240)
G2_B = (1012, 1012)
_a = 0x5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6
G2_XNUM = [
    (_a, _a),
    (0, 0x11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71a),
    (0x11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71e,
     0x8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38d),
    (0x171d6541fa38ccfaed6dea691f5fb614cb14b4e7f4e810aa22d6108f142b85757098e38d0f671c7188e2aaaaaaaa5ed1, 0),
]
G2_XDEN = [  # monic of degree 2
    (0, 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa63),
    (0xc, 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa9f),
]
_b = 0x1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706
G2_YNUM = [
    (_b, _b),
    (0, 0x5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97be),
    (0x11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71c,
     0x8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38f),
    (0x124c9ad43b6cf79bfbf7043de3811ad0761b0f37a1e26286b0e977c69aa274524e79097a56dc4bd9e1b371c71c718b10, 0),
]
_c = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa8fb
G2_YDEN = [  # monic of degree 3
    (_c, _c),
    (0, 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa9d3),
    (0x12, 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa99),
]


# ---- arithmetic ----------------------------------------------------------------------------------
def inv(a):
    return pow(a, P - 2, P)


def sqrt_fp(a):
    r = pow(a, (P + 1) // 4, P)
    assert r * r % P == a % P, "not a square"
    return r


def m2(a, b):
    return ((a[0] * b[0] - a[1] * b[1]) % P, (a[0] * b[1] + a[1] * b[0]) % P)


def add2(a, b):
    return ((a[0] + b[0]) % P, (a[1] + b[1]) % P)


def inv2(a):
    n = inv((a[0] * a[0] + a[1] * a[1]) % P)
    return (a[0] * n % P, (P - a[1]) * n % P)


def sqrt_fp2(a):
    """Square root in Fp2 by the norm method; None if a is not a square."""
    if a == (0, 0):
        return (0, 0)
    n = (a[0] * a[0] + a[1] * a[1]) % P
    s = pow(n, (P + 1) // 4, P)
    if s * s % P != n:
        return None
    for c in ((a[0] + s) * inv(2) % P, (a[0] - s) * inv(2) % P):
        x0 = pow(c, (P + 1) // 4, P)
        if x0 * x0 % P == c and x0 != 0:
            return (x0, a[1] * inv(2 * x0) % P)
    x1 = sqrt_fp((P - a[0]) % P)  # a1 == 0 and a0 non-square: sqrt = sqrt(-a0) * I
    return (0, x1)


def poly(coeffs, x, mul, add, one):
    acc = one
    for k in reversed(coeffs):  # monic when `one` is the leading coefficient
        acc = add(mul(acc, x), k)
    return acc


def check_isogeny_g1():
    rnd = random.Random(1)
    done = 0
    while done < 8:
        x = rnd.randrange(P)
        g = (x * x * x + G1_A * x + G1_B) % P
        if pow(g, (P - 1) // 2, P) != 1:
            continue
        y = sqrt_fp(g)
        mul, add = (lambda a, b: a * b % P), (lambda a, b: (a + b) % P)
        xn = poly(G1_XNUM[:-1], x, mul, add, G1_XNUM[-1])
        xd = poly(G1_XDEN, x, mul, add, 1)
        yn = poly(G1_YNUM[:-1], x, mul, add, G1_YNUM[-1])
        yd = poly(G1_YDEN, x, mul, add, 1)
        X, Y = xn * inv(xd) % P, y * yn * inv(yd) % P
        assert (Y * Y - X * X * X - 4) % P == 0, "G1 isogeny constants do not map E1' onto E1"
        done += 1


def check_isogeny_g2():
    rnd = random.Random(2)
    done = 0
    while done < 8:
        x = (rnd.randrange(P), rnd.randrange(P))
        g = add2(add2(m2(m2(x, x), x), m2(G2_A, x)), G2_B)
        y = sqrt_fp2(g)
        if y is None:
            continue
        assert m2(y, y) == g
        xn = poly(G2_XNUM[:-1], x, m2, add2, G2_XNUM[-1])
        xd = poly(G2_XDEN, x, m2, add2, (1, 0))
        yn = poly(G2_YNUM[:-1], x, m2, add2, G2_YNUM[-1])
        yd = poly(G2_YDEN, x, m2, add2, (1, 0))
        X, Y = m2(xn, inv2(xd)), m2(y, m2(yn, inv2(yd)))
        rhs = add2(m2(m2(X, X), X), (4, 4))
        assert m2(Y, Y) == rhs, "G2 isogeny constants do not map E2' onto E2"
        done += 1


# ---- output --------------------------------------------------------------------------------------
def limbs(x, mont=True):
    """Six limbs, wrapped after the third so that lines stay under 100 columns."""
    m = x * R % P if mont else x
    w = ["0x%016xULL" % ((m >> (64 * i)) & (2**64 - 1)) for i in range(6)]
    return "{" + ", ".join(w[:3]) + ",\n        " + ", ".join(w[3:]) + "}"


def fp(x):
    return "Fp{%s}" % limbs(x)


def fp2(a):
    return "Fp2{Fp{%s},\n        Fp{%s}}" % (limbs(a[0]), limbs(a[1]))


def array(name, typ, items, emit):
    lines = ["inline constexpr %s %s[%d] = {" % (typ, name, len(items))]
    lines += ["    %s," % emit(v) for v in items]
    lines.append("};")
    return "\n".join(lines)


def main():
    check_isogeny_g1()
    check_isogeny_g2()
    assert (P % 4) == 3
    sqrt_minus_z1 = sqrt_fp(P - G1_Z)                       # c2 of sqrt_ratio_3mod4 (Fp)
    assert pow(5, (P - 1) // 2, P) == P - 1                 # N(Z2) = 5 is a non-square in Fp,
    sqrt_minus_5 = sqrt_fp(P - 5)                           # so -5 is a square
    out = []
    out.append("#pragma once")
    out.append("// Generated by tools/gen_h2c_constants.py from RFC 9380 §8.8 and Appendix E. Do not edit.")
    out.append("// Field elements in Montgomery form (x * 2^384 mod p), little-endian 64-bit limbs.")
    out.append('#include "stakepool/crypto/tower.hpp"\n')
    out.append("namespace stakepool::crypto::h2c {\n")
    out.append("// E1': y^2 = x^3 + A'x + B' (11-isogenous to E1), SWU constant Z = 11.")
    out.append("inline constexpr Fp kG1A =\n    %s;" % fp(G1_A))
    out.append("inline constexpr Fp kG1B =\n    %s;" % fp(G1_B))
    out.append("inline constexpr Fp kG1Z =\n    %s;" % fp(G1_Z))
    out.append("// sqrt(-Z) for sqrt_ratio with q = 3 mod 4 (RFC 9380 F.2.1.2).")
    out.append("inline constexpr Fp kG1SqrtMinusZ =\n    %s;" % fp(sqrt_minus_z1))
    out.append("// E2': A' = 240 I, B' = 1012 (1 + I), Z = -(2 + I).")
    out.append("inline constexpr Fp2 kG2A =\n    %s;" % fp2(G2_A))
    out.append("inline constexpr Fp2 kG2B =\n    %s;" % fp2(G2_B))
    out.append("inline constexpr Fp2 kG2Z =\n    %s;" % fp2(G2_Z))
    out.append("// sqrt(-5) in Fp: N(Z) = 5 is a non-square, so -5 = -1 * 5 is a square.")
    out.append("inline constexpr Fp kSqrtMinus5 =\n    %s;" % fp(sqrt_minus_5))
    out.append("")
    out.append("// 11-isogeny E1' -> E1 (Appendix E.2), coefficients by ascending degree; x_den and y_den")
    out.append("// are monic (leading 1 not stored).")
    out.append(array("kG1XNum", "Fp", G1_XNUM, fp))
    out.append(array("kG1XDen", "Fp", G1_XDEN, fp))
    out.append(array("kG1YNum", "Fp", G1_YNUM, fp))
    out.append(array("kG1YDen", "Fp", G1_YDEN, fp) + "\n")
    out.append("// 3-isogeny E2' -> E2 (Appendix E.3), same layout.")
    out.append(array("kG2XNum", "Fp2", G2_XNUM, fp2))
    out.append(array("kG2XDen", "Fp2", G2_XDEN, fp2))
    out.append(array("kG2YNum", "Fp2", G2_YNUM, fp2))
    out.append(array("kG2YDen", "Fp2", G2_YDEN, fp2) + "\n")
    out.append("}  // namespace stakepool::crypto::h2c")
    print("\n".join(out))


if __name__ == "__main__":
    main()
