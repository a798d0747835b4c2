#!/usr/bin/env python3
"""Independent reference for the pairing known-answer test (tests/crypto/pairing_test.cpp).

Textbook optimal ate pairing of BLS12-381 in plain Python integers: affine Miller loop on the twist
with every line evaluated in Fp12 = Fp2[w]/(w^6 - (u + 1)) after untwisting, f_{z,Q} = 1/f_{|z|,Q},
and the final exponentiation as one generic power (p^12 - 1)/r. stakepool's final exponentiation
returns the cube of this value (see pairing.hpp), so the script prints e(G1, G2)^3 as the 12 Fp
coordinates in stakepool's tower order: c0.c0, c0.c1, c0.c2, c1.c0, c1.c1, c1.c2 (each Fp2 as re, im),
where c0.ck is the coefficient of w^(2k) and c1.ck that of w^(2k+1).
"""
p = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab
r = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001
ABS_Z = 0xd201000000010000

G1 = (0x17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb,
      0x08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1)
G2 = ((0x024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8,
       0x13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e),
      (0x0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801,
       0x0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be))


def f2add(a, b): return ((a[0] + b[0]) % p, (a[1] + b[1]) % p)
def f2sub(a, b): return ((a[0] - b[0]) % p, (a[1] - b[1]) % p)
def f2mul(a, b): return ((a[0] * b[0] - a[1] * b[1]) % p, (a[0] * b[1] + a[1] * b[0]) % p)
def f2inv(a):
    n = pow(a[0] * a[0] + a[1] * a[1], p - 2, p)
    return (a[0] * n % p, -a[1] * n % p)


XI = (1, 1)
ZERO2, ONE2 = (0, 0), (1, 0)


def f12mul(a, b):  # a, b: 6 Fp2 coefficients of w^0..w^5, w^6 = XI
    t = [ZERO2] * 11
    for i in range(6):
        for j in range(6):
            t[i + j] = f2add(t[i + j], f2mul(a[i], b[j]))
    return [f2add(t[i], f2mul(XI, t[i + 6])) if i < 5 else t[i] for i in range(6)]


def f12pow(a, e):
    res = [ONE2] + [ZERO2] * 5
    for bit in bin(e)[2:]:
        res = f12mul(res, res)
        if bit == '1':
            res = f12mul(res, a)
    return res


def mono(c, k):  # c·w^k
    v = [ZERO2] * 6
    v[k] = c
    return v


def line(t, slope, P):
    """l(P) = yp - yT - lambda·(xp - xT), untwisted: xT = x'·w^-2, yT = y'·w^-3, lambda = l'·w^-1."""
    xi_inv = f2inv(XI)
    xT = mono(f2mul(t[0], xi_inv), 4)       # w^-2 = w^4 / xi
    yT = mono(f2mul(t[1], xi_inv), 3)       # w^-3 = w^3 / xi
    lam = mono(f2mul(slope, xi_inv), 5)     # w^-1 = w^5 / xi
    xp, yp = mono((P[0], 0), 0), mono((P[1], 0), 0)
    dx = [f2sub(a, b) for a, b in zip(xp, xT)]
    lv = f12mul(lam, dx)
    return [f2sub(f2sub(a, b), c) for a, b, c in zip(yp, yT, lv)]


def miller_abs_z(P, Q):
    f = [ONE2] + [ZERO2] * 5
    T = Q
    for bit in bin(ABS_Z)[3:]:
        slope = f2mul(f2mul((3, 0), f2mul(T[0], T[0])), f2inv(f2add(T[1], T[1])))
        f = f12mul(f12mul(f, f), line(T, slope, P))
        x3 = f2sub(f2mul(slope, slope), f2add(T[0], T[0]))
        T = (x3, f2sub(f2mul(slope, f2sub(T[0], x3)), T[1]))
        if bit == '1':
            slope = f2mul(f2sub(Q[1], T[1]), f2inv(f2sub(Q[0], T[0])))
            f = f12mul(f, line(T, slope, P))
            x3 = f2sub(f2sub(f2mul(slope, slope), T[0]), Q[0])
            T = (x3, f2sub(f2mul(slope, f2sub(T[0], x3)), T[1]))
    return f


def main():
    assert (G1[1] ** 2 - G1[0] ** 3 - 4) % p == 0
    assert f2sub(f2mul(G2[1], G2[1]), f2add(f2mul(G2[0], f2mul(G2[0], G2[0])), (4, 4))) == ZERO2
    f = miller_abs_z(G1, G2)
    order = p ** 12 - 1
    e = f12pow(f, order - order // r)        # f_{z} = 1/f_{|z|}: exponent -(p^12-1)/r
    assert f12pow(e, r) == [ONE2] + [ZERO2] * 5
    e3 = f12mul(f12mul(e, e), e)
    # tower order: c0 = (w^0, w^2, w^4), c1 = (w^1, w^3, w^5)
    for k in (0, 2, 4, 1, 3, 5):
        print('"%096x", "%096x",' % e3[k])


if __name__ == '__main__':
    main()
