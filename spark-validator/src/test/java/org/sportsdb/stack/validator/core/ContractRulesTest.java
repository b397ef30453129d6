package org.sportsdb.stack.validator.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sportsdb.stack.validator.TestRecords;
import org.sportsdb.stack.validator.contract.ContractCatalog;
import org.sportsdb.stack.validator.contract.FieldSpec;
import org.sportsdb.stack.validator.contract.FieldType;
import org.sportsdb.stack.validator.contract.TopicContract;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every contract against real records and against one violation of each of its rules. */
class ContractRulesTest {
    static final ContractCatalog CATALOG = ContractCatalog.fromClasspath();
    static final RecordValidator VALIDATOR = new RecordValidator(CATALOG,
            Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC));

    static Stream<String> topics() {
        return CATALOG.all().values().stream().map(TopicContract::name);
    }

    static RoutedRecord validate(String name, String json) {
        return VALIDATOR.validate(new SourcePosition("soccer." + name, 0, 7L, 1_759_694_400_000L), "k",
                json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    static RoutedRecord validate(String name, JsonNode record) {
        return validate(name, record.toString());
    }

    @Test
    void thirteenContractsOneForEachFeed() {
        assertEquals(List.of("live_score", "live.event.lookup", "broadcast", "schedule", "event", "event.stats",
                "event.timeline", "event.lineup", "event.highlights", "team", "player", "venue", "league"), topics().toList());
    }

    @ParameterizedTest
    @MethodSource("topics")
    void realRecordsPass(String name) {
        List<String> good = TestRecords.good(name);
        assertFalse(good.isEmpty());
        TopicContract c = CATALOG.forTopic("soccer." + name);
        for (String line : good) {
            RoutedRecord r = validate(name, line);
            assertEquals(List.of(), r.reasons(), name + ": " + line);
            assertEquals("validated.soccer." + name, r.outTopic());
            assertEquals(c.primaryKey().size(), r.key().split("\\|", -1).length);
            assertTrue(TestRecords.tree(r.value()).path(RecordValidator.PAYLOAD_HASH).asText().matches("[0-9a-f]{64}"));
        }
    }

    @ParameterizedTest
    @MethodSource("topics")
    void eachMissingOrEmptyRequiredFieldIsNamed(String name) {
        TopicContract c = CATALOG.forTopic("soccer." + name);
        String good = TestRecords.good(name).get(TestRecords.good(name).size() - 1);
        for (String path : c.required()) {
            ObjectNode missing = TestRecords.object(good);
            ObjectNode empty = TestRecords.object(good);
            remove(missing, path, false);
            remove(empty, path, true);
            RoutedRecord r = validate(name, missing);
            assertEquals("rejected.soccer." + name, r.outTopic());
            assertTrue(r.reasons().contains("required:" + path), path + " -> " + r.reasons());
            if (c.field(path).type() != FieldType.OBJECT) {
                assertTrue(validate(name, empty).reasons().contains("required:" + path), path + " empty string");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("topics")
    void eachTypedFieldWithAWrongValueIsNamed(String name) {
        TopicContract c = CATALOG.forTopic("soccer." + name);
        String good = TestRecords.good(name).get(TestRecords.good(name).size() - 1);
        int checked = 0;
        for (FieldSpec spec : c.fields().values()) {
            if (spec.type() == FieldType.STRING || RecordValidator.at(TestRecords.object(good), spec.path()) == null) {
                continue;
            }
            ObjectNode bad = TestRecords.object(good);
            set(bad, spec.path(), spec.type() == FieldType.OBJECT ? "not an object" : "12x");
            RoutedRecord r = validate(name, bad);
            assertTrue(r.reasons().contains("type:" + spec.path()), spec.path() + " -> " + r.reasons());
            checked++;
        }
        assertTrue(checked >= 2, "typed fields checked: " + checked);
    }

    @Test
    void rejectedRecordKeepsTheOriginalBytesAndAddsTheRejection() {
        String original = "{\"idLiveScore\" : \"1\",  \"strSport\":\"Soccer\\/x\", \"ingested_at\": 1759694400}";
        RoutedRecord r = validate("live_score", original);
        String out = r.valueText();
        assertTrue(out.startsWith(original.substring(0, original.length() - 1)), out);
        assertTrue(out.endsWith("}"));
        JsonNode rejection = TestRecords.tree(r.value()).get("_rejection");
        assertEquals("soccer.live_score", rejection.get("topic").asText());
        assertEquals(0, rejection.get("partition").asInt());
        assertEquals(7, rejection.get("offset").asLong());
        assertEquals(1_759_694_400_000L, rejection.get("kafka_timestamp").asLong());
        assertEquals(ValidatorVersion.VALUE, rejection.get("validator_version").asText());
        assertEquals("k", r.key());
        assertTrue(r.reasons().contains("sport:not_soccer") && r.reasons().contains("required:idEvent"), r.reasons().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1,2]", "\"text\"", "{\"a\":1} trailing", "{\"a\":", "", "   "})
    void notAJsonObjectIsMalformedAndTheRawTextKept(String raw) {
        RoutedRecord r = validate("live_score", raw);
        assertEquals(List.of("json:malformed"), r.reasons());
        JsonNode v = TestRecords.tree(r.value());
        assertEquals(raw, v.get("_raw").asText());
        assertEquals("json:malformed", v.at("/_rejection/reasons/0").asText());
    }

    @Test
    void aTombstoneIsMalformedWithANullRaw() {
        RoutedRecord r = validate("live_score", (String) null);
        assertEquals(List.of("json:malformed"), r.reasons());
        assertTrue(TestRecords.tree(r.value()).get("_raw").isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"live_score", "broadcast"})
    void nonSoccerRowsAreRejectedWithTheirSportNamed(String name) {
        List<String> rows = TestRecords.lines("other_sport/" + name + ".jsonl");
        assertFalse(rows.isEmpty());
        for (String row : rows) {
            RoutedRecord r = validate(name, row);
            assertTrue(r.reasons().contains("sport:not_soccer"), r.reasons().toString());
            assertEquals(TestRecords.object(row).get("strSport").asText(),
                    TestRecords.tree(r.value()).at("/_rejection/sport").asText());
        }
    }

    @Test
    void theNestedPlayerSportIsChecked() {
        RoutedRecord r = validate("player", TestRecords.lines("other_sport/player.jsonl").get(0));
        assertEquals(List.of("sport:not_soccer"), r.reasons());
        assertEquals("Soccer Manager", TestRecords.tree(r.value()).at("/_rejection/sport").asText());
        // a player whose lookup returned nothing ({}) is not sport-checked: list/players is per soccer team
        assertTrue(validate("player", TestRecords.good("player").get(0)).valid());
    }

    @Test
    void ingestedAtBefore2020OrInTheFutureIsARangeDefect() {
        ObjectNode old = TestRecords.object(TestRecords.good("event").get(0));
        old.put("ingested_at", 1_500_000_000L);
        assertEquals(List.of("range:ingested_at"), validate("event", old).reasons());
        old.put("ingested_at", 2_000_000_000L);
        assertEquals(List.of("range:ingested_at"), validate("event", old).reasons());
        old.put("ingested_at", "soon");
        assertEquals(List.of("type:ingested_at"), validate("event", old).reasons());
    }

    /** ingested_at of another JSON type: a type defect, never a validated record (nor a failed query). */
    @ParameterizedTest
    @ValueSource(strings = {"true", "false", "[1764115200]", "{\"s\":1764115200}"})
    void anIngestedAtThatIsNotANumberIsATypeDefect(String value) {
        String good = TestRecords.good("event").get(0);
        ObjectNode record = TestRecords.object(good);
        record.remove("ingested_at");
        String json = record.toString();
        json = json.substring(0, json.length() - 1) + ",\"ingested_at\":" + value + "}";
        assertEquals(List.of("type:ingested_at"), validate("event", json).reasons());
    }

    /** An integer a long cannot hold is not an id or an int: rejected, never validated under a truncated value. */
    @ParameterizedTest
    @ValueSource(strings = {"18446744073709551617", "1e20", "-9223372036854775809"})
    void anIntegerTooLargeForALongIsATypeDefectNotTruncated(String number) {
        ObjectNode record = TestRecords.object(TestRecords.good("event").get(0));
        String json = record.toString();
        String id = "\"idEvent\":" + record.get("idEvent").toString();
        assertTrue(json.contains(id), json);
        assertEquals(List.of("type:idEvent"), validate("event", json.replace(id, "\"idEvent\":" + number)).reasons());
        ObjectNode scored = TestRecords.object(TestRecords.good("event").get(0));
        scored.put("intHomeScore", 1);
        String withScore = scored.toString().replace("\"intHomeScore\":1", "\"intHomeScore\":" + number);
        assertEquals(List.of("type:intHomeScore"), validate("event", withScore).reasons());
    }

    /**
     * Bytes Jackson reads as UTF-32 or UCS-4 (a record framed by another serializer, e.g. a schema registry's magic byte
     * and schema id) are malformed JSON: rejected with the raw text kept, never an exception that stops the query.
     */
    @Test
    void bytesThatLookLikeUtf32AreMalformed() {
        for (byte[] value : new byte[][] {{0, 0, 0, 0, 1, 2, 3, 4, 5, 6}, {0, 0x7B, 0, 0, 0x7D}, {0, 0, 0, 0x7B, 0, 0}}) {
            RoutedRecord r = VALIDATOR.validate(new SourcePosition("soccer.event", 0, 7L, 1_759_694_400_000L), "k", value);
            assertEquals(List.of("json:malformed"), r.reasons(), java.util.Arrays.toString(value));
        }
    }

    /**
     * A validation that throws (here the clock the range rule reads) is a defect of the validator, not a verdict on
     * the record: the record is rejected as validator:error with its raw text, where it waits to be replayed, instead
     * of an exception that fails the batch on every restart and stops every topic with it.
     */
    @Test
    void aRecordWhoseValidationThrowsIsRejectedAsAValidatorErrorNotLost() {
        Clock broken = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                throw new IllegalStateException("clock broken for the test");
            }
        };
        String good = TestRecords.good("event").get(0);
        RoutedRecord r = new RecordValidator(CATALOG, broken).validate(
                new SourcePosition("soccer.event", 0, 7L, 1_759_694_400_000L), "k", good.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("validator:error"), r.reasons());
        assertEquals("rejected.soccer.event", r.outTopic());
        assertEquals("k", r.key());
        JsonNode v = TestRecords.tree(r.value());
        assertEquals(good, v.get("_raw").asText());
        assertEquals("validator:error", v.at("/_rejection/reasons/0").asText());
        assertEquals(7L, v.at("/_rejection/offset").asLong());
    }

    /**
     * The one sport rule: where a feed's rows always carry a sport (every real sample row of lookup/event, highlights,
     * live score, live event lookup, schedule, TV, league and venue has strSport), a missing sport is a defect; the
     * /list/teams rows carry none, so a team without sport is validated (and the warehouse keeps it, V008).
     */
    @Test
    void aMissingSportIsADefectWhereTheFeedAlwaysCarriesItAndNotForListedTeams() {
        for (String name : List.of("event", "event.highlights", "live_score", "live.event.lookup", "schedule", "broadcast",
                "league", "venue")) {
            for (String line : TestRecords.good(name)) {
                assertTrue(TestRecords.object(line).hasNonNull("strSport"), name + " sample rows carry a sport");
            }
            ObjectNode row = TestRecords.object(TestRecords.good(name).get(0));
            row.remove("strSport");
            assertEquals(List.of("required:strSport"), validate(name, row).reasons(), name);
            row.put("strSport", " ");
            assertEquals(List.of("required:strSport"), validate(name, row).reasons(), name + " blank sport");
        }
        long listedWithoutSport = TestRecords.good("team").stream().filter(l -> !TestRecords.object(l).has("strSport")).count();
        assertTrue(listedWithoutSport >= 20, "the /list/teams rows");
        for (String line : TestRecords.good("team")) {
            assertTrue(validate("team", line).valid());
        }
        ObjectNode otherSport = TestRecords.object(TestRecords.good("team").get(0));
        otherSport.put("strSport", "Ice Hockey");
        assertEquals(List.of("sport:not_soccer"), validate("team", otherSport).reasons(), "checked when present");
    }

    /**
     * The live feed's `updated` is UK local time (the zone the contract names), not UTC: in every real in-play row
     * (1H/2H) the minutes between the UTC kick-off (strTimestamp) and `updated` read in Europe/London match the match
     * clock (strProgress; a second half adds the first half's stoppage and the break), and read as UTC they do not.
     */
    @Test
    void theLiveUpdatedTimeIsUkLocalTimeAsTheContractSays() throws Exception {
        JsonNode contract;
        try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream("contracts/live_score.json")) {
            contract = TestRecords.JSON.readTree(in);
        }
        java.time.ZoneId zone = java.time.ZoneId.of(contract.at("/fields/updated/zone").asText());
        assertEquals(java.time.ZoneId.of("Europe/London"), zone);
        int inPlay = 0;
        for (String line : TestRecords.good("live_score")) {
            JsonNode r = TestRecords.object(line);
            String status = r.get("strStatus").asText();
            if (!status.equals("1H") && !status.equals("2H")) {
                continue;
            }
            inPlay++;
            int minute = Integer.parseInt(r.get("strProgress").asText().split("\\+")[0]);
            java.time.Instant kickOff = java.time.LocalDateTime.parse(r.get("strTimestamp").asText()).toInstant(java.time.ZoneOffset.UTC);
            java.time.LocalDateTime updated = java.time.LocalDateTime.parse(r.get("updated").asText().replace(' ', 'T'));
            assertTrue(matchesClock(status, minute, kickOff, updated.atZone(zone).toInstant()), line);
            assertFalse(matchesClock(status, minute, kickOff, updated.toInstant(java.time.ZoneOffset.UTC)), "UTC fits " + line);
        }
        assertTrue(inPlay >= 20, "in-play sample rows: " + inPlay);
    }

    /** Minutes since kick-off fit the match clock: 1H within 0..5 min past it, 2H within 15..35 min (stoppage + break). */
    private static boolean matchesClock(String status, int minute, java.time.Instant kickOff, java.time.Instant at) {
        long elapsed = java.time.Duration.between(kickOff, at).toMinutes();
        long extra = elapsed - minute;
        return status.equals("1H") ? extra >= -1 && extra <= 5 : extra >= 15 && extra <= 35;
    }

    @Test
    void anUnknownSoccerTopicIsRejectedNotLost() {
        RoutedRecord r = validate("curling", "{\"a\":1}");
        assertEquals("rejected.soccer.unknown", r.outTopic(), "one provisioned topic, not a rejected.soccer.<x> nobody created");
        assertEquals(List.of("contract:unknown_topic"), r.reasons());
        assertEquals("soccer.curling", TestRecords.tree(r.value()).at("/_rejection/topic").asText());
        RoutedRecord malformed = validate("curling", "not json");
        assertEquals("rejected.soccer.unknown", malformed.outTopic());
        assertEquals(List.of("json:malformed", "contract:unknown_topic"), malformed.reasons());
    }

    @Test
    void validRecordsAreNormalisedAndTyped() {
        ObjectNode row = TestRecords.object(TestRecords.good("event.lineup").get(0));
        row.put("strPlayer", "  Trézéguet ");
        row.put("strPositionShort", "");
        row.put("intSquadNumber", " 26");
        row.put("idPlayer", 34145423);
        row.put("strNewField", " drift ");
        JsonNode v = TestRecords.tree(validate("event.lineup", row).value());
        assertEquals("Trézéguet", v.get("strPlayer").asText());
        assertTrue(v.get("strPositionShort").isNull());
        assertTrue(v.get("intSquadNumber").isIntegralNumber());
        assertEquals(26, v.get("intSquadNumber").asInt());
        assertEquals("34145423", v.get("idPlayer").textValue());
        assertEquals("drift", v.get("strNewField").asText());

        ObjectNode tv = TestRecords.object(TestRecords.good("broadcast").get(0));
        tv.put("dateEvent", "0000-00-00");
        RoutedRecord r = validate("broadcast", tv);
        JsonNode t = TestRecords.tree(r.value());
        assertTrue(t.get("dateEvent").isNull());
        assertEquals("2026-10-10T11:30:00", t.get("strTimeStamp").asText());
        assertEquals("1218715|2026-10-10T11:30:00", r.key());

        JsonNode live = TestRecords.tree(validate("live_score", TestRecords.good("live_score").get(0)).value());
        assertEquals("19:00:00", live.get("strEventTime").asText());
        assertEquals("2026-10-05T20:30:31", live.get("updated").asText());
    }

    @Test
    void payloadHashIgnoresIngestionTimeKeyOrderAndWhitespaceButNotValues() {
        String line = TestRecords.good("live_score").get(0);
        ObjectNode a = TestRecords.object(line);
        ObjectNode later = TestRecords.object(line);
        later.put("ingested_at", TestRecords.INGESTED_AT + 120);
        later.put("strLeague", " " + later.get("strLeague").asText() + " ");
        ObjectNode reordered = TestRecords.JSON.createObjectNode();
        List<String> names = new java.util.ArrayList<>();
        a.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        names.forEach(n -> reordered.set(n, a.get(n)));
        ObjectNode changed = TestRecords.object(line);
        changed.put("intHomeScore", "5");
        RoutedRecord ra = validate("live_score", a);
        assertEquals(ra.payloadHash(), validate("live_score", later).payloadHash());
        assertEquals(ra.payloadHash(), validate("live_score", reordered).payloadHash());
        assertNotEquals(ra.payloadHash(), validate("live_score", changed).payloadHash());
        assertEquals(ra.stateKey(), validate("live_score", changed).stateKey(), "one state per key, whatever the payload");
        String hash = TestRecords.tree(ra.value()).get("payload_hash").asText();
        assertEquals(hash, ra.payloadHash());
        assertEquals(hash, RecordValidator.payloadHashOf(ra.value()), "read back from the value's end by the state stage");
        ObjectNode normalised = (ObjectNode) TestRecords.tree(ra.value());
        normalised.remove("payload_hash");
        assertTrue(CanonicalJson.text(normalised, TopicContract.INGESTION_FIELDS).startsWith("{\"dateEvent\":\"2026-10-05\""));
        assertEquals(hash, CanonicalJson.payloadHash(normalised, TopicContract.INGESTION_FIELDS));
    }

    @Test
    void aContractWhosePrimaryKeyIsNotRequiredDoesNotLoad() {
        String bad = "{\"topic\":\"soccer.x\",\"primaryKey\":[\"id\"],\"required\":[\"ingested_at\"],\"sportField\":null,"
                + "\"fields\":{\"id\":{\"type\":\"id\"},\"ingested_at\":{\"type\":\"epoch_seconds\"}}}";
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ContractCatalog.parse(TestRecords.object(bad)));
        assertTrue(e.getMessage().contains("primary-key field 'id' must be required"));
    }

    private static void remove(ObjectNode record, String path, boolean toEmptyString) {
        int dot = path.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? record : (ObjectNode) RecordValidator.at(record, path.substring(0, dot));
        String field = path.substring(dot + 1);
        if (toEmptyString) {
            parent.put(field, "");
        } else {
            parent.remove(field);
        }
    }

    private static void set(ObjectNode record, String path, String value) {
        int dot = path.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? record : (ObjectNode) RecordValidator.at(record, path.substring(0, dot));
        parent.put(path.substring(dot + 1), value);
    }
}
