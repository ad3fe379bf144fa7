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
JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xmx448m -Xmn64m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError}
# a 100,000-concept code system is one ~7 MB resource: importing and storing it needs a larger heap
LARGE_JAVA_OPTS=${BENCH_LARGE_JAVA_OPTS:--XX:+UseSerialGC -Xmx1g -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError}
BASE="http://127.0.0.1:$PORT"
CPT="http://www.ama-assn.org/go/cpt"
VS="http://fhir.billing-terminology.org/ValueSet"
WORK=$(mktemp -d)
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; cp "$WORK/results.txt" target/bench-results.txt 2>/dev/null; rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -f target/billing-terminology-server.jar ] || mvn -B -ntp -q package -DskipTests

# The Docker image's layout: the jar extracted, and the class data sharing archive its script
# writes (src/main/docker/class-data-archive.sh). Everything is measured on it; the plain jar only
# for launch to ready, beside it.
APP="$WORK/app"
java -Djarmode=tools -jar target/billing-terminology-server.jar extract --destination "$APP" > /dev/null
training_started=$(date +%s.%N)
JAVA_TOOL_OPTIONS="$JAVA_OPTS" bash src/main/docker/class-data-archive.sh "$APP" --terminology.content-dir="$ROOT/fhir-resources" 2> /dev/null
TRAINING_SECONDS=$(echo "$(date +%s.%N) - $training_started" | bc)
IMAGE_LAUNCH=(-XX:SharedArchiveFile="$APP/application.jsa" -jar "$APP/billing-terminology-server.jar")
JAR_LAUNCH=(-jar "$ROOT/target/billing-terminology-server.jar")
LAUNCH=("${IMAGE_LAUNCH[@]}")

