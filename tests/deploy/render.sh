#!/usr/bin/env bash
# Renders every overlay of deploy/kubernetes into OUT/<overlay>.yaml with `kubectl kustomize`,
# from a copy in OUT/kubernetes whose dev secrets/ make-secrets.sh has just made (the source
# tree is never written). Usage: render.sh OUT
# kubectl: $STABLECUT_KUBECTL, else Debian 12's (kubernetes-client, 1.20, kustomize v2.0.3;
# scripts/install-deps.sh puts it at /usr/local/lib/stablecut/kubectl when another package
# owns /usr/bin/kubectl), else the first on PATH.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
kubectl=${STABLECUT_KUBECTL:-}
if [ -z "$kubectl" ]; then
  if [ -x /usr/local/lib/stablecut/kubectl ]; then kubectl=/usr/local/lib/stablecut/kubectl
  else kubectl=$(command -v kubectl || true); fi
fi
[ -n "$kubectl" ] || { echo "render: no kubectl (scripts/install-deps.sh installs it)" >&2; exit 1; }
mkdir -p "$out"
rm -rf "$out/kubernetes"
cp -r "$repo/deploy/kubernetes" "$out/kubernetes"
rm -rf "$out/kubernetes/overlays/dev/secrets"
"$out/kubernetes/overlays/dev/make-secrets.sh" "$out/kubernetes/overlays/dev/secrets" >/dev/null
for overlay in "$out"/kubernetes/overlays/*/; do
  name=$(basename "$overlay")
  "$kubectl" kustomize "$overlay" >"$out/$name.yaml"
  echo "render: $name: $(grep -c '^kind:' "$out/$name.yaml") objects ($("$kubectl" version --client --short 2>/dev/null || "$kubectl" version --client 2>/dev/null | head -1))"
done
