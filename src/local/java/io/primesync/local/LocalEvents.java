package io.primesync.local;

import io.primesync.local.sqs.SqsEventSource;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template's non-HTTP event sources, run locally as Lambda runs them: each {@code SQS} event polls its queue on
 * ElasticMQ and hands batches to the function ({@link SqsEventSource}); each {@code Schedule} event with a
 * {@code rate(...)} invokes the function on that period with a scheduled event.
 */
final class LocalEvents implements AutoCloseable {
    private static final Pattern RATE = Pattern.compile("^rate\\((\\d+) (second|seconds|minute|minutes|hour|hours|day|days)\\)$");

    private final List<SqsEventSource> sources = new ArrayList<>();
    /** Each schedule of the template, by its event's name ({@code ReconcileSchedule}): what it runs. */
    private final Map<String, Callable<byte[]>> scheduled = new LinkedHashMap<>();
    private final ScheduledExecutorService schedules = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-schedules");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param schedulePeriod overrides every schedule's period (tests, demos), or null for the template's
     */
    LocalEvents(LocalRuntime runtime, Map<String, LambdaFunction> functions, Duration schedulePeriod, PrintStream log) {
        Template template = runtime.template();
        for (Map.Entry<String, Map<String, Object>> f : template.unconditional("AWS::Serverless::Function").entrySet()) {
            for (Map.Entry<String, Object> e : Template.map(f.getValue(), "Properties", "Events").entrySet()) {
                Map<String, Object> event = Template.map(e.getValue());
                Map<String, Object> props = Template.map(event.get("Properties"));
                if ("SQS".equals(event.get("Type"))) {
                    LambdaFunction function = functions.computeIfAbsent(f.getKey(), runtime::function);
                    function.warm();
                    String queue = logicalIdOf(props.get("Queue"));
                    int batch = Integer.parseInt(orDefault(template.resolve(props.get("BatchSize")), "10"));
                    int concurrency = Integer.parseInt(orDefault(template.resolve(
                            Template.map(props.get("ScalingConfig")).get("MaximumConcurrency")), "2"));
                    boolean partial = Template.list(props.get("FunctionResponseTypes")).contains("ReportBatchItemFailures");
                    sources.add(new SqsEventSource(runtime.queues().client(), runtime.queues().url(queue),
                            runtime.queues().arn(queue), batch, partial, concurrency,
                            bytes -> invoke(function, bytes, log), log));
                } else if ("Schedule".equals(event.get("Type"))) {
                    LambdaFunction function = functions.computeIfAbsent(f.getKey(), runtime::function);
                    function.warm();
                    Duration period = schedulePeriod != null ? schedulePeriod
                            : period(template.resolve(props.get("Schedule")));
                    Callable<byte[]> run = () -> invoke(function, scheduled(f.getKey()), log);
                    scheduled.put(e.getKey(), run);
                    if (period != null) {
                        schedules.scheduleAtFixedRate(() -> {
                            try {
                                run.call();
                            } catch (Exception ignored) {
                                // invoke says what failed
                            }
                        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
            }
        }
    }

    /** The names of the template's schedules. */
    Set<String> schedules() {
        return scheduled.keySet();
    }

    /**
     * Runs a schedule now, as its rule would, on the same thread as its periodic runs (so the two never overlap), and
     * answers the function's answer; empty for a schedule the template does not have.
     */
    Optional<byte[]> runNow(String schedule) throws InterruptedException, ExecutionException {
        Callable<byte[]> run = scheduled.get(schedule);
        if (run == null) {
            return Optional.empty();
        }
        byte[] answer = schedules.submit(run).get();
        return Optional.of(answer == null ? new byte[0] : answer);
    }

    private static byte[] invoke(LambdaFunction function, byte[] event, PrintStream log) {
        LambdaFunction.Result result = function.invoke(event,
                new LocalContext(UUID.randomUUID().toString(), function, log));
        if (result.failed()) {
            log.println(function.logicalId() + " failed: " + result.text());
            return null;
        }
        return result.json();
    }

    /** What EventBridge hands a scheduled function. */
    static byte[] scheduled(String functionId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", LocalApi.ACCOUNT_ID);
        event.put("time", Instant.now().toString());
        event.put("region", "us-east-1");
        event.put("resources", List.of("arn:aws:events:us-east-1:" + LocalApi.ACCOUNT_ID + ":rule/" + functionId));
        event.put("detail", Map.of());
        return LocalJson.bytes(event);
    }

    /** {@code rate(5 minutes)} as a duration; null for a cron expression, which the local runtime does not run. */
    static Duration period(String schedule) {
        Matcher m = schedule == null ? null : RATE.matcher(schedule.strip());
        if (m == null || !m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).replaceAll("s$", "")) {
            case "second" -> Duration.ofSeconds(n);
            case "minute" -> Duration.ofMinutes(n);
            case "hour" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** {@code !GetAtt SyncQueue.Arn} → {@code SyncQueue}. */
    private static String logicalIdOf(Object arn) {
        Object target = Template.map(arn).get("Fn::GetAtt");
        if (target instanceof List<?> l && !l.isEmpty()) {
            return String.valueOf(l.get(0));
        }
        return String.valueOf(target).split("\\.")[0];
    }

    private static String orDefault(String value, String otherwise) {
        return value == null ? otherwise : value;
    }

    @Override
    public void close() {
        sources.forEach(SqsEventSource::close);
        schedules.shutdownNow();
    }
}
