// Fuzzes the wheel and sdist filename parsers and PEP 440 version normalization: a name
// that parses must be rebuilt from its parts exactly, and normalizing is idempotent.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "lib/wheel/version.h"
#include "lib/wheel/wheel_filename.h"

namespace {

using stablecut::wheel::CheckWheelMatches;
using stablecut::wheel::NormalizeProjectName;
using stablecut::wheel::NormalizeVersion;
using stablecut::wheel::ParseSdistFilename;
using stablecut::wheel::ParseWheelFilename;
using stablecut::wheel::SameVersion;

void CheckWheel(absl::string_view filename) {
  auto wheel = ParseWheelFilename(filename);
  if (!wheel.ok()) return;
  std::string rebuilt = absl::StrCat(wheel->distribution, "-", wheel->version);
  if (!wheel->build_tag.empty()) absl::StrAppend(&rebuilt, "-", wheel->build_tag);
  absl::StrAppend(&rebuilt, "-", absl::StrJoin(wheel->python_tags, "."), "-",
                  absl::StrJoin(wheel->abi_tags, "."), "-",
                  absl::StrJoin(wheel->platform_tags, "."), ".whl");
  FUZZ_CHECK(rebuilt == filename);
  // A wheel belongs to its own project and version.
  FUZZ_CHECK(CheckWheelMatches(*wheel, wheel->distribution, wheel->version).ok());
}

void CheckSdist(absl::string_view filename) {
  auto sdist = ParseSdistFilename(filename);
  if (!sdist.ok()) return;
  FUZZ_CHECK(absl::StrCat(sdist->distribution, "-", sdist->version, ".tar.gz") == filename);
}

void CheckVersion(absl::string_view text) {
  auto normalized = NormalizeVersion(text);
  if (!normalized.ok()) return;
  auto again = NormalizeVersion(*normalized);
  FUZZ_CHECK(again.ok() && *again == *normalized);
  auto same = SameVersion(text, *normalized);
  FUZZ_CHECK(same.ok() && *same);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  absl::string_view text(reinterpret_cast<char const*>(data), size);
  CheckWheel(text);
  CheckSdist(text);
  CheckVersion(text);
  std::string project = NormalizeProjectName(text);
  FUZZ_CHECK(NormalizeProjectName(project) == project);
  return 0;
}
