package org.sportsdb.stack.hawtio;

import java.net.URI;

/**
 * A page on Hawtio's own origin that adds one Jolokia connection to Hawtio's saved connections
 * (localStorage "connect.connections", the format Hawtio 4's connect plugin reads) and opens the
 * Camel routes view on it. Hawtio 4.2 has no server-side preset connections, so this is how
 * `./stack hawtio` hands it the application's Jolokia URL.
 */
final class ConnectPage {

    static final String CONNECTION_ID = "sportsdb-stack";

    private final URI jolokia;

    ConnectPage(URI jolokia) {
        if (jolokia.getHost() == null || !("http".equals(jolokia.getScheme()) || "https".equals(jolokia.getScheme()))) {
            throw new IllegalArgumentException("not an http(s) Jolokia URL: " + jolokia);
        }
        this.jolokia = jolokia;
    }

    String html() {
        int port = jolokia.getPort() > 0 ? jolokia.getPort() : ("https".equals(jolokia.getScheme()) ? 443 : 80);
        String connection = "{\"id\":" + json(CONNECTION_ID) + ",\"name\":" + json(CONNECTION_ID)
                + ",\"scheme\":" + json(jolokia.getScheme()) + ",\"host\":" + json(jolokia.getHost())
                + ",\"port\":" + port + ",\"path\":" + json(jolokia.getRawPath()) + "}";
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Connecting Hawtio to " + CONNECTION_ID + "</title></head>\n"
                + "<body><p>Connecting Hawtio to " + jolokia + " ...</p>\n<script>\n"
                + "const connections = JSON.parse(localStorage.getItem('connect.connections') || '{}');\n"
                + "connections[" + json(CONNECTION_ID) + "] = " + connection + ";\n"
                + "localStorage.setItem('connect.connections', JSON.stringify(connections));\n"
                + "location.replace('/hawtio/camel/routes?con=' + encodeURIComponent(" + json(CONNECTION_ID) + "));\n"
                + "</script></body></html>\n";
    }

    private static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
