package org.sportsdb.stack.warehouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 hex of a migration file's bytes with CRLF normalised to LF (same as the chdb check). */
public final class MigrationChecksum {

    private MigrationChecksum() {
    }

    public static String of(byte[] fileBytes) {
        String text = new String(fileBytes, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
