package io.primesync.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded DynamoDB-compatible engine (the npm package dynalite, pinned with its lock file). Installs it
 * with {@code npm ci} into a build directory on first use, starts it on a port with {@code --createTableMs 0},
 * in memory or on a data directory, and stops it on {@link #close()}.
 */
public final class Dynalite implements AutoCloseable {
    public static final String VERSION = "4.0.0";
    private static final String[] PACKAGE_FILES = {"package.json", "package-lock.json"};

    private final Process process;
    private final int port;
    private volatile boolean closing;

    private Dynalite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param installDir where node_modules goes (created when missing)
     * @param dataDir a directory for data that survives a restart, or null for an in-memory store
     * @param port the port, or 0 for a free one
     */
    public static Dynalite start(Path installDir, Path dataDir, int port) throws IOException {
        Path cli = install(installDir);
        int chosen = port == 0 ? freePort() : port;
        List<String> command = new ArrayList<>(List.of(node(), cli.toString(), "--port", Integer.toString(chosen),
                "--host", "127.0.0.1", "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            command.add("--path");
            command.add(dataDir.toAbsolutePath().toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Dynalite engine = new Dynalite(process, chosen);
        engine.awaitListening();
        return engine;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Completes with the engine's exit code when it stops without being closed (it crashed, or was killed). */
    public CompletableFuture<Integer> stoppedUnexpectedly() {
        CompletableFuture<Integer> stopped = new CompletableFuture<>();
        process.onExit().thenAccept(p -> {
            if (!closing) {
                stopped.complete(p.exitValue());
            }
        });
        return stopped;
    }

    @Override
    public void close() {
        closing = true;
        Processes.stop(process);
    }

    private void awaitListening() throws IOException {
        CompletableFuture<String> ready = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        if (output.length() < 4000) {
                            output.append(line).append('\n');
                        }
                    }
                    if (line.contains("listening")) {
                        ready.complete(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended; the wait below reports it
            }
            ready.complete(null);
        }, "dynalite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String line = ready.get(60, TimeUnit.SECONDS);
            if (line == null) {
                throw new IOException("the local DynamoDB engine stopped at start-up:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while starting the local DynamoDB engine");
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IOException("the local DynamoDB engine did not start within 60 s:\n" + output);
        }
    }

    /** Installs the pinned engine unless this exact version is already there; safe across concurrent JVMs. */
    static Path install(Path installDir) throws IOException {
        Files.createDirectories(installDir);
        Path cli = installDir.resolve("node_modules/dynalite/cli.js");
        try (FileChannel channel = FileChannel.open(installDir.resolve(".install.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            Path installed = installDir.resolve("node_modules/dynalite/package.json");
            if (Files.exists(cli) && Files.exists(installed)
                    && Files.readString(installed).contains("\"version\": \"" + VERSION + "\"")) {
                return cli;
            }
            for (String file : PACKAGE_FILES) {
                try (InputStream in = Dynalite.class.getResourceAsStream("/dynalite/" + file)) {
                    if (in == null) {
                        throw new IOException("dynalite/" + file + " is missing from the class path");
                    }
                    Files.copy(in, installDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            System.err.println("Installing the local DynamoDB engine (dynalite " + VERSION + ") into " + installDir);
            Process npm = new ProcessBuilder(npm(), "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(installDir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (npm.waitFor() != 0 || !Files.exists(cli)) {
                throw new IOException("npm ci failed for the local DynamoDB engine:\n" + output);
            }
            return cli;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while installing the local DynamoDB engine");
        }
    }

    private static String node() throws IOException {
        return requireTool("node", "Node.js 18 or later is required to run the local DynamoDB engine");
    }

    private static String npm() throws IOException {
        return requireTool("npm", "npm (part of Node.js 18 or later) is required to install the local DynamoDB engine");
    }

    private static String requireTool(String name, String message) throws IOException {
        try {
            Process p = new ProcessBuilder(name, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) {
                return name;
            }
        } catch (IOException e) {
            // not on PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IOException(message + ", but '" + name + "' was not found on the PATH.");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
