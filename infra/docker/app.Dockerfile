# syntax=docker/dockerfile:1.7
# Camel application image, built from the repository root:
#   docker compose build app     (context .. = repo root, dockerfile infra/docker/app.Dockerfile)
# Stage 1 builds the app module and the modules it depends on in the project's one Maven reactor and copies the
# runtime class path the build wrote (target/classpath-app.txt, as ./stack runs it); stage 2 is a JRE with that
# class path in /app/lib, the routes in /app/routes, run as an unprivileged user.
ARG JDK_IMAGE=eclipse-temurin:17-jdk
ARG JRE_IMAGE=eclipse-temurin:17-jre

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY mvnw ./
COPY .mvn .mvn
COPY pom.xml ./
COPY common common
COPY test-support test-support
# dev-services: the replay server and broker the app's tests use (test scope: the reactor builds it with -am)
COPY dev-services dev-services
COPY parquet-sink parquet-sink
COPY app app
COPY src src
# the reactor lists every module: those this image does not build need only their pom
COPY spark-validator/pom.xml spark-validator/pom.xml
COPY infra/docker/hawtio/pom.xml infra/docker/hawtio/pom.xml
RUN --mount=type=cache,target=/root/.m2 \
    set -eux; \
    ./mvnw -B -q -DskipTests -pl app -am package; \
    mkdir -p target/lib; \
    tr ':' '\n' < target/classpath-app.txt | xargs -r cp -t target/lib/; \
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
