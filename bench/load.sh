#!/usr/bin/env bash
# Load test: a fresh server on a loopback port, 64 connections of mixed read operations for 60 s
# (wrk, bench/mixed.lua), then the count of requests, non-2xx/3xx answers and socket errors.
# Exits non-zero if any answer was an error. Loopback only; bounded in time.
#
# With HOSTILE=1, the same mix runs a second time beside the hostile requests of issue 15
# (bench/hostile.py: regex, nested imports and deep hierarchies that run to the work budget, 10,000
# codings, bad input that once gave 500s, a forged Host, an admin write to a shipped resource, and
# TRICKLE=200 bodies sent a byte a second from addresses of their own), and the normal clients'
# req/s and p99 of both runs are printed. python3 is needed for it. KINDS=trickle (or budget, bad,
# comma-separated) runs only those; JAR=... measures another build beside this one.
#
#   bench/load.sh                      # defaults: port 18081, 64 connections, 60 s
#   PORT=9000 CONNECTIONS=16 DURATION=10s bench/load.sh
#   HOSTILE=1 CONNECTIONS=16 DURATION=30s bench/load.sh
set -euo pipefail

PORT=${PORT:-18081}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-60s}
THREADS=${THREADS:-4}
READY_TIMEOUT=${READY_TIMEOUT:-300}
# the README's recommended options (the Docker image's)
JAVA_OPTS=${LOAD_JAVA_OPTS:--XX:+UseSerialGC -Xmx448m -Xmn64m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError}

cd "$(dirname "$0")/.."
JAR=${JAR:-target/billing-terminology-server.jar}
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
	--spring.datasource.url="jdbc:h2:file:$WORK/data/terminology" --terminology.admin-token=bench-admin >"$WORK/server.log" 2>&1 &
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
	# every hostile request of issue 15 over and over (bench/hostile.py), TRICKLE of them bodies sent a
	# byte a second from addresses of their own, for the whole of the second run
	SECONDS_LONG=$(( $(echo "$DURATION" | tr -dc 0-9) + 5 ))
	python3 bench/hostile.py "$PORT" "$SECONDS_LONG" bench-admin "${TRICKLE:-200}" "${KINDS:-budget,bad,trickle}" \
		>"$WORK/hostile.log" 2>&1 &
	HOSTILE_PID=$!
	sleep 2
	echo
	echo "Running $CONNECTIONS connections for $DURATION beside the hostile requests of bench/hostile.py"
	HOUT=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/mixed.lua "http://127.0.0.1:$PORT")
	HOSTILE_OK=0
	wait "$HOSTILE_PID" || HOSTILE_OK=$?
	NORMAL_P99=$(value p99ms)
	NORMAL_RATE=$(awk -v r="$(value requests)" -v s="$(value seconds)" 'BEGIN { printf "%.0f", r / s }')
	RESULT=$(echo "$HOUT" | grep '^RESULT')
	echo "Hostile requests:"; cat "$WORK/hostile.log"
	echo "Normal clients alone:        $NORMAL_RATE req/s, p99 $NORMAL_P99 ms"
	echo "Normal clients beside them:  $(awk -v r="$(value requests)" -v s="$(value seconds)" 'BEGIN { printf "%.0f", r / s }') req/s, p99 $(value p99ms) ms, non-2xx/3xx $(value non2xx3xx), timeouts $(value timeout)"
	if grep -q 'OutOfMemoryError' "$WORK/server.log"; then
		echo "FAILED: OutOfMemoryError in the server log"; exit 1
	fi
	[ "$HOSTILE_OK" -eq 0 ] || { echo "FAILED: a hostile request was not refused or answered as it should be"; exit 1; }
fi
