#!/usr/bin/env bash
# End-to-end test of the README's first command: runs scripts/quickstart.sh twice, checks
# its summary against the sandbox, runs the buf curl commands the README shows (which must
# be the ones the quickstart prints), stops it, and checks nothing it started is left.
# Resets the quickstart's state (.state/quickstart): it is demo data.
set -uo pipefail

repo_root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo_root"
state=.state/quickstart
passed=0
failed=0

check() {  # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok   $what"
  else
    failed=$((failed + 1))
    echo "FAIL $what"
  fi
}

./scripts/quickstart.sh stop >/dev/null 2>&1
rm -rf "$state"

# A port in use ends the run with one line naming it.
# (TIME_WAIT sockets from an earlier local run can hold the port for up to a minute.)
/usr/bin/python3 - <<'PY' &
import socket, time
deadline = time.time() + 120
while True:
    try:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 18457))
        break
    except OSError:
        if time.time() > deadline:
            raise
        time.sleep(1)
s.listen()
time.sleep(1800)
PY
blocker=$!
for _ in $(seq 1 1300); do (exec 3<>/dev/tcp/127.0.0.1/18457) 2>/dev/null && break; sleep 0.1; done
blocked=$(./scripts/quickstart.sh 2>&1)
blocked_status=$?
kill "$blocker" 2>/dev/null
wait "$blocker" 2>/dev/null
check "a port in use is an error" test "$blocked_status" -ne 0
check "the error names the port" grep -q "port 18457 (sandbox) is in use" <<<"$blocked"

first=$(./scripts/quickstart.sh 2>&1)
first_status=$?
echo "$first" | sed 's/^/  | /'
check "quickstart exits 0" test "$first_status" -eq 0

