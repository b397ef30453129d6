package org.sportsdb.stack.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class KafkaSaslTest {

    @Test
    void plainAndScramClientsGetTheirLoginModule() {
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"app\" password=\"pw\";",
                KafkaSasl.clientJaasConfig("PLAIN", "app", "pw"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\" password=\"pw\";",
                KafkaSasl.clientJaasConfig("scram-sha-512", "app", "pw"));
    }

    @Test
    void aQuoteOrBackslashCannotEndTheValueEarly() {
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"a\\\\b\" password=\"p\\\"w\";",
                KafkaSasl.clientJaasConfig("PLAIN", "a\\b", "p\"w"));
    }

    @Test
    void theBrokerListsEveryUser() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("admin", "a");
        users.put("app", "b");
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required user_admin=\"a\" user_app=\"b\";",
                KafkaSasl.plainServerJaasConfig(users));
    }
}
