package io.primesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What serve says, and how it exits, when it cannot run. */
class ServeCommandIT {
    @Test
    void aTakenPortIsNamedAndTheCommandFails() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            InvokeIT.Run run = InvokeIT.run(List.of("serve", "--in-memory", "--port", Integer.toString(port)), null, Map.of());
            assertEquals(1, run.exit(), run.stderr());
            assertTrue(run.stderr().contains("Port " + port + " is in use"), run.stderr());
            assertTrue(run.stderr().contains("--port"), "it says how to choose another: " + run.stderr());
        }
    }

    @Test
    void withoutNodeJsTheCommandSaysWhatIsMissing() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = free.getLocalPort();
            free.close();
            InvokeIT.Run run = InvokeIT.run(List.of("serve", "--in-memory", "--port", Integer.toString(port)), null,
                    Map.of("PATH", "/nonexistent"));
            assertEquals(1, run.exit(), run.stderr());
            assertTrue(run.stderr().contains("Node.js"), run.stderr());
        }
    }
}
