package io.primesync.handler;

import java.util.function.Supplier;

/** A part of the composition root built on first use, once per process, so a function pays only for what it uses. */
final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> make;
    private T value;

    Lazy(Supplier<T> make) {
        this.make = make;
    }

    @Override
    public synchronized T get() {
        if (value == null) {
            value = make.get();
        }
        return value;
    }

    synchronized boolean built() {
        return value != null;
    }
}
