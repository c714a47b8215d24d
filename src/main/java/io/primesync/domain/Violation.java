package io.primesync.domain;

/** One broken rule in an incoming snapshot: the JSON path of the field and a sentence saying what is wrong. */
public record Violation(String field, String message) {}
