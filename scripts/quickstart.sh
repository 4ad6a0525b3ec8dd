#!/usr/bin/env bash
# Stablecut's main job on the bundled sandbox, in one command: builds, makes local mTLS
# certificates, starts stablecut-sandbox (a demo GitHub and PyPI), stablecut-candidate and
# stablecut-verifier and stablecut-publisher, then runs a release with the real `buf curl`
# through server reflection: cuts today's candidate (the sandbox's build attaches its wheels,
# and it is finalized as a pre-release), proposes the candidate that passes every
# other check (a GitHub issue where maintainers may object) and waits out its short objection
# window, asks the verifier which candidate may be promoted, has the publisher stream its
# wheels to the sandbox's PyPI and promote it to stable and latest, and pip-installs the
# published package into a throwaway virtual environment and imports it.
#
#   ./scripts/quickstart.sh            run (again: same candidate, nothing published twice)
#   ./scripts/quickstart.sh stop       stop what it started (state is kept)
#   ./scripts/quickstart.sh commands   print the buf curl commands to try
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo_root"

state=.state/quickstart
certs=$state/certs
logs=$state/logs
build_dir=${STABLECUT_BUILD_DIR:-build}
# These match deploy/local/{candidate,verifier,publisher}.textproto. All are below Linux's
# ephemeral range (32768-60999), so that no client socket of another program can hold one.
sandbox_port=18457
candidate_port=15051
candidate_health_port=18081
verifier_port=15052
verifier_health_port=18082
publisher_port=15053
publisher_health_port=18083
start_deadline_seconds=60

buf=node_modules/.bin/buf
sandbox_bin=$build_dir/tools/sandbox/stablecut-sandbox
candidate_bin=$build_dir/services/candidate/stablecut-candidate
verifier_bin=$build_dir/services/verifier/stablecut-verifier
publisher_bin=$build_dir/services/publisher/stablecut-publisher
cli=$build_dir/tools/cli/stablecut

fail() {
  echo "quickstart: $*" >&2
  exit 1
}

# The commands a release engineer tries next; README.md shows exactly these lines. `$tag` and
# `$candidate` are left for the shell: the quickstart prints the tag it published and the
# newest pre-release, to set them to first.
try_next_commands() {
  local b="$buf curl --protocol grpc --cacert $certs/ca.pem --cert $certs/operator.pem --key $certs/operator.key"
  local u="https://127.0.0.1:$candidate_port/stablecut.v1.CandidateService"
  local v="https://127.0.0.1:$verifier_port/stablecut.v1.VerifierService"
  local p="https://127.0.0.1:$publisher_port/stablecut.v1.PublisherService"
  echo "$b --list-services https://127.0.0.1:$candidate_port"
  echo "$b --list-methods https://127.0.0.1:$candidate_port"
  echo "$b $u/ListCandidates"
  echo "$b --data '{\"state\":\"STATE_PRE_RELEASE\",\"page_size\":3}' $u/ListCandidates"
  echo "$b --data '{}' $u/CreateCandidate"
  echo "$b --data '{}' $u/FinalizeCandidates"
  echo "$b --data \"{\\\"tag\\\":\\\"\$candidate\\\"}\" $v/Verify"
  echo "$b --data '{}' $v/PickCandidate"
  echo "$b --data \"{\\\"tag\\\":\\\"\$tag\\\",\\\"dry_run\\\":true}\" $p/Publish"
  echo "$b --data \"{\\\"tag\\\":\\\"\$tag\\\"}\" $p/GetPublication"
}

