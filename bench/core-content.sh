#!/usr/bin/env bash
# Start-up to readiness, heap used after a full GC and resident memory of the packaged jar with
# and without FHIR's core content (terminology.fhir-core-content), two rounds alternating, with
# the recommended JVM options. Loopback port 18095; a fresh H2 file database per start.
#
#   bench/core-content.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/target/billing-terminology-server.jar
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -ntp -q package -DskipTests)
for round in 1 2; do for core in false true; do
  d=$(mktemp -d)
  start=$(date +%s.%N)
  (cd "$d" && exec java -XX:+UseSerialGC -Xmx448m -Xmn64m -Xss512k -XX:ReservedCodeCacheSize=64m -jar "$JAR" \
    --server.port=18095 --server.address=127.0.0.1 --spring.datasource.url="jdbc:h2:file:$d/db" \
    --terminology.content-dir="$ROOT/fhir-resources" --terminology.fhir-core-content=$core > "$d/server.log" 2>&1) &
  until curl -sf localhost:18095/actuator/health/readiness >/dev/null; do sleep 0.2; done
  ready=$(echo "$(date +%s.%N) - $start" | bc)
  pid=$(pgrep -f "server.port=18095" | head -1)
  # one expansion of a core value set first, so that what it builds on first use is counted
  curl -s -o /dev/null "localhost:18095/fhir/ValueSet/\$expand?url=http://hl7.org/fhir/ValueSet/administrative-gender"
  jcmd "$pid" GC.run >/dev/null; sleep 1
  heap=$(jcmd "$pid" GC.heap_info | awk '/def new generation|tenured generation/ {gsub("K","",$0); for(i=1;i<=NF;i++) if ($i=="used") {print $(i+1)}}' | paste -sd+ | bc)
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  echo "round $round core content $core: ready ${ready}s, heap used after GC $((heap/1024)) MiB, resident $((rss/1024)) MiB"
  kill "$pid"; wait 2>/dev/null || true; rm -rf "$d"
done; done
