package io.primesync.domain;

import java.util.List;

/**
 * A Procore project as people know it: its name and number, as the product last read them, next to Procore's id.
 * Name and number are null until a read of the project has found them.
 *
 * @param notVisible what of the project the service account could not see at the last read (the project itself, its
 *     prime contracts or its change orders); empty when it saw it all
 */
public record ProjectName(String id, String name, String number, List<NotVisible> notVisible) {
    public ProjectName {
        notVisible = notVisible == null ? List.of() : List.copyOf(notVisible);
    }

    public ProjectName(String id, String name, String number) {
        this(id, name, number, List.of());
    }

    public static ProjectName unknown(String id) {
        return new ProjectName(id, null, null);
    }

    /** "Riverside Tower (24-106, project 2002)", or "project 2002" while the name is not known. */
    public String label() {
        if (name == null) {
            return "project " + id;
        }
        return name + " (" + (number == null ? "" : number + ", ") + "project " + id + ")";
    }
}
