#!/usr/bin/env bash
# Crash test: kill -9 the server while it loads content and while it serves load and admin writes,
# restart it on the same H2 file database, and check after every restart that it comes back ready
# with all content present exactly once, every acknowledged write kept, and no half-stored code
# system. Loopback only; every wait is bounded.
#
#   bench/crash.sh                     # 5 kills during loading, 5 during load; ~20 min
#   ROUNDS=2 CONCEPTS=20000 bench/crash.sh
#
# The content is a copy of fhir-resources/ plus a generated CodeSystem of $CONCEPTS concepts, so
# that loading takes long enough to be interrupted. Each loading round first changes that code
# system (a new marker in its title and in one display), so the interrupted load is a real update.
set -euo pipefail

PORT=${PORT:-18082}
ROUNDS=${ROUNDS:-5}
CONCEPTS=${CONCEPTS:-50000}
CONNECTIONS=${CONNECTIONS:-64}
READY_TIMEOUT=${READY_TIMEOUT:-300}
TOKEN=crash-test-token
BASE="http://127.0.0.1:$PORT"

cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAR="$ROOT/target/billing-terminology-server.jar"
if [ ! -f "$JAR" ]; then
	echo "Building $JAR"
	mvn -B -ntp -q package -DskipTests
fi
if ! command -v wrk >/dev/null; then
	echo "Installing wrk (Debian package)"
	apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

