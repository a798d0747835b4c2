#!/usr/bin/env python3
"""Generates src/crypto/fp_adx_*.cpp: MULX/ADCX/ADOX kernels for the 6-limb BLS12-381 Fp arithmetic.

Run: python3 tools/gen_fp_adx.py [OUT_DIR]      (OUT_DIR defaults to src/crypto of this checkout)

One file per kernel family, each well below the 800-line limit: the row operations (a 6-word
MULX row, a Montgomery reduction step, the first row) are assembler macros with the registers as
arguments, so the assembled code is the same as if every instruction were written out. Files:
  fp_adx_mul.cpp   fp_mul, fp_sqr, fp_mul_sum, and the constants p and -p^-1 (hidden symbols)
  fp_adx_fp2.cpp   fp2_mul, fp2_sqr
  fp_adx_sum.cpp   fp2_sum_of_products{2,3}
  fp_adx_wide.cpp  fp_mul_wide, fp_redc

The kernels are plain SysV functions in a top-level asm block (AT&T syntax):
  stakepool_fp_mul_adx(r, a, b)          r = a·b·2^-384 mod p      (CIOS; r may alias a or b)
  stakepool_fp_sqr_adx(r, a)             r = a·a·2^-384 mod p
  stakepool_fp_mul_sum_adx(r, a, b, c, d)  r = (a·b + c·d)·2^-384 mod p
  stakepool_fp2_mul_adx(r, a, b)         Fp2: r = a·b, each coefficient one sum-of-products CIOS:
                                           c0 = a0·b0 + (p - a1)·b1,  c1 = a0·b1 + a1·b0
  stakepool_fp2_sqr_adx(r, a)            Fp2: r = a^2 = (a0+a1)(a0-a1) + 2·a0·a1·u, unreduced factors
  stakepool_fp2_sum_of_products{2,3}_adx(r, A, B)  Fp2: r = sum A[k]·B[k] over 2 or 3 products,
                                         one CIOS with 4 or 6 terms per coefficient (lazy reduction)
  stakepool_fp_mul_wide_adx(w, a, b)     w[0..12) = a·b              (a, b < 2^384)
  stakepool_fp_redc_adx(r, w)            r = w·2^-384 mod p          (w < p·2^384)
Inputs of the Montgomery kernels may be unreduced up to 2p as long as the exact result
(a·b + c·d + q·p)/2^384 stays below 2p; with p < 2^381 this holds for a·b + c·d < 2^766, which
covers every use (products of values < 2p, sums of two products of values < p).

Two carry chains run interleaved: ADCX (CF) adds the low product words, ADOX (OF) the high words.
The accumulator is a 7-register window that rotates by renaming instead of moving data. Bounds
(p < 2^381) guarantee that no chain carries out of the window, so both flags are clear after each
row. Each row therefore starts with XOR, which clears both flags without waiting for anything:
the flags are renamed, so a row's chains no longer hang on the previous row's last flag write and
consecutive rows overlap in the out-of-order window (one dependent fp_mul 184 -> ~135 cycles on
this VM; the pairing 11% faster). The Montgomery quotient q = t0·(-p^-1) comes from IMUL (3 cycles,
one uop) before that XOR, since IMUL writes the flags. The final
subtraction of p selects with CMOV: the code is straight-line and constant time.
"""
P = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab
INV = (-pow(P, -1, 2**64)) % 2**64
PL = [(P >> (64 * i)) & (2**64 - 1) for i in range(6)]

out = []


def emit(s):
    out.append("    " + s)
    # Call-frame information, so profilers and debuggers unwind through the kernels.
    if s.startswith("pushq "):
        out.append("    .cfi_adjust_cfa_offset 8")
    elif s.startswith("popq "):
        out.append("    .cfi_adjust_cfa_offset -8")
    elif s.startswith("subq $") and s.endswith(", %rsp"):
        out.append("    .cfi_adjust_cfa_offset %s" % s[len("subq $"):-len(", %rsp")])
    elif s.startswith("addq $") and s.endswith(", %rsp"):
        out.append("    .cfi_adjust_cfa_offset -%s" % s[len("addq $"):-len(", %rsp")])


