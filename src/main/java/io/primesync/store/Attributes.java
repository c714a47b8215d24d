package io.primesync.store;

/**
 * Every attribute name of the table that is not a key ({@link Keys} has those), declared once. The mappers of the item
 * types ({@link HeadItem}, {@link SyncItem}, {@link JobItem}, the facts of {@link ProcoreFacts}, the idempotency and
 * webhook records) read and write items with these names only. The names are whole words: people read the table in
 * the console too. STORE.md lists which item carries which.
 */
final class Attributes {
    private Attributes() {}

    // ---------------------------------------------------------------- shared by several item types

    static final String COMPANY_ID = "companyId";
    /** A company's reconciliation marks (epoch ms; the cursor is a project id). */
    static final String CHECKED_AT = "checkedAt";
    static final String FULL_AT = "fullAt";
    static final String FULL_CURSOR = "fullCursor";
    static final String FULL_STARTED_AT = "fullStartedAt";
    static final String CONTRACT_ID = "contractId";
    static final String PROJECT_ID = "projectId";
    static final String JOB_NUMBER = "jobNumber";
    static final String STATUS = "status";
    static final String ERP_VERSION = "erpVersion";
    /** Moves on every change of the head that matters to a sync; on a sync, the revision its acceptance produced. */
    static final String REVISION = "revision";
    /** On a register or a fact: when the read that wrote it happened (epoch ms), then its id to break ties. */
    static final String OCCURRED_AT = "occurredAt";
    static final String EVENT_ID = "eventId";
    /** On a link or change-order register and on a prime contract fact: the Procore prime contract it is about. */
    static final String PRIME_CONTRACT_ID = "primeContractId";
    /** The Procore prime contract the product writes a contract to (the head), or a sync wrote to. */
    static final String PROCORE_PRIME_CONTRACT_ID = "procorePrimeContractId";
    static final String ADDED = "added";
    static final String CHANGED = "changed";
    static final String REMOVED = "removed";
    /** The deflated lines of a line chunk; on a line set reference, how many lines the set holds. */
    static final String LINES = "lines";

    // ---------------------------------------------------------------- the contract head