WORK=$(mktemp -d)
SERVER=
LOAD=
cleanup() {
	[ -n "$LOAD" ] && kill "$LOAD" 2>/dev/null || true
	[ -n "$SERVER" ] && kill -9 "$SERVER" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cp -r fhir-resources "$WORK/content"
echo 0 >"$WORK/writes"

# The generated code system: CONCEPTS codes in groups of ten (a parent and nine children).
big_code_system() {
	python3 - "$WORK/content/CodeSystem-crash-test-big.json" "$CONCEPTS" "$1" <<'EOF'
import json, sys
path, n, marker = sys.argv[1], int(sys.argv[2]), sys.argv[3]
concepts = []
for i in range(0, n, 10):
    concepts.append({"code": f"CT{i:06d}", "display": f"Crash test concept {i}" + (f" ({marker})" if i == 0 else ""),
                     "concept": [{"code": f"CT{j:06d}", "display": f"Crash test concept {j}"} for j in range(i + 1, min(i + 10, n))]})
json.dump({"resourceType": "CodeSystem", "id": "crash-test-big", "url": "http://fhir.billing-terminology.org/CodeSystem/crash-test-big",
           "version": "1", "name": "CrashTestBig", "title": f"Crash test code system {marker}", "status": "draft",
           "content": "complete", "hierarchyMeaning": "is-a", "count": n, "concept": concepts}, open(path, "w"))
EOF
}

RUN=0
start_server() {
	RUN=$((RUN + 1))
	LOG="$WORK/server-$RUN.log"
	# run from the work folder so that the shipped default database URL (./data) is the one tested
	(cd "$WORK" && exec java -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 \
		--terminology.content-dir="$WORK/content" --terminology.admin-token="$TOKEN" >"$LOG" 2>&1) &
	SERVER=$!
}

kill_server() {
	kill -9 "$SERVER" 2>/dev/null || true
	wait "$SERVER" 2>/dev/null || true
	SERVER=
}

status() {
	curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/actuator/health/readiness" || true
}

wait_ready() {
	for ((i = 0; i < READY_TIMEOUT; i++)); do
		if ! kill -0 "$SERVER" 2>/dev/null; then
			echo "FAILED: the server stopped while starting:"; tail -30 "$LOG"; exit 1
		fi
		[ "$(status)" = 200 ] && return 0
		sleep 1
	done
	echo "FAILED: not ready after ${READY_TIMEOUT}s"; tail -30 "$LOG"; exit 1
}

# Everything that must hold after a restart; prints one line, exits non-zero on any problem.
verify() {
	python3 - "$BASE" "$WORK/content" "$(cat "$WORK/writes")" "$1" <<'EOF'
import glob, json, os, sys, urllib.request
base, content, writes, marker = sys.argv[1] + "/fhir", sys.argv[2], int(sys.argv[3]), sys.argv[4]
# no-cache: HAPI would otherwise answer a repeated search from its cache of results (kept in the
# database, so also across a restart) for up to a minute
def get(path):
    headers = {"Accept": "application/fhir+json", "Cache-Control": "no-cache"}
    with urllib.request.urlopen(urllib.request.Request(base + path, headers=headers), timeout=60) as r:
        return json.load(r)
def codes(concepts):
    return [code for c in concepts for code in [c["code"]] + codes(c.get("concept", []))]
def count(concepts):
    return len(codes(concepts))
problems = []
files = {}
for path in glob.glob(os.path.join(content, "*-*.json")):
    files.setdefault(os.path.basename(path).split("-", 1)[0], []).append(json.load(open(path)))
expected = {t: len(v) for t, v in files.items()}
expected["Organization"] += writes
for resource_type, n in sorted(expected.items()):
    total = get(f"/{resource_type}?_summary=count&_total=accurate")["total"]
    if total != n:
        problems.append(f"{resource_type}: {total} stored, {n} expected")
history, page = [], get("/_history?_count=500")
while True:
    history += [e["resource"] for e in page.get("entry", [])]
    following = [l["url"] for l in page.get("link", []) if l["relation"] == "next"]
    if not following:
        break
    page = get(following[0][len(base):])
ids = [r["resourceType"] + "/" + r["id"] for r in history]
if len(set(ids)) != sum(expected.values()):
    problems.append(f"the history holds {len(set(ids))} resources, {sum(expected.values())} expected")
# the generated code system changes each loading round: only it may have more than one version
for i in sorted({i for i in ids if ids.count(i) > 1}):
    if i != "CodeSystem/crash-test-big":
        problems.append(f"{i} appears {ids.count(i)} times in the history")
for cs in files["CodeSystem"]:
    stored = get(f"/CodeSystem/{cs['id']}")
    if count(stored.get("concept", [])) != count(cs.get("concept", [])):
        problems.append(f"CodeSystem/{cs['id']}: {count(stored.get('concept', []))} concepts stored, {count(cs.get('concept', []))} in the file")
    if stored.get("title") != cs.get("title"):
        problems.append(f"CodeSystem/{cs['id']}: title '{stored.get('title')}', file '{cs.get('title')}'")
big = "http://fhir.billing-terminology.org/CodeSystem/crash-test-big"
last = max(codes([cs for cs in files["CodeSystem"] if cs["id"] == "crash-test-big"][0]["concept"]))
display = [p for p in get(f"/CodeSystem/$lookup?system={big}&code=CT000000")["parameter"] if p["name"] == "display"][0]["valueString"]
if not display.endswith(f"({marker})"):
    problems.append(f"$lookup answers '{display}', the file says marker {marker}")
get(f"/CodeSystem/$lookup?system={big}&code={last}")
for n in range(1, writes + 1):
    get(f"/Organization/crash-write-{n}")
if problems:
    print("FAILED: " + "; ".join(problems))
    sys.exit(1)
print(f"OK: {sum(expected.values())} resources once each ({', '.join(f'{t} {n}' for t, n in sorted(expected.items()))}),"
      f" {count(get('/CodeSystem/crash-test-big')['concept'])} concepts, marker {marker}, {writes} acknowledged writes kept")
EOF
}

echo "Work folder $WORK; content: fhir-resources/ plus a $CONCEPTS-concept CodeSystem"
LOADING_HITS=0
# Where each loading round kills, by the log line it waits for: the first load into an empty
# database once the search parameters' own transaction has committed and the second is storing
# the big code system (the one point where loading is not one transaction); then updates of the
# big code system while HAPI checks its concepts, when HAPI defers part of its concept tables,
# right after it is stored as the commit nears, and as HAPI starts storing it.
TRIGGERS=("crash-test-big/_history/1 has a status of complete" "Have validated" "concept saving has been deferred"
	"Stored CodeSystem-crash-test-big" "going to store concepts")
for ((round = 1; round <= ROUNDS; round++)); do
	marker="round-$round"
	big_code_system "$marker"
	trigger=${TRIGGERS[$(((round - 1) % ${#TRIGGERS[@]}))]}
	start_server
	for ((i = 0; i < READY_TIMEOUT * 20; i++)); do
		grep -qs "$trigger" "$LOG" && break
		[ "$(status)" = 200 ] && break
		kill -0 "$SERVER" 2>/dev/null || { echo "FAILED: the server stopped"; tail -30 "$LOG"; exit 1; }
		sleep 0.05
	done
	before=$(status)
	kill_server
	last_step=$( (grep -E 'ContentLoader|TermCodeSystemStorage|TermDeferred' "$LOG" || echo ' : nothing logged') | tail -1 \
		| sed -E 's/.* : //' | cut -c1-100)
	if [ "$before" = 503 ]; then
		LOADING_HITS=$((LOADING_HITS + 1))
		echo "Loading round $round: killed during loading, at \"$trigger\" (last log line: $last_step)"
	else
		echo "Loading round $round: loading finished before \"$trigger\" was seen; killed while ready"
	fi
	start_server
	wait_ready
	took=$(grep -o 'Content loaded from .* in [0-9]* ms' "$LOG" | grep -o '[0-9]* ms$')
	result=$(verify "$marker") || { echo "  restarted: $result"; exit 1; }
	echo "  restarted (loading took $took): $result"
	kill_server
done

marker="round-$ROUNDS"
start_server
wait_ready
for ((round = 1; round <= ROUNDS; round++)); do
	wrk -t4 -c"$CONNECTIONS" -d60s --timeout 10s -s bench/mixed.lua "$BASE" >"$WORK/wrk.log" 2>&1 &
	LOAD=$!
	sleep 3
	# admin writes during the load: each acknowledged one must survive the kill
	writes=$(cat "$WORK/writes")
	for ((k = 0; k < 3; k++)); do
		n=$((writes + 1))
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -X PUT -H "Authorization: Bearer $TOKEN" \
			-H 'Content-Type: application/fhir+json' \
			--data "{\"resourceType\":\"Organization\",\"id\":\"crash-write-$n\",\"name\":\"Crash write $n\"}" \
			"$BASE/fhir/Organization/crash-write-$n" || true)
		[ "$code" = 201 ] && writes=$n
	done
	echo "$writes" >"$WORK/writes"
	sleep $((2 + round))
	kill_server
	kill "$LOAD" 2>/dev/null || true
	wait "$LOAD" 2>/dev/null || true
	LOAD=
	echo "Load round $round: killed under $CONNECTIONS connections, $writes writes acknowledged so far"
	start_server
	wait_ready
	result=$(verify "$marker") || { echo "  restarted: $result"; exit 1; }
	echo "  restarted: $result"
done
kill_server
echo "Done: $LOADING_HITS of $ROUNDS kills landed during content loading, $ROUNDS during load; every restart verified"
