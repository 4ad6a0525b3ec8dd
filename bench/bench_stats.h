#pragma once
// Small helpers the benchmarks share: percentiles of durations, MiB/s, a goal line.

#include <algorithm>
#include <cstdio>
#include <vector>

#include "absl/time/time.h"

namespace stablecut::bench {

// The `p`-th percentile (0..100) of `samples`, nearest rank; zero when empty.
inline absl::Duration Percentile(std::vector<absl::Duration> samples, double p) {
  if (samples.empty()) return absl::ZeroDuration();
  std::sort(samples.begin(), samples.end());
  auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(samples.size()));
  return samples[std::min(rank, samples.size() - 1)];
}

inline double Ms(absl::Duration d) { return absl::ToDoubleMilliseconds(d); }

inline double MibPerSecond(double bytes, absl::Duration elapsed) {
  return bytes / (1024.0 * 1024.0) / absl::ToDoubleSeconds(elapsed);
}

inline char const* Met(bool met) { return met ? "met" : "NOT MET"; }

}  // namespace stablecut::bench
