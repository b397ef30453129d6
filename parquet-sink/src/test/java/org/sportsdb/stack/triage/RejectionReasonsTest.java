package org.sportsdb.stack.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RejectionReasonsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"_rejection\":{\"reasons\":[\"required:idEvent\",\"sport:not_soccer\"],\"sport\":\"Ice Hockey\"}}|required:idEvent,sport:not_soccer",
        "{\"_rejection\":[\"type:intHome\"]}|type:intHome",
        "{\"_rejection\":\"range:ingested_at\"}|range:ingested_at",
        "{\"_rejection\":{\"reasons\":[{\"rule\":\"pk\"},{\"code\":\"c\"}]}}|pk,c",
        "{\"_rejection\":{\"message\":\"bad\"}}|bad",
        "{\"idEvent\":\"1\"}|triage:rejection_reason_missing",
        "{\"_rejection\":{\"reasons\":[]}}|triage:rejection_reason_missing",
    })
    void readsTheValidatorsReasonsInEveryShape(String payload, String expected) throws Exception {
        assertEquals(List.of(expected.split(",")), RejectionReasons.of(JSON.readTree(payload)));
    }
}
