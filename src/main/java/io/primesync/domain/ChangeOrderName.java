package io.primesync.domain;

/** A prime contract change order as people see it in Procore: its number and title, next to Procore's id. */
public record ChangeOrderName(String id, String number, String title) {
    /** {@code PCCO-001 "Owner upgrade" (id 9001)}, or {@code change order 9001} when Procore gave neither. */
    public String label() {
        if (number == null && title == null) {
            return "change order " + id;
        }
        String named = number == null ? "\"" + title + "\"" : title == null ? number : number + " \"" + title + "\"";
        return named + " (id " + id + ")";
    }
}
