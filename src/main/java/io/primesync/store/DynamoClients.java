package io.primesync.store;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds the DynamoDB client once per process with everything explicit (region, credentials, HTTP client),
 * so that start-up does no discovery. An endpoint from {@code AWS_ENDPOINT_URL_DYNAMODB} or
 * {@code AWS_ENDPOINT_URL} (LocalStack, the local engine) is honoured by the SDK itself.
 */
public final class DynamoClients {
    /** Attempts per call, the first included. */
    static final int MAX_ATTEMPTS = 5;
    static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(6);

    private DynamoClients() {}

    public static DynamoDbClient fromEnvironment() {
        return builder(null, credentials(), region(), new ExecutionInterceptor[0]).build();
    }

    /** A client for an explicit endpoint (the local engine, tests), with optional interceptors. */
    public static DynamoDbClient forEndpoint(URI endpoint, AwsCredentialsProvider credentials, ExecutionInterceptor... interceptors) {
        return builder(endpoint, credentials, region(), interceptors).build();
    }

    private static DynamoDbClientBuilder builder(URI endpoint, AwsCredentialsProvider credentials, Region region,
            ExecutionInterceptor[] interceptors) {
        // A call that cannot get through gives up within API_CALL_TIMEOUT, so that a request and its failure
        // handling (ending an Idempotency-Key lease) end well inside the functions' 20 s timeout and the client
        // gets our 503 with Retry-After rather than a gateway timeout. The DynamoDB defaults (up to 9 attempts,
        // throttled ones backing off from 500 ms up to 20 s) would spend the whole function timeout on one call.
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(b -> b.maxAttempts(MAX_ATTEMPTS)
                        .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(25), Duration.ofMillis(500)))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(1))))
                .apiCallAttemptTimeout(Duration.ofSeconds(5))
                .apiCallTimeout(API_CALL_TIMEOUT);
        for (ExecutionInterceptor interceptor : interceptors) {
            override.addExecutionInterceptor(interceptor);
        }
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(override.build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    private static Region region() {
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            region = System.getenv("AWS_DEFAULT_REGION");
        }
        return Region.of(region == null || region.isBlank() ? "us-east-1" : region);
    }

    /** In Lambda the credentials are in the environment; elsewhere the SDK's default chain finds them. */
    private static AwsCredentialsProvider credentials() {
        if (System.getenv("AWS_ACCESS_KEY_ID") != null) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
