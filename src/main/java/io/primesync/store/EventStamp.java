package io.primesync.store;

/**
 * The order of a project-side event: when it happened, then its id to break ties. Later stamps win, so the
 * final state does not depend on the order in which deliveries arrive.
 */
public record EventStamp(long epochMillis, String eventId) {}
