package org.sportsdb.stack.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.apache.camel.Exchange;

/**
 * {@code ./stack record}: when a record folder is set, every successful API answer is also written
 * to {@code <folder>/api/v2/json/<request path>.json}, the layout the replay server serves. Off
 * (a no-op) when no folder is set.
 */
public final class ApiAnswerRecorder {

    private final Path folder;

    /** @param folder the corpus folder, or null/blank to record nothing */
    public ApiAnswerRecorder(String folder) {
        this.folder = folder == null || folder.isBlank() ? null : Path.of(folder.trim()).toAbsolutePath();
    }

    public boolean isRecording() {
        return folder != null;
    }

    public void record(Exchange exchange) throws IOException {
        if (folder == null) {
            return;
        }
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status < 200 || status > 299) {
            return;
        }
        String body = exchange.getIn().getBody(String.class);
        exchange.getIn().setBody(body);
        String path = exchange.getProperty(ExchangeKeys.REQUEST_PATH, String.class);
        Path file = folder.resolve("api/v2/json" + path + ".json").normalize();
        if (!file.startsWith(folder)) {
            throw new IllegalArgumentException("request path escapes the record folder: " + path);
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, body == null ? "" : body, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