# start_server CONTENT_DIR [ARGS...]: starts ($LAUNCH) on a fresh H2 database; sets READY_SECONDS (launch to ready) and LOG
start_server() {
  local dir="$WORK/run-$RANDOM"
  mkdir -p "$dir"
  local started
  started=$(date +%s.%N)
  # shellcheck disable=SC2086
  (cd "$dir" && exec java $JAVA_OPTS "${LAUNCH[@]}" --server.port="$PORT" \
      --server.address=127.0.0.1 --terminology.content-dir="$1" "${@:2}" > "$dir/server.log" 2>&1) &
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

BILLING_CHECK="$WORK/billing-check.lua"
cat > "$BILLING_CHECK" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/fhir+json"
wrk.body = '{"resourceType":"Parameters","parameter":[{"name":"line","part":[{"name":"sequence","valuePositiveInt":1},{"name":"code","valueCoding":{"system":"$CPT","code":"64483"}},{"name":"placeOfService","valueCoding":{"code":"24"}},{"name":"serviced","valueDate":"2026-03-02"}]},{"name":"line","part":[{"name":"sequence","valuePositiveInt":2},{"name":"code","valueCoding":{"system":"$CPT","code":"77003:26"}},{"name":"placeOfService","valueCoding":{"code":"24"}},{"name":"serviced","valueDate":"2026-03-02"}]},{"name":"payer","valueReference":{"reference":"Organization/medicare"}}]}'
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
echo "Class data archive written in ${TRAINING_SECONDS}s"
# launch to ready: the image's layout and the plain jar, alternating, each on a fresh database
LAUNCHES="$WORK/launches.txt"
for round in 1 2; do
  for layout in image jar; do
    if [ "$layout" = image ]; then LAUNCH=("${IMAGE_LAUNCH[@]}"); else LAUNCH=("${JAR_LAUNCH[@]}"); fi
    # a quiet machine where it can be had: up to a minute for the load average to fall under 1
    for _ in $(seq 60); do [ "$(cut -d' ' -f1 /proc/loadavg | cut -d. -f1)" -ge 1 ] || break; sleep 1; done
    load=$(cut -d' ' -f1 /proc/loadavg)
    start_server "$ROOT/fhir-resources"
    echo "$layout $READY_SECONDS $(server_rss_mib) $load" >> "$LAUNCHES"
    stop_server
  done
done
LAUNCH=("${IMAGE_LAUNCH[@]}")
awk '{printf "Launch to ready, %s: %.1f s, resident memory at ready %s MiB (load average before: %s)\n", ($1 == "image" ? "image layout with its class data archive" : "plain java -jar"), $2, $3, $4}' "$LAUNCHES"
start_server "$ROOT/fhir-resources"
READY=$READY_SECONDS
RSS_START=$(server_rss_mib)
echo "Launch to ready (shipped content, image layout): ${READY}s; resident memory at ready: ${RSS_START} MiB"

LOOKUP="$BASE/fhir/CodeSystem/\$lookup?system=$CPT&code=77003"
CS_VALIDATE="$BASE/fhir/CodeSystem/\$validate-code?url=$CPT&code="
VS_VALIDATE="$BASE/fhir/ValueSet/\$validate-code?url=$VS/all-codes&system=$CPT&code="
EXPAND_FILTER="$BASE/fhir/ValueSet/\$expand?url=$VS/all-codes&count=20&filter="
# every CPT code shipped, and words of their displays, for the full path's different request each time
CPT_CODES=$(python3 -c 'import json,sys; print(",".join(c["code"] for c in json.load(open(sys.argv[1]))["concept"]))' \
  "$ROOT/fhir-resources/CodeSystem-cpt.json")
FILTER_WORDS="imaging,injection,epidural,nerve,block,guidance,facet,joint,lumbar,puncture,medial,branch,vertebral,needle,spinal,fluoroscopic,ultrasound,catheter,sacroiliac,paravertebral"
FULL_PATH=(-s "$ROOT/bench/full-path.lua")
# let the JIT compile both the HTTP stack and our paths before anything is measured
wrk -t2 -c16 -d10s "$BASE/actuator/health/liveness" > /dev/null
wrk -t2 -c16 -d10s "$LOOKUP" > /dev/null
BENCH_VALUES=$CPT_CODES wrk -t2 -c16 -d10s "${FULL_PATH[@]}" "$BASE/fhir/CodeSystem/\$lookup?system=$CPT&code=%s" > /dev/null
measure liveness-floor 16 "$BASE/actuator/health/liveness"
# the full path: a different code (or filter) on every request, and no replay (Cache-Control: no-cache)
export BENCH_VALUES=$CPT_CODES
measure full-lookup 16 "$BASE/fhir/CodeSystem/\$lookup?system=$CPT&code=%s" "${FULL_PATH[@]}"
measure full-cs-validate-code 16 "${CS_VALIDATE}%s" "${FULL_PATH[@]}"
measure full-vs-validate-code 16 "${VS_VALIDATE}%s" "${FULL_PATH[@]}"
BENCH_VALUES=$FILTER_WORDS measure full-expand-filter 16 "${EXPAND_FILTER}%s" "${FULL_PATH[@]}"
# replays: the same request again and again, answered from the replay cache
measure replay-lookup 16 "$LOOKUP"
measure replay-cs-validate-code 16 "${CS_VALIDATE}77003:26"
measure replay-vs-validate-code 16 "${VS_VALIDATE}77003"
measure replay-expand-filter 16 "${EXPAND_FILTER}guidance"
measure lookup-POST 16 "$BASE/fhir/CodeSystem/\$lookup" -s "$POST_LOOKUP"
measure modifiers-validate-code 16 "$BASE/fhir/ValueSet/\$validate-code?url=$VS/cpt-77003-modifiers&system=$CPT&code=26"
for vs in cpt-77003-modifiers cpt-image-guidance cpt-imaging-included-primaries cpt-77003-reportable-primaries all-codes; do
  measure "expand-$vs" 16 "$BASE/fhir/ValueSet/\$expand?url=$VS/$vs"
done
measure cid-search-code 16 "$BASE/fhir/ChargeItemDefinition?code=$CPT%7C77003"
measure cid-search-payer 16 "$BASE/fhir/ChargeItemDefinition?payer=Organization/medicare"
# Claim/$billing-check of a two-line claim (the seed's vignette: 64483 with 77003-26 at an ASC,
# Medicare), full path: no-cache, and every rule evaluated for every request
measure billing-check-2-lines 16 "$BASE/fhir/Claim/\$billing-check" -s "$BILLING_CHECK" -H "Cache-Control: no-cache"
measure liveness-floor-again 16 "$BASE/actuator/health/liveness"
measure full-lookup-1conn 1 "$BASE/fhir/CodeSystem/\$lookup?system=$CPT&code=%s" "${FULL_PATH[@]}"
measure replay-lookup-1conn 1 "$LOOKUP"
RSS=$(server_rss_mib)
# heap held with the shipped content, after a full collection
jcmd "$(pgrep -f "server.port=$PORT" | head -1)" GC.run > /dev/null
SMALL_HEAP_MIB=$(curl -sf "$BASE/actuator/metrics/jvm.memory.used?tag=area:heap" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["measurements"][0]["value"]/1048576))')
stop_server

# Scale: a generated (not shipped) 100,000-concept code system, imported as an admin would
# (CodeSystem/$upload-external-code-system, HAPI's custom CSV, stored content=complete), while
# another client keeps asking for $lookup on the full path; then a value set over it
LARGE="$WORK/large"
mkdir -p "$LARGE"
python3 - "$LARGE" <<'PY'
import base64, json, sys
out = sys.argv[1]
rows = "".join(f"C{i},Generated concept {i} of the benchmark\n" for i in range(100000))
data = base64.b64encode(("CODE,DISPLAY\n" + rows).encode()).decode()
json.dump({"resourceType": "Parameters", "parameter": [
    {"name": "system", "valueUri": "http://example.org/bench/large"},
    {"name": "version", "valueString": "1"},
    {"name": "file", "valueAttachment": {"url": "concepts.csv", "data": data}}]}, open(f"{out}/upload.json", "w"))
