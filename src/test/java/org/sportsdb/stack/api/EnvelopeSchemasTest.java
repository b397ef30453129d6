package org.sportsdb.stack.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ValidationException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The envelope schemas the shared API route validates each answer with ({@code json-validator:} on
 * {@code schemas/sportsdb/<envelope>.json}): every answer of the replay corpus is its endpoint's envelope, and
 * what the API sends when something is wrong is not.
 */
class EnvelopeSchemasTest extends CamelTestSupport {

    private static final Path ANSWERS = Path.of("src/test/resources/replay/api/v2/json");

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:validate").toD("json-validator:schemas/sportsdb/${header.envelope}.json");
            }
        };
    }

    private Exchange validate(String envelope, String answer) {
        return template().send("direct:validate", e -> {
            e.getIn().setHeader("envelope", envelope);
            e.getIn().setBody(answer);
        });
    }

    @Test
    void everyAnswerOfTheReplayCorpusIsItsEndpointsEnvelope() throws Exception {
        Map<String, Integer> perEnvelope = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ANSWERS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                String envelope = ANSWERS.relativize(file).getName(0).toString();
                Exchange done = validate(envelope, Files.readString(file));
                assertNull(done.getException(), file + " is a " + envelope + " answer");
                perEnvelope.merge(envelope, 1, Integer::sum);
            }
        }
        assertEquals(List.of("filter", "list", "livescore", "lookup", "schedule"), List.copyOf(perEnvelope.keySet()),
                "one schema per envelope the feeds call: " + perEnvelope);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            livescore | {"Message":"No data found"}
            lookup    | {"Message":" no data found "}
            schedule  | {"schedule":[]}
            list      | {"list":[{"idTeam":"133604"}, 7]}
            """)
    void noDataFoundAnEmptyListAndAListWithAStrayEntryAreAnswers(String envelope, String answer) {
        assertNull(validate(envelope, answer).getException());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            livescore | <html><body>502 Bad Gateway</body></html>
            livescore | {"livescore":null}
            livescore | {"events":"Invalid League ID passed"}
            lookup    | {"lookup":"Invalid ID"}
            lookup    | {"Message":"Invalid Premium API key: Signup here: https://www.thesportsdb.com/pricing"}
            schedule  | {"schedule":[{"idEvent":"2494000","strEv
            filter    | {"message":"Rate Limit exceeded.","error":429}
            list      | [{"idTeam":"133604"}]
            """)
    void whatIsNotTheEnvelopeIsRefused(String envelope, String answer) {
        Exception refused = validate(envelope, answer).getException();
        assertInstanceOf(ValidationException.class, refused, answer);
        assertTrue(ApiEnvelopeReader.why(refused, answer).length() > 0);
    }

    @Test
    void anEmptyBodyIsRefused() {
        assertEquals("empty body", ApiEnvelopeReader.why(validate("livescore", "").getException(), ""));
    }
}
