package io.primesync.domain;

/**
 * Something of Procore's side the service account cannot see, so the product does not know it: a project (Procore
 * answered 403 or 404, or left it out of every list), its change orders, or a prime contract. Unknown is not gone:
 * the facts last read stay as they were, and a re-import waits until Procore shows the thing again.
 *
 * @param what {@link #PROJECT}, {@link #CHANGE_ORDERS}, {@link #PRIME_CONTRACTS} or {@link #PRIME_CONTRACT}
 * @param projectId the project it is in (or is)
 * @param primeContractId the prime contract, for {@link #PRIME_CONTRACT}; null otherwise
 * @param why what Procore answered ("403 Forbidden", "404 Not Found", "absent from the company's projects")
 * @param since when it was first found so (ISO-8601)
 */
public record NotVisible(String what, String projectId, String primeContractId, String why, String since) {
    public static final String PROJECT = "project";
    public static final String CHANGE_ORDERS = "changeOrders";
    public static final String PRIME_CONTRACTS = "primeContracts";
    public static final String PRIME_CONTRACT = "primeContract";

    /** What the service account needs in Procore to see it again, in words. */
    public String need() {
        return switch (what) {
            case PROJECT -> "the service account (PrimeSync's Developer Managed Service Account) must be in project "
                    + projectId + "'s Directory, or be granted all of the company's projects, and the project must be"
                    + " one Procore still holds";
            case CHANGE_ORDERS -> "the service account needs Read Only or higher on the Change Orders tool of project "
                    + projectId + " (and, on a 3-tier change order configuration, on its change order packages)";
            case PRIME_CONTRACTS -> "the service account needs Admin on the Prime Contracts tool of project " + projectId;
            default -> "the service account needs Admin on the Prime Contracts tool of project " + projectId
                    + ", and to be allowed to see prime contract " + primeContractId + " if it is private";
        };
    }
}
