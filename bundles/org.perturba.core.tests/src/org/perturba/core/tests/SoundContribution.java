package org.perturba.core.tests;

/** A contribution class the registry tests can instantiate; it implements {@link Runnable} only. */
public final class SoundContribution implements Runnable {
    @Override
    public void run() {
        // nothing to do: the tests only check that the registry creates it
    }
}
