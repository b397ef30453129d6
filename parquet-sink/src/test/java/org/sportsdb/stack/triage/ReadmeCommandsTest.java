package org.sportsdb.stack.triage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The commands in this module's README read only files that the build writes. */
class ReadmeCommandsTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern CAT = Pattern.compile("\\$\\(cat ([^)\\s]+)\\)");
    private static final Pattern OUTPUT_FILE = Pattern.compile("<outputFile>\\$\\{project\\.build\\.directory}/([^<]+)</outputFile>");

    @Test
    void everyFileACommandReadsIsWrittenByTheBuild() throws IOException {
        String readme = Files.readString(REPO.resolve("parquet-sink/README.md"));
        Set<String> written = filesTheBuildWrites();
        List<String> read = new ArrayList<>();
        Matcher cat = CAT.matcher(readme);
        while (cat.find()) {
            read.add(cat.group(1));
        }
        assertFalse(read.isEmpty(), "the README's commands read class path files");
        for (String file : read) {
            assertTrue(written.contains(file), "the README reads " + file + ", which no build writes; the build writes " + written);
        }
    }

    /** Paths relative to the repository of the files a module's pom writes with an {@code <outputFile>}. */
    private static Set<String> filesTheBuildWrites() throws IOException {
        Set<String> written = new TreeSet<>();
        try (Stream<Path> modules = Files.list(REPO)) {
            for (Path pom : modules.map(dir -> dir.resolve("pom.xml")).filter(Files::isRegularFile).toList()) {
                String text = Files.readString(pom);
                // the app's build directory is the repository's target/ (its sources are the repository's src/)
                String buildDir = text.contains("<directory>${stack.root}/target</directory>")
                        ? "target" : REPO.relativize(pom.getParent()).resolve("target").toString();
                Matcher output = OUTPUT_FILE.matcher(text);
                while (output.find()) {
                    written.add(buildDir + "/" + output.group(1));
                }
            }
        }
        return written;
    }
}