alive() {  # alive NAME: the process of NAME's pid file runs our binary
  local pidfile=$state/$1.pid
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q "stablecut-$1" "/proc/$pid/cmdline" 2>/dev/null
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stop_one() {
  local name=$1
  if alive "$name"; then
    local pid
    pid=$(cat "$state/$name.pid")
    kill -TERM "$pid"
    for _ in $(seq 1 200); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
      echo "quickstart: $name (pid $pid) did not stop within 20s; killed it"
    else
      echo "quickstart: stopped $name (pid $pid)"
    fi
  fi
  rm -f "$state/$name.pid"
}

make_certs() {
  [ -f "$certs/ca.pem" ] && [ -f "$certs/operator.key" ] && return 0
  local tmp
  tmp=$(mktemp -d "$state/certs.XXXXXX")
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
    -subj "/CN=Stablecut quickstart CA" -keyout "$tmp/ca.key" -out "$tmp/ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    >/dev/null 2>&1 || fail "openssl could not make the CA"
  for identity in candidate verifier publisher operator; do
    printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
      "extendedKeyUsage=serverAuth,clientAuth" \
      "subjectAltName=URI:spiffe://stablecut/$identity,DNS:localhost,IP:127.0.0.1,IP:::1" \
      >"$tmp/$identity.ext"
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$identity" \
      -keyout "$tmp/$identity.key" -out "$tmp/$identity.csr" >/dev/null 2>&1 &&
      openssl x509 -req -in "$tmp/$identity.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" \
        -CAcreateserial -days 825 -extfile "$tmp/$identity.ext" -out "$tmp/$identity.pem" \
        >/dev/null 2>&1 || fail "openssl could not make the $identity certificate"
  done
  rm -f "$tmp"/*.csr "$tmp"/*.ext "$tmp"/*.srl
  chmod 600 "$tmp"/*.key
  rm -rf "$certs"
  mv "$tmp" "$certs"
  echo "quickstart: made a local CA and certificates for candidate, verifier, publisher, operator in $certs"
}

wait_for() {  # wait_for WHAT LOG COMMAND...: poll COMMAND until it succeeds or the deadline
  local what=$1 log=$2
  shift 2
  local deadline=$((SECONDS + start_deadline_seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$what did not report healthy within ${start_deadline_seconds}s; read $log"
    sleep 0.2
  done
}

start_sandbox() {
  if alive sandbox; then
    echo "quickstart: stablecut-sandbox already running (pid $(cat "$state/sandbox.pid"))"
    return 0
  fi
  port_in_use "$sandbox_port" && fail "port $sandbox_port (sandbox) is in use by another program; stop it, or change the port here and in deploy/local/candidate.textproto"
  nohup "$sandbox_bin" --port="$sandbox_port" --state_dir="$state/sandbox" --seed=demo \
    >>"$logs/sandbox.log" 2>&1 </dev/null &
  echo $! >"$state/sandbox.pid"
  wait_for "stablecut-sandbox" "$logs/sandbox.log" curl -sf "http://127.0.0.1:$sandbox_port/_control/health"
  echo "quickstart: started stablecut-sandbox (pid $(cat "$state/sandbox.pid")) on 127.0.0.1:$sandbox_port"
}

health_check() {  # health_check PORT
  "$buf" curl --protocol grpc --http2-prior-knowledge \
    --schema /usr/share/grpc-proto/grpc/health/v1/health.proto \
    "http://127.0.0.1:$1/grpc.health.v1.Health/Check" | grep -q SERVING
}

start_service() {  # start_service NAME PORT HEALTH_PORT
  local name=$1 port=$2 health_port=$3
  if alive "$name"; then
    echo "quickstart: stablecut-$name already running (pid $(cat "$state/$name.pid"))"
    return 0
  fi
  for p in "$port" "$health_port"; do
    port_in_use "$p" && fail "port $p ($name) is in use by another program; stop it, or change it here and in deploy/local/$name.textproto"
  done
  local bin_var="${name}_bin"
  nohup "${!bin_var}" --config="deploy/local/$name.textproto" \
    >>"$logs/$name.log" 2>&1 </dev/null &
  echo $! >"$state/$name.pid"
  wait_for "stablecut-$name" "$logs/$name.log" health_check "$health_port"
  echo "quickstart: started stablecut-$name (pid $(cat "$state/$name.pid")) on 127.0.0.1:$port (mTLS), health on :$health_port"
}

operator_call() {  # operator_call METHOD JSON [PORT SERVICE]
  "$buf" curl --protocol grpc --cacert "$certs/ca.pem" --cert "$certs/operator.pem" \
    --key "$certs/operator.key" --data "$2" \
    "https://127.0.0.1:${3:-$candidate_port}/stablecut.v1.${4:-CandidateService}/$1"
}

summarize_pick() {  # summarize_pick PICK_JSON
  /usr/bin/python3 - "$1" <<'PY'
import json, sys
p = json.loads(sys.argv[1])
def failing(v):
    return ", ".join(f"{c['name']} ({c.get('outcome', '')})" for c in v.get("checks", [])
                     if c.get("outcome") != "OUTCOME_PASS") or "none"
v = p.get("verdict", {})
print(f"  approved: {v.get('candidate', {}).get('tag', '')} (previous stable: {v.get('previousStableTag', 'none')})")
for r in p.get("rejected", []):
    print(f"  rejected: {r.get('candidate', {}).get('tag', '')}: {failing(r)}")
PY
}

summarize_proposal() {  # summarize_proposal PROPOSAL_JSON
  /usr/bin/python3 - "$1" <<'PY'
import json, sys
p = json.loads(sys.argv[1])
print(f"  issue:   #{p.get('issueNumber', '')} {p.get('htmlUrl', '')} ({'opened' if p.get('created') else 'updated'} by this run)")
print(f"  window:  opened {p.get('proposedAt', '')}, objections counted until {p.get('windowEndsAt', 'no window')}")
PY
}

summarize() {  # summarize CANDIDATE_JSON [CUT_JSON]: the cut's answer says what it skipped
  /usr/bin/python3 - "$1" "${2:-$1}" <<'PY'
import json, sys
c = json.loads(sys.argv[1])
cut = json.loads(sys.argv[2])
print(f"  tag:     {c['tag']}")
print(f"  commit:  {c.get('commitSha', '')}")
print(f"  state:   {c.get('state', '')}")
print(f"  release: {c.get('htmlUrl', '')}")
assets = c.get("assets", [])
if assets:
    print("  assets:  " + "\n           ".join(f"{a['name']} ({a.get('size', 0)} bytes)" for a in assets))
skipped = cut.get("skippedCommits", [])
if skipped:
    print("  skipped: " + "\n           ".join(f"{s['sha'][:7]} {s['reason']}" for s in skipped))
else:
    print("  skipped: none (the newest commit was green)")
PY
}

main() {
  mkdir -p "$logs"
  case "${1:-run}" in
    stop)
      stop_one publisher
      stop_one verifier
      stop_one candidate
      stop_one sandbox
      echo "quickstart: state kept in $state"
      return 0
      ;;
    commands)
      try_next_commands
      return 0
      ;;
    run) ;;
    *) fail "unknown command \"$1\"; use: run (default), stop, commands" ;;
  esac

  echo "quickstart: installing dependencies (log: $logs/install.log)"
  ./scripts/install-deps.sh >"$logs/install.log" 2>&1 || fail "installing dependencies failed; read $logs/install.log"
  echo "quickstart: building (log: $logs/build.log)"
  { cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release &&
    cmake --build "$build_dir" -j2 --target stablecut-sandbox stablecut-candidate stablecut-verifier \
      stablecut-publisher stablecut; } \
    >"$logs/build.log" 2>&1 || fail "the build failed; read $logs/build.log"

  make_certs
  # The stablecut CLI's settings (tools/cli/README.md): the operator's identity.
  export STABLECUT_CANDIDATE=127.0.0.1:$candidate_port STABLECUT_VERIFIER=127.0.0.1:$verifier_port \
    STABLECUT_PUBLISHER=127.0.0.1:$publisher_port STABLECUT_CA=$certs/ca.pem \
    STABLECUT_CERT=$certs/operator.pem STABLECUT_KEY=$certs/operator.key
  start_sandbox
  start_service candidate "$candidate_port" "$candidate_health_port"
  start_service verifier "$verifier_port" "$verifier_health_port"
  start_service publisher "$publisher_port" "$publisher_health_port"

  echo "quickstart: ListCandidates (as spiffe://stablecut/operator)"
  local listed
  listed=$(operator_call ListCandidates '{}' 2>>"$logs/buf.log") || fail "ListCandidates failed; read $logs/buf.log and $logs/candidate.log"
  /usr/bin/python3 -c 'import json,sys; [print("  ", c["tag"], c.get("state","")) for c in json.loads(sys.stdin.read()).get("candidates",[])]' <<<"$listed"

  echo "quickstart: CreateCandidate"
  local created
  created=$(operator_call CreateCandidate '{}' 2>>"$logs/buf.log") || fail "CreateCandidate failed; read $logs/buf.log and $logs/candidate.log"
  local tag
  tag=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["tag"])' <<<"$created")

  # The cut dispatched the build workflow; the sandbox's build attaches the candidate's wheels
  # a couple of seconds later, as a real build would. FinalizeCandidates publishes the draft
  # as a pre-release once every expected asset is there.
  local state_now
  state_now=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.read()).get("state",""))' <<<"$created")
  if [ "$state_now" = "STATE_DRAFT" ]; then
    echo "quickstart: waiting for $tag's build to attach its wheels, then FinalizeCandidates"
    local deadline=$((SECONDS + start_deadline_seconds)) finalized
    while :; do
      finalized=$(operator_call FinalizeCandidates '{}' 2>>"$logs/buf.log") || fail "FinalizeCandidates failed; read $logs/buf.log and $logs/candidate.log"
      /usr/bin/python3 -c 'import json,sys; sys.exit(0 if any(c.get("tag")==sys.argv[1] for c in json.loads(sys.stdin.read()).get("finalized",[])) else 1)' "$tag" <<<"$finalized" && break
      [ "$SECONDS" -lt "$deadline" ] || fail "$tag's wheels were not attached within ${start_deadline_seconds}s; read $logs/sandbox.log (its build run) and $logs/candidate.log"
      sleep 1
    done
  fi
  echo "quickstart: GetCandidate $tag"
  local current
  current=$(operator_call GetCandidate "{\"tag\":\"$tag\"}" 2>>"$logs/buf.log") || fail "GetCandidate failed; read $logs/buf.log"

  echo "quickstart: ProposeCandidate (the community's say: a GitHub issue where maintainers may /hold it)"
  local proposal_tag="" proposal="" pre_releases verdict
  pre_releases=$(operator_call ListCandidates '{"state":"STATE_PRE_RELEASE"}' 2>>"$logs/buf.log") || fail "ListCandidates failed; read $logs/buf.log"
  local newest_pre_release
  newest_pre_release=$(/usr/bin/python3 -c 'import json,sys; c=json.loads(sys.stdin.read()).get("candidates",[]); print(c[0]["tag"] if c else "")' <<<"$pre_releases")
  # The newest pre-release whose every check but `objections` passes is the one to propose.
  for candidate_tag in $(/usr/bin/python3 -c 'import json,sys; [print(c["tag"]) for c in json.loads(sys.stdin.read()).get("candidates",[])]' <<<"$pre_releases"); do
    verdict=$(operator_call Verify "{\"tag\":\"$candidate_tag\"}" "$verifier_port" VerifierService 2>>"$logs/buf.log") || fail "Verify $candidate_tag failed; read $logs/buf.log and $logs/verifier.log"
    if /usr/bin/python3 -c 'import json,sys; v=json.loads(sys.stdin.read()); sys.exit(0 if all(c.get("outcome")=="OUTCOME_PASS" or c["name"]=="objections" for c in v.get("checks",[])) else 1)' <<<"$verdict"; then
      proposal_tag=$candidate_tag
      break
    fi
  done
  if [ -n "$proposal_tag" ]; then
    proposal=$(operator_call ProposeCandidate "{\"tag\":\"$proposal_tag\"}" 2>>"$logs/buf.log") || fail "ProposeCandidate $proposal_tag failed; read $logs/buf.log and $logs/candidate.log"
    local wait_seconds
    wait_seconds=$(/usr/bin/python3 - "$proposal" <<'PY'
import datetime, json, sys
p = json.loads(sys.argv[1])
ends = p.get("windowEndsAt")
if not ends:
    print(0)
else:
    end = datetime.datetime.fromisoformat(ends.replace("Z", "+00:00"))
    print(max(0, int((end - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) + 1))
PY
)
    if [ "$wait_seconds" -gt 0 ]; then
      echo "quickstart: waiting ${wait_seconds}s for $proposal_tag's objection window to pass (deploy/local/verifier.textproto: objection_window)"
      sleep "$wait_seconds"
    fi
  fi

  echo "quickstart: PickCandidate (the verifier: which candidate may be promoted)"
  local picked picked_tag="" publish_tag="" pick_errors=$state/pick.err
  if picked=$(operator_call PickCandidate '{}' "$verifier_port" VerifierService 2>"$pick_errors"); then
    picked_tag=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["verdict"]["candidate"]["tag"])' <<<"$picked")
    publish_tag=$picked_tag
  else
    # After the first run the approved candidate is the stable release, and no newer one is
    # old enough yet: the verifier answers NOT_FOUND, saying why for each. Publishing the
    # stable release again shows that nothing is uploaded twice.
    cat "$pick_errors" >>"$logs/buf.log"
    grep -q "not_found" "$pick_errors" || fail "PickCandidate failed; read $logs/buf.log and $logs/verifier.log"
    publish_tag=$(curl -sf "http://127.0.0.1:$sandbox_port/github/repos/stablecut-demo/widgets/releases/latest" |
      /usr/bin/python3 -c 'import json,sys; t=json.load(sys.stdin).get("tag_name",""); print(t if t.startswith("candidate-") else "")') || publish_tag=""
  fi

  local published="" promoted="" latest_tag="" imported=""
  if [ -n "$publish_tag" ]; then
    if [ -n "$picked_tag" ]; then
      echo "quickstart: stablecut verify $picked_tag (the verdict, as the publisher will ask for it again)"
      "$cli" verify "$picked_tag" 2>>"$logs/cli.log" | sed 's/^/  /'
      [ "${PIPESTATUS[0]}" -eq 0 ] || fail "stablecut verify $picked_tag failed; read $logs/cli.log and $logs/verifier.log"
    fi
    echo "quickstart: stablecut publish $publish_tag (the publisher: fresh verdict, wheels streamed from the GitHub release to the sandbox's PyPI, promotion)"
    # Straight to the terminal when there is one: a progress bar per file.
    "$cli" publish "$publish_tag" 2>>"$logs/cli.log" || fail "stablecut publish $publish_tag failed; read $logs/cli.log and $logs/publisher.log"
    published=$("$cli" status "$publish_tag" 2>>"$logs/cli.log") || fail "stablecut status $publish_tag failed; read $logs/cli.log"
    promoted=$(operator_call GetCandidate "{\"tag\":\"$publish_tag\"}" 2>>"$logs/buf.log") || fail "GetCandidate $publish_tag failed; read $logs/buf.log"
    latest_tag=$(curl -sf "http://127.0.0.1:$sandbox_port/github/repos/stablecut-demo/widgets/releases/latest" |
      /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin).get("tag_name",""))') || latest_tag=""
    echo "quickstart: pip install widgets==${publish_tag#candidate-} from the sandbox's index into a throwaway virtual environment"
    local venv
    venv=$(mktemp -d "$state/venv.XXXXXX")
    { /usr/bin/python3 -m venv "$venv" &&
      "$venv/bin/pip" install --no-cache-dir --disable-pip-version-check \
        --index-url "http://127.0.0.1:$sandbox_port/pypi/simple/" --trusted-host 127.0.0.1 \
        "widgets==${publish_tag#candidate-}"; } >"$logs/pip.log" 2>&1 || fail "pip install failed; read $logs/pip.log"
    imported=$("$venv/bin/python" -c 'import importlib.metadata as m, widgets; print("widgets", m.version("widgets"), "from", widgets.__file__)' 2>>"$logs/pip.log") || fail "import widgets failed; read $logs/pip.log"
    rm -rf "$venv"
  fi
  echo
  echo "Today's candidate on the sandbox:"
  summarize "$current" "$created"
  echo
  if [ -n "$proposal" ]; then
    echo "The release proposal of $proposal_tag (maintainers object with a \"/hold\" comment):"
    summarize_proposal "$proposal"
  else
    echo "No release proposal: no pre-release passes every check but objections"
  fi
  echo
  echo "The verifier's pick (the newest pre-release every criterion approves; today's candidate"
  echo "is a draft until its wheels are attached, and needs 96h as a pre-release):"
  if [ -n "$picked_tag" ]; then
    summarize_pick "$picked"
  else
    echo "  none: no pre-release newer than the stable release passes every check yet ($pick_errors says why)"
  fi
  echo
  if [ -n "$publish_tag" ]; then
    echo "The publication of $publish_tag (stablecut status):"
    echo "$published" | sed 's/^/  /'
    echo
    echo
    echo "The release on GitHub:"
    summarize "$promoted" | grep -v "skipped:"
    echo "  latest:  $latest_tag"
    echo
    echo "Installed from the sandbox's index and imported:"
    echo "  $imported"
    echo
  fi
  echo "Try next (as the operator, over mTLS, through server reflection):"
  [ -z "$publish_tag" ] || echo "  tag=$publish_tag"
  [ -z "$newest_pre_release" ] || echo "  candidate=$newest_pre_release"
  try_next_commands | sed 's/^/  /'
  echo
  echo "Logs:  $logs/sandbox.log, $logs/candidate.log, $logs/verifier.log, $logs/publisher.log"
  echo "Stop:  ./scripts/quickstart.sh stop   (state is kept in $state)"
}

main "$@"
