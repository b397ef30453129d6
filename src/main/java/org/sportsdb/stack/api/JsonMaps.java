package org.sportsdb.stack.api;

import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

/** Jackson type of one JSON object as an insertion-ordered map. */
public final class JsonMaps {
    public static final TypeReference<Map<String, Object>> TYPE = new TypeReference<>() { };

    private JsonMaps() {
    }
}
