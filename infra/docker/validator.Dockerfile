# syntax=docker/dockerfile:1.7
# Spark validator image, built from the repository root (dockerfile infra/docker/validator.Dockerfile).
# The same image runs the Spark master, the worker and the driver (validator service), so the Spark version of
# the cluster is the one the job was built against. Stage 1 builds spark-validator's jar (and the module it uses,
# common) in the project's Maven reactor: its shaded jar holds the job and what the cluster lacks (spark-sql-kafka and
# its Kafka clients), not Spark itself (the cluster has it).
ARG JDK_IMAGE=eclipse-temurin:17-jdk
ARG SPARK_IMAGE=apache/spark:4.2.0-scala2.13-java17-ubuntu

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY mvnw ./
COPY .mvn .mvn
COPY pom.xml ./
COPY common common
COPY test-support test-support
COPY spark-validator spark-validator
# the reactor lists every module: those this image does not build need only their pom
COPY parquet-sink/pom.xml parquet-sink/pom.xml
COPY dev-services/pom.xml dev-services/pom.xml
COPY app/pom.xml app/pom.xml
COPY infra/docker/hawtio/pom.xml infra/docker/hawtio/pom.xml
RUN --mount=type=cache,target=/root/.m2 \
    set -eux; \
    ./mvnw -B -q -DskipTests -pl spark-validator -am package; \
    jars=$(find spark-validator/target -maxdepth 1 -name 'spark-validator-*-shaded.jar'); \
    test "$(echo "$jars" | wc -w)" -eq 1 || { echo "expected one spark-validator jar, found: $jars" >&2; exit 1; }; \
    cp $jars /src/spark-validator.jar

FROM ${SPARK_IMAGE}
USER root
RUN set -eux; mkdir -p /opt/validator /var/lib/sportsdb/validator; chown spark /var/lib/sportsdb/validator; \
    command -v curl || { apt-get update; apt-get install -y --no-install-recommends curl; rm -rf /var/lib/apt/lists/*; }
COPY --from=build /src/spark-validator.jar /opt/validator/spark-validator.jar
COPY infra/docker/validator-submit.sh /opt/validator/submit.sh
RUN chmod 755 /opt/validator/submit.sh
USER spark
ENV PATH=/opt/spark/bin:$PATH
