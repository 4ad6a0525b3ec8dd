#pragma once
// What a benchmark reads of another process from /proc: its CPU time and its peak memory.

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/strings/ascii.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::bench {

// User and system CPU seconds `pid` has used so far; zeros when it cannot be read.
inline std::pair<double, double> CpuSeconds(pid_t pid) {
  std::string stat = testing::ReadFileOrEmpty(absl::StrCat("/proc/", pid, "/stat"));
  auto close = stat.rfind(')');
  if (close == std::string::npos) return {0, 0};
  std::vector<std::string> fields = absl::StrSplit(stat.substr(close + 2), ' ');
  if (fields.size() < 13) return {0, 0};
  double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  return {std::atof(fields[11].c_str()) / tick, std::atof(fields[12].c_str()) / tick};
}

// Peak resident set size of `pid` (VmHWM) in MiB; -1 when it cannot be read.
inline double PeakRssMib(pid_t pid) {
  std::string status = testing::ReadFileOrEmpty(absl::StrCat("/proc/", pid, "/status"));
  for (absl::string_view line : absl::StrSplit(status, '\n')) {
    if (!absl::ConsumePrefix(&line, "VmHWM:")) continue;
    int64_t kib = 0;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(absl::StripSuffix(line, "kB")), &kib)) {
      return static_cast<double>(kib) / 1024.0;
    }
  }
  return -1;
}

}  // namespace stablecut::bench
