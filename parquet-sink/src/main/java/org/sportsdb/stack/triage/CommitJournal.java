package org.sportsdb.stack.triage;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The journal directory: one durable JSON file per segment between "files complete" and "offsets committed". */
public final class CommitJournal {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public CommitJournal(Path dir) {
        this.dir = dir;
    }

    public void write(JournalEntry entry) {
        try {
            DurableFiles.writeAtomically(dir.resolve(entry.fileName()), JSON.writeValueAsBytes(entry));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise journal entry " + entry.fileName(), e);
        }
    }

    public void remove(JournalEntry entry) {
        DurableFiles.deleteIfExists(dir.resolve(entry.fileName()));
    }

    /** Entries left by runs that stopped before finishing, oldest first. */
    public List<JournalEntry> pending() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<JournalEntry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                entries.add(JSON.readValue(file.toFile(), JournalEntry.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read triage journal in " + dir, e);
        }
        return entries;
    }
}
