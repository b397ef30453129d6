package org.sportsdb.stack.ops.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.sportsdb.stack.StackProperties;

/** The one account allowed to use Jolokia: {@code jolokia.user} / {@code jolokia.password} (JOLOKIA_USER, JOLOKIA_PASSWORD). */
public record JolokiaCredentials(String user, String password) {

    public static JolokiaCredentials from(StackProperties settings) {
        String user = settings.get("jolokia.user");
        String password = settings.get("jolokia.password");
        JolokiaCredentials credentials = new JolokiaCredentials(user == null ? "" : user.trim(), password == null ? "" : password);
        if (credentials.user.isEmpty() != credentials.password.isEmpty()) {
            throw new IllegalArgumentException("JOLOKIA_USER and JOLOKIA_PASSWORD go together: set both or neither");
        }
        return credentials;
    }

    public boolean isSet() {
        return !user.isEmpty();
    }

    /** Compares in constant time, so the answer's timing says nothing about the password. */
    public boolean matches(String givenUser, String givenPassword) {
        boolean userOk = MessageDigest.isEqual(bytes(user), bytes(givenUser));
        boolean passwordOk = MessageDigest.isEqual(bytes(password), bytes(givenPassword));
        return isSet() && userOk && passwordOk;
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "JolokiaCredentials[user=" + user + ", password=***]";
    }
}
