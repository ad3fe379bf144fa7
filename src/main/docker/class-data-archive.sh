#!/usr/bin/env bash
# class-data-archive.sh DIR [SERVER ARGS...]: DIR holds the extracted jar (DIR/billing-terminology-server.jar and
# DIR/lib/, from `java -Djarmode=tools -jar billing-terminology-server.jar extract`). Writes
# DIR/application.jsa, a class data sharing archive of every class a start-up loads, from a training
# run that stops once the application context is refreshed (Spring Boot's documented way), on an
# in-memory database so that nothing is left behind. The server then starts with
#   java -XX:SharedArchiveFile=DIR/application.jsa -jar DIR/billing-terminology-server.jar
# The archive holds for the JVM that wrote it and for these exact jars; with any other, Java says
# so and starts without it. JAVA_TOOL_OPTIONS (the Docker image's) apply to the training run too;
# SERVER ARGS go to it (the content folder must exist: terminology.content-dir or its variable).
set -euo pipefail
dir=$(cd "$1" && pwd)
shift
training=$(mktemp -d)
trap 'rm -rf "$training"' EXIT
cd "$training"
java -XX:ArchiveClassesAtExit="$dir/application.jsa" -Dspring.context.exit=onRefresh \
  -jar "$dir/billing-terminology-server.jar" --server.port=0 \
  --spring.datasource.url=jdbc:h2:mem:class-data-training "$@" > training.log 2>&1 \
  || { cat training.log; exit 1; }
[ -s "$dir/application.jsa" ] || { cat training.log; echo "no archive written" >&2; exit 1; }
