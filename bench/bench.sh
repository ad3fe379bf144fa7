#!/usr/bin/env bash
# Speed and memory benchmark. Builds and starts the server, warms it up, and measures with wrk,
# side by side in one run: terminology operations, payer search, and the liveness probe as the
# floor of the HTTP stack on this machine. Then a generated 100,000-concept code system.
# Usage: bench/bench.sh            (BENCH_DURATION=10s BENCH_PORT=18200 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${BENCH_PORT:-18200}
DURATION=${BENCH_DURATION:-10s}
# the JVM options the README recommends for a small deployment (also the Docker image's)
JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xmx320m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError}
# a 100,000-concept code system is one ~7 MB resource: storing it needs a larger heap
LARGE_JAVA_OPTS=${BENCH_LARGE_JAVA_OPTS:--XX:+UseSerialGC -Xmx1g -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError}
BASE="http://127.0.0.1:$PORT"
CPT="http://www.ama-assn.org/go/cpt"
VS="http://fhir.billing-terminology.org/ValueSet"
WORK=$(mktemp -d)
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -f target/billing-terminology-server.jar ] || mvn -B -ntp -q package -DskipTests

# start_server CONTENT_DIR: starts on a fresh H2 database; sets READY_SECONDS (launch to ready) and LOG
start_server() {
  local dir="$WORK/run-$RANDOM"
  mkdir -p "$dir"
  local started
  started=$(date +%s.%N)
  # shellcheck disable=SC2086
  (cd "$dir" && exec java $JAVA_OPTS -jar "$ROOT/target/billing-terminology-server.jar" --server.port="$PORT" \
      --server.address=127.0.0.1 --terminology.content-dir="$1" > "$dir/server.log" 2>&1) &
  SERVER_PID=$!
  until curl -sf "$BASE/actuator/health/readiness" > /dev/null; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$dir/server.log"; exit 1; }
    sleep 0.1
  done
  LOG="$dir/server.log"
  READY_SECONDS=$(echo "$(date +%s.%N) - $started" | bc)
}

stop_server() {
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}

# java is the server's child of the subshell: find the JVM that listens on our port
server_rss_mib() {
  local pid
  pid=$(pgrep -f "server.port=$PORT" | head -1)
  awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status"
}

POST_LOOKUP="$WORK/post-lookup.lua"
cat > "$POST_LOOKUP" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/fhir+json"
wrk.body = '{"resourceType":"Parameters","parameter":[{"name":"system","valueUri":"$CPT"},{"name":"code","valueCode":"77003"}]}'
LUA

# measure NAME CONNECTIONS URL [wrk args...]: prints "NAME req/s p50 p99" into $RESULTS
RESULTS="$WORK/results.txt"
measure() {
  local name=$1 connections=$2 url=$3; shift 3
  local threads=2; [ "$connections" -lt 2 ] && threads=1
  wrk -t"$threads" -c"$connections" -d2s "$@" "$url" > /dev/null     # warm-up
  wrk -t"$threads" -c"$connections" -d"$DURATION" --latency "$@" "$url" > "$WORK/wrk.out"
  local errors
  errors=$(grep -E "Non-2xx|Socket errors" "$WORK/wrk.out" || true)
  [ -n "$errors" ] && echo "  ($name: $errors)" >&2
  awk -v name="$name" '
    /Requests\/sec/ {rps=$2}
    $1=="50%" {p50=$2} $1=="99%" {p99=$2}
    END {printf "%s %s %s %s\n", name, rps, p50, p99}' "$WORK/wrk.out" >> "$RESULTS"
}

echo "JVM options: $JAVA_OPTS"
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
start_server "$ROOT/fhir-resources"
READY=$READY_SECONDS
echo "Launch to ready (shipped content): ${READY}s"

LOOKUP="$BASE/fhir/CodeSystem/\$lookup?system=$CPT&code=77003"
# let the JIT compile both the HTTP stack and our paths before anything is measured
wrk -t2 -c16 -d10s "$BASE/actuator/health/liveness" > /dev/null
wrk -t2 -c16 -d10s "$LOOKUP" > /dev/null
measure liveness-floor 16 "$BASE/actuator/health/liveness"
measure lookup-GET 16 "$LOOKUP"
measure lookup-POST 16 "$BASE/fhir/CodeSystem/\$lookup" -s "$POST_LOOKUP"
measure cs-validate-code 16 "$BASE/fhir/CodeSystem/\$validate-code?url=$CPT&code=77003:26"
measure vs-validate-code 16 "$BASE/fhir/ValueSet/\$validate-code?url=$VS/cpt-77003-modifiers&system=$CPT&code=26"
for vs in cpt-77003-modifiers cpt-image-guidance cpt-imaging-included-primaries cpt-77003-reportable-primaries all-codes; do
  measure "expand-$vs" 16 "$BASE/fhir/ValueSet/\$expand?url=$VS/$vs"
