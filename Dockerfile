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
 && java -Djarmode=tools -jar target/billing-terminology-server.jar extract --layers --launcher --destination extracted

# Runtime stage: a JRE, the application's layers, the content folder, nothing else.
FROM eclipse-temurin:17.0.13_11-jre-jammy
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
COPY fhir-resources /app/fhir-resources
# A numeric, non-root user: Kubernetes' runAsNonRoot can only verify a numeric UID.
RUN mkdir -p /app/data && chown 10001:10001 /app/data
USER 10001:10001
VOLUME /app/data
ENV TERMINOLOGY_CONTENT_DIR=/app/fhir-resources
# small-deployment JVM settings (see README, Performance); override with JAVA_TOOL_OPTIONS
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx448m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# Ready = content loaded (the readiness probe). Plain bash and /dev/tcp: no second JVM every 10 s
# (JAVA_TOOL_OPTIONS would give it the server's heap settings too), and the image has no curl.
# A cold start on a busy machine measured over 100 s, hence 180 s.
HEALTHCHECK --interval=10s --timeout=5s --start-period=180s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == *' 200 '* ]]"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
