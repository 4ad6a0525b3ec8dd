#!/usr/bin/env bash
# A clone has nothing beside it: no tracked file may read or cite a path outside the
# repository (such as a reading folder beside the clone). The recorded responses the tests use are
# under tests/fixtures/ and the API facts the code relies on under docs/reference/.
set -euo pipefail
cd "$(dirname "$0")/.."
if hits=$(git grep -nE '\.\./shared|shared/(fixtures|reference|design)' -- . ':!tests/repository_stands_alone_test.sh'); then
  echo "these lines point outside the repository:" >&2
  echo "$hits" >&2
  exit 1
fi
for needed in tests/fixtures/README.md tests/fixtures/github/octokit/LICENSE.md \
              tests/fixtures/pypi/LICENSE.md docs/reference/github.md docs/reference/pypi.md; do
  [ -s "$needed" ] || { echo "missing: $needed" >&2; exit 1; }
done
echo "the repository stands alone"
