#!/usr/bin/env bash
# Load test: a fresh server on a loopback port, 64 connections of mixed read operations for 60 s
# (wrk, bench/mixed.lua), then the count of requests, non-2xx/3xx answers and socket errors.
# Exits non-zero if any answer was an error. Loopback only; bounded in time.
#
# With HOSTILE=N, the same mix runs a second time beside N hostile clients, each sending, one after
# another, a $expand whose tx-resource regex backtracks on every concept (it runs to the work
# budget, terminology.max-work-steps), and the normal clients' p99 of both runs is printed.
#
#   bench/load.sh                      # defaults: port 18081, 64 connections, 60 s
#   PORT=9000 CONNECTIONS=16 DURATION=10s bench/load.sh
#   HOSTILE=4 CONNECTIONS=16 DURATION=30s bench/load.sh
set -euo pipefail

PORT=${PORT:-18081}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-60s}
THREADS=${THREADS:-4}
READY_TIMEOUT=${READY_TIMEOUT:-300}
# the README's recommended options (the Docker image's)
JAVA_OPTS=${LOAD_JAVA_OPTS:--XX:+UseSerialGC -Xmx448m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError}

cd "$(dirname "$0")/.."
JAR=target/billing-terminology-server.jar
if [ ! -f "$JAR" ]; then
	echo "Building $JAR"
	mvn -B -ntp -q package -DskipTests
fi
if ! command -v wrk >/dev/null; then
	echo "Installing wrk (Debian package)"
	apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

WORK=$(mktemp -d)
java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 \
	--spring.datasource.url="jdbc:h2:file:$WORK/data/terminology" >"$WORK/server.log" 2>&1 &
SERVER=$!
stop() {
	kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
	rm -rf "$WORK"
}
trap stop EXIT

echo "Waiting for http://127.0.0.1:$PORT to be ready (server pid $SERVER)"
for ((i = 0; i < READY_TIMEOUT; i++)); do
	if ! kill -0 "$SERVER" 2>/dev/null; then
		echo "The server stopped:"; tail -30 "$WORK/server.log"; exit 1
	fi
	curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null && break
	sleep 1
done
curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null || { echo "Not ready after ${READY_TIMEOUT}s"; exit 1; }

# one pass over the mix first, so that a wrong request fails here and not as a load figure
lua_check=$(wrk -t1 -c1 -d2s -s bench/mixed.lua "http://127.0.0.1:$PORT" | grep '^RESULT')
case "$lua_check" in *" non2xx3xx=0 "*) ;; *) echo "The request mix itself fails: $lua_check"; exit 1 ;; esac

if [ "${HOSTILE:-0}" -gt 0 ]; then
	# warmed up first, so that the runs alone and beside hostile clients compare like with like
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s bench/mixed.lua "http://127.0.0.1:$PORT" >/dev/null
fi
echo "Running $CONNECTIONS connections for $DURATION on $(nproc) cores"
OUT=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/mixed.lua "http://127.0.0.1:$PORT")
echo "$OUT"
RESULT=$(echo "$OUT" | grep '^RESULT')
value() { echo "$RESULT" | sed -E "s/.* $1=([0-9.]+).*/\1/"; }
ERRORS=$(($(value non2xx3xx) + $(value connect) + $(value read) + $(value write) + $(value timeout)))
echo
echo "Requests: $(value requests) in $(value seconds) s ($(awk -v r="$(value requests)" -v s="$(value seconds)" 'BEGIN { printf "%.0f", r / s }') per second)"
echo "Non-2xx/3xx responses: $(value non2xx3xx)"
echo "Socket errors: connect $(value connect), read $(value read), write $(value write), timeout $(value timeout)"
echo "Latency: p50 $(value p50ms) ms, p99 $(value p99ms) ms, max $(value maxms) ms"
if grep -q ' ERROR ' "$WORK/server.log"; then
	echo "The server logged errors:"; grep ' ERROR ' "$WORK/server.log" | head -5; ERRORS=$((ERRORS + 1))
fi
[ "$ERRORS" -eq 0 ] && echo "OK: no errors" || { echo "FAILED: $ERRORS errors"; exit 1; }

if [ "${HOSTILE:-0}" -gt 0 ]; then
	# 200 concepts of 32 a's and a b; (.*a){12}c reads 2,000,000 characters on each before it gives up
	concepts=$(for i in $(seq 1 200); do printf '{"code":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab%d"},' "$i"; done)
	cat >"$WORK/hostile.json" <<JSON
{"resourceType":"Parameters","parameter":[{"name":"url","valueUri":"http://example.org/hostile/vs"},
{"name":"tx-resource","resource":{"resourceType":"CodeSystem","url":"http://example.org/hostile/cs","status":"active","content":"complete","concept":[${concepts%,}]}},
{"name":"tx-resource","resource":{"resourceType":"ValueSet","url":"http://example.org/hostile/vs","status":"active","compose":{"include":[{"system":"http://example.org/hostile/cs","filter":[{"property":"concept","op":"regex","value":"(.*a){12}c"}]}]}}}]}
JSON
	for ((h = 0; h < HOSTILE; h++)); do
		(while kill -0 "$SERVER" 2>/dev/null; do
			curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H 'Content-Type: application/fhir+json' \
				--data-binary @"$WORK/hostile.json" "http://127.0.0.1:$PORT/fhir/ValueSet/\$expand" >>"$WORK/hostile.log"
		done) &
	done
	sleep 2
	echo
	echo "Running $CONNECTIONS connections for $DURATION beside $HOSTILE hostile clients"
	HOUT=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/mixed.lua "http://127.0.0.1:$PORT")
	kill $(jobs -p | grep -v "^$SERVER\$") 2>/dev/null || true
	NORMAL_P99=$(value p99ms)
	NORMAL_RATE=$(awk -v r="$(value requests)" -v s="$(value seconds)" 'BEGIN { printf "%.0f", r / s }')
	RESULT=$(echo "$HOUT" | grep '^RESULT')
	echo "Hostile answers (status, seconds): $(sort "$WORK/hostile.log" | awk '{ n[$1]++; t[$1] += $2 } END { for (s in n) printf "%s x%d (mean %.1f s) ", s, n[s], t[s] / n[s] }')"
	echo "Normal clients alone:        $NORMAL_RATE req/s, p99 $NORMAL_P99 ms"
	echo "Normal clients beside them:  $(awk -v r="$(value requests)" -v s="$(value seconds)" 'BEGIN { printf "%.0f", r / s }') req/s, p99 $(value p99ms) ms, non-2xx/3xx $(value non2xx3xx), timeouts $(value timeout)"
	if grep -q 'OutOfMemoryError' "$WORK/server.log"; then
		echo "FAILED: OutOfMemoryError in the server log"; exit 1
	fi
fi
