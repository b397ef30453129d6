package org.sportsdb.stack.validator.contract;

/** One field of a contract: its path ("strSport", or "lookup_player.strSport" inside a nested object), type and note. */
public record FieldSpec(String path, FieldType type, String note) {
}
