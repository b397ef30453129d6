package org.sportsdb.stack.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The compose stack's ACL step for real: {@code infra/kafka/provision-kafka.sh} (service kafka-acls)
 * against a broker, with {@code kafka-acls.sh} being Kafka's own {@code kafka.admin.AclCommand} from
 * this test's class path (the apache/kafka image's script runs the same class).
 */
final class ReadOnlyAcls {

    private ReadOnlyAcls() {
    }

    /** Grants the users read-only access as the deployment does, through the broker's PLAINTEXT listener. */
    static void grant(String plaintextBootstrap, String users, Path workDir) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(workDir.resolve("kafka-bin"));
        Path acls = bin.resolve("kafka-acls.sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Files.writeString(acls, "#!/usr/bin/env bash\nexec '" + java + "' -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '" + classPath + "' kafka.admin.AclCommand \"$@\"\n");
        if (!acls.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + acls + " executable");
        }
        InfraScript.run("kafka/provision-kafka.sh",
                Map.of("KAFKA_BOOTSTRAP", plaintextBootstrap, "KAFKA_BIN", bin.toString(), "KAFKA_READONLY_USERS", users),
                workDir.resolve("kafka-acls.log"));
    }
}
