package io.primesync.domain;

/** How many lines a re-import would add, change and remove. */
public record PendingChanges(int added, int changed, int removed) {
    public static final PendingChanges NONE = new PendingChanges(0, 0, 0);

    public boolean any() {
        return added + changed + removed > 0;
    }
}
