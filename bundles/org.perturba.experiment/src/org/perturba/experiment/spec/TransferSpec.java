package org.perturba.experiment.spec;

import java.util.Optional;

/**
 * A black-box transfer attack: adversarial images crafted with {@code attack} on the {@code source}
 * model, shown to the {@code target} model, at every epsilon of the sweep.
 *
 * @param direction as the file gives it; empty for the attack's default (as for {@link AttackSpec#directions()})
 */
public record TransferSpec(String attack, String source, String target, Optional<Direction> direction) {
}