def func(name):
    out.append("    .globl %s" % name)
    out.append("    .type %s, @function" % name)
    out.append("    .p2align 5")
    out.append("%s:" % name)
    out.append("    .cfi_startproc")


def endfunc(name):
    out.append("    .cfi_endproc")
    out.append("    .size %s, .-%s" % (name, name))


SAVED = ["%rbx", "%rbp", "%r12", "%r13", "%r14", "%r15"]
WINDOW = ["%r9", "%r10", "%r11", "%r12", "%r13", "%r14", "%r15"]
LO, HI, ZERO = "%rax", "%rbx", "%rbp"


def prologue():
    for r in SAVED:
        emit("pushq %s" % r)


def epilogue():
    for r in reversed(SAVED):
        emit("popq %s" % r)
    emit("ret")


def p_ref(j):
    return "stakepool_fp_adx_p+%d(%%rip)" % (8 * j)


def mem(base, off):
    return "%d(%s)" % (off, base)


# Assembler macros for the rows; `\\off+8(\\base)` assembles to the displacement off + 8.
MACROS = r"""    .macro sp_reduce_step t0, t1, t2, t3, t4, t5, t6
    movq \t0, %rdx
    imulq stakepool_fp_adx_inv(%rip), %rdx
    xorl %eax, %eax
    mulxq stakepool_fp_adx_p+0(%rip), %rax, %rbx
    adcxq %rax, \t0
    adoxq %rbx, \t1
    mulxq stakepool_fp_adx_p+8(%rip), %rax, %rbx
    adcxq %rax, \t1
    adoxq %rbx, \t2
    mulxq stakepool_fp_adx_p+16(%rip), %rax, %rbx
    adcxq %rax, \t2
    adoxq %rbx, \t3
    mulxq stakepool_fp_adx_p+24(%rip), %rax, %rbx
    adcxq %rax, \t3
    adoxq %rbx, \t4
    mulxq stakepool_fp_adx_p+32(%rip), %rax, %rbx
    adcxq %rax, \t4
    adoxq %rbx, \t5
    mulxq stakepool_fp_adx_p+40(%rip), %rax, %rbx
    adcxq %rax, \t5
    adoxq %rbx, \t6
    adcxq %rbp, \t6
    .endm
    .macro sp_mul_row off, base, t0, t1, t2, t3, t4, t5, t6
    xorl %eax, %eax
    mulxq \off+0(\base), %rax, %rbx
    adcxq %rax, \t0
    adoxq %rbx, \t1
    mulxq \off+8(\base), %rax, %rbx
    adcxq %rax, \t1
    adoxq %rbx, \t2
    mulxq \off+16(\base), %rax, %rbx
    adcxq %rax, \t2
    adoxq %rbx, \t3
    mulxq \off+24(\base), %rax, %rbx
    adcxq %rax, \t3
    adoxq %rbx, \t4
    mulxq \off+32(\base), %rax, %rbx
    adcxq %rax, \t4
    adoxq %rbx, \t5
    mulxq \off+40(\base), %rax, %rbx
    adcxq %rax, \t5
    adoxq %rbx, \t6
    adcxq %rbp, \t6
    .endm
    .macro sp_first_row off, base, t0, t1, t2, t3, t4, t5, t6
    mulxq \off+0(\base), \t0, \t1
    mulxq \off+8(\base), %rax, \t2
    adcxq %rax, \t1
    mulxq \off+16(\base), %rax, \t3
    adcxq %rax, \t2
    mulxq \off+24(\base), %rax, \t4
    adcxq %rax, \t3
    mulxq \off+32(\base), %rax, \t5
    adcxq %rax, \t4
    mulxq \off+40(\base), %rax, \t6
    adcxq %rax, \t5
    adcxq %rbp, \t6
    .endm""".split("\n")
