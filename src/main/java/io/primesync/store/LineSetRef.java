package io.primesync.store;

/** Where the line items of one contract version are stored: the set id, its number of chunk items and of lines. */
public record LineSetRef(String setId, int chunks, int lines) {}
