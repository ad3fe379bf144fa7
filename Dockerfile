# Base images pinned by exact tag (published tags on Docker Hub; a digest cannot be looked up from
# the machine this was written on, so pin by digest when you mirror them).
# Build stage: the README's Docker build command (tests are left to CI).
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -ntp dependency:go-offline
COPY src src
# the package phase also builds the FHIR package (target/*.tgz) from the content folder
COPY fhir-resources fhir-resources
RUN mvn -B -ntp package -DskipTests \
 && java -Djarmode=tools -jar target/billing-terminology-server.jar extract --layers --destination extracted

# Runtime stage: a JRE, the application's layers, the content folder, nothing else. The jar is
# extracted (the application jar and lib/) rather than run as one nested jar, and a class data
# sharing archive of the start-up's classes is written here, by this image's JVM: ready in 14-19 s
# instead of 24-25 s on 2 cores (bench/bench.sh measures both).
FROM eclipse-temurin:17.0.13_11-jre-jammy
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
COPY fhir-resources /app/fhir-resources
ENV TERMINOLOGY_CONTENT_DIR=/app/fhir-resources
# small-deployment JVM settings (see README, Performance); override with JAVA_TOOL_OPTIONS
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx448m -Xmn64m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError"
COPY src/main/docker/class-data-archive.sh /tmp/
RUN bash /tmp/class-data-archive.sh /app && rm /tmp/class-data-archive.sh
# A numeric, non-root user: Kubernetes' runAsNonRoot can only verify a numeric UID.
RUN mkdir -p /app/data && chown 10001:10001 /app/data
USER 10001:10001
VOLUME /app/data
EXPOSE 8080
# Ready = content loaded (the readiness probe). Plain bash and /dev/tcp: no second JVM every 10 s
# (JAVA_TOOL_OPTIONS would give it the server's heap settings too), and the image has no curl.
# A cold start on a busy machine measured over 100 s, hence 180 s.
HEALTHCHECK --interval=10s --timeout=5s --start-period=180s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == *' 200 '* ]]"]
# An archive that does not fit (another JVM, changed jars) is reported and start-up goes on without it.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/application.jsa", "-jar", "/app/billing-terminology-server.jar"]
