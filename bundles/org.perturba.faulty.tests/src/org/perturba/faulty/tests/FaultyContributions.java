package org.perturba.faulty.tests;

/** The ids and messages of the contributions in this bundle's plugin.xml, which fail on purpose. */
public final class FaultyContributions {
    public static final String ATTACK = "faulty-attack";
    public static final String MODEL = "faulty-model";
    public static final String CONTEXT = "faulty-context";
    public static final String ATTACK_MESSAGE = "this attack fails to load on purpose";
    public static final String MODEL_MESSAGE = "this model fails to train on purpose";
    public static final String CONTEXT_MESSAGE = "this context extractor fails on purpose";

    private FaultyContributions() {
    }
}
