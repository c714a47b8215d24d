package io.primesync.local;

import static io.primesync.local.DemoData.COMPANY;
import static io.primesync.local.DemoData.contract;

import io.primesync.agent.Sender;
import io.primesync.local.DemoData.Contract;
import io.primesync.local.auth.LocalIdentity;
import io.primesync.local.spectrum.LocalSpectrum;
import io.primesync.webhook.Source;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Loads the {@link DemoData demo company} the way real data arrives: its contracts written in the local Spectrum and
 * brought by the agent through the signed webhook route ({@link DemoSpectrum}),
 * its Procore side made in the simulator through Procore's own API ({@link DemoProcore}), and its first imports
 * through the import route, into a running local server ({@link DemoHttpTarget}) or into the handlers themselves
 * ({@link HandlerTarget}). Loading twice changes nothing.
 */
public final class DemoLoader {
    /** The bearer tokens printed for the demo. */
    public record Tokens(String admin, String readOnly, String otherCompany) {}

    /** What a load did. */
    public record Loaded(Tokens tokens, int applied, int duplicates, int stale, int imported) {}

    /** A route's answer: its status and body. */
    public record Answer(int status, String body) {}

    /** Where the demo is loaded: the routes of a running server, or the handlers themselves. */
    public interface Target {
        /** A webhook delivery; answers the status and body. */
        Answer webhook(Source source, byte[] body, String signature) throws IOException;

        /** The admin's first import of a contract. */
        Answer importContract(String contractId) throws IOException;

        /** The admin's evaluation of a contract. */
        Answer eligibility(String contractId) throws IOException;

        /** The admin's read of one sync of a contract. */
        Answer sync(String contractId, String syncId) throws IOException;

        /** The admin's listing of the synced or staged contracts (at most 100). */
        Answer list(String status) throws IOException;

        /**
         * The URL Procore's webhook delivers to while the demo loads, or null when the product hears of Procore's
         * changes through {@link #procoreChanged} alone.
         */
        URI procoreHookUrl();

        /** Lets the product read what changed in Procore when no hook delivers (a reconciliation run). */
        void procoreChanged() throws IOException;
    }

    /** How long the demo waits for one of its imports to be written to Procore, or for Procore's news to arrive. */
    private static final Duration IMPORT_WAIT = Duration.ofSeconds(90);

    private DemoLoader() {}

    /** The tokens for the demo users, valid for 30 days from {@code now}. */
    public static Tokens tokens(LocalIdentity identity, Instant now) {
        Instant exp = now.plus(Duration.ofDays(30));
        List<String> signed = DemoData.users().stream().map(u -> identity.sign(u, exp)).toList();
        return new Tokens(signed.get(0), signed.get(1), signed.get(2));
    }

    /**
     * Loads the demo into the server at {@code base}, its Spectrum side read by the agent from {@code spectrum}.
     *
     * @param env the environment of the webhook function, for the secrets it checks
     */
    static Loaded load(URI base, URI procore, LocalIdentity identity, Function<String, String> env,
            DemoSpectrum spectrum, PrintStream log) throws IOException {
        Tokens tokens = tokens(identity, Instant.now());
        return load(new DemoHttpTarget(base, tokens.admin()), procore, env, tokens, spectrum, log);
    }