done
measure cid-search-code 16 "$BASE/fhir/ChargeItemDefinition?code=$CPT%7C77003"
measure cid-search-payer 16 "$BASE/fhir/ChargeItemDefinition?payer=Organization/medicare"
measure liveness-floor-again 16 "$BASE/actuator/health/liveness"
measure lookup-GET-1conn 1 "$LOOKUP"
RSS=$(server_rss_mib)
stop_server

# Scale: a generated (not shipped) 100,000-concept code system and a value set over it
LARGE="$WORK/content-large"
cp -r fhir-resources "$LARGE"
python3 - "$LARGE" <<'PY'
import json, sys
out = sys.argv[1]
concepts = [{"code": f"C{i}", "display": f"Generated concept {i} of the benchmark"} for i in range(100000)]
json.dump({"resourceType": "CodeSystem", "id": "bench-large", "url": "http://example.org/bench/large",
           "version": "1", "name": "BenchLarge", "status": "draft", "content": "fragment",
           "concept": concepts}, open(f"{out}/CodeSystem-bench-large.json", "w"))
json.dump({"resourceType": "ValueSet", "id": "bench-large", "url": "http://example.org/bench/ValueSet/large",
           "version": "1", "name": "BenchLarge", "status": "draft",
           "compose": {"include": [{"system": "http://example.org/bench/large"}]}},
          open(f"{out}/ValueSet-bench-large.json", "w"))
PY
JAVA_OPTS=$LARGE_JAVA_OPTS
echo "JVM options for the 100,000-concept run: $JAVA_OPTS"
start_server "$LARGE"
READY_LARGE=$READY_SECONDS
LOAD_MS=$(grep -o "Content loaded.* in [0-9]* ms" "$LOG" | grep -o "[0-9]* ms")
RANDOM_LOOKUP="$WORK/random-lookup.lua"
cat > "$RANDOM_LOOKUP" <<'LUA'
-- a different code on every request, and Cache-Control so that the full path answers
request = function()
  return wrk.format("GET", string.format(wrk.path, math.random(0, 99999)), {["Cache-Control"] = "no-cache"})
end
LUA
SMALL_RANDOM="$WORK/small-random.lua"
cat > "$SMALL_RANDOM" <<'LUA'
local codes = {"77003", "77002", "77001", "77012", "76942", "76000", "62323", "64483", "26", "59"}
request = function()
  return wrk.format("GET", string.format(wrk.path, codes[math.random(#codes)]), {["Cache-Control"] = "no-cache"})
end
LUA
measure large-lookup-same-code 16 "$BASE/fhir/CodeSystem/\$lookup?system=http://example.org/bench/large&code=C54321"
measure small-lookup-same-code 16 "$LOOKUP"
measure large-lookup-full-path 16 "$BASE/fhir/CodeSystem/\$lookup?system=http://example.org/bench/large&code=C%d" -s "$RANDOM_LOOKUP"
measure small-lookup-full-path 16 "$BASE/fhir/CodeSystem/\$lookup?system=$CPT&code=%s" -s "$SMALL_RANDOM"
measure large-validate-full-path 16 "$BASE/fhir/CodeSystem/\$validate-code?url=http://example.org/bench/large&code=C%d" -s "$RANDOM_LOOKUP"
measure large-expand-filter-count20 16 "$BASE/fhir/ValueSet/\$expand?url=http://example.org/bench/ValueSet/large&filter=concept+777&count=20" -H "Cache-Control: no-cache"
stop_server

python3 - "$RESULTS" "$READY" "$RSS" "$READY_LARGE" "$LOAD_MS" <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[1])]
def ms(v):
    return float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
floor = [float(r[1]) for r in rows if r[0].startswith("liveness-floor")]
floor = sum(floor) / len(floor)
print(f"\n{'measurement':32} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'x floor':>8}")
for name, rps, p50, p99 in rows:
    print(f"{name:32} {float(rps):9.0f} {ms(p50):8.3f} {ms(p99):8.3f} {float(rps)/floor:8.2f}")
get = {r[0]: r for r in rows}
print(f"\nliveness floor (mean of the two runs): {floor:.0f} req/s")
print(f"single-connection p50 of \$lookup: {ms(get['lookup-GET-1conn'][2]):.3f} ms")
print(f"launch to ready: {sys.argv[2]} s; resident memory after the run: {sys.argv[3]} MiB")
print(f"100,000 concepts: launch to ready {sys.argv[4]} s, content loaded in {sys.argv[5]}")
same = ms(get['large-lookup-same-code'][3]) / ms(get['small-lookup-same-code'][3])
full = ms(get['large-lookup-full-path'][3]) / ms(get['small-lookup-full-path'][3])
print(f"100,000 concepts: \$lookup p99 ratio to the small fragment: {same:.2f} (same code), {full:.2f} (full path, random codes)")
PY
