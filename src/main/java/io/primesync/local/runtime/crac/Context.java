package io.primesync.local.runtime.crac;

/** A context resources register with; see {@link Core}. */
public abstract class Context<R extends Resource> implements Resource {
    public abstract void register(R resource);
}
