package org.sportsdb.stack.triage;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Run ids: {@code 20261125T040000Z-1a2b3c}, UTC time plus random suffix, safe in file names. */
public final class RunIds {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.]+(-[A-Za-z0-9_.]+)*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    public static String next(Clock clock) {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return FORMAT.format(clock.instant()) + "-" + HexFormat.of().formatHex(suffix);
    }

    public static void requireValid(String runId) {
        if (runId == null || runId.length() > 64 || !VALID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must be 1-64 characters of [A-Za-z0-9_.-], got '" + runId + "'");
        }
    }
}
