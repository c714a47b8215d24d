package io.primesync.local.runtime.crac;

import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the CRaC implementation Lambda's Java runtime gives org.crac on SnapStart functions
 * ({@code -Dorg.crac.Core.Compat=<this package>}): resources registered through org.crac land here, and
 * {@link #checkpointRestore()} runs their {@code beforeCheckpoint} then {@code afterRestore} hooks in order, in the
 * same JVM. No snapshot is taken: what it shows is what the hooks leave loaded and compiled for the first request.
 */
public final class Core {
    private static final Global GLOBAL = new Global();

    private Core() {}

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    public static void checkpointRestore() throws CheckpointException, RestoreException {
        try {
            GLOBAL.beforeCheckpoint(GLOBAL);
        } catch (Exception e) {
            throw new CheckpointException(e);
        }
        try {
            GLOBAL.afterRestore(GLOBAL);
        } catch (Exception e) {
            throw new RestoreException(e);
        }
    }

    /** How many resources registered (the runner reports it). */
    public static int registered() {
        return GLOBAL.resources.size();
    }

    private static final class Global extends Context<Resource> {
        private final List<Resource> resources = new ArrayList<>();

        @Override
        public synchronized void register(Resource resource) {
            resources.add(resource);
        }

        @Override
        public synchronized void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).beforeCheckpoint(this);
            }
        }

        @Override
        public synchronized void afterRestore(Context<? extends Resource> context) throws Exception {
            for (Resource r : resources) {
                r.afterRestore(this);
            }
        }
    }
}
