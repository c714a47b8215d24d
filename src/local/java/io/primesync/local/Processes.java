package io.primesync.local;

import java.util.concurrent.TimeUnit;

/** Stopping the child processes the local tooling starts (the DynamoDB engine, function JVMs). */
public final class Processes {
    private Processes() {}

    /** Asks the process to end, then makes it end, within seconds. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
