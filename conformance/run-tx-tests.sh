#!/usr/bin/env bash
# Runs the HL7 terminology ecosystem suite against this server and prints passes per suite and in
# total. Builds the server and the runner, starts the server on a loopback port over an in-memory
# database, runs HL7's runner (FHIR core 6.10.4, in its own JVM), stops the server.
#
#   conformance/run-tx-tests.sh [--suite NAME] [--filter TEXT] [--min-passes N] [--modes general,flat] [--show-failures]
#
# Environment: TX_TESTS (default ../shared/tx-tests from the repository root), TX_PORT (18071),
# TX_OUTPUT (target/tx-tests), TX_START_TIMEOUT (900 s), MAVEN_ARGS (e.g. -o to build offline),
# SKIP_BUILD=1 to reuse the builds of an earlier run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

tests=${TX_TESTS:-$root/../shared/tx-tests}
port=${TX_PORT:-18071}
output=${TX_OUTPUT:-$root/target/tx-tests}
runner_args=()
java_opts=()
while [ $# -gt 0 ]; do
	case "$1" in
		--show-failures) java_opts+=(-Dtx.showFailures=true); shift ;;
		--suite|--filter|--min-passes|--modes) runner_args+=("$1" "$2"); shift 2 ;;
		*) echo "Unknown option $1" >&2; exit 2 ;;
	esac
done

if [ ! -f "$tests/test-cases.json" ]; then
	echo "No test-cases.json in $tests; set TX_TESTS to the suite's tests folder" >&2
	exit 2
fi

if [ "${SKIP_BUILD:-}" != 1 ]; then
	mvn -B -ntp -q ${MAVEN_ARGS:-} package -DskipTests
	mvn -B -ntp -q ${MAVEN_ARGS:-} -f conformance/pom.xml package
fi

log=$root/target/tx-tests-server.log
java -jar target/billing-terminology-server.jar --server.address=127.0.0.1 --server.port="$port" \
	--spring.datasource.url="jdbc:h2:mem:tx-tests;DB_CLOSE_DELAY=-1" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT

ready() { curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; }
# start-up takes 20 s on a quiet machine and minutes on a busy one
for _ in $(seq 1 "${TX_START_TIMEOUT:-900}"); do
	if ready; then
		break
	fi
	if ! kill -0 "$server" 2>/dev/null; then
		echo "The server stopped during start-up; see $log" >&2
		exit 1
	fi
	sleep 1
done
if ! ready; then
	echo "The server was not ready within ${TX_START_TIMEOUT:-900} s; see $log" >&2
	exit 1
fi

rm -rf "$output"
java ${java_opts[@]+"${java_opts[@]}"} -cp "conformance/target/classes:conformance/target/lib/*" \
	org.billingterminology.conformance.TxSuiteRunner \
	--server "http://127.0.0.1:$port/fhir" --tests "$tests" --output "$output" \
	${runner_args[@]+"${runner_args[@]}"} >"$output.log" 2>&1 || status=$?
sed -n '/^HL7 terminology ecosystem suite/,$p' "$output.log"
# the most terminology work one request of the suite needed, against terminology.max-work-steps
steps=$(curl -fs "http://127.0.0.1:$port/actuator/metrics/terminology.work.steps" || true)
echo "Work budget steps per request: $(echo "$steps" | grep -o '"statistic":"[A-Z_]*","value":[0-9.E]*' | sed 's/"statistic":"//; s/","value":/=/' | tr '\n' ' ')"
echo "Runner log: $output.log; differences: $output/actual vs $output/expected"
exit "${status:-0}"
