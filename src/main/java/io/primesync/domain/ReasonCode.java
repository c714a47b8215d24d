package io.primesync.domain;

/** Every reason a re-import or a first import can be refused, in the order they are reported. */
public enum ReasonCode {
    NOT_IMPORTED,
    ALREADY_IMPORTED,
    CONTRACT_DELETED_IN_ERP,
    CONTRACT_UNAPPROVED,
    JOB_NOT_SYNCED,
    NOT_LINKED_TO_PROJECT,
    LINKED_TO_MULTIPLE_PROJECTS,
    NO_UNSYNCED_CHANGES,
    APPROVED_CHANGE_ORDERS,
    PROCORE_SOV_LOCKED,
    PROCORE_LINES_OWNED_ELSEWHERE,
    SYNC_IN_PROGRESS,
    PROJECT_NOT_IN_PROCORE,
    MISSING_PERMISSION
}
