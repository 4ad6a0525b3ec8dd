#!/usr/bin/env bash
# Renders every overlay and validates each object offline against the Kubernetes and
# cert-manager schemas, unknown fields failing (validate_manifests.js); with `policy`, runs
# the policy checks on the production overlays instead. Usage: manifests_test.sh [validate|policy]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$here/render.sh" "$work"
case ${1:-validate} in
  validate)
    node "$here/validate_manifests.js" --self-test
    node "$here/validate_manifests.js" "$work"/*.yaml
    ;;
  policy)
    for overlay in production production-secrets-store production-csi-spiffe; do
      echo "== policy: $overlay"
      node "$here/policy_test.js" "$work/$overlay.yaml"
    done
    ;;
esac
