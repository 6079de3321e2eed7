package org.perturba.ui.preferences;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.ui.preferences.ScopedPreferenceStore;
import org.perturba.ui.Errors;

/** The workbench's preferences: keys, defaults and the store they live in (the instance scope). */
public final class PerturbaPreferences {
    /** ND4J backend for runs started from the next launch: {@code cpu} or {@code cuda}. */
    public static final String BACKEND = "backend";
    /** Threads for ND4J's native code from the next launch; 0 means as many as cores. */
    public static final String THREADS = "threads";
    /** The ε sweep a new experiment starts with. */
    public static final String EPSILONS = "defaultEpsilons";
    private static ScopedPreferenceStore store;

    private PerturbaPreferences() {
    }

    public static synchronized IPreferenceStore store() {
        if (store == null) {
            store = new ScopedPreferenceStore(InstanceScope.INSTANCE, Errors.PLUGIN_ID);
            store.setDefault(BACKEND, "cpu");
            store.setDefault(THREADS, 0);
            store.setDefault(EPSILONS, "0.002, 0.005, 0.01, 0.02");
        }
        return store;
    }

    public static String defaultEpsilons() {
        return store().getString(EPSILONS);
    }
}