PURGE = ["    .purgem sp_reduce_step", "    .purgem sp_mul_row", "    .purgem sp_first_row"]
assert (LO, HI, ZERO) == ("%rax", "%rbx", "%rbp")  # the macros hard-code these registers


def reduce_step(t):
    """t += q·p with q = t0·(-p^-1); afterwards t0 == 0. Returns the rotated window."""
    emit("sp_reduce_step " + ", ".join(t))
    return t[1:] + t[:1]  # t0 is now zero and becomes the new top word


def mul_row(t, a):
    """t += a[0..6)·rdx."""
    base, off = a
    emit("sp_mul_row %d, %s, %s" % (off, base, ", ".join(t)))


def first_row(t, a):
    """t = a[0..6)·rdx (7 words)."""
    base, off = a
    emit("sp_first_row %d, %s, %s" % (off, base, ", ".join(t)))


def cios(terms):
    """Montgomery sum of products: window = (sum a·b)/2^384 (< 2p). terms: [(a, b)], each a
    (base, offset) pair. Requires ZERO = 0 and clear flags. Returns the window (t[6] == 0)."""
    t = WINDOW[:]
    for i in range(6):
        for k, (a, b) in enumerate(terms):
            emit("movq %s, %%rdx" % mem(b[0], b[1] + 8 * i))
            if i == 0 and k == 0:
                first_row(t, a)
            else:
                mul_row(t, a)
        t = reduce_step(t)
    return t


def final_sub_store(t, scratch, dst):
    """dst = t - p if t >= p else t, for t < 2p (6 words). scratch: 6 free registers."""
    d = scratch
    for j in range(6):
        emit("movq %s, %s" % (t[j], d[j]))
    emit("subq %s, %s" % (p_ref(0), d[0]))
    for j in range(1, 6):
        emit("sbbq %s, %s" % (p_ref(j), d[j]))
    for j in range(6):
        emit("cmovcq %s, %s" % (t[j], d[j]))  # borrow: t < p, keep t
    for j in range(6):
        emit("movq %s, %s" % (d[j], mem(dst[0], dst[1] + 8 * j)))


def scratch_for(t):
    return ["%rax", "%rbx", "%rdx", "%rbp", t[6], "%r8"]


def gen_mul():
    func("stakepool_fp_mul_adx")
    prologue()
    emit("movq %rdx, %rcx")
    emit("xorl %ebp, %ebp")  # ZERO = 0, CF = OF = 0
    t = cios([(("%rsi", 0), ("%rcx", 0))])
    final_sub_store(t, scratch_for(t), ("%rdi", 0))
    epilogue()
    endfunc("stakepool_fp_mul_adx")
    func("stakepool_fp_sqr_adx")
    emit("movq %rsi, %rdx")
    emit("jmp stakepool_fp_mul_adx")
    endfunc("stakepool_fp_sqr_adx")


def gen_mul_sum():
    # (r=rdi, a=rsi, b=rdx, c=rcx, d=r8): r goes to the stack, b to rdi.
    func("stakepool_fp_mul_sum_adx")
    prologue()
    emit("pushq %rdi")
    emit("movq %rdx, %rdi")
    emit("xorl %ebp, %ebp")
    t = cios([(("%rsi", 0), ("%rdi", 0)), (("%rcx", 0), ("%r8", 0))])
    emit("popq %rsi")
    final_sub_store(t, scratch_for(t), ("%rsi", 0))
    epilogue()
    endfunc("stakepool_fp_mul_sum_adx")