json.dump({"resourceType": "ValueSet", "id": "bench-large", "url": "http://example.org/bench/ValueSet/large",
           "version": "1", "name": "BenchLarge", "status": "draft",
           "compose": {"include": [{"system": "http://example.org/bench/large"}]}}, open(f"{out}/valueset.json", "w"))
PY
JAVA_OPTS=$LARGE_JAVA_OPTS
ADMIN=(-H "Authorization: Bearer bench-admin")
echo "JVM options for the 100,000-concept run: $JAVA_OPTS"
start_server "$ROOT/fhir-resources" --terminology.admin-token=bench-admin
READY_LARGE=$READY_SECONDS
NO_CACHE_LOOKUP="$WORK/no-cache.lua"
echo 'wrk.headers["Cache-Control"] = "no-cache"' > "$NO_CACHE_LOOKUP"
wrk -t1 -c4 -d60s --latency -s "$NO_CACHE_LOOKUP" "$LOOKUP" > "$WORK/during-import.out" &
WRK_PID=$!
sleep 1
IMPORT_START=$(date +%s.%N)
curl -sf "${ADMIN[@]}" -H "Content-Type: application/fhir+json" --data-binary @"$LARGE/upload.json" \
  "$BASE/fhir/CodeSystem/\$upload-external-code-system" > "$WORK/upload-answer.json"
# answering: the first full-path $lookup of the new code system (the model has taken it in)
curl -sf "$BASE/fhir/CodeSystem/\$lookup?system=http://example.org/bench/large&code=C99999" > /dev/null
IMPORT_SECONDS=$(echo "$(date +%s.%N) - $IMPORT_START" | bc)
kill -INT "$WRK_PID" 2>/dev/null || true; wait "$WRK_PID" 2>/dev/null || true
DURING=$(awk '/Requests\/sec/ {rps=$2} $1=="99%" {p99=$2} /Non-2xx|Socket errors/ {err=err" "$0} END {printf "%s req/s, p99 %s%s", rps, p99, err}' "$WORK/during-import.out")
curl -sf "${ADMIN[@]}" -X PUT -H "Content-Type: application/fhir+json" --data-binary @"$LARGE/valueset.json" \
  "$BASE/fhir/ValueSet/bench-large" > /dev/null
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
measure large-expand-filter-count20-1conn 1 "$BASE/fhir/ValueSet/\$expand?url=http://example.org/bench/ValueSet/large&filter=concept+777&count=20" -H "Cache-Control: no-cache"
# heap held with the 100,000 concepts in the model, after a full collection
jcmd "$(pgrep -f "server.port=$PORT" | head -1)" GC.run > /dev/null
HEAP_MIB=$(curl -sf "$BASE/actuator/metrics/jvm.memory.used?tag=area:heap" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["measurements"][0]["value"]/1048576))')
LARGE_RSS=$(server_rss_mib)
stop_server

python3 - "$RESULTS" "$READY" "$RSS" "$IMPORT_SECONDS" "$HEAP_MIB" "$LARGE_RSS" "$DURING" "$SMALL_HEAP_MIB" "$RSS_START" <<'PY'
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
print("\nfull path (a different request each time, no replay) beside the replay of one request:")
print(f"{'':22} {'full x floor':>13} {'replay x floor':>15} {'full / replay':>14}")
for op in ["lookup", "cs-validate-code", "vs-validate-code", "expand-filter"]:
    full, replay = float(get["full-" + op][1]), float(get["replay-" + op][1])
    print(f"{op:22} {full/floor:13.2f} {replay/floor:15.2f} {full/replay:14.2f}")
print(f"single-connection p50 of \$lookup: full path {ms(get['full-lookup-1conn'][2]):.3f} ms,"
      f" replay {ms(get['replay-lookup-1conn'][2]):.3f} ms")
print(f"Claim/\$billing-check, two lines, full path: {float(get['billing-check-2-lines'][1])/floor:.2f} x the liveness floor (target: at least 0.5)")
print(f"launch to ready (image layout): {sys.argv[2]} s; resident memory at ready {sys.argv[9]} MiB, after the run {sys.argv[3]} MiB;"
      f" heap after a full GC: {sys.argv[8]} MiB")
print(f"100,000 concepts: upload to answering {float(sys.argv[4]):.1f} s; heap after a full GC {sys.argv[5]} MiB"
      f" (resident {sys.argv[6]} MiB)")
print(f"  meanwhile, full-path \$lookup from 4 connections: {sys.argv[7]}")
same = ms(get['large-lookup-same-code'][3]) / ms(get['small-lookup-same-code'][3])
full = ms(get['large-lookup-full-path'][3]) / ms(get['small-lookup-full-path'][3])
print(f"100,000 concepts: \$lookup p99 ratio to the small fragment: {same:.2f} (same code), {full:.2f} (full path, random codes)")
PY
