package org.sportsdb.stack.warehouse;

import java.util.List;

/** One migration file: {@code V<version>__<name>.sql}, its checksum and its statements. */
public record Migration(int version, String name, String fileName, String checksum, List<String> statements) {

    @Override
    public String toString() {
        return fileName;
    }
}
