package io.primesync.store;

/** The job item: which project a job of the ERP is synced to, and the project-side event that said so last. */
final class JobItem {
    static final String COMPANY_ID = "companyId";
    static final String JOB_NUMBER = "jobNumber";
    /** Absent when the job is not synced. */
    static final String PROJECT_ID = "projectId";
    static final String OCCURRED_AT = "occurredAt";
    static final String EVENT_ID = "eventId";

    private JobItem() {}
}
