package org.perturba.experiment.spec;

/**
 * A black-box transfer attack: adversarial images crafted with {@code attack} on the {@code source}
 * model, shown to the {@code target} model, at every epsilon of the sweep.
 */
public record TransferSpec(String attack, String source, String target, Direction direction) {
}
