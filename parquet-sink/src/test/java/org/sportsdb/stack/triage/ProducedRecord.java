package org.sportsdb.stack.triage;

import java.util.List;

/** What a test wrote to a rejected topic, with what the triage row must say about it. */
record ProducedRecord(String topic, int partition, long offset, long timestamp, String key, String value,
                      List<String> reasons, String idEvent, String idLeague, String strSport, String strStatus) {
}
