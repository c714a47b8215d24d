package io.primesync.local.runtime.crac;

/** The CRaC resource shape org.crac delegates to (as Lambda's runtime provides one); see {@link Core}. */
public interface Resource {
    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
