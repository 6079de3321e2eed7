package org.perturba.core.registry;

import java.util.Locale;

/** The three kinds of plug-in contribution Perturba discovers, one extension point each. */
public enum ContributionKind {
    ATTACK("org.perturba.attacks", "attack"),
    MODEL("org.perturba.models", "model"),
    CONTEXT("org.perturba.context", "context");

    private final String extensionPointId;
    private final String elementName;

    ContributionKind(String extensionPointId, String elementName) {
        this.extensionPointId = extensionPointId;
        this.elementName = elementName;
    }

    /** Fully qualified id of the extension point, e.g. {@code org.perturba.attacks}. */
    public String extensionPointId() {
        return extensionPointId;
    }

    /** Name of the XML element that declares one contribution in {@code plugin.xml}. */
    public String elementName() {
        return elementName;
    }

    /** Lower-case label used in listings and JSON, e.g. {@code attack}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