def gen_fp2_mul():
    # (r=rdi, a=rsi, b=rdx). Stack: [0, 48) = p - a1, [48, 96) = c0 (r may alias a or b).
    func("stakepool_fp2_mul_adx")
    prologue()
    emit("subq $96, %rsp")
    emit("movq %rdx, %rcx")
    # p - a1 in [1, p]: no reduction needed (a1 = 0 gives p, which multiplies to 0 mod p).
    regs = ["%rax", "%rbx", "%rdx", "%rbp", "%r8", "%r9"]
    for j in range(6):
        emit("movq %s, %s" % (p_ref(j), regs[j]))
    emit("subq 48(%rsi), %rax")
    for j in range(1, 6):
        emit("sbbq %s, %s" % (mem("%rsi", 48 + 8 * j), regs[j]))
    for j in range(6):
        emit("movq %s, %s" % (regs[j], mem("%rsp", 8 * j)))
    emit("xorl %ebp, %ebp")
    t = cios([(("%rsi", 0), ("%rcx", 0)), (("%rsp", 0), ("%rcx", 48))])  # a0·b0 + (p-a1)·b1
    final_sub_store(t, scratch_for(t), ("%rsp", 48))
    emit("xorl %ebp, %ebp")
    t = cios([(("%rsi", 0), ("%rcx", 48)), (("%rsi", 48), ("%rcx", 0))])  # a0·b1 + a1·b0
    final_sub_store(t, scratch_for(t), ("%rdi", 48))
    for j in range(6):
        emit("movq %s, %%rax" % mem("%rsp", 48 + 8 * j))
        emit("movq %%rax, %s" % mem("%rdi", 8 * j))
    emit("addq $96, %rsp")
    epilogue()
    endfunc("stakepool_fp2_mul_adx")


def gen_fp2_sqr():
    # (r=rdi, a=rsi). Stack: [0,48) s = a0 + a1, [48,96) d = a0 + (p - a1), [96,144) e = 2·a0,
    # all unreduced (< 2p). c0 = s·d = a0^2 - a1^2, c1 = e·a1 = 2·a0·a1 (mod p, Montgomery).
    func("stakepool_fp2_sqr_adx")
    prologue()
    emit("subq $144, %rsp")
    regs = ["%rax", "%rbx", "%rcx", "%rdx", "%rbp", "%r8"]
    for j in range(6):
        emit("movq %s, %s" % (mem("%rsi", 8 * j), regs[j]))
    emit("addq 48(%rsi), %rax")
    for j in range(1, 6):
        emit("adcq %s, %s" % (mem("%rsi", 48 + 8 * j), regs[j]))
    for j in range(6):
        emit("movq %s, %s" % (regs[j], mem("%rsp", 8 * j)))
    for j in range(6):
        emit("movq %s, %s" % (p_ref(j), regs[j]))
    emit("subq 48(%rsi), %rax")
    for j in range(1, 6):
        emit("sbbq %s, %s" % (mem("%rsi", 48 + 8 * j), regs[j]))
    emit("addq 0(%rsi), %rax")
    for j in range(1, 6):
        emit("adcq %s, %s" % (mem("%rsi", 8 * j), regs[j]))
    for j in range(6):
        emit("movq %s, %s" % (regs[j], mem("%rsp", 48 + 8 * j)))
    for j in range(6):
        emit("movq %s, %s" % (mem("%rsi", 8 * j), regs[j]))
    emit("addq %rax, %rax")
    for j in range(1, 6):
        emit("adcq %s, %s" % (regs[j], regs[j]))
    for j in range(6):
        emit("movq %s, %s" % (regs[j], mem("%rsp", 96 + 8 * j)))
    emit("xorl %ebp, %ebp")
    t = cios([(("%rsp", 0), ("%rsp", 48))])
    final_sub_store(t, scratch_for(t), ("%rdi", 0))
    emit("xorl %ebp, %ebp")
    t = cios([(("%rsp", 96), ("%rsi", 48))])
    final_sub_store(t, scratch_for(t), ("%rdi", 48))
    emit("addq $144, %rsp")
    epilogue()
    endfunc("stakepool_fp2_sqr_adx")


