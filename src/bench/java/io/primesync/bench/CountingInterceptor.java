package io.primesync.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts DynamoDB requests and the capacity units each response reports (every store call asks for
 * ReturnConsumedCapacity.TOTAL). A failed request (e.g. a conditional write whose condition failed) is counted
 * as a request with no reported capacity.
 */
final class CountingInterceptor implements ExecutionInterceptor {
    private static final Set<String> READS = Set.of("GetItem", "Query", "BatchGetItem", "Scan");

    record Call(String operation, double units, boolean failed) {
        boolean read() {
            return READS.contains(operation);
        }
    }

    private final List<Call> calls = new ArrayList<>();

    synchronized void reset() {
        calls.clear();
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        double units = 0;
        Object r = context.response();
        if (r instanceof GetItemResponse x) {
            units = units(x.consumedCapacity());
        } else if (r instanceof QueryResponse x) {
            units = units(x.consumedCapacity());
        } else if (r instanceof PutItemResponse x) {
            units = units(x.consumedCapacity());
        } else if (r instanceof UpdateItemResponse x) {
            units = units(x.consumedCapacity());
        } else if (r instanceof DeleteItemResponse x) {
            units = units(x.consumedCapacity());
        } else if (r instanceof BatchWriteItemResponse x) {
            units = x.consumedCapacity().stream().mapToDouble(CountingInterceptor::units).sum();
        } else if (r instanceof BatchGetItemResponse x) {
            units = x.consumedCapacity().stream().mapToDouble(CountingInterceptor::units).sum();
        }
        synchronized (this) {
            calls.add(new Call(operation, units, false));
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        synchronized (this) {
            calls.add(new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), 0, true));
        }
    }

    private static double units(ConsumedCapacity capacity) {
        return capacity == null || capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
    }
}