    /**
     * Loads the demo through any target: its contracts written in Spectrum and read by the agent, which delivers them
     * to the target's Spectrum webhook; its Procore side made in the simulator at {@code procore} as Procore users
     * make it, the product hearing of it the way it hears of Procore (the hook's deliveries, or a reconciliation).
     * Every step must get the answer it expects, every import must be applied in Procore, and every contract must end
     * with the reasons it is there to show. A step of Spectrum's side done before on the same data is neither written
     * nor polled again (what was changed in Spectrum since is kept): its agent goes on from the state it left.
     */
    public static Loaded load(Target target, URI procore, Function<String, String> env, Tokens tokens,
            DemoSpectrum spectrum, PrintStream log) throws IOException {
        DemoProcore procoreSide = new DemoProcore(procore);
        URI hook = target.procoreHookUrl();
        procoreSide.prepare(hook, hook == null ? null : secret(env, Source.PROCORE));
        int[] counts = new int[3];
        Sender.Transport transport = (body, headers) -> {
            Answer answer = target.webhook(Source.SPECTRUM, body, headers.get(Sender.HEADER));
            if (answer.status() == 200) {
                Object result = LocalJson.readMap(answer.body().getBytes(StandardCharsets.UTF_8)).get("result");
                counts["applied".equals(result) ? 0 : "duplicate".equals(result) ? 1 : 2]++;
            }
            return new Sender.Answer(answer.status(), answer.body());
        };
        byte[] secret = secret(env, Source.SPECTRUM).getBytes(StandardCharsets.UTF_8);
        Consumer<String> agentLog = line -> log.println("the demo's agent: " + line);
        Map<String, Object> imported = listed(target, "synced");
        Map<String, Object> known = new LinkedHashMap<>(imported);
        known.putAll(listed(target, "staged"));
        if (known.keySet().stream().anyMatch(id -> id.startsWith("DEMO-"))) {
            // the demo of an earlier version, whose contracts were signed by hand: the two cannot share the jobs
            throw new IOException("This data holds the demo of an earlier version of PrimeSync (contracts named"
                    + " DEMO-...), whose contracts did not come from the local Spectrum. Stop the server and delete"
                    + " .primesync/ (or the --data-dir and its -procore.json and -spectrum siblings), then serve --demo"
                    + " again.");
        }
        if (!spectrum.done(DemoSpectrum.Step.FIRST)) {
            spectrum.write(DemoData.V1);
            spectrum.poll(DemoData.FIRST_POLL, transport, secret, agentLog);
            spectrum.markDone(DemoSpectrum.Step.FIRST);
            imported = listed(target, "synced");
        } else if (known.keySet().stream().noneMatch(DemoData::isDemoContract)) {
            // the agent's state says it delivered the demo, and the product has none of it: their data parted ways
            throw new IOException("The local Spectrum's agent delivered the demo before (its state in "
                    + spectrum.agentDir() + "), but the product's data holds none of the demo's contracts: the data"
                    + " directory and its -spectrum sibling were not kept together. Stop the server and delete both"
                    + " (by default .primesync/), then serve --demo again.");
        }
        target.procoreChanged();
        List<String> toImport = new ArrayList<>();
        for (Contract c : DemoData.contracts()) {
            if (c.importedVersion() > 0 && !imported.containsKey(c.contractId())) {
                toImport.add(c.contractId());
            }
        }
        awaitJobsSynced(target, toImport);
        int importedNow = 0;
        for (String contractId : toImport) {
            Answer answer = target.importContract(contractId);
            if (answer.status() != 202) {
                throw new IOException("the demo import of " + contractId + " was refused: " + answer.status() + " "
                        + answer.body());
            }
            awaitApplied(target, contractId, answer);
            importedNow++;
        }
        // what people then do in Procore: a job unsynced, a job's second project, a change order approved
        boolean procoreChanged = procoreSide.afterImports();
        if (!spectrum.done(DemoSpectrum.Step.SECOND)) {
            // and in Spectrum: lines changed, a job set inactive, a contract deleted (sent once two polls miss it)
            spectrum.write(DemoData.V2);
            for (int i = 0; i < LocalSpectrum.DELETE_AFTER; i++) {
                spectrum.poll(DemoData.SECOND_POLL, transport, secret, agentLog);
            }
            spectrum.markDone(DemoSpectrum.Step.SECOND);
        }
        target.procoreChanged();
        if (importedNow > 0 || procoreChanged || counts[0] > 0) {
            // a first load: wait until every contract shows what it is there to show (a second finds what users did)
            awaitReasons(target);
        }
        log.printf("Demo company %s: %d events applied, %d duplicates, %d stale; %d contracts imported%n", COMPANY,
                counts[0], counts[1], counts[2], importedNow);
        return new Loaded(tokens, counts[0], counts[1], counts[2], importedNow);
    }

