#pragma once
// FUZZ_CHECK: an invariant a fuzz target asserts; aborts (a crash to libFuzzer and to the
// replay test) in every build type, unlike assert(), which NDEBUG removes.

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                      \
  do {                                                                             \
    if (!(condition)) {                                                            \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__,    \
                   #condition);                                                    \
      std::abort();                                                                \
    }                                                                              \
  } while (false)
