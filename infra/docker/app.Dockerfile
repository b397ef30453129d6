# syntax=docker/dockerfile:1.7
# Camel application image, built from the repository root:
#   docker compose build app     (context .. = repo root, dockerfile infra/docker/app.Dockerfile)
# Stage 1 builds with the project's Maven wrapper (parquet-sink first: the app depends on it); stage 2 is a JRE
# with the runtime class path in /app/lib, the routes in /app/routes, run as an unprivileged user.
ARG JDK_IMAGE=eclipse-temurin:17-jdk
ARG JRE_IMAGE=eclipse-temurin:17-jre

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY mvnw ./
COPY .mvn .mvn
COPY pom.xml ./
COPY parquet-sink parquet-sink
COPY src src
RUN --mount=type=cache,target=/root/.m2 \
    set -eux; \
    if [ -f parquet-sink/pom.xml ]; then (cd parquet-sink && ../mvnw -B -q -DskipTests install); fi; \
    ./mvnw -B -q -DskipTests package dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory=target/lib; \
    cp target/sportsdb-stack-*.jar target/lib/

FROM ${JRE_IMAGE}
RUN set -eux; apt-get update; apt-get install -y --no-install-recommends curl; rm -rf /var/lib/apt/lists/*; \
    useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin sportsdb; \
    mkdir -p /app /var/lib/sportsdb/rejected; chown sportsdb /var/lib/sportsdb/rejected
WORKDIR /app
COPY --from=build /src/target/lib/ /app/lib/
COPY routes /app/routes
USER sportsdb
EXPOSE 9876
ENTRYPOINT ["java", "-cp", "lib/*", "org.sportsdb.stack.App"]
