package org.sportsdb.stack.validator.core;

/** The rejection reason codes: "<rule>:<field>" (see contracts/README.md). */
public final class ReasonCodes {
    private ReasonCodes() {
    }

    public static final String JSON_MALFORMED = "json:malformed";
    public static final String UNKNOWN_TOPIC = "contract:unknown_topic";
    public static final String NOT_SOCCER = "sport:not_soccer";
    /** The record as it would be written is larger than an output topic takes ({@link RecordValidator#MAX_OUTPUT_BYTES}). */
    public static final String TOO_LARGE = "size:too_large";
    /** The validation itself failed on the record (a defect of the validator): rejected with its raw text, logged. */
    public static final String VALIDATOR_ERROR = "validator:error";

    public static String required(String path) {
        return "required:" + path;
    }

    public static String type(String path) {
        return "type:" + path;
    }

    public static String range(String path) {
        return "range:" + path;
    }
}