def gen_fp2_sum_of_products(n):
    # (r=rdi, A=rsi, B=rdx): r = sum_{k<n} A[k]·B[k] for arrays of n Fp2 elements (96 bytes each).
    # Stack: [48k, 48k+48) = p - A[k].c1, then [48n, 48n+48) = c0 (r may alias A or B).
    #   c0 = sum A[k].c0·B[k].c0 + (p - A[k].c1)·B[k].c1,  c1 = sum A[k].c0·B[k].c1 + A[k].c1·B[k].c0
    # One 2n-term CIOS per coefficient; the sum of 2n products < 2n·p^2 keeps the result < 2p.
    name = "stakepool_fp2_sum_of_products%d_adx" % n
    func(name)
    prologue()
    frame = 48 * n + 48 + 8
    emit("subq $%d, %%rsp" % frame)
    emit("movq %rdx, %rcx")
    regs = ["%rax", "%rbx", "%rdx", "%rbp", "%r8", "%r9"]
    for k in range(n):
        for j in range(6):
            emit("movq %s, %s" % (p_ref(j), regs[j]))
        emit("subq %s, %%rax" % mem("%rsi", 96 * k + 48))
        for j in range(1, 6):
            emit("sbbq %s, %s" % (mem("%rsi", 96 * k + 48 + 8 * j), regs[j]))
        for j in range(6):
            emit("movq %s, %s" % (regs[j], mem("%rsp", 48 * k + 8 * j)))
    emit("xorl %ebp, %ebp")
    terms = []
    for k in range(n):
        terms.append((("%rsi", 96 * k), ("%rcx", 96 * k)))
        terms.append((("%rsp", 48 * k), ("%rcx", 96 * k + 48)))
    t = cios(terms)
    final_sub_store(t, scratch_for(t), ("%rsp", 48 * n))
    emit("xorl %ebp, %ebp")
    terms = []
    for k in range(n):
        terms.append((("%rsi", 96 * k), ("%rcx", 96 * k + 48)))
        terms.append((("%rsi", 96 * k + 48), ("%rcx", 96 * k)))
    t = cios(terms)
    final_sub_store(t, scratch_for(t), ("%rdi", 48))
    for j in range(6):
        emit("movq %s, %%rax" % mem("%rsp", 48 * n + 8 * j))
        emit("movq %%rax, %s" % mem("%rdi", 8 * j))
    emit("addq $%d, %%rsp" % frame)
    epilogue()
    endfunc(name)


def gen_mul_wide():
    func("stakepool_fp_mul_wide_adx")
    prologue()
    emit("movq %rdx, %rcx")
    emit("xorl %ebp, %ebp")
    t = WINDOW[:]
    emit("movq 0(%rcx), %rdx")
    first_row(t, ("%rsi", 0))
    for i in range(1, 6):
        emit("movq %s, %d(%%rdi)" % (t[0], 8 * (i - 1)))
        t = t[1:] + t[:1]
        emit("xorq %s, %s" % (t[6], t[6]))  # new top word; also clears CF/OF
        emit("movq %d(%%rcx), %%rdx" % (8 * i))
        mul_row(t, ("%rsi", 0))
    for j in range(7):
        emit("movq %s, %d(%%rdi)" % (t[j], 8 * (5 + j)))
    epilogue()
    endfunc("stakepool_fp_mul_wide_adx")


def gen_redc():
    func("stakepool_fp_redc_adx")
    prologue()
    t = WINDOW[:]
    for j in range(6):
        emit("movq %d(%%rsi), %s" % (8 * j, t[j]))
    emit("xorl %ebp, %ebp")
    emit("xorq %s, %s" % (t[6], t[6]))
    for _ in range(6):
        t = reduce_step(t)
    # u = (w_lo + q·p)/2^384 <= p; add the high half (< p) to get a value < 2p.
    emit("addq 48(%%rsi), %s" % t[0])
    for j in range(1, 6):
        emit("adcq %d(%%rsi), %s" % (48 + 8 * j, t[j]))
    final_sub_store(t, scratch_for(t), ("%rdi", 0))
    epilogue()
    endfunc("stakepool_fp_redc_adx")


