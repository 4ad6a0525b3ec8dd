#pragma once
// A publication as text: the end of `publish`, and `status` (GetPublication).

#include <string>

#include "stablecut/v1/publisher.pb.h"
#include "tools/cli/style.h"

namespace stablecut::cli {

// "uploaded", "already there", "FAILED", or "in progress".
std::string OutcomeName(v1::FileOutcome outcome);

// The end of a publish: each file with its target and outcome, then "Published TAG:
// promoted to stable" (a dry run's files are those already there: what it would upload
// came as messages).
std::string RenderPublishSummary(v1::Publication const& publication, Style const& style);

// GetPublication: promoted or not, the publish running now, each target's files, the
// number of audit records.
std::string RenderPublication(v1::Publication const& publication, Style const& style);

}  // namespace stablecut::cli