today=$(date -u +%Y%m%d)
# The summary's first tag and commit lines are today's candidate's (the published release's follow).
tag=$(echo "$first" | sed -n 's/^  tag: *//p' | head -1)
commit=$(echo "$first" | sed -n 's/^  commit: *//p' | head -1)
check "today's candidate is finalized once its build attached the wheels" grep -q "^  state:   STATE_PRE_RELEASE$" <<<"$(echo "$first" | sed -n '/^Today.s candidate/,/^$/p')"
check "today's candidate carries both wheels at its version" test "$(echo "$first" | sed -n '/^Today.s candidate/,/^$/p' | grep -Ec "widgets(_runtime)?-${tag#candidate-}-py3-none-any\.whl")" = 2
check "summary names today's candidate tag ($tag)" grep -Eq "^candidate-$today\.[0-9]+$" <<<"$tag"

# The newest green commit on main's first-parent line, asked of the sandbox directly.
token=$(cat "$state/sandbox/github-write.token" 2>/dev/null)
newest_green=$(/usr/bin/python3 - "$token" <<'PY'
import json, sys, urllib.request
base = "http://127.0.0.1:18457/github/repos/stablecut-demo/widgets"
def get(path):
    request = urllib.request.Request(base + path, headers={
        "Authorization": "Bearer " + sys.argv[1], "User-Agent": "quickstart-test",
        "Accept": "application/vnd.github+json"})
    return json.load(urllib.request.urlopen(request))
# main's first-parent line (a merged pull request's own commits are not on it), newest first.
by_sha = {c["sha"]: c for c in get("/commits?sha=main&per_page=100")}
line, sha = [], get("/git/ref/heads/main")["object"]["sha"]
while sha in by_sha:
    line.append(by_sha[sha])
    sha = by_sha[sha]["parents"][0]["sha"] if by_sha[sha]["parents"] else None
for commit in line:
    status = get(f"/commits/{commit['sha']}/status")
    runs = get(f"/commits/{commit['sha']}/check-runs")["check_runs"]
    status_ok = status["state"] == "success" or status["total_count"] == 0
    runs_ok = all(r["status"] == "completed" and r["conclusion"] in ("success", "neutral", "skipped") for r in runs)
    if status_ok and runs_ok and runs:
        print(commit["sha"])
        break
PY
)
check "summary's commit is the newest green one ($commit)" test -n "$commit" -a "$commit" = "$newest_green"
check "summary says why newer commits were skipped" grep -q "red: " <<<"$first"
check "the quickstart opens a release proposal issue" grep -Eq "^  issue: +#[0-9]+ [^ ]+/issues/[0-9]+ \(opened by this run\)" <<<"$first"
check "the proposal's objection window is shown" grep -Eq "^  window: +opened .*objections counted until 20" <<<"$first"
check "the proposal is an issue on the sandbox's GitHub" test "$(curl -s 'http://127.0.0.1:18457/github/repos/stablecut-demo/widgets/issues?labels=release-proposal&state=all' | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 1
check "the verifier picks a demo candidate" grep -Eq "^  +approved: candidate-[0-9]{8}\.[0-9]+ " <<<"$first"
check "the verifier says why newer ones were rejected" grep -Eq "^  +rejected: candidate-[0-9]{8}\.[0-9]+: age " <<<"$first"
picked=$(sed -nE 's/^  +approved: (candidate-[0-9]{8}\.[0-9]+) .*/\1/p' <<<"$first")
check "the CLI shows the verdict table of the pick, every check passed" test "$(grep -Ec "^  +✓ +[a-z0-9_]+ " <<<"$first")" -ge 9 -a "$(grep -Ec "^  +(✗|\?) +[a-z0-9_]+ " <<<"$first")" = 0
check "stablecut publish uploads both wheels" test "$(grep -Ec "^widgets(_runtime)?-[0-9]{8}\.[0-9]+-py3-none-any\.whl +sandbox-pypi +[0-9.]+ [KM]?i?B +uploaded$" <<<"$first")" = 2
check "stablecut publish promotes the release" grep -q "^Published $picked: promoted to stable$" <<<"$first"
check "the publication shows each file's sha256" test "$(grep -Ec "^  sandbox-pypi +widgets(_runtime)?-[0-9]{8}\.[0-9]+-py3-none-any\.whl +[0-9.]+ [KM]?i?B +[0-9a-f]{64}$" <<<"$first")" = 2
check "the published release is stable and latest ($picked)" grep -q "^  latest:  $picked$" <<<"$first"
check "the release's state is shown as stable" grep -q "^  state:   STATE_STABLE$" <<<"$first"
check "the sandbox's PyPI stored the two wheels, each once" test "$(curl -s http://127.0.0.1:18457/_control/state | /usr/bin/python3 -c 'import json,sys; print(sum(1 for u in json.load(sys.stdin)["pypi"]["uploads"] if u["status"] == 200))')" = 2
check "the published package is pip-installed and imported" grep -Eq "^  widgets ${picked#candidate-} from .*/site-packages/widgets/__init__\.py$" <<<"$first"

second=$(./scripts/quickstart.sh 2>&1)
second_status=$?
check "second run exits 0" test "$second_status" -eq 0
check "the promoted candidate's proposal is closed" test "$(curl -s 'http://127.0.0.1:18457/github/repos/stablecut-demo/widgets/issues?labels=release-proposal&state=closed' | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 1
check "second run opens no second proposal" test "$(curl -s 'http://127.0.0.1:18457/github/repos/stablecut-demo/widgets/issues?labels=release-proposal&state=all' | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 1
check "second run publishes nothing twice" test "$(grep -Ec " already there$" <<<"$second")" = 2 -a "$(grep -Ec " uploaded$" <<<"$second")" = 0
check "second run leaves one upload per wheel on the sandbox's PyPI" test "$(curl -s http://127.0.0.1:18457/_control/state | /usr/bin/python3 -c 'import json,sys; print(sum(1 for u in json.load(sys.stdin)["pypi"]["uploads"] if u["status"] == 200))')" = 2
check "the quickstart prints the tag the README's commands use" grep -q "^  tag=$picked$" <<<"$first"
newest=$(sed -n 's/^  candidate=//p' <<<"$first")
check "the quickstart prints the newest pre-release for the README's commands ($newest)" grep -Eq "^candidate-[0-9]{8}\.[0-9]+$" <<<"$newest"
check "second run still imports the package" grep -Eq "^  widgets ${picked#candidate-} from " <<<"$second"
check "second run returns the same candidate" grep -q "^  tag: *$tag$" <<<"$second"
check "second run starts no second sandbox" grep -q "stablecut-sandbox already running" <<<"$second"
check "second run starts no second candidate service" grep -q "stablecut-candidate already running" <<<"$second"
check "second run starts no second verifier" grep -q "stablecut-verifier already running" <<<"$second"
check "second run starts no second publisher" grep -q "stablecut-publisher already running" <<<"$second"
check "one sandbox process" test "$(pgrep -fc "stablecut-sandbox --port=18457")" -eq 1
check "one candidate process" test "$(pgrep -fc "stablecut-candidate --config=deploy/local")" -eq 1
check "one verifier process" test "$(pgrep -fc "stablecut-verifier --config=deploy/local")" -eq 1
check "one publisher process" test "$(pgrep -fc "stablecut-publisher --config=deploy/local")" -eq 1

# The README's commands are the quickstart's, and they work.
readme_commands=$(sed -n '/<!-- quickstart-commands:begin -->/,/<!-- quickstart-commands:end -->/p' README.md |
  grep '^node_modules/.bin/buf')
check "README shows exactly the commands the quickstart prints" test "$readme_commands" = "$(./scripts/quickstart.sh commands)"
while IFS= read -r command; do
  if [[ $command == */PickCandidate ]]; then
    # After the quickstart's release nothing newer is approved yet: the verifier's NOT_FOUND,
    # with its reasons, is the answer.
    check "README command runs: ${command:0:60}…${command: -40}" env tag="$picked" candidate="$newest" bash -c "$command 2>&1 | grep -q '\"code\": \"not_found\"'"
  else
    check "README command runs: ${command:0:60}…${command: -40}" env tag="$picked" candidate="$newest" bash -c "$command >/dev/null"
  fi
done <<<"$readme_commands"

pids=$(cat "$state"/*.pid 2>/dev/null)
./scripts/quickstart.sh stop >/dev/null
left=0
for pid in $pids; do kill -0 "$pid" 2>/dev/null && left=$((left + 1)); done
check "stop ends every process it started" test "$left" -eq 0 -a -n "$pids"
check "stop keeps the state" test -f "$state/sandbox/state.json"

echo "quickstart: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
