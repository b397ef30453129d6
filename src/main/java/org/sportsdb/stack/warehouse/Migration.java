package org.sportsdb.stack.warehouse;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One migration file: {@code V<version>__<name>.sql}, its checksum, its statements, and the checksums it declares it was
 * applied with before only its comments changed ({@link #EARLIER_CHECKSUM}).
 */
public record Migration(int version, String name, String fileName, String checksum, List<String> statements,
                        List<String> earlierChecksums) {

    /**
     * A comment line declaring an earlier checksum of this file: {@code -- applied earlier with checksum <64 hex>}.
     * Rewording a comment of an applied migration changes its checksum; with this line, a ledger holding the checksum the
     * file had before is accepted (the person editing states that only comments changed). Any other edit of an applied
     * file is refused.
     */
    static final Pattern EARLIER_CHECKSUM = Pattern.compile("(?m)^--\\s*applied earlier with checksum ([0-9a-f]{64})\\b");

    /** The earlier checksums a migration's text declares ({@link #EARLIER_CHECKSUM}). */
    static List<String> earlierChecksumsIn(String text) {
        Matcher m = EARLIER_CHECKSUM.matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return List.copyOf(found);
    }

    /** True when a ledger row with {@code appliedChecksum} was applied from this file (as it is, or before a comment edit). */
    public boolean appliedAs(String appliedChecksum) {
        return checksum.equals(appliedChecksum) || earlierChecksums.contains(appliedChecksum);
    }

    @Override
    public String toString() {
        return fileName;
    }
}