    /** The contracts of a listing, by id. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> listed(Target target, String status) throws IOException {
        Answer answer = target.list(status);
        if (answer.status() != 200) {
            throw new IOException("the demo's " + status + " listing answered " + answer.status() + " " + answer.body());
        }
        Map<String, Object> byId = new LinkedHashMap<>();
        for (Object item : (List<Object>) LocalJson.readMap(answer.body().getBytes(StandardCharsets.UTF_8)).get("items")) {
            Map<String, Object> m = (Map<String, Object>) item;
            byId.put((String) m.get("contractId"), m);
        }
        return byId;
    }

    /** Waits until the product has heard from Procore that each contract's job is synced to its project. */
    @SuppressWarnings("unchecked")
    private static void awaitJobsSynced(Target target, List<String> contractIds) throws IOException {
        await("the jobs of " + contractIds + " synced to their projects", () -> {
            Map<String, Object> staged = listed(target, "staged");
            for (String id : contractIds) {
                Object item = staged.get(id);
                if (item == null || !contract(id).projectId().equals(((Map<String, Object>) item).get("jobProjectId"))) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Waits until every contract shows the re-import reasons it is in the demo for. */
    @SuppressWarnings("unchecked")
    private static void awaitReasons(Target target) throws IOException {
        String[] last = {""};
        await("every demo contract's re-import reasons", () -> {
            Map<String, Object> all = listed(target, "synced");
            all.putAll(listed(target, "staged"));
            StringBuilder wrong = new StringBuilder();
            for (Contract c : DemoData.contracts()) {
                Map<String, Object> item = (Map<String, Object>) all.get(c.contractId());
                List<String> codes = new ArrayList<>();
                if (item != null) {
                    for (Object r : (List<Object>) ((Map<String, Object>) item.get("reimport")).get("reasons")) {
                        codes.add((String) ((Map<String, Object>) r).get("code"));
                    }
                }
                if (!codes.equals(c.reasons())) {
                    wrong.append(' ').append(c.contractId()).append(" has ").append(codes);
                }
            }
            last[0] = wrong.toString();
            return wrong.length() == 0;
        }, () -> last[0]);
    }

    interface Check {
        boolean holds() throws IOException;
    }

    private static void await(String what, Check check) throws IOException {
        await(what, check, () -> "");
    }

    private static void await(String what, Check check, Supplier<String> detail) throws IOException {
        long deadline = System.nanoTime() + IMPORT_WAIT.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the demo waited " + IMPORT_WAIT.toSeconds() + " s for " + what
                        + " from Procore's side, in vain:" + detail.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Points the demo company's hook at the server's public URL, once it listens there. */
    static void pointHook(URI procore, URI hookUrl, Function<String, String> env) throws IOException {
        new DemoProcore(procore).hook(hookUrl, secret(env, Source.PROCORE));
    }

    /**
     * The demo company's secret of a source (what Procore's hook sends back, what the agent signs with): the newest of
     * its own, else the local one for any company.
     */
    private static String secret(Function<String, String> env, Source source) {
        try {
            return LocalSettings.secretFor(env, source, COMPANY);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Waits until the import is written to Procore; one that fails stops the demo with Procore's reason. */
    private static void awaitApplied(Target target, String contractId, Answer accepted) throws IOException {
        String syncId = LocalJson.readMap(accepted.body().getBytes(StandardCharsets.UTF_8)).get("syncId").toString();
        String[] last = {""};
        await("the import of " + contractId + " written to Procore", () -> {
            Answer sync = target.sync(contractId, syncId);
            Object status = sync.status() == 200
                    ? LocalJson.readMap(sync.body().getBytes(StandardCharsets.UTF_8)).get("status") : null;
            if ("failed".equals(status)) {
                throw new IOException("the demo import of " + contractId + " failed: " + sync.body());
            }
            last[0] = " " + sync.body();
            return "applied".equals(status);
        }, () -> last[0]);
    }
}