    static final String TITLE = "title";
    static final String ERP_STATUS = "erpStatus";
    static final String ERP_AMOUNT = "erpAmount";
    static final String RETAINAGE_PERCENT = "retainagePercent";
    static final String DELETED_VERSION = "deletedVersion";
    /** The line set of the current ERP content: {@code {setId, chunks, lines}}. */
    static final String CURRENT_LINES = "currentLines";
    static final String SYNCED_VERSION = "syncedVersion";
    /** The line set the project holds since the last applied sync. */
    static final String SYNCED_LINES = "syncedLines";
    static final String CONTRACT_AMOUNT = "contractAmount";
    static final String LAST_SYNCED_AT = "lastSyncedAt";
    /** The newest sync record, kept on the head from the moment it is accepted. */
    static final String LAST_SYNC = "lastSync";
    /**
     * The sync accepted and not finished: its record, {@code revision} (the one its acceptance produced) and
     * {@code targetLines} (the line set it brings Procore to). Present only while a sync is pending or writing.
     */
    static final String ACTIVE_SYNC = "activeSync";
    static final String TARGET_LINES = "targetLines";
    /** What a re-import would change: {@code {added, changed, removed}}. */
    static final String PENDING_CHANGES = "pendingChanges";
    /** One attribute per project the contract was linked to or unlinked from: {@code {linked, primeContractId, ...}}. */
    static final String PROJECT_LINK_PREFIX = "projectLink#";
    /** One attribute per change order: {@code {status, projectId, primeContractId, occurredAt, eventId}}. */
    static final String CHANGE_ORDER_PREFIX = "changeOrder#";
    /**
     * Procore's line items against what was synced, as last read: {@code {differing, foreign, amount, edits,
     * occurredAt, eventId}}, the edits a list of {@code {kind, itemCode, procoreLineId, changedAt, description, amount,
     * quantity, unitOfMeasure, unitPrice}}.
     */
    static final String PROCORE_LINES = "procoreLines";
    static final String DIFFERING = "differing";
    /** Of Procore's line items, how many another integration wrote (their origin ids are not the contract's). */
    static final String FOREIGN = "foreign";
    /**
     * Who wrote the prime contract carrying the contract's id, as last read: {@code {primeContractId, owner, occurredAt,
     * eventId}}, {@code owner} absent when it is the product's.
     */
    static final String PROCORE_OWNER = "procoreOwner";
    /**
     * What the service account could not see at a read, kept from the first finding until a read sees it: {@code
     * {what, projectId, primeContractId, why, since, occurredAt, eventId}}; on a contract head, its prime contract
     * ({@code procoreNotVisible}); on a project item, one per thing ({@code notVisible#project}, {@code
     * notVisible#changeOrders}, {@code notVisible#primeContracts}).
     */
    static final String PROCORE_NOT_VISIBLE = "procoreNotVisible";
    /**
     * The newest snapshot refused for breaking the contract rules: {@code {erpVersion, eventId, refusedAt, jobNumber,
     * title, erpStatus, problems: [{field, message}], problemCount}}; it counts while above the stored versions.
     */
    static final String ERP_REFUSED = "erpRefused";
    static final String PROBLEMS = "problems";
    static final String PROBLEM_COUNT = "problemCount";
    static final String REFUSED_AT = "refusedAt";
    static final String FIELD = "field";
    static final String MESSAGE = "message";
    static final String NOT_VISIBLE_PREFIX = "notVisible#";
    static final String WHAT = "what";
    static final String WHY = "why";
    static final String SINCE = "since";
    static final String OWNER = "owner";
    static final String AMOUNT = "amount";
    static final String EDITS = "edits";
    static final String ITEM_CODE = "itemCode";
    static final String PROCORE_LINE_ID = "procoreLineId";
    static final String CHANGED_AT = "changedAt";
    static final String DESCRIPTION = "description";
    static final String QUANTITY = "quantity";
    static final String UNIT_OF_MEASURE = "unitOfMeasure";
    static final String UNIT_PRICE = "unitPrice";
    /** What a sync wrote over in Procore: {@code {lines, total, notAsPreviewed}}, a line {@code {kind, itemCode,
     * description, found, written, changedAt, previewed}}. */
    static final String OVERWRITES = "overwrites";
    static final String FOUND = "found";
    static final String WRITTEN = "written";
    static final String PREVIEWED = "previewed";
    static final String TOTAL = "total";
    static final String NOT_AS_PREVIEWED = "notAsPreviewed";
    /** The status of a prime contract of the contract as Procore last said: {@code {status, primeContractId, ...}}. */
    static final String PROCORE_STATUS = "procoreStatus";
    static final String LINKED = "linked";
    /** A line set reference: {@code {setId, chunks, lines}}. */
    static final String SET_ID = "setId";
    static final String CHUNKS = "chunks";

    // ---------------------------------------------------------------- a sync

    static final String SYNC_ID = "syncId";
    static final String KIND = "kind";
    static final String LINES_WRITTEN = "linesWritten";
    static final String LINES_TOTAL = "linesTotal";
    static final String PREVIOUS_AMOUNT = "previousAmount";
    static final String NEW_AMOUNT = "newAmount";
    static final String REQUESTED_AT = "requestedAt";
    static final String REQUESTED_BY = "requestedBy";
    static final String FINISHED_AT = "finishedAt";
    static final String ERROR_CODE = "errorCode";
    static final String ERROR_MESSAGE = "errorMessage";
    /** The prime contract status a write set to Draft for Procore's lock, and restores. */
    static final String RESTORE_STATUS = "restoreStatus";
    /** The worker writing the sync, and until when (epoch ms) it is taken to be alive. */
    static final String LEASE_OWNER = "leaseOwner";
    static final String LEASE_UNTIL = "leaseUntil";

    // ---------------------------------------------------------------- Procore's side as last read

    /** On a job: one register per project, {@code project#{id}} = {synced, occurredAt, eventId}. */
    static final String JOB_PROJECT_PREFIX = "project#";
    static final String SYNCED = "synced";
    /** On a project: its name and number as people know it. */
    static final String PROJECT_NAME = "projectName";
    static final String PROJECT_NUMBER = "projectNumber";
    /** On a change order register: its number as people see it ({@code title} is its title). */
    static final String NUMBER = "number";
    /** On a prime contract fact: deleted in Procore, or no longer carrying the contract id. */
    static final String GONE = "gone";

    // ---------------------------------------------------------------- expiring records

    static final String FINGERPRINT = "fingerprint";
    /** Epoch ms until which the request that claimed an Idempotency-Key is taken to be running. */
    static final String CLAIM_UNTIL = "leaseUntil";
    /** The sync an Idempotency-Key's first accepted request answered with. */
    static final String ACCEPTED_SYNC = "acceptedSync";
    /** What a webhook event did when it was first applied. */
    static final String RESULT = "result";
}
