package io.primesync.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * A real browser for the web page's tests: Debian's Chromium, headless, driven by its ChromeDriver through
 * Selenium. Both come from Debian's packages, which this installs with apt when they are missing (the test needs
 * root, as CI has; elsewhere, install them first: {@code apt-get install chromium chromium-driver}). The paths can
 * be given with {@code -Dprimesync.chromium} and {@code -Dprimesync.chromedriver}.
 */
public final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of(System.getProperty("primesync.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("primesync.chromedriver", "/usr/bin/chromedriver"));
    private static boolean installed;

    private final ChromeDriver driver;
    private final Path profile;
    private final Path shots;
    private int shot;

    private Browser(ChromeDriver driver, Path profile, Path shots) {
        this.driver = driver;
        this.profile = profile;
        this.shots = shots;
    }

    /** A new headless browser with an empty profile, at this window size. */
    public static Browser start(int width, int height, Path screenshots) throws IOException {
        ensureInstalled();
        Path profile = Files.createTempDirectory("primesync-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the network beyond loopback is closed here: without the background-networking flags Chromium keeps
        // trying to reach Google's services
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--lang=en-US");
        // the page's console, for a failed test to show what the page said
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        Path log = LocalDynamo.buildDir().resolve("chromedriver.log");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withLogFile(log.toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(new Dimension(width, height));
        Files.createDirectories(screenshots);
        return new Browser(driver, profile, screenshots);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Writes the page as it looks now to {@code NN-name.png} in the screenshots folder. */
    public Path screenshot(String name) {
        shot++;
        Path target = shots.resolve(String.format("%02d-%s.png", shot, name));
        File file = driver.getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** What the page wrote to its console (and the browser's errors about it) since the last call. */
    public String console() {
        StringBuilder out = new StringBuilder();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            out.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }

    /** Installs Debian's chromium and chromium-driver when either is missing. */
    static synchronized void ensureInstalled() throws IOException {
        if (installed || (Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER))) {
            installed = true;
            return;
        }
        Path log = LocalDynamo.buildDir().resolve("chromium-install.log");
        System.out.println("[integration] installing Debian's chromium and chromium-driver (log: " + log + ")");
        run(List.of("apt-get", "update"), log);
        run(List.of("apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver"), log);
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            throw new IOException("apt-get installed chromium and chromium-driver, yet " + CHROMIUM + " or " + DRIVER
                    + " is missing; see " + log);
        }
        installed = true;
    }

    private static void run(List<String> command, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        try {
            Process process = builder.start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " took longer than 15 minutes; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "; installing needs root); see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while installing chromium", e);
        }
    }
}
