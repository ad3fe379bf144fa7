#!/usr/bin/env bash
# The answer cache under a flood of requests that differ only in what must not change an answer:
# 4,000 $expand requests of the largest shipped value set, each with its own Host and Origin, sent
# by 8 parallel clients to the packaged jar with the recommended JVM options. Prints the cache's
# budget and weight, resident memory before and after, $lookup latency sampled during the flood,
# and the headers of one replayed answer (one Access-Control-Allow-Origin, its own X-Request-ID).
# Usage: bench/flood.sh            (FLOOD_REQUESTS=4000 FLOOD_PORT=18210 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${FLOOD_PORT:-18210}
REQUESTS=${FLOOD_REQUESTS:-4000}
JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xmx448m -Xmn64m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError}
BASE="http://127.0.0.1:$PORT"
EXPAND="$BASE/fhir/ValueSet/\$expand?url=http://fhir.billing-terminology.org/ValueSet/all-codes"
LOOKUP="$BASE/fhir/CodeSystem/\$lookup?system=http://www.ama-assn.org/go/cpt&code=77003"
WORK=$(mktemp -d)
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT

[ -f target/billing-terminology-server.jar ] || mvn -B -ntp -q package -DskipTests
# shellcheck disable=SC2086
(cd "$WORK" && exec java $JAVA_OPTS -jar "$ROOT/target/billing-terminology-server.jar" --server.port="$PORT" \
    --server.address=127.0.0.1 --terminology.content-dir="$ROOT/fhir-resources" > "$WORK/server.log" 2>&1) &
SERVER_PID=$!
until curl -sf "$BASE/actuator/health/readiness" > /dev/null; do
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.2
done
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$(pgrep -f "server.port=$PORT" | head -1)/status"; }
metric() { curl -s "$BASE/actuator/metrics/$1?tag=cache:answers" | sed 's/.*"value":\([0-9.E]*\).*/\1/'; }

curl -s -o /dev/null "$EXPAND"
echo "JVM options: $JAVA_OPTS"
echo "cache budget: $(metric cache.budget) bytes"
echo "resident memory before: $(rss) MiB"

# $lookup latency, sampled every 0.2 s while the flood runs
( while [ -f "$WORK/flooding" ] || [ ! -f "$WORK/started" ]; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$LOOKUP" >> "$WORK/lookups"; sleep 0.2
  done ) &
SAMPLER=$!
touch "$WORK/flooding" "$WORK/started"
started=$(date +%s.%N)
seq 1 "$REQUESTS" | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
    -H 'Host: client-{}.example' -H 'Origin: https://client-{}.example' "$EXPAND" > "$WORK/codes"
seconds=$(echo "$(date +%s.%N) - $started" | bc)
rm "$WORK/flooding"; wait "$SAMPLER"

echo "flood: $REQUESTS requests in ${seconds} s; answers by status: $(sort "$WORK/codes" | uniq -c | tr '\n' ' ')"
echo "resident memory after: $(rss) MiB"
echo "cache weight after: $(metric cache.weight) bytes; entries: $(metric cache.size)"
awk '{ n++; if ($1 != 200) bad++; t = $2 * 1000; s += t; if (t > max) max = t }
     END { printf "$lookup during the flood: %d samples, %d not 200, mean %.1f ms, max %.1f ms\n", n, bad, s / n, max }' "$WORK/lookups"
echo "one replayed answer:"
curl -s -D - -o /dev/null -H 'Host: last.example' -H 'Origin: https://last.example' "$EXPAND" \
  | grep -i -E '^(HTTP|x-cache|x-request-id|access-control-allow-origin)' | tr -d '\r'
grep -c OutOfMemoryError "$WORK/server.log" | sed 's/^/OutOfMemoryError lines in the log: /' || true
