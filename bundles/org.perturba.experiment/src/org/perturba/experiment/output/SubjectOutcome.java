package org.perturba.experiment.output;

import java.util.Optional;

/**
 * One attacked subject in one attack or transfer run, a row of {@code attacks.csv}: its true age,
 * the age predicted before and after the attack and the shift between them.
 *
 * @param craftedOn the model the perturbation was crafted on, for a transfer
 */
public record SubjectOutcome(String model, Optional<String> craftedOn, String attack, String direction, double epsilon,
        String subject, double age, double cleanAge, double adversarialAge, double shift) {

    /** Whether this row belongs to the run {@code cell} (same model, source, attack, direction and budget). */
    public boolean belongsTo(AttackSummary cell) {
        return model.equals(cell.model()) && craftedOn.equals(cell.craftedOn()) && attack.equals(cell.attack())
                && direction.equals(cell.direction()) && Double.compare(epsilon, cell.epsilon()) == 0;
    }
}
