package org.sportsdb.stack.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The migrations of a directory, in ascending version. Names must match {@code V<NNN>__<name>.sql};
 * any other {@code .sql} file, or two files with one version, is an error (nothing is applied).
 */
public final class MigrationFiles {

    static final Pattern NAME = Pattern.compile("^V(\\d{3,})__(\\w+)\\.sql$");

    private final Path directory;

    public MigrationFiles(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    public List<Migration> list() {
        if (!Files.isDirectory(directory)) {
            throw new WarehouseMigrationException("migrations directory " + directory.toAbsolutePath() + " does not exist");
        }
        List<Migration> found = new ArrayList<>();
        Map<Integer, String> byVersion = new HashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path path : (Iterable<Path>) files.sorted()::iterator) {
                String fileName = path.getFileName().toString();
                Matcher m = NAME.matcher(fileName);
                if (!m.matches()) {
                    if (fileName.endsWith(".sql")) {
                        throw new WarehouseMigrationException("migration file name not of the form V<NNN>__<name>.sql: " + fileName);
                    }
                    continue;
                }
                int version = Integer.parseInt(m.group(1));
                String other = byVersion.put(version, fileName);
                if (other != null) {
                    throw new WarehouseMigrationException("two migration files share version " + version + ": " + other + ", " + fileName);
                }
                byte[] bytes = Files.readAllBytes(path);
                String text = new String(bytes, StandardCharsets.UTF_8);
                found.add(new Migration(version, m.group(2), fileName, MigrationChecksum.of(bytes),
                        StatementSplitter.split(text), Migration.earlierChecksumsIn(text)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migrations in " + directory, e);
        }
        found.sort(Comparator.comparingInt(Migration::version));
        return found;
    }
}
