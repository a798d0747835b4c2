#pragma once
// Instruction-set dispatch for the crypto arithmetic (DESIGN.md §1).
//
// active_isa() reads CPUID once: ADX + BMI2 (MULX/ADCX/ADOX) selects Isa::kAdx, and with AVX-512 F
// + IFMA as well (enabled by the OS) Isa::kAvx512; otherwise Isa::kPortable (unsigned __int128
// code). The environment variable STAKEPOOL_ISA=portable|adx|avx512 forces a path; this matters
// under valgrind, which hides ADX in CPUID but executes it. Forcing "adx" on a CPU without ADX is
// honoured as asked (it would fault), so only do it knowingly.
// Under kAvx512 the one-at-a-time field arithmetic is the ADX code; batch kernels that run many
// independent operations side by side (8 lanes of 52-bit limbs) use IFMA when ifma_usable().
// Valgrind cannot execute AVX-512: instruction counts are taken with STAKEPOOL_ISA=adx.
#include <cstdint>

namespace stakepool::crypto {

// Isa names an arithmetic code path.
enum class Isa : uint8_t { kPortable, kAdx, kAvx512 };

// active_isa returns the path selected at start-up (CPUID, overridden by STAKEPOOL_ISA). Thread safe.
Isa active_isa();

// isa_name returns "portable", "adx" or "avx512".
const char* isa_name(Isa isa);

// set_isa_for_testing switches the arithmetic path at run time (tests and benchmarks only; not
// thread safe with concurrent arithmetic). Returns false, changing nothing, when the CPU cannot
// execute the requested path.
bool set_isa_for_testing(Isa isa);

// cpu_supports_adx reports CPUID's ADX and BMI2 bits.
bool cpu_supports_adx();

// adx_usable: the ADX kernels may be run — CPUID reports ADX + BMI2, or STAKEPOOL_ISA forces
// adx/avx512 (valgrind hides the CPUID bits but executes the instructions).
bool adx_usable();

// cpu_supports_avx512ifma reports AVX-512 F + IFMA with the ZMM state enabled by the OS.
bool cpu_supports_avx512ifma();

// ifma_usable: the AVX-512 IFMA batch kernels may run — the active path is kAvx512 (the default
// when the CPU has them; STAKEPOOL_ISA=adx or portable turns them off) and the CPU has them.
bool ifma_usable();

namespace detail {
// g_fp_use_adx: true when the 6-limb Montgomery arithmetic uses the MULX/ADCX/ADOX kernels. It is
// constant-initialised to false (portable code is always correct) and set by a start-up
// constructor in isa.cpp, so arithmetic in other static initialisers is safe.
extern bool g_fp_use_adx;
}  // namespace detail

}  // namespace stakepool::crypto
