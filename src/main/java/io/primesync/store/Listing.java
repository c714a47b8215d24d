package io.primesync.store;

/** A contract in a list page: its head and the project its job is synced to (null if none). */
public record Listing(ContractHead head, String jobProjectId) {}
