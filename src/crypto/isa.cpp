// CPUID detection and the STAKEPOOL_ISA override (see isa.hpp).
#include "stakepool/crypto/isa.hpp"

#include <cpuid.h>

#include <cstdlib>
#include <cstring>

namespace stakepool::crypto {

namespace detail {
bool g_fp_use_adx = false;
}  // namespace detail

namespace {

struct CpuFeatures {
  bool adx = false;
  bool bmi2 = false;
  bool avx512ifma = false;  // AVX-512 F + IFMA, with the OS saving the ZMM and mask state
};

CpuFeatures read_cpuid() {
  CpuFeatures f;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid_max(0, nullptr) < 7) return f;
  __cpuid_count(7, 0, a, b, c, d);
  f.bmi2 = (b >> 8) & 1;
  f.adx = (b >> 19) & 1;
  const bool avx512f = (b >> 16) & 1, ifma = (b >> 21) & 1;
  __cpuid(1, a, b, c, d);
  const bool osxsave = (c >> 27) & 1;
  if (avx512f && ifma && osxsave) {
    uint32_t lo = 0, hi = 0;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    f.avx512ifma = (lo & 0xe6) == 0xe6;  // XMM, YMM, opmask, ZMM_Hi256, Hi16_ZMM enabled
  }
  return f;
}

Isa detect(const CpuFeatures& f) {
  const char* env = std::getenv("STAKEPOOL_ISA");
  if (env != nullptr) {
    if (std::strcmp(env, "portable") == 0) return Isa::kPortable;
    if (std::strcmp(env, "adx") == 0) return Isa::kAdx;
    if (std::strcmp(env, "avx512") == 0) return Isa::kAvx512;
  }
  if (f.adx && f.bmi2) return f.avx512ifma ? Isa::kAvx512 : Isa::kAdx;
  return Isa::kPortable;
}

Isa g_active = Isa::kPortable;
bool g_cpu_ifma = false;  // CPUID once: in a VM every CPUID traps to the hypervisor

// Runs before main() and before ordinary static constructors (priority 101), so every user of the
// field arithmetic sees the final choice; code running even earlier uses the portable path.
__attribute__((constructor(101))) void init_isa() {
  const CpuFeatures f = read_cpuid();
  g_active = detect(f);
  g_cpu_ifma = f.avx512ifma;
  detail::g_fp_use_adx = g_active != Isa::kPortable;
}

}  // namespace

Isa active_isa() { return g_active; }

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::kPortable:
      return "portable";
    case Isa::kAdx:
      return "adx";
    case Isa::kAvx512:
      return "avx512";
  }
  return "unknown";
}

bool cpu_supports_adx() {
  const CpuFeatures f = read_cpuid();
  return f.adx && f.bmi2;
}

bool adx_usable() {
  if (cpu_supports_adx()) return true;
  const char* env = std::getenv("STAKEPOOL_ISA");
  return env != nullptr && (std::strcmp(env, "adx") == 0 || std::strcmp(env, "avx512") == 0);
}

bool cpu_supports_avx512ifma() { return g_cpu_ifma; }

bool ifma_usable() { return g_active == Isa::kAvx512 && g_cpu_ifma; }

bool set_isa_for_testing(Isa isa) {
  if (isa != Isa::kPortable && !adx_usable()) return false;
  if (isa == Isa::kAvx512 && !cpu_supports_avx512ifma()) return false;
  g_active = isa;
  detail::g_fp_use_adx = isa != Isa::kPortable;
  return true;
}

}  // namespace stakepool::crypto
