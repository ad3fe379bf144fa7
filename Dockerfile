# Build stage: the same Maven build as the README (mvn -B -ntp package), tests left to CI.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -ntp dependency:go-offline
COPY src src
RUN mvn -B -ntp package -DskipTests \
 && java -Djarmode=tools -jar target/billing-terminology-server.jar extract --layers --launcher --destination extracted \
 && mkdir probe && javac -d probe src/main/docker/HealthCheck.java

# Runtime stage: a JRE, the application's layers, the content folder, nothing else.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
COPY --from=build /build/probe /app/probe
COPY fhir-resources /app/fhir-resources
# A numeric, non-root user: Kubernetes' runAsNonRoot can only verify a numeric UID.
RUN mkdir -p /app/data && chown 10001:10001 /app/data
USER 10001:10001
VOLUME /app/data
ENV TERMINOLOGY_CONTENT_DIR=/app/fhir-resources
# small-deployment JVM settings (see README, Performance); override with JAVA_TOOL_OPTIONS
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx448m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["java", "-cp", "/app/probe", "HealthCheck"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
