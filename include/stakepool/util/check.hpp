#pragma once
// SP_CHECK aborts on a broken invariant (a bug), in every build. Never use it on peer or file input.
// SP_ASSERT does the same in SP_VERIFY/debug builds only.
#include <cstdio>
#include <cstdlib>

#define SP_CHECK(cond)                                                                   \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "%s:%d: SP_CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

#if defined(SP_VERIFY) || !defined(NDEBUG)
#define SP_ASSERT(cond) SP_CHECK(cond)
#else
#define SP_ASSERT(cond) ((void)0)
#endif
