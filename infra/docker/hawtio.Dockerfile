# syntax=docker/dockerfile:1.7
# Standalone Hawtio 4 console (hawtio-default war in embedded Jetty 12 EE10). Build context: infra/docker.
# infra/compose-check/hawtio-smoke.sh builds the same Maven project outside Docker and starts it.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG JRE_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
ARG HAWTIO_VERSION=4.2.0
ARG JETTY_VERSION=12.0.36
WORKDIR /src
COPY hawtio/pom.xml pom.xml
COPY hawtio/src src
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -Dhawtio.version="$HAWTIO_VERSION" -Djetty.version="$JETTY_VERSION" package

FROM ${JRE_IMAGE}
RUN set -eux; apt-get update; apt-get install -y --no-install-recommends curl; rm -rf /var/lib/apt/lists/*; \
    useradd --system --uid 10002 --home-dir /opt/hawtio --shell /usr/sbin/nologin hawtio
COPY --from=build /src/target/lib/ /opt/hawtio/lib/
COPY --from=build /src/target/hawtio-launcher.jar /opt/hawtio/lib/
USER hawtio
WORKDIR /opt/hawtio
EXPOSE 8080
CMD ["java", "-cp", "/opt/hawtio/lib/*", "org.sportsdb.stack.hawtio.HawtioLauncher", "/opt/hawtio/lib/hawtio-default.war", "8080"]
