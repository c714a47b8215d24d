package io.primesync.store;

import java.util.List;

/** One page of a listing, with the position to continue from (null on the last page). */
public record Page<T>(List<T> items, String next) {
    public Page {
        items = List.copyOf(items);
    }
}
