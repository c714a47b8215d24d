package io.primesync.domain;

/**
 * A Procore project as people know it: its name and number, as the product last read them, next to Procore's id.
 * Name and number are null until a read of the project has found them.
 */
public record ProjectName(String id, String name, String number) {
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
