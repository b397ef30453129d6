package org.sportsdb.stack.triage;

/** Runs one triage outside Camel: {@code java -cp ... org.sportsdb.stack.triage.TriageMain}. Exit 0 on success. */
public final class TriageMain {

    private TriageMain() {
    }

    public static void main(String[] args) {
        TriageResult result = new TriageJob().runOnce();
        System.out.println(result.summary());
        result.files().forEach(file -> System.out.println("  " + file));
    }
}
