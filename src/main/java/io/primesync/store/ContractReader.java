package io.primesync.store;

import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;
import static io.primesync.store.Attributes.JOB_NUMBER;

import io.primesync.domain.LineItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** The reads of a contract every part of the store shares: its head, the contract whole, its job's projects. */
final class ContractReader {
    private final Table table;
    private final LineSets lineSets;

    ContractReader(Table table, LineSets lineSets) {
        this.table = table;
        this.lineSets = lineSets;
    }

    /** The head as stored (a head exists for any contract an event named), or one with nothing known. */
    ContractHead anyHead(String companyId, String contractId) {
        return HeadItem.toHead(table.get(HeadItem.key(companyId, contractId)));
    }

    /** The head of a contract with ERP content, or empty. */
    Optional<ContractHead> head(String companyId, String contractId) {
        Map<String, AttributeValue> item = table.get(HeadItem.key(companyId, contractId));
        ContractHead head = item.isEmpty() ? null : HeadItem.toHead(item);
        return head == null || !head.known() ? Optional.empty() : Optional.of(head);
    }

    /**
     * In two requests for contracts up to about two thousand lines: one query for the head and its line chunks
     * (they share a partition and sort before the history), one read of the job.
     */
    Optional<ContractDetail> load(String companyId, String contractId) {
        String pk = Keys.contract(companyId, contractId);
        return Attempts.upTo(Attempts.DEFAULT, "contract kept changing while it was read", () -> {
            List<Map<String, AttributeValue>> heads = new ArrayList<>();
            LineSets.Chunks chunks = new LineSets.Chunks();
            table.queryAll(QueryRequest.builder()
                    .keyConditionExpression("pk = :pk AND sk < :end")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":end", s(Keys.BEFORE_HISTORY)))
                    .consistentRead(true), item -> {
                        if (!chunks.add(item) && Keys.HEAD.equals(str(item, Keys.SK))) {
                            heads.add(item);
                        }
                    });
            ContractHead head = heads.isEmpty() ? null : HeadItem.toHead(heads.get(0));
            if (head == null || !head.known()) {
                return Optional.of(Optional.empty());
            }
            // a contract known by a refused snapshot alone has no lines yet
            List<LineItem> current = head.current() == null ? List.of() : chunks.lines(head.current());
            List<LineItem> synced = head.synced() == null ? List.of() : chunks.lines(head.synced());
            if (current == null || synced == null) {
                return Optional.empty(); // a set was replaced between reading the head and reading its chunks
            }
            List<String> unreferenced = new ArrayList<>();
            for (String setId : chunks.setIds()) {
                if (!head.names(setId)) {
                    unreferenced.add(setId);
                }
            }
            return Optional.of(Optional.of(new ContractDetail(head, jobProjects(companyId, head.jobNumber()), current,
                    synced, unreferenced)));
        });
    }

    /** The lines of a line set of the contract, or null when the set is gone. */
    List<LineItem> lines(String companyId, String contractId, LineSetRef set) {
        return lineSets.read(Keys.contract(companyId, contractId), set);
    }

    /** The projects the job is the origin of, sorted; empty when it is not synced. */
    List<String> jobProjects(String companyId, String jobNumber) {
        if (jobNumber == null) {
            return List.of();
        }
        return JobItem.projects(table.get(JobItem.key(companyId, jobNumber)));
    }

    /** The projects of each job of a page of contracts (at most 100, so one batch read). */
    Map<String, List<String>> jobProjects(String companyId, List<ContractHead> heads) {
        Set<String> jobNumbers = new LinkedHashSet<>();
        for (ContractHead head : heads) {
            if (head.jobNumber() != null) {
                jobNumbers.add(head.jobNumber());
            }
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String jobNumber : jobNumbers) {
            keys.add(JobItem.key(companyId, jobNumber));
        }
        Map<String, List<String>> projects = new HashMap<>();
        for (Map<String, AttributeValue> item : table.getAll(keys, null)) {
            projects.put(str(item, JOB_NUMBER), JobItem.projects(item));
        }
        return projects;
    }
}
