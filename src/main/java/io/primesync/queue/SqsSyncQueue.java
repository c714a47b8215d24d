package io.primesync.queue;

import io.primesync.service.SyncQueue;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The sync queue on SQS. The client is built once with everything explicit (region, credentials, HTTP client,
 * timeouts); {@code AWS_ENDPOINT_URL_SQS} or {@code AWS_ENDPOINT_URL} (LocalStack, the local engine) is honoured by
 * the SDK itself.
 */
public final class SqsSyncQueue implements SyncQueue {
    public static final String QUEUE_URL = "SYNC_QUEUE_URL";
    /** SQS's longest delay and visibility timeout that a message may be given. */
    public static final int MAX_DELAY_SECONDS = 900;
    public static final int MAX_VISIBILITY_SECONDS = 43_200;

    private final SqsClient client;
    private final String queueUrl;

    public SqsSyncQueue(SqsClient client, String queueUrl) {
        this.client = client;
        this.queueUrl = queueUrl;
    }

    public static SqsClient clientFromEnvironment() {
        String region = System.getenv("AWS_REGION");
        AwsCredentialsProvider credentials = System.getenv("AWS_ACCESS_KEY_ID") != null
                ? EnvironmentVariableCredentialsProvider.create() : DefaultCredentialsProvider.builder().build();
        return SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)).build())
                .region(Region.of(region == null || region.isBlank() ? "us-east-1" : region))
                .credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(Duration.ofSeconds(5)).apiCallTimeout(Duration.ofSeconds(8)).build())
                .build();
    }

    public SqsClient client() {
        return client;
    }

    public String queueUrl() {
        return queueUrl;
    }

    @Override
    public void enqueue(String companyId, String contractId, String syncId, long revision, int delaySeconds) {
        String body = new SyncMessage(companyId, contractId, syncId, revision).json();
        client.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body)
                .delaySeconds(Math.max(0, Math.min(MAX_DELAY_SECONDS, delaySeconds))));
    }

    /** Gives a received message back to the queue, to be seen again after this many seconds. */
    public void retryAfter(String receiptHandle, long seconds) {
        int visibility = (int) Math.max(0, Math.min(MAX_VISIBILITY_SECONDS, seconds));
        client.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle)
                .visibilityTimeout(visibility));
    }
}
