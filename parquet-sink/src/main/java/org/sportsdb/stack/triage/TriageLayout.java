package org.sportsdb.stack.triage;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Where things live under the Parquet root. Visible data:
 * {@code <root>/date=YYYY-MM-DD/topic=<topic>/part-<run>-<n>.parquet}. Bookkeeping the readers never
 * see (it does not match {@code date=*}): {@code <root>/_triage/{tmp,journal,run.lock}}.
 */
public final class TriageLayout {

    private final Path root;

    public TriageLayout(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path dataFile(LocalDate date, String topic, String runId, int sequence) {
        return root.resolve("date=" + date).resolve("topic=" + topic)
                .resolve(String.format("part-%s-%05d.parquet", runId, sequence));
    }

    public Path tempFile(Path dataFile) {
        return tempDir().resolve(dataFile.getParent().getParent().getFileName() + "__"
                + dataFile.getParent().getFileName() + "__" + dataFile.getFileName() + ".inprogress");
    }

    public Path tempDir() {
        return root.resolve("_triage").resolve("tmp");
    }

    public Path journalDir() {
        return root.resolve("_triage").resolve("journal");
    }

    public Path lockFile() {
        return root.resolve("_triage").resolve("run.lock");
    }

    public Path dayGlob(LocalDate date) {
        return root.resolve("date=" + date).resolve("*").resolve("*.parquet");
    }
}
