package org.sportsdb.stack.triage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** fsync and atomic rename: a file is either absent or complete under its final name. */
public final class DurableFiles {

    private DurableFiles() {
    }

    public static void fsync(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("fsync failed for " + file, e);
        }
    }

    /** Makes a rename or file creation inside {@code dir} durable (Linux: fsync on the directory). */
    public static void fsyncDirectory(Path dir) {
        fsync(dir);
    }

    /** Creates {@code dir} (and parents) and makes each new directory entry durable. */
    public static void createDirectories(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException raced) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir, e);
        }
        fsyncDirectory(dir.getParent());
    }

    /** Renames a complete, fsynced file to its final name; never replaces an existing file. */
    public static void publish(Path temp, Path target) {
        if (Files.exists(target)) {
            throw new IllegalStateException("refusing to overwrite existing file " + target);
        }
        createDirectories(target.getParent());
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("atomic rename " + temp + " -> " + target + " failed", e);
        }
        fsyncDirectory(target.getParent());
    }

    /** Writes {@code content} to {@code target} through a temporary sibling, fsync and rename. */
    public static void writeAtomically(Path target, byte[] content) {
        createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.write(temp, content);
            fsync(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        fsyncDirectory(target.getParent());
    }

    public static void deleteIfExists(Path file) {
        try {
            if (Files.deleteIfExists(file)) {
                fsyncDirectory(file.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