FILES = [
    ("fp_adx_mul.cpp", "fp_mul, fp_sqr and fp_mul_sum; the constants p and -p^-1",
     [gen_mul, gen_mul_sum]),
    ("fp_adx_fp2.cpp", "fp2_mul and fp2_sqr", [gen_fp2_mul, gen_fp2_sqr]),
    ("fp_adx_sum.cpp", "fp2_sum_of_products2 and fp2_sum_of_products3",
     [lambda: gen_fp2_sum_of_products(2), lambda: gen_fp2_sum_of_products(3)]),
    ("fp_adx_wide.cpp", "fp_mul_wide and fp_redc", [gen_mul_wide, gen_redc]),
]

HEADER = '''// GENERATED by tools/gen_fp_adx.py — do not edit; change the generator and re-run it.
// MULX/ADCX/ADOX kernels for the 6-limb Fp Montgomery arithmetic (field_impl.hpp):
// %s.
// SysV functions in a top-level asm block, only called when detail::g_fp_use_adx is set (isa.hpp).
// Constant time: straight-line code, the final subtraction selects with CMOV. See the generator
// for the algorithm and the bounds. The C++ declarations (detail::fp_mul_adx, ...) in
// field_impl.hpp carry these assembler names.
#include "fp_adx_macros.hpp"
#include "stakepool/crypto/field.hpp"

// clang-format off
__asm__(
'''
FOOTER = ''');
// clang-format on
'''


def constants():
    lines = ["    .section .rodata", "    .p2align 4"]
    for name in ("stakepool_fp_adx_p", "stakepool_fp_adx_inv"):
        lines += ["    .globl %s" % name, "    .hidden %s" % name]
    lines += ["stakepool_fp_adx_p:"]
    lines += ["    .quad 0x%016x" % x for x in PL]
    lines += ["stakepool_fp_adx_inv:", "    .quad 0x%016x" % INV]
    return lines


def asm_strings(lines):
    return "\n".join('    "%s\\n"' % l.replace("\\", "\\\\").replace('"', '\\"') for l in lines)


def render(what, gens, with_constants):
    out.clear()
    for g in gens:
        g()
    body = (constants() if with_constants else []) + ["    .text"]
    text = asm_strings(body) + "\n    SP_FP_ADX_MACROS\n" + asm_strings(out + PURGE)
    return HEADER % what + text + "\n" + FOOTER


# The row macros are defined once, in fp_adx_macros.hpp, and expanded at the top of every kernel
# file's asm block (each file is its own assembly unit, so each defines and purges them).
MACROS_HEADER = '''#pragma once
// GENERATED by tools/gen_fp_adx.py — do not edit; change the generator and re-run it.
// The assembler macros of the MULX/ADCX/ADOX kernels (one row of a Montgomery reduction, a MULX
// row, the first row), as a string literal that each generated fp_adx_*.cpp puts at the top of
// its asm block. They hard-code %%rax, %%rbx (scratch) and %%rbp (zero).
// clang-format off
#define SP_FP_ADX_MACROS \\
%s
// clang-format on
'''


def render_macros_header():
    return MACROS_HEADER % " \\\n".join(asm_strings(MACROS).split("\n"))


def main():
    import os
    import sys
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "src", "crypto")
    with open(os.path.join(out_dir, "fp_adx_macros.hpp"), "w") as f:
        f.write(render_macros_header())
    for i, (name, what, gens) in enumerate(FILES):
        with open(os.path.join(out_dir, name), "w") as f:
            f.write(render(what, gens, i == 0))


main()
