#pragma once
// The checks that read the candidate's release alone: age and assets.

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "lib/github/types.h"
#include "stablecut/v1/verifier.pb.h"

namespace stablecut::verifier {

// `age`: public as a pre-release for at least `min_age`, counted from published_at (not
// created_at, which is the commit's date).
v1::Check AgeCheck(github::Release const& release, absl::Time now, absl::Duration min_age);

// `assets`: every pattern matched, every asset uploaded with a sha256 digest, none uploaded
// or changed after the release was published.
v1::Check AssetsCheck(github::Release const& release, std::vector<std::string> const& patterns);

}  // namespace stablecut::verifier
