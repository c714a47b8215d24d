package io.primesync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What the reliability tests tried and found, one line each. Test output goes to files; these lines also go to
 * target/figures/, which the build prints after the integration tests, so they show on the console.
 */
public final class Figures {
    private Figures() {}

    public static synchronized void print(String line) {
        System.out.println(line);
        Path dir = Path.of(System.getProperty("primesync.buildDir", "target"), "figures");
        String caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getSimpleName();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(caller + ".txt"), line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
