package io.primesync.testing;

import io.primesync.local.procore.ProcoreSimulator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every integration test class, found by JUnit's extension auto-detection: Procore's simulators of the test JVM show
 * each exchange to {@link ProcoreDescription}, and a class whose tests made a request or got an answer unlike Procore's
 * description fails, with the findings it caused.
 */
public final class ProcoreContractCheck implements BeforeAllCallback, AfterAllCallback {
    private static final String SEEN = "procore-findings-before";
    private static final String CHECKED = "procore-checked-before";

    static {
        ProcoreSimulator.observeEvery(ProcoreDescription.get());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(ExtensionContext.Namespace.GLOBAL);
        store.put(SEEN + context.getUniqueId(), ProcoreDescription.get().findings().size());
        store.put(CHECKED + context.getUniqueId(), ProcoreDescription.get().checked());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Integer before = context.getStore(ExtensionContext.Namespace.GLOBAL).get(SEEN + context.getUniqueId(),
                Integer.class);
        List<String> all = ProcoreDescription.get().findings();
        List<String> mine = all.subList(before == null ? 0 : Math.min(before, all.size()), all.size());
        Integer checkedBefore = context.getStore(ExtensionContext.Namespace.GLOBAL).get(CHECKED + context.getUniqueId(),
                Integer.class);
        int checked = ProcoreDescription.get().checked() - (checkedBefore == null ? 0 : checkedBefore);
        if (checked > 0) {
            Figures.print("[procore description] " + context.getDisplayName() + ": " + checked + " requests and their"
                    + " answers checked against Procore's description, " + mine.size() + " findings (operations"
                    + " checked in this JVM so far: " + ProcoreDescription.get().operations() + ")");
        }
        if (!mine.isEmpty()) {
            throw new AssertionError(mine.size() + " exchanges with Procore's simulator unlike Procore's description:\n  "
                    + String.join("\n  ", mine.stream().distinct().limit(40).toList()));
        }
    }
}
